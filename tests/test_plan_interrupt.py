"""``tigris plan`` stopped with Ctrl-C says so (user test, fifth session, #10).

typer turns a KeyboardInterrupt into exit 130 with nothing on stderr, so a stop read
as a crash. The plan verb now prints one line and exits 130 (128 + SIGINT, as sweep
and risk), and nothing is written: the ``--out`` folder does not exist afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tigris.plan
from tests.conftest import SMALL, write_scenario


def test_ctrl_c_while_solving_says_so_and_writes_nothing(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tigris.plan, "solve", interrupted)
    path = write_scenario(tmp_path, SMALL)
    out = tmp_path / "out"
    res = run_cli("plan", path, "--out", out, "--no-store")
    assert res.code == 130, (res.code, res.err)
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert lines == ["stopped by the user while solving; nothing written or stored"]
    assert "Traceback" not in res.err
    assert res.out == ""
    assert not out.exists()

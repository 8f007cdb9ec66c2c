"""A Ctrl-C in a verb without a stop line of its own (stop 64).

typer turns a ``KeyboardInterrupt`` inside a verb into exit code 130 and says
nothing; every verb that writes or stores says what it left, and ``tigris`` before the
command starts says so too. ``die``, ``chip``, ``catalog``, ``train`` and ``infer``
were silent: the user could not tell a stop from a crash of the shell.
"""

from __future__ import annotations

import pytest


def _interrupt(*_: object, **__: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("verb", "target"),
    [
        (("catalog",), "tigris.cli.catalog.load_catalog"),
        (("chip", "h100"), "tigris.cli.silicon.get_accelerator"),
    ],
)
def test_a_ctrl_c_in_a_quick_verb_says_one_line(
    run_cli, monkeypatch: pytest.MonkeyPatch, verb: tuple[str, ...], target: str
) -> None:
    monkeypatch.setattr(target, _interrupt)
    res = run_cli(*verb)
    assert res.code == 130  # 128 + SIGINT, the shell's convention
    assert res.out == ""
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert lines == ["stopped by the user before the command finished"], res.err


def test_other_exits_pass_through_unchanged(run_cli) -> None:
    """Exit codes that do not come from a Ctrl-C pass through unchanged (a bad input
    is one line and exit 2)."""
    res = run_cli("die", "--width", "-1", "--height", "10")
    assert res.code == 2
    assert "stopped by" not in res.err

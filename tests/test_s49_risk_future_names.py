"""The stochastic plan's sampled futures are named ``future-0`` .., not ``member-0``:
they are ``sample_changes(sc, K, seed)``, which are the Monte Carlo's members of the
same seed only when K equals ``--samples`` (user test s49 #8: "member-0" of the futures
and member 0 of the Monte Carlo were different draws)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from tests.conftest import UNCERTAIN


def test_futures_named_future_in_json_and_report(tmp_path: Path) -> None:
    from tigris.cli import main

    path = tmp_path / "u.yaml"
    path.write_text(UNCERTAIN)
    report = tmp_path / "r.html"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        args = ["risk", str(path), "--samples", "2", "--stochastic", "3", "--seed", "3",
                "--workers", "0", "--no-store", "--json", "--report", str(report)]  # fmt: skip
        code = main(args)
    assert code == 0
    robust = json.loads(out.getvalue())["stochastic"]
    names = ["future-0", "future-1", "future-2"]
    assert [r["scenario"] for r in robust["scenarios"]] == names
    assert [w["scenario"] for w in robust["weights"]] == names
    assert "member-" not in json.dumps(robust)
    page = report.read_text()
    section = page[page.index('id="stochastic"') :]
    assert "future-0" in section and "member-0" not in section


def test_why_not_the_monte_carlos_members() -> None:
    """The design the names say: K draws of a seed are not the first K of N draws of
    that seed (each input's draws are one column), unless K = N."""
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import load_any

    sc = load_any(UNCERTAIN)
    futures = sample_changes(sc, 3, 3)  # --stochastic 3 --seed 3
    members = sample_changes(sc, 2, 3)  # --samples 2 --seed 3
    assert futures[0] != members[0]
    assert sample_changes(sc, 2, 3) == members  # K = N: the same draws

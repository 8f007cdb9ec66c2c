"""A scenario value outside its own distribution is said once by ``tigris risk`` and
``tigris sweep --samples`` (user test 2026-12-05, risk #4 and #5).

Before, loading the file wrote the scenario warning ("a risk run would draw the written
range ...; give tigris risk --recentre ...") and then the command refused the same value
with an ``error:`` line of the same sentence: two lines for one problem. With
``--recentre`` the run moved the distribution, as asked, and still printed the warning
telling the user to give ``--recentre``. ``tigris scenario check`` keeps the warning:
there it is advice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import UNCERTAIN, CliResult, assert_one_line_error

WRITTEN = "discount_rate: {dist: uniform, low: 0.06, high: 0.10"
OUTSIDE = "discount_rate: {dist: uniform, low: 0.12, high: 0.14"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    assert UNCERTAIN.count(WRITTEN) == 1
    path = tmp_path / "outside.yaml"
    path.write_text(UNCERTAIN.replace(WRITTEN, OUTSIDE), encoding="utf-8")
    return path


@pytest.mark.parametrize("verb", ["risk", "sweep"])
def test_refused_in_one_line(verb: str, outside: Path, run_cli: Callable[..., CliResult]) -> None:
    res = run_cli(verb, outside, "--samples", "1", "--workers", "0", "--no-store")
    assert_one_line_error(res, "distributions.discount_rate", "is outside this distribution")
    assert "warning:" not in res.err


def test_recentre_does_not_advise_recentre(
    outside: Path, run_cli: Callable[..., CliResult]
) -> None:
    res = run_cli(
        "risk", outside, "--recentre", "--samples", "1", "--seed", "1", "--workers", "0",
        "--no-store", "--json",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "--recentre" not in res.err, res.err
    assert "recentred" in res.out  # what was done is in the document


def test_scenario_check_still_warns(outside: Path, run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("scenario", "check", outside)
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if "distributions.discount_rate" in ln]
    assert line.startswith("warning: ") and "--recentre" in line

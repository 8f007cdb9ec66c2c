"""User test s47 #6: "did you mean" suggested a value just refused, and a
distribution's path under a refused entry was a second error."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import assert_one_line_error


def _reference(run_cli) -> str:
    res = run_cli("scenario", "show")
    assert res.code == 0
    return res.out


def test_a_distribution_under_a_refused_year_is_not_a_second_error(run_cli, tmp_path: Path) -> None:
    text, n = re.subn(
        r"(?m)^(\s+spend_usd:).*$", r"\1 {2020: 3.5e12}", _reference(run_cli), count=1
    )
    assert n == 1
    path = tmp_path / "spend2020.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert_one_line_error(res, "demand_forecast.spend_usd.2020: expected a year from 2025")


def test_a_correlation_is_never_told_the_refused_distribution(run_cli, tmp_path: Path) -> None:
    text, n = re.subn(
        r"(?m)^  demand_forecast\.spend_usd\.2030:",
        "  demand_forecast.spend_usd.2031:",
        _reference(run_cli),
    )
    assert n == 1
    path = tmp_path / "dist2031.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    assert "distributions.demand_forecast.spend_usd.2031: unknown segment '2031'" in res.err
    assert "did you mean 'demand_forecast.spend_usd.2031'" not in res.err

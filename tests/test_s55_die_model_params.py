"""``tigris die`` says which yield-model parameters made its yield, in the table's label
and in ``--json`` (user test 2026-12-07 #6: ``--systematic-yield 0.9`` printed "yield
(poisson) 0.8144" where Poisson at D0 x A = 0.1 is exp(-0.1) = 0.9048, and the saved
JSON had no key to say why). Each value is checked against its closed form by hand."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from .conftest import CliResult, data_table


def _param(name: str) -> float:
    (row,) = [r for r in data_table("silicon_params") if r["parameter"] == name]
    return float(row["value"])


def test_a_systematic_yield_is_in_the_label_and_the_json(
    run_cli: Callable[..., CliResult],
) -> None:
    args = ("die", "--width", "10", "--height", "10", "--d0", "0.1", "--systematic-yield", "0.9")
    doc = run_cli(*args, "--json").json()
    assert doc["systematic_yield"] == 0.9
    assert doc["yield"] == pytest.approx(0.9 * math.exp(-0.1), rel=1e-12)
    assert "yield (poisson, systematic 0.9)" in run_cli(*args).out


def test_negative_binomial_records_its_alpha(run_cli: Callable[..., CliResult]) -> None:
    doc = run_cli(
        "die", "--width", "10", "--height", "10", "--d0", "0.1", "--model",
        "negative-binomial", "--alpha", "5", "--json",
    ).json()  # fmt: skip
    assert (doc["alpha"], doc["critical_layers"], doc["unit_fraction"]) == (5.0, None, None)
    assert doc["yield"] == pytest.approx((1 + 0.1 / 5) ** -5, rel=1e-12)


def test_the_defaults_used_are_the_datas(run_cli: Callable[..., CliResult]) -> None:
    """Without the options, the JSON carries data/silicon_params.csv's values."""
    be = run_cli(
        "die", "--width", "10", "--height", "10", "--d0", "0.1", "--model", "bose-einstein",
        "--json",
    ).json()  # fmt: skip
    n = _param("critical_layers")
    assert be["critical_layers"] == n and be["alpha"] is None
    assert be["yield"] == pytest.approx(_param("systematic_yield") * (1 + 0.1 / n) ** -n)
    hv = run_cli(
        "die", "--width", "26", "--height", "31.3", "--d0", "0.1", "--units", "144",
        "--spares", "12", "--json",
    ).json()  # fmt: skip
    assert hv["unit_fraction"] == _param("unit_area_fraction")

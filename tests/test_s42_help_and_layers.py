"""``tigris infer --help`` names the served models it takes, and ``tigris die`` takes
the critical-layer factor its own default is (docs audit 2026-12-05).

``-m`` of ``infer`` listed the five training runs only, though it also takes every
shape of ``inference_models.csv`` (docs/workload.md); ``--critical-layers 13.5`` was
refused as "not a whole number" while 13.5 is the shipped default
(``silicon_params.csv``: Hennessy & Patterson's N for 40 nm, 11.5-15.5).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tigris.data import load_rows
from tigris.silicon.params import silicon_param

from .conftest import CliResult


def test_infer_help_lists_every_served_model(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("infer", "--help")
    assert res.code == 0
    text = "".join(res.out.split()).replace("│", "")
    for row in load_rows("inference_models"):
        assert str(row["name"]).strip().lower() in text, row["name"]


@pytest.mark.parametrize("layers", [str(silicon_param("critical_layers")), "2.5"])
def test_die_takes_a_fractional_critical_layer_factor(
    layers: str, run_cli: Callable[..., CliResult]
) -> None:
    assert float(silicon_param("critical_layers")) == 13.5
    args = ("die", "--width", "10", "--height", "15", "--d0", "0.1", "--json")
    given = run_cli(*args, "--model", "bose-einstein", "--critical-layers", layers)
    assert given.code == 0, given.err
    if layers == "13.5":  # the default itself: the same yield as not giving it
        default = run_cli(*args, "--model", "bose-einstein")
        assert given.json() == default.json()

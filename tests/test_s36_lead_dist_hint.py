"""A distribution given another kind's field is told which kinds take it (UT-NEURO #9).

A lognormal given ``low:`` said "unknown field (did you mean 'low'?)", suggesting the
very name refused. It now says the kinds that have the field (docs/risk.md: uniform,
triangular, pert and normal take ``low``/``high``; a lognormal takes ``median``/``sigma``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

OLD = """  demand_forecast.spend_usd.2030:
    dist: triangular              # NVIDIA's published range, its midpoint most likely
    low: 3.0e12                   # US$3 trillion (demand_growth.csv low case)
    mode: 3.5e12                  # the midpoint, the value above
    high: 4.0e12                  # US$4 trillion (high case)"""
NEW = """  demand_forecast.spend_usd.2030:
    dist: lognormal
    median: 3.5e12
    sigma: 0.1
    low: 3.0e12"""


def test_a_lognormal_given_low(run_cli: Any, tmp_path: Path) -> None:
    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")
    assert text.count(OLD) == 1
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(OLD, NEW), encoding="utf-8")
    line = text.replace(OLD, NEW).splitlines().index("    low: 3.0e12") + 1
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    lines = res.err.strip().splitlines()
    assert len(lines) == 1, res.err
    assert lines[0].startswith(f"error: {path}:{line}: distributions.")
    assert "low: unknown field for this dist ('low' is a field of " in lines[0]
    assert "did you mean" not in lines[0]
    for kind in ("uniform", "triangular", "pert", "normal"):
        assert kind in lines[0]

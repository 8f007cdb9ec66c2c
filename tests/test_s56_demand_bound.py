"""A demand class's compute is bounded (``tigris.scenario.checks.MAX_DEMAND_H100E``,
1e12 a year): 1e14 H100e in a year, accepted before, gave an "optimal" plan that served
nothing, not even the incumbents' supply that the world without the investor served
(user test 2026-12-07, scenario author #1). A year's value, a year's accelerators and a
series grown past the bound by ``growth_per_year`` are each refused at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.scenario.checks import MAX_DEMAND_H100E

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
LINE = "    h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}\n"


def _scenario(tmp_path: Path, demand_line: str) -> tuple[Path, int]:
    text = SMALL.read_text()
    assert LINE in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(LINE, demand_line))
    return path, text[: text.index(LINE)].count("\n") + 1


@pytest.mark.parametrize(
    ("line", "field", "shown"),
    [
        ("    h100e_by_year: {2026: 4.0e6, 2029: 1.0e14}\n", "h100e_by_year.2029", "1e+14 H100e"),
        (
            "    accelerators_by_year: {2026: {h100: 6.0e11, b200: 6.0e11}}\n",
            "accelerators_by_year.2026",
            "1.2e+12 accelerators",
        ),
        (
            "    h100e_by_year: {2026: 4.0e6, 2027: 4.0e11}\n    growth_per_year: 2\n",
            "growth_per_year",
            "grows the series past 1e+12",
        ),
    ],
)
def test_demand_past_the_bound_is_refused_at_its_line(
    run_cli, tmp_path: Path, line: str, field: str, shown: str
) -> None:
    path, lineno = _scenario(tmp_path, line)
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2, res.out
    (msg,) = [ln for ln in res.err.splitlines() if "demand.0." in ln]
    assert f"demand.0.{field}" in msg and shown in msg, msg
    if "growth" not in field:
        assert f"s.yaml:{lineno}:" in msg, msg
    assert "Traceback" not in res.err


def test_demand_at_the_bound_is_planned(run_cli, tmp_path: Path) -> None:
    """At the bound itself the plan is the one of a demand 10x smaller: the incumbents'
    and the investor's supply are served in full either way (the shortage is total)."""
    served = []
    for value in (MAX_DEMAND_H100E, MAX_DEMAND_H100E / 10):
        path, _ = _scenario(tmp_path, f"    h100e_by_year: {{2026: {value:g}}}\n")
        res = run_cli("plan", str(path), "--no-store", "--json")
        assert res.code == 0, res.err
        served.append(sum(r["served_h100e"] for r in res.json()["demand"]))
    assert served[0] > 0
    assert served[0] == pytest.approx(served[1], rel=1e-9)

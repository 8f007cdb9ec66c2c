"""Compute in service (a stock) beside compute delivered (a flow): ``plan --json``'s
``in_service``, ``baseline``/``added``'s ``in_service_h100e_by_year`` and the report's
sentence (``tigris.plan.in_service``, docs/plan.md "Compute in service").

Tiny problems (tests/test_plan_tiny.py's: one logic node, 1,200 H100e a year per wafer
start per month) whose deliveries are derived by hand: existing capacity of 1 wspm
serves 1,200 H100e a year without the investor; one investor module of 1 wspm started
in the first year (capex $1M against a $30,000 penalty per unmet H100e, at most one
module) adds 1,200 a year from the second year (output one year after the start); demand
10,000 a year, so every unit made is served. The box sums are written out by hand.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.test_plan_tiny import tiny
from tigris.plan import solve_inputs
from tigris.plan.result import PlanResult

T = 4
YEARS = [2025, 2026, 2027, 2028]
COLUMNS = ["parameter", "value", "unit", "source"]


def _int_years(doc: Any) -> Any:
    """``to_dict()`` with year keys as ints: since 8a17598 it is strict JSON, as
    ``tigris plan --json`` (year keys are text); these hand checks index by year."""
    if isinstance(doc, dict):
        return {
            (int(k) if isinstance(k, str) and k.isdigit() else k): _int_years(v)
            for k, v in doc.items()
        }
    if isinstance(doc, list):
        return [_int_years(v) for v in doc]
    return doc


def lives(*rows: tuple[int, str]) -> pd.DataFrame:
    """Assumptions rows as ``tigris.plan.assemble`` writes them: ``fleet lifetime N
    years`` with the products of that life."""
    return pd.DataFrame(
        [(f"fleet lifetime {n} years", names, "products", "test") for n, names in rows],
        columns=COLUMNS,
    )


def one_product(life: int) -> PlanResult:
    inp = tiny(
        T, existing_wspm=1.0, demand=10_000.0, module_wspm=1.0, capex=1e6, opex=0.0, max_modules=1
    )
    return solve_inputs(inp, assumptions=lives((life, "chip")), explain_result=False)


def by_year(d: dict[Any, float]) -> list[float]:
    return [float(d[y]) for y in YEARS]


def test_one_product_box_sum_by_hand() -> None:
    """Deliveries: world 1,200, 2,400, 2,400, 2,400; without the investor 1,200 each
    year; added 0, 1,200, 1,200, 1,200. Life 2: in service in year t is the deliveries
    of t and t-1."""
    r = one_product(2)
    assert by_year(r.sections()[1]["h100e_by_year"]) == [0.0, 1200.0, 1200.0, 1200.0]
    doc = _int_years(r.to_dict())
    assert doc["in_service"]["basis"] == "delivered"
    assert by_year(doc["in_service"]["h100e_by_year"]) == pytest.approx(
        [1200.0, 1200 + 2400, 2400 + 2400, 2400 + 2400]
    )
    assert by_year(doc["baseline"]["in_service_h100e_by_year"]) == pytest.approx(
        [1200.0, 2400.0, 2400.0, 2400.0]
    )
    assert by_year(doc["added"]["in_service_h100e_by_year"]) == pytest.approx(
        [0.0, 1200.0, 2400.0, 2400.0]
    )
    # the flow is unchanged beside the stock
    assert doc["added"]["total_h100e"] == pytest.approx(3600.0)


def test_life_at_least_the_horizon_is_the_cumulative_sum() -> None:
    """Life 4 (the horizon's length): nothing retires, in service = cumulative."""
    doc = _int_years(one_product(4).to_dict())
    assert by_year(doc["added"]["in_service_h100e_by_year"]) == pytest.approx(
        [0.0, 1200.0, 2400.0, 3600.0]
    )
    assert by_year(doc["in_service"]["h100e_by_year"]) == pytest.approx(
        [1200.0, 3600.0, 6000.0, 8400.0]
    )


def test_two_lives_each_over_its_own() -> None:
    """Products a (life 1) and b (life 3), each held at half of every year's compute
    (mix shares 0.5, 0.5), so both worlds deliver them half and half. World: a 600,
    1,200, 1,200, 1,200 in service as delivered; b the 3-year box sum of the same, 600,
    1,800, 3,000, 3,600: 1,200, 3,000, 4,200, 4,800. Without the investor a 600 each
    year, b 600, 1,200, 1,800, 1,800: 1,200, 1,800, 2,400, 2,400. Added: a 0, 600, 600,
    600; b 0, 600, 1,200, 1,800: 0, 1,200, 1,800, 2,400."""
    half = np.full((2, T), 0.5)
    inp = tiny(
        T,
        existing_wspm=1.0,
        demand=10_000.0,
        module_wspm=1.0,
        capex=1e6,
        opex=0.0,
        max_modules=1,
        products=("a", "b"),
        h100e=np.ones(2),
        use=np.full((2, 1), 0.01),
        available=np.ones((2, T), dtype=bool),
        min_share=half,
        max_share=half,
        system_power_w=np.full(2, 1000.0),
    )
    r = solve_inputs(inp, assumptions=lives((1, "a"), (3, "b")), explain_result=False)
    doc = _int_years(r.to_dict())
    assert doc["in_service"]["lives_years"] == {1: ["a"], 3: ["b"]}
    assert by_year(doc["in_service"]["h100e_by_year"]) == pytest.approx(
        [1200.0, 3000.0, 4200.0, 4800.0]
    )
    assert by_year(doc["baseline"]["in_service_h100e_by_year"]) == pytest.approx(
        [1200.0, 1800.0, 2400.0, 2400.0]
    )
    assert by_year(doc["added"]["in_service_h100e_by_year"]) == pytest.approx(
        [0.0, 1200.0, 1800.0, 2400.0]
    )


def installed_problem() -> tuple[Any, pd.DataFrame]:
    """The tiny problem with ``demand_basis: installed`` (life 2, demand 1,000 then
    3,000) and assumptions that say its basis and life."""
    inp = tiny(
        T,
        existing_wspm=1.0,
        demand=[1000.0, 3000.0, 3000.0, 3000.0],
        module_wspm=1.0,
        capex=1e6,
        opex=0.0,
        max_modules=1,
        demand_basis="installed",
        fleet_lifetime_years=2,
    )
    basis = pd.DataFrame([("demand_basis", "installed", "", "test")], columns=COLUMNS)
    return inp, pd.concat([lives((2, "chip")), basis], ignore_index=True)


def test_installed_basis_in_service_is_the_served_stock() -> None:
    """``demand_basis: installed``: served compute is already in service (a stock), so
    the in-service figures are the served ones, not summed again. Demand 1,000 then
    3,000: the plan delivers 1,000, 2,400, 2,400, 600 (life 2: in service 1,000, 3,400,
    4,800, 3,000, served up to demand: 1,000, 3,000, 3,000, 3,000)."""
    inp, said = installed_problem()
    r = solve_inputs(inp, assumptions=said, explain_result=False)
    doc = _int_years(r.to_dict())
    assert doc["in_service"]["basis"] == "installed"
    assert by_year(doc["in_service"]["h100e_by_year"]) == pytest.approx(
        [1000.0, 3000.0, 3000.0, 3000.0]
    )
    for part in ("baseline", "added"):
        assert doc[part]["in_service_h100e_by_year"] == doc[part]["h100e_by_year"]
    # a run that does not say its basis, whose deliveries are not what it serves, is
    # not taken for either: no figures
    r = solve_inputs(inp, assumptions=lives((2, "chip")), explain_result=False)
    assert r.in_service() is None


def test_no_life_in_the_run_no_figures() -> None:
    """A run whose assumptions do not give the products' lives (one saved before them)
    has no in-service figures and no sentence, never a guessed life."""
    r = one_product(2)
    bare = PlanResult(**{**r.__dict__, "assumptions": lives()})
    assert bare.in_service() is None
    base, added = bare.sections()
    assert "in_service_h100e_by_year" not in base
    assert "in_service_h100e_by_year" not in added
    from tigris.report.headline import in_service_sentence
    from tigris.report.result import report_tables

    assert in_service_sentence(report_tables(bare)) is None


# --- the reference -------------------------------------------------------------------


def _in_service_by_hand(production: pd.DataFrame, life: dict[str, int], year: int) -> float:
    """Σ over the production rows delivered in the ``life`` years up to ``year``: a
    plain loop, not the box convolution under test."""
    total = 0.0
    for row in production.itertuples(index=False):
        if 0 <= year - int(row.year) < life[str(row.product)]:
            total += float(row.h100e)
    return total


def test_reference_invariants(reference_solved: PlanResult) -> None:
    """On the reference (lives by class: Google 6 years, the rest 5): the world's
    compute in service is the hand sum of the production table; in service <=
    cumulative delivered (plan and added); the baseline's plus the added = the world's;
    added in service never negative where added never is."""
    from tigris.plan.in_service import lives_from_assumptions

    r = reference_solved
    doc = _int_years(r.to_dict())
    life = lives_from_assumptions(r.assumptions)
    assert set(life.values()) == {5, 6}
    years = list(range(r.horizon[0], r.horizon[1] + 1))
    world = doc["in_service"]["h100e_by_year"]
    for y in years:
        assert world[y] == pytest.approx(_in_service_by_hand(r.production, life, y), rel=1e-9)
    base_s, add_s = doc["baseline"], doc["added"]
    added = np.array([add_s["h100e_by_year"][y] for y in years])
    added_in = np.array([add_s["in_service_h100e_by_year"][y] for y in years])
    served = r.demand.groupby("year")["served_h100e"].sum().reindex(years).to_numpy()
    world_in = np.array([world[y] for y in years])
    base_in = np.array([base_s["in_service_h100e_by_year"][y] for y in years])
    assert np.all(added_in <= np.cumsum(added) + 1e-6)
    assert np.all(world_in <= np.cumsum(served) * (1 + 1e-12))
    np.testing.assert_allclose(base_in + added_in, world_in, rtol=1e-9, atol=1.0)
    assert np.all(added >= 0)  # the reference adds in every year
    assert np.all(added_in >= 0)
    # lives of 5-6 years in a 10-year horizon: the first years' additions retire
    assert added_in[-1] < np.cumsum(added)[-1]


def test_reference_life_beyond_the_horizon_is_cumulative() -> None:
    """``fleet_lifetime_years: 10`` by overlay (the horizon is 10 years): nothing
    delivered within it retires, so in service = the cumulative sum, world and added."""
    from tigris.plan import solve
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    sc = set_paths(reference_scenario(), {"fleet_lifetime_years": 10})
    doc = _int_years(solve(sc, explain_result=False).to_dict())
    years = list(range(2026, 2036))
    for part in ("baseline", "added"):
        flow = np.array([doc[part]["h100e_by_year"][y] for y in years])
        stock = np.array([doc[part]["in_service_h100e_by_year"][y] for y in years])
        np.testing.assert_allclose(stock, np.cumsum(flow), rtol=1e-9, atol=1.0)


def test_reference_report_sentence(reference_solved: PlanResult) -> None:
    """The report's sentence gives the investor's compute in service in 2035 and its
    share of the world's, as the JSON has them."""
    from tigris.report.headline import in_service_sentence, investor_sentences
    from tigris.report.result import report_tables

    doc = _int_years(reference_solved.to_dict())
    r = report_tables(reference_solved)
    said = in_service_sentence(r)
    assert said is not None
    assert said in investor_sentences(r)
    added = doc["added"]["in_service_h100e_by_year"][2035]
    world = doc["in_service"]["h100e_by_year"][2035]
    m = re.search(
        r"In 2035 the investor's plants keep ([\d.,]+)M H100e in service, ([\d.]+) %", said
    )
    assert m is not None, said
    assert float(m.group(1).replace(",", "")) == pytest.approx(added / 1e6, abs=0.05)
    assert float(m.group(2)) == pytest.approx(100 * added / world, abs=0.05)
    assert not math.isnan(world)


def test_csv_column_by_source_by_hand(tmp_path: Any) -> None:
    """``supply_by_source.csv`` of ``--out`` (and the JSON records, and a run read
    back) carries each source's compute in service: the one-product plan above, life
    2: ``incumbent existing`` 1,200 a year -> 1,200, 2,400, 2,400, 2,400; ``investor
    new`` 0, 1,200, 1,200, 1,200 -> 0, 1,200, 2,400, 2,400. A year's rows sum to the
    world's stock."""
    r = one_product(2)
    r.write(tmp_path / "run")
    csv = pd.read_csv(tmp_path / "run" / "supply_by_source.csv")
    assert "h100e_in_service" in csv.columns

    def stock(df: pd.DataFrame, source: str) -> list[float]:
        rows = df[df["source"] == source].sort_values("year")
        return rows["h100e_in_service"].astype(float).tolist()

    assert stock(csv, "incumbent existing") == pytest.approx([1200.0, 2400.0, 2400.0, 2400.0])
    assert stock(csv, "investor new") == pytest.approx([0.0, 1200.0, 2400.0, 2400.0])
    world = r.in_service()["h100e_by_year"]
    by_year = csv.groupby("year")["h100e_in_service"].sum()
    assert [by_year[y] for y in YEARS] == pytest.approx(by_year_of(world))
    assert by_year_of(world) == pytest.approx([1200.0, 3600.0, 4800.0, 4800.0])
    records = pd.DataFrame(r.to_dict()["supply_by_source"])
    assert stock(records, "investor new") == pytest.approx([0.0, 1200.0, 2400.0, 2400.0])
    back = PlanResult.read(tmp_path / "run")
    assert "h100e_in_service" not in back.supply_by_source.columns  # recomputed on output
    again = back.to_frame("supply_by_source")
    assert stock(again, "investor new") == pytest.approx([0.0, 1200.0, 2400.0, 2400.0])


def by_year_of(d: dict[Any, float]) -> list[float]:
    return [float(d[y]) for y in YEARS]


def test_run_saved_before_life_rows_uses_its_one_life() -> None:
    """A run saved before the ``fleet lifetime N years`` rows (RV-S35 finding 6) says
    only ``fleet_lifetime_years: 2``: every product takes that life, so the figures are
    the 2-year box sums of test_one_product_box_sum_by_hand (world 1,200, 3,600, 4,800,
    4,800; without the investor 1,200, 2,400, 2,400, 2,400; added 0, 1,200, 2,400,
    2,400)."""
    inp = tiny(
        T, existing_wspm=1.0, demand=10_000.0, module_wspm=1.0, capex=1e6, opex=0.0, max_modules=1
    )
    said = pd.DataFrame([("fleet_lifetime_years", 2, "years", "test")], columns=COLUMNS)
    doc = _int_years(solve_inputs(inp, assumptions=said, explain_result=False).to_dict())
    assert by_year(doc["in_service"]["h100e_by_year"]) == pytest.approx(
        [1200.0, 3600.0, 4800.0, 4800.0]
    )
    assert by_year(doc["baseline"]["in_service_h100e_by_year"]) == pytest.approx(
        [1200.0, 2400.0, 2400.0, 2400.0]
    )
    assert by_year(doc["added"]["in_service_h100e_by_year"]) == pytest.approx(
        [0.0, 1200.0, 2400.0, 2400.0]
    )


def test_year_without_deliveries_takes_the_horizons_shares() -> None:
    """``life_shares``: 2026 delivers a 3 H100e (life 5) and b 1 (life 6); 2027 a 4;
    2028 nothing. Over the horizon a is 7 of 8 and b 1 of 8, so 2028 takes 0.875 and
    0.125 (not 0 and 0, which would count nothing delivered later in service)."""
    from tigris.plan.in_service import life_shares

    p = pd.DataFrame(
        {
            "year": [2026, 2026, 2027],
            "product": ["a", "b", "a"],
            "units": [1.0, 1.0, 1.0],
            "h100e": [3.0, 1.0, 4.0],
        }
    )
    split = life_shares(p, [2026, 2027, 2028], {"a": 5, "b": 6})
    assert split is not None
    life, share = split
    assert life.tolist() == [5, 6]
    assert share.tolist() == [[0.75, 1.0, 0.875], [0.25, 0.0, 0.125]]


def test_docs_plan_md_states_the_references_in_service(reference_plan_json: str) -> None:
    """docs/plan.md's "Compute in service" paragraph says what the reference plan
    prints today (RV-S35: it said 1,063.1M after the reference had moved to 1,064.3M):
    the investor's added total, its compute in service in 2035, the share and the
    world's compute in service in 2035, each as the paragraph rounds it."""
    from pathlib import Path

    doc = json.loads(reference_plan_json)
    text = " ".join((Path(__file__).resolve().parents[1] / "docs" / "plan.md").read_text().split())
    m = re.search(
        r"the investor adds ([\d.]+)M H100e over 2026–2035, and in 2035 keeps ([\d.]+)M "
        r"H100e in service, ([\d.]+) % of the world's ([\d,.]+)M",
        text,
    )
    assert m, "the in-service paragraph's sentence is not in docs/plan.md"
    added = doc["added"]["in_service_h100e_by_year"]["2035"]
    world = doc["in_service"]["h100e_by_year"]["2035"]
    assert float(m[1]) == round(doc["added"]["total_h100e"] / 1e6, 1)
    assert float(m[2]) == round(added / 1e6, 1)
    assert float(m[3]) == round(100 * added / world, 1)
    assert float(m[4].replace(",", "")) == round(world / 1e6, 1)

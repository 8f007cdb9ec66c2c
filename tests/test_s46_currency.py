"""A plan's money is real USD of the scenario's ``currency_year``, all of it (user test
s46, A): the shipped tables' money without a price year of its own (wafer, CoWoS, HBM
and rental prices; the CoWoS and HBM modules; data-centre capex, opex, lease and
energy; grid electricity; incumbents' capital) is read in dollars of 2024
(``data_prices_price_year``) and converted by the CPI-U, as the fab layer's costs are
converted by their own indices; the scenario's own amounts are in its ``currency_year``
as written (docs/finance.md, "Money of which year").

Until then only the fab layer's costs were converted: with ``currency_year: 2015`` a
forced German logic fab's capex fell from $9.08B to $7.29B while the prices, data
centres and electricity it competes with stayed in 2024's dollars, and the plan built
another Texas module.

The index values are written by hand from the published series the data rows cite, not
read through the code under test (as tests/test_plan_dollars.py):

- CPI-U, U.S. city average, all items, annual average (1982-84 = 100), BLS: 2015
  237.017, 2024 313.689.
- PPI by industry, semiconductor machinery manufacturing (PCU333242333242), annual means
  (FRED): 2015 86.0, 2024 103.5.

The invariant: the reference in 2015 dollars, with every amount the scenario writes
(capital, the restated facility capex and on-site energy price) multiplied by
CPI(2015)/CPI(2024), is the same plan in other units. The same modules are built, and
every money output is the 2024 plan's x that factor, to 1e-6 relative (the solver's
tolerances on a problem whose money coefficients all scale by one factor), except a
logic fab's own capex and what follows from it: its tools are converted by the PPI and
its building by the CPI-U, so its capex ratio lies between the two index ratios
(0.8309 and 0.7556) and is not the CPI-U's alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

#: BLS CPI-U annual averages (module docstring).
CPI_U = {2015: 237.017, 2024: 313.689}
#: BLS PPI PCU333242333242 annual means, via FRED (module docstring).
PPI_SEMI_MACHINERY = {2015: 86.0, 2024: 103.5}
#: The CPI-U factor from 2024 dollars to 2015 dollars [-].
TO_2015 = CPI_U[2015] / CPI_U[2024]
#: Relative tolerance of a money output against the 2024 plan's x TO_2015: the same LP
#: with every money coefficient scaled by one factor solves to the same builds; HiGHS's
#: feasibility and optimality tolerances (1e-7) bound what else may move.
REL = 1e-6

#: The German test's capital over the reference's [-]: enough that the fab's own
#: indices (tools by the PPI) do not bind the investor's capital (a tigris choice for
#: the test; test_a_forced_german_fab_moves_by_its_own_indices_only).
SPARE_CAPITAL = 2.0

#: Headline money numbers [USD] that scale by the CPI-U factor.
MONEY_NUMBERS = (
    "capex_committed_usd",
    "capital_spent_usd",
    "capital_offered_usd",
    "capital_unspent_usd",
    "objective_usd",
    "cost_usd",
    "npv_usd",
    "npv_salvage_usd",
    "npv_without_salvage_usd",
    "npv_at_rate_minus_2pt_usd",
    "npv_at_rate_plus_2pt_usd",
    "npv_other_terminal_usd",
    "real_cost_usd",
    "penalty_usd",
    "electricity_cost_usd",
)
#: Cash-flow columns [USD] that scale by the CPI-U factor.
FLOW_COLUMNS = (
    "capex_usd",
    "revenue_usd",
    "variable_cost_usd",
    "opex_usd",
    "depreciation_usd",
    "tax_usd",
    "salvage_usd",
    "net_usd",
)


def _scaled(doc: dict[str, Any], factor: float) -> dict[str, Any]:
    """``doc`` in dollars of 2015: ``currency_year`` 2015 and every money amount the
    reference scenario writes x ``factor`` (capital, the facilities' restated capex and
    on-site energy price). The demand forecast's spending anchors are an index of
    demand growth (H100e), not plan money, and stay."""
    doc = json.loads(json.dumps(doc))
    doc["currency_year"] = 2015
    for cs in doc["capital"]:
        cs["amount_usd"] *= factor
    keys = ("capex_usd", "capex_usd_per_mw", "opex_usd_per_year", "energy_usd_per_mwh")
    for f in doc["facilities"]:
        for key in keys:
            if f.get(key) is not None:
                f[key] *= factor
    return doc


def _plan(run_cli: Any, tmp_path: Path, doc: dict[str, Any], name: str) -> dict[str, Any]:
    from tigris.scenario import scenario_from_dict

    path = tmp_path / f"{name}.yaml"
    path.write_text(scenario_from_dict(doc).to_yaml(), encoding="utf-8")
    res = run_cli("plan", path, "--json", "--no-store")
    assert res.code == 0, res.err
    return res.json()


def _reference(**changes: Any) -> dict[str, Any]:
    from tigris.scenario.load import reference_scenario
    from tigris.yamlio import parse_yaml

    sc = reference_scenario()
    if changes:
        sc = sc.set(changes)
    return parse_yaml(sc.to_yaml())


def _builds(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted((b["site"], b["facility"], b["start_year"], b["modules"]) for b in doc["builds"])


def _flows(doc: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {
        (x["site"], x["facility"], x["start_year"], x["owner"], x["year"]): x
        for x in doc["cash_flows"]
    }


def test_cpi_factor_by_hand() -> None:
    """The shipped tables' money year is 2024 and the factor to 2015 is the CPI-U ratio
    (published values, module docstring); exactly 1 in the reference's 2024."""
    from tigris.fab.dollars import data_dollars_factor, data_price_year

    assert data_price_year() == 2024
    assert data_dollars_factor(2015) == pytest.approx(TO_2015, rel=1e-9)
    assert data_dollars_factor(2024) == 1.0


def test_reference_in_2015_dollars_is_the_same_plan_times_the_cpi(
    run_cli: Any, tmp_path: Path
) -> None:
    """The reference (no logic fab built) and the same scenario in 2015 dollars, the
    scenario's amounts x CPI(2015)/CPI(2024): the same builds, and every money output
    (headline, cash flows) x that factor to 1e-6; the IRR and served compute do not
    move."""
    ref = _reference()
    a = _plan(run_cli, tmp_path, ref, "ref2024")
    b = _plan(run_cli, tmp_path, _scaled(ref, TO_2015), "ref2015")
    assert _builds(b) == _builds(a)
    na, nb = a["headline"]["numbers"], b["headline"]["numbers"]
    assert nb["currency_year"] == 2015
    assert nb["served_h100e"] == pytest.approx(na["served_h100e"], rel=REL)
    assert nb["irr"] == pytest.approx(na["irr"], rel=REL)
    for key in MONEY_NUMBERS:
        if na.get(key) is None:
            continue
        assert nb[key] == pytest.approx(na[key] * TO_2015, rel=REL, abs=1.0), key
    fa, fb = _flows(a), _flows(b)
    assert fa.keys() == fb.keys() and fa
    for key, row in fa.items():
        for col in FLOW_COLUMNS:
            x, y = row.get(col), fb[key].get(col)
            if x is None or y is None:
                assert x is None and y is None, (key, col)
                continue
            assert y == pytest.approx(x * TO_2015, rel=REL, abs=1.0), (key, col)


def test_a_forced_german_fab_moves_by_its_own_indices_only(run_cli: Any, tmp_path: Path) -> None:
    """The tester's case: the reference with a German logic module forced
    (``sites.germany.min_modules: 1``), in 2024 and in 2015 dollars (the scenario's
    amounts x the CPI-U factor). The data centres' capex, revenue, energy and opex move
    by the CPI-U factor exactly; the German fab's capex by its tools' PPI and its
    building's CPI-U, so between the two index ratios and not at the CPI-U's.

    In 2015 dollars the fab is dearer against everything else (its tools' PPI rose
    less than the CPI-U from 2015 to 2024: 1.203 against 1.323), so where capital binds
    the plan may differ: the tester's case with the reference's capital swaps one gas
    module for a cheaper grid one in 2015 dollars (the fab takes $0.42B more of the
    capital than the CPI-U alone would give it). With capital to spare
    (:data:`SPARE_CAPITAL`, the same in both years) the same modules are built (before
    the fix the plan gained a Texas module)."""
    ref = _reference(**{"sites.germany.min_modules": 1})
    for cs in ref["capital"]:  # capital to spare: the fab's own indices do not bind it
        cs["amount_usd"] *= SPARE_CAPITAL
    a = _plan(run_cli, tmp_path, ref, "ger2024")
    b = _plan(run_cli, tmp_path, _scaled(ref, TO_2015), "ger2015")
    assert _builds(b) == _builds(a)
    ppi = PPI_SEMI_MACHINERY[2015] / PPI_SEMI_MACHINERY[2024]
    lo, hi = sorted((ppi, TO_2015))
    fab = [x for x in a["builds"] if x["facility"].startswith("logic")]
    assert [x["site"] for x in fab] == ["germany"]
    by_key = {(x["site"], x["facility"], x["start_year"]): x for x in b["builds"]}
    for x in a["builds"]:
        y = by_key[x["site"], x["facility"], x["start_year"]]
        ratio = y["capex_usd"] / x["capex_usd"]
        if x["facility"].startswith("logic"):
            # tools x PPI ratio + building x CPI ratio: strictly between the two
            assert lo < ratio < hi, ratio
            assert abs(ratio - TO_2015) > 1e-3
        else:
            assert ratio == pytest.approx(TO_2015, rel=REL), x
    fa, fb = _flows(a), _flows(b)
    for key, row in fa.items():
        if key[1].startswith("datacenter"):
            for col in ("revenue_usd", "variable_cost_usd", "opex_usd", "capex_usd"):
                want = row[col] * TO_2015
                assert fb[key][col] == pytest.approx(want, rel=REL, abs=1.0), (key, col)


def test_user_prices_are_in_the_currency_year_as_written(tmp_path: Path) -> None:
    """A price the scenario writes (``prices.wafer.N3``) is charged as written in its
    ``currency_year``; the table's points around it are converted: a series with the
    scenario's point in 2015 dollars is the table's series x the CPI-U factor with that
    point at its written value (linear interpolation and learning are linear in the
    prices)."""
    from tigris.finance.prices import wafer_price_usd
    from tigris.plan.assemble import assemble
    from tigris.scenario import scenario_from_dict

    ref = _reference()
    ref["prices"] = {"wafer": {"N3": {2027: 15000.0}}}
    ref["currency_year"] = 2015
    inp, _ = assemble(scenario_from_dict(ref))
    years = [int(y) for y in inp.years]
    k = inp.facilities.index("logic-N3")
    got = inp.price_usd_per_wafer[k]
    assert got[years.index(2027)] == pytest.approx(15000.0, rel=1e-12)
    # by hand: the table's series in 2015 dollars with the point put in 2024 dollars
    table = wafer_price_usd("N3", years, {2027: 15000.0 / TO_2015}) * TO_2015
    assert list(got) == pytest.approx(list(table), rel=1e-9)


def test_the_rental_penalty_is_converted_and_still_called_the_rental_value() -> None:
    """The ``rental`` penalty (data/prices.csv's H100 rent) in 2015 dollars is the 2024
    plan's x the CPI-U factor, and the explanations still call it "the rental value of
    that compute", not an amount per H100e."""
    from tigris.plan.assemble import assemble
    from tigris.plan.shadow import penalty_words
    from tigris.scenario import scenario_from_dict

    ref = _reference()
    a, _ = assemble(scenario_from_dict(ref))
    ref["currency_year"] = 2015
    b, _ = assemble(scenario_from_dict(ref))
    pa = list(a.penalty_usd_per_h100e)
    assert list(b.penalty_usd_per_h100e) == pytest.approx([x * TO_2015 for x in pa], rel=1e-9)
    assert penalty_words(b) == penalty_words(a) == "the rental value of that compute"

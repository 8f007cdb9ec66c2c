"""The scenario's money fields (issue 11): objective, served share, penalty, prices, tax.

Good values load; each bad value is one ``file:line: field: message`` problem at the
line it is written on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.scenario import Scenario, load_scenario, reference_scenario_text
from tigris.scenario.schema import OBJECTIVES

REFERENCE = reference_scenario_text()
#: The reference's pue line: new top-level fields are written after it.
_ANCHOR = "pue: 1.2"


def _with(tmp_path: Path, extra: str, old: str = _ANCHOR, new: str | None = None) -> Path:
    """The reference with ``extra`` lines after its ``pue`` line (or ``old`` -> ``new``);
    an ``objective:`` line among them replaces the reference's own."""
    text = REFERENCE
    lines = extra.splitlines(keepends=True)
    given = [ln for ln in lines if ln.startswith("objective:")]
    if given:
        text = text.replace("objective: serve", given[0].rstrip("\n") + "  #", 1)
        extra = "".join(ln for ln in lines if ln not in given)
    text = text.replace(old, new if new is not None else f"{old}\n{extra}", 1)
    assert text != REFERENCE or not extra
    path = tmp_path / "money.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, ln in enumerate(lines) if needle in ln)


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return str(info.value).splitlines()


def test_objectives_match_the_schema() -> None:
    assert get_args(Scenario.model_fields["objective"].annotation) == OBJECTIVES


def test_good_values_load(tmp_path: Path) -> None:
    extra = (
        "objective: npv\n"
        "min_served_share: 0.9\n"
        "prices:\n"
        "  wafer: {N4: {2026: 18000, 2030: 15000}, N3: {2026: 21000}}\n"
        "  cowos: {cowos: {2026: 12000}}\n"
        "  hbm: {hbm3e-12hi: {2026: 14.0}}\n"
        "  rental: {H100: {2026: 2.1, 2045: 1.0}}\n"
    )
    path = _with(tmp_path, extra)
    sc = load_scenario(path)
    assert sc.objective == "npv" and sc.min_served_share == 0.9
    assert sc.prices["wafer"]["N4"] == {2026: 18000.0, 2030: 15000.0}
    assert sc.prices["rental"]["H100"][2045] == 1.0  # years after the horizon are allowed


def test_defaults_are_serve_and_no_share() -> None:
    sc = Scenario.model_validate(
        {k: v for k, v in load_scenario_dict().items() if k not in ("objective",)}
    )
    assert sc.objective == "serve" and sc.min_served_share == 0.0 and sc.prices == {}


def load_scenario_dict() -> dict:
    from tigris.yamlio import parse_yaml

    return dict(parse_yaml(REFERENCE))


@pytest.mark.parametrize("value", ["rental", "27500", "1.0e5"])
def test_penalty_is_a_number_or_rental(tmp_path: Path, value: str) -> None:
    path = _with(
        tmp_path, "", "unmet_penalty_usd_per_h100e:", f"unmet_penalty_usd_per_h100e: {value} #"
    )
    got = load_scenario(path).unmet_penalty_usd_per_h100e
    assert got == (value if value == "rental" else float(value))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("rent", r"expected a number \[USD per H100e\] or 'rental' .*got the text 'rent'"),
        ('"27500"', r"or 'rental' .*got the text '27500' \(write numbers without quotes\)"),
        ("true", r"expected a number \[USD per H100e\] or 'rental', got a YAML boolean"),
        ("~", r"or 'rental', got nothing \(null\)"),
        ("0", r"must be > 0, got 0"),
        ("-5", r"must be > 0, got -5"),
        ("1e16", r"must be <= 1e\+15, got 1e\+16"),
        (".inf", r"expected a finite number"),
    ],
)
def test_a_bad_penalty_is_one_problem_at_its_line(tmp_path: Path, value: str, message: str) -> None:
    path = _with(
        tmp_path, "", "unmet_penalty_usd_per_h100e:", f"unmet_penalty_usd_per_h100e: {value} #"
    )
    line = _line_of(path, "unmet_penalty_usd_per_h100e:")
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{line}: unmet_penalty_usd_per_h100e: ")
    assert re.search(message, problems[0]), problems[0]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("objective: profit", "objective", "expected one of 'serve' or 'npv'"),
        ("objective: 1", "objective", "expected one of 'serve' or 'npv'"),
        ("min_served_share: 1.5", "min_served_share", "must be <= 1, got 1.5"),
        ("min_served_share: -0.1", "min_served_share", "must be >= 0"),
        ('min_served_share: "0.5"', "min_served_share", "write numbers without quotes"),
        (
            "prices:\n  wafers: {N3: {2026: 1}}",
            "prices.wafers",
            "unknown price series 'wafers' (did you mean 'wafer'?)",
        ),
        (
            "prices:\n  accelerator: {h100: {2026: 1}}",
            "prices.accelerator",
            "the plan uses wafer, cowos, hbm, rental",
        ),
        ("prices:\n  wafer: {N9: {2026: 1}}", "prices.wafer.N9", "unknown wafer item 'N9'"),
        (
            "prices:\n  wafer:\n    N4: {2026: 1}\n    N5: {2026: 2}",
            "prices.wafer.N5",
            "'N5' and 'N4' both price N5",
        ),
        ("prices:\n  hbm: {HBM9: {2026: 1}}", "prices.hbm.HBM9", "unknown hbm item 'HBM9'"),
        ("prices:\n  cowos: {CoWoS-L: {2026: 1}}", "prices.cowos.CoWoS-L", "known: cowos"),
        ("prices:\n  rental: {A100: {2026: 1}}", "prices.rental.A100", "known: B200, H100, MI355X"),
        ("prices:\n  wafer: {N3: {2026: -1}}", "prices.wafer.N3.2026", "must be > 0, got -1"),
        ("prices:\n  wafer: {N3: {2026: 0}}", "prices.wafer.N3.2026", "must be > 0, got 0"),
        ("prices:\n  wafer: {N3: {2026: 1e16}}", "prices.wafer.N3.2026", "must be <= 1e+15"),
        (
            'prices:\n  wafer: {N3: {2026: "1"}}',
            "prices.wafer.N3.2026",
            "write numbers without quotes",
        ),
        (
            "prices:\n  wafer: {N3: {1999: 1}}",
            "prices.wafer.N3.1999",
            "year 1999 is outside 2000-2100",
        ),
        (
            "prices:\n  wafer: {N3: {33:45: 1}}",
            "prices.wafer.N3",
            "expected a year (integer) as key",
        ),
        ("prices:\n  wafer: {N3: {}}", "prices.wafer.N3", "expected at least 1 entry"),
        ("prices:\n  wafer: 3", "prices.wafer", "expected a mapping"),
    ],
)
def test_a_bad_money_field_is_named_at_its_line(
    tmp_path: Path, extra: str, field: str, message: str
) -> None:
    path = _with(tmp_path, extra)
    last = extra.splitlines()[-1].strip()
    line = _line_of(path, last)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{line}: {field}: "), problems[0]
    assert message in problems[0], problems[0]


def test_site_tax_rate_override(tmp_path: Path) -> None:
    good = _with(
        tmp_path, "", "    max_modules: 12", "    max_modules: 12\n    corporate_tax_rate: 0.2"
    )
    assert load_scenario(good).sites[0].corporate_tax_rate == 0.2
    for value, message in (("1.0", "must be < 1, got 1.0"), ("-0.1", "must be >= 0")):
        path = _with(
            tmp_path,
            "",
            "    max_modules: 12",
            f"    max_modules: 12\n    corporate_tax_rate: {value}",
        )
        line = _line_of(path, "corporate_tax_rate")
        problems = _problems(path)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{path}:{line}: sites.0.corporate_tax_rate: ")
        assert message in problems[0], problems


# --- the money fields reach PlanInputs (tigris.plan.assemble) ------------------------


def _small(**changes: object) -> dict:
    from tests.test_plan_cli import SMALL
    from tigris.yamlio import parse_yaml

    doc = parse_yaml(SMALL)
    doc.update(changes)
    return doc


def _assemble(doc: dict):  # -> (PlanInputs, assumptions)
    from tigris.plan.assemble import assemble
    from tigris.scenario import scenario_from_dict

    return assemble(scenario_from_dict(doc))


#: data/price_rules.csv: HBM per GB falls 15% a year after its last data year; the H100
#: rent 20.9% a year; wafers 3.3% a year.
_HBM_LEARNING, _RENT_LEARNING = 0.15, 0.209
#: data/finance_parameters.csv: CoWoS and HBM variable share of opex, equipment shares,
#: the share of hours an H100e earns rent.
_VARIABLE_SHARE, _EQUIPMENT = 0.53, {"cowos": 0.7, "hbm": 0.735}
_UTILISATION = 0.7


def test_hbm_wafer_price_is_gb_per_wafer_times_usd_per_gb_by_hand() -> None:
    """One product (B200, HBM3e): a DRAM wafer on an HBM line in 2027 is worth the GB it
    yields (24 GB a stack, data/hbm.csv, x good stacks per wafer) x HBM3e's price per GB
    (US$12.5 in 2024, data/prices.csv, then 15% a year less)."""
    from tigris.silicon.hbm import good_stacks_per_wafer

    inp, _ = _assemble(_small())
    k, t = inp.facilities.index("hbm"), 1  # 2027
    gb_per_wafer = 24 * float(good_stacks_per_wafer("HBM3e", 2027))
    usd_per_gb = 12.5 * (1 - _HBM_LEARNING) ** 3
    assert inp.price_usd_per_wafer[k, t] == pytest.approx(gb_per_wafer * usd_per_gb, rel=1e-9)


def test_logic_fixed_plus_variable_opex_is_the_fab_layers_cash_opex() -> None:
    """At Taiwan a logic module's fixed opex is labour + maintenance and its variable
    cost per finished wafer materials + energy + water; at full output they add up to
    the fab layer's cash opex (its opex less depreciation), all in dollars of the
    scenario's currency_year (docs/finance.md, "Money of which year")."""
    from tigris.fab import fab_model

    doc = _small()
    inp, _ = _assemble(doc)
    s, k = inp.sites.index("taiwan"), inp.facilities.index("logic-N5")
    fab = fab_model("N4", 20_000, "taiwan", dollars_of=doc["currency_year"])
    cash = fab.opex_breakdown_usd_per_year
    assert inp.opex_usd_per_year[s, k] == pytest.approx(cash["labour"] + cash["maintenance"])
    per_wafer = (cash["materials"] + cash["energy"] + cash["water"]) / fab.wafers_per_year
    assert np.all(inp.variable_cost_usd_per_wafer[k] == pytest.approx(per_wafer))
    dep = cash["depreciation_equipment"] + cash["depreciation_building"]
    full = inp.opex_usd_per_year[s, k] + inp.variable_cost_usd_per_wafer[k, 0] * fab.wafers_per_year
    assert full == pytest.approx(fab.opex_usd_per_year - dep)
    equipment = fab.capex_breakdown_usd["lithography"] + fab.capex_breakdown_usd["other_equipment"]
    assert inp.equipment_share[s, k] == pytest.approx(equipment / fab.capex_usd)


#: data/sites.csv construction_cost_multiplier of the sites facility_types.csv prices
#: CoWoS (taiwan) and HBM (south-korea) at, and of taiwan; data/fab_parameters.csv
#: tool_hookup_share_of_equipment.
_MULTIPLIER = {"taiwan": 1.0, "south-korea": 1.1}
_HOOKUP = 0.10


@pytest.mark.parametrize(
    ("kind", "capex", "priced_at"), [("cowos", 1.5e9, "taiwan"), ("hbm", 1.46e10, "south-korea")]
)
def test_cowos_and_hbm_opex_is_split_so_full_output_totals_are_the_tables(
    kind: str, capex: float, priced_at: str
) -> None:
    """facility_types.csv opex (CoWoS US$150M, HBM US$1.2B a year) = fixed (47%) +
    variable (53%, per wafer of a module at full output: 12 x capacity wafers).

    The capex and equipment share at Taiwan, by hand: the row is quoted at its
    ``priced_at_site`` (construction cost m0) and moved to Taiwan (m = 1) as the fab
    layer moves a logic module (docs/scenario-files.md, "What a site's overrides
    reach"): the building part (1 - e) C scales by m / m0, the tools e C / (1 + h (m0 - 1))
    cost the same everywhere and their hook-up premium over Taiwan is h (m - 1) of them
    (0 at Taiwan). CoWoS is quoted at Taiwan: US$1.5B, e = 0.7 as given. HBM is quoted at
    South Korea (m0 = 1.1): building 0.265 x 14.6 / 1.1 = US$3.5173B, tools 0.735 x 14.6
    / 1.01 = US$10.6248B, US$14.142B in all, e = 10.6248 / 14.142 = 0.7513."""
    table = {"cowos": (1.5e8, 10_000), "hbm": (1.2e9, 50_000)}
    opex, wspm = table[kind]
    inp, _ = _assemble(_small())
    s, k = inp.sites.index("taiwan"), inp.facilities.index(kind)
    assert inp.opex_usd_per_year[s, k] == pytest.approx((1 - _VARIABLE_SHARE) * opex)
    per_wafer = _VARIABLE_SHARE * opex / (12 * wspm)
    assert inp.variable_cost_usd_per_wafer[k, 0] == pytest.approx(per_wafer)
    e, m0 = _EQUIPMENT[kind], _MULTIPLIER[priced_at]
    building = (1 - e) * capex * _MULTIPLIER["taiwan"] / m0
    tools = e * capex / (1 + _HOOKUP * (m0 - 1))  # hook-up premium at Taiwan: 0
    assert inp.capex_usd[s, k] == pytest.approx(building + tools, rel=1e-12)
    assert inp.equipment_share[s, k] == pytest.approx(tools / (building + tools), rel=1e-12)
    if kind == "cowos":
        assert inp.equipment_share[s, k] == e  # quoted at Taiwan: unchanged
    else:
        assert inp.capex_usd[s, k] == pytest.approx(14.142e9, rel=1e-4)
        assert inp.equipment_share[s, k] == pytest.approx(0.7513, abs=5e-5)


def test_tax_lives_objective_and_share_reach_the_inputs() -> None:
    doc = _small(objective="npv", min_served_share=0.5)
    doc["sites"][1]["corporate_tax_rate"] = 0.1
    inp, notes = _assemble(doc)
    # data/tax_rates.csv: Taiwan 20%; Japan given 10% by the scenario
    assert inp.tax_rate.tolist() == [0.2, 0.1]
    assert (inp.equipment_life_years, inp.building_life_years) == (5.0, 20.0)  # fab_parameters
    assert inp.objective == "npv" and inp.min_served_share == 0.5
    row = notes[notes["parameter"] == "japan: corporate tax rate"]
    assert row["source"].tolist() == ["scenario"]


def test_the_rental_penalty_is_the_rental_value_of_an_h100e_by_year() -> None:
    """2026: the H100 rents for US$2.35 an hour (data/prices.csv), then 20.9% a year
    less; 8,766 hours x 70% of them earn rent; five years at 8%."""
    inp, notes = _assemble(_small(unmet_penalty_usd_per_h100e="rental"))
    pen = np.asarray(inp.penalty_usd_per_h100e)
    assert pen.shape == (4,)
    by_hand = sum(
        2.35 * (1 - _RENT_LEARNING) ** age * 8766 * _UTILISATION / 1.08**age for age in range(5)
    )
    assert pen[0] == pytest.approx(by_hand, rel=1e-9)
    assert np.all(np.diff(pen) < 0)  # rents fall
    assert any("rental value" in p for p in notes["parameter"])


def test_price_overrides_reach_the_inputs() -> None:
    """Override points replace the table's in their years (N4 prices the N5 family)."""
    doc = _small(unmet_penalty_usd_per_h100e="rental")
    doc["prices"] = {
        "wafer": {"N4": {2027: 15000}},
        "cowos": {"cowos": {2026: 30000}},
        "hbm": {"HBM3e": {2026: 20.0}},
        "rental": {"H100": {2026: 1.0, 2031: 1.0}},  # flat rent through every age
    }
    inp, notes = _assemble(doc)
    k = {f: i for i, f in enumerate(inp.facilities)}
    assert inp.price_usd_per_wafer[k["logic-N5"], 1] == 15000
    assert inp.price_usd_per_wafer[k["cowos"], 0] == 30000
    from tigris.silicon.hbm import good_stacks_per_wafer

    assert inp.price_usd_per_wafer[k["hbm"], 0] == pytest.approx(
        24 * float(good_stacks_per_wafer("HBM3e", 2026)) * 20.0
    )
    flat = sum(8766 * _UTILISATION / 1.08**age for age in range(5))
    assert np.asarray(inp.penalty_usd_per_h100e)[0] == pytest.approx(flat)
    assert notes["source"].str.contains("scenario prices.wafer.N4").any()


def test_a_site_of_ones_own_data_needs_a_tax_rate(run_cli, tmp_path: Path) -> None:
    """A site added with ``--data`` from scratch (no ``based_on`` to copy a rate from,
    no ``corporate_tax_rate``) has no row in data/tax_rates.csv: the scenario must give
    its rate, and the problem is named at the site's line."""
    from tests.test_plan_cli import SMALL

    data = tmp_path / "data.yaml"
    fields = (
        "construction_cost_multiplier: 1.2\n    permit_months: 6\n"
        "    construction_months: 20\n    ramp_months: 12\n"
        "    electricity_usd_per_kwh: 0.1\n    labour_usd_per_fte_year: 30000\n"
        "    water_usd_per_m3: 0.5\n    subsidy_share_of_capex: 0.5\n"
    )
    data.write_text(
        f"sites:\n  - name: india\n    {fields}    source: test\n    as_of: 2024-03\n",
        encoding="utf-8",
    )
    path = tmp_path / "india.yaml"
    path.write_text(SMALL.replace("  - name: japan\n", "  - name: india\n"), encoding="utf-8")
    line = _line_of(path, "- name: india")
    res = run_cli("scenario", "check", path, "--data", data)
    assert res.code == 2, res.err
    want = (
        f"error: {path}:{line}: sites.1.corporate_tax_rate: no corporate tax rate for site 'india'"
    )
    assert res.err.startswith(want), res.err
    path.write_text(
        SMALL.replace("  - name: japan\n", "  - name: india\n    corporate_tax_rate: 0.25\n"),
        encoding="utf-8",
    )
    assert run_cli("scenario", "check", path, "--data", data).code == 0

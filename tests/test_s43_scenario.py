"""Scenario files as a new user writes them (user test 2026-12-05, scenario files).

Each case was reproduced before the fix:

1. a year written ``2026`` and ``"2026"`` in one map was merged, the last winning (a
   $20B tranche dropped, no word): now "given twice" at the second's line;
2. money a thousandfold below the cheapest shipped figure of its kind (``capex_usd:
   1.5`` meant as $1.5B) planned modules for dollars with no word: now a warning;
3. the gas-cap warning read the data table's 100 MW module, not the scenario's own
   size: it missed a cap below 200 MW modules and flagged one above 50 MW modules;
4. ``prices.rental.B200`` was accepted and changed nothing: refused;
5. products or demand classes differing only in case were two: refused;
6. a misspelt required field gave two lines, a top-level ``based_on`` eleven: one;
7. a quoted number in ``--set`` was echoed bare (so it read as the number refused), a
   float with a trailing ``.0``;
8. an unknown facility node got no hint: the known nodes are listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, assert_one_line_error, line_of, write_scenario


def _check(run_cli: Any, path: Path) -> Any:
    return run_cli("scenario", "check", path)


def test_a_year_written_as_number_and_text_is_given_twice(tmp_path: Path, run_cli: Any) -> None:
    text = SMALL.replace("h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}",
                         'h100e_by_year: {2026: 4.0e6, "2026": 5.0e6, 2029: 8.0e6}')  # fmt: skip
    assert text != SMALL
    path = write_scenario(tmp_path, text)
    res = _check(run_cli, path)
    line = line_of(path, '"2026"')
    assert_one_line_error(res, f"scenario.yaml:{line}:", "given twice", "written 2026")
    # an exact repeat keeps its message
    text = SMALL.replace("euv_per_year: {2026: 10}", "euv_per_year: {2026: 10, 2026: 0}")
    res = _check(run_cli, write_scenario(tmp_path, text, "b.yaml"))
    assert_one_line_error(res, "given twice", "YAML would keep the last")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("amount_usd: 2.0e10", "amount_usd: 20", "capital.0.amount_usd"),
        ("  - kind: cowos\n", "  - kind: cowos\n    capex_usd: 1.5\n", "facilities.1.capex_usd"),
    ],
)
def test_money_a_thousandfold_below_any_shipped_figure_is_warned_of(
    tmp_path: Path, run_cli: Any, old: str, new: str, field: str
) -> None:
    path = write_scenario(tmp_path, SMALL.replace(old, new))
    res = _check(run_cli, path)
    assert res.code == 0
    warned = [ln for ln in res.err.splitlines() if ln.startswith("warning:")]
    assert len(warned) == 1 and field in warned[0], res.err
    # the threshold: a thousandth of the cheapest shipped module, 100 MW x $10.58M/MW;
    # capital's, of the scenario's own facilities (logic, CoWoS, HBM: user test s48 #5)
    floor = "of the scenario's facilities ($1.50B" if "capital" in field else "($1.06B"
    assert f"below 1/1,000 of the cheapest shipped module {floor}" in warned[0]
    assert "money is in USD" in warned[0]


def test_shipped_scenarios_have_no_unit_slip(run_cli: Any) -> None:
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_extremes import money_unit_slips

    assert money_unit_slips(parts_of(reference_scenario())) == []
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples"
    npu = examples / "neuromorphic-npu.yaml"
    for path in sorted(examples.glob("*plan.yaml")):
        res = run_cli("scenario", "check", path, "--data", npu)
        assert res.code == 0 and "1/1,000 of" not in res.err, (path, res.err)


def test_gas_cap_warning_reads_the_scenarios_module_size() -> None:
    from tigris.scenario import reference_scenario
    from tigris.scenario.advice import scenario_warnings

    sc = reference_scenario()
    cap = ("datacenters", "gas_mw_per_year_max")

    def warned(edits: dict[str, Any]) -> list[str]:
        return [m for loc, m in scenario_warnings(sc.set(edits)) if loc == cap]

    size = "facilities.datacenter-gas.module_capacity"
    big = warned({cap[0] + "." + cap[1]: 150, size: 200})  # every module is 200 MW
    assert len(big) == 1 and "(200 MW, the smallest datacenter-gas module" in big[0]
    assert warned({cap[0] + "." + cap[1]: 80, size: 50}) == []  # 50 MW modules fit
    # without an override the table's 100 MW stands
    table = warned({cap[0] + "." + cap[1]: 80})
    assert len(table) == 1 and "(100 MW" in table[0]


def test_a_rent_the_plan_does_not_read_is_refused(tmp_path: Path, run_cli: Any) -> None:
    text = SMALL + "prices:\n  rental: {B200: {2026: 200.0}}\n"
    path = write_scenario(tmp_path, text)
    res = _check(run_cli, path)
    assert_one_line_error(
        res, "prices.rental.B200", "reads only the H100 rent", "give prices.rental.H100"
    )
    ok = write_scenario(tmp_path, SMALL + "prices:\n  rental: {H100: {2026: 2.5}}\n", "ok.yaml")
    assert _check(run_cli, ok).code == 0


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        ("  - name: b200\n", "  - name: b200\n  - name: B200\n", "products.1.name",
         "product 'B200' differs from 'b200' only in case"),
        ("  - name: fine-tuning\n", "  - name: Training\n", "demand.1.name",
         "demand class 'Training' differs from 'training' only in case"),
    ],
)  # fmt: skip
def test_names_differing_only_in_case_are_refused(
    tmp_path: Path, run_cli: Any, old: str, new: str, field: str, needle: str
) -> None:
    res = _check(run_cli, write_scenario(tmp_path, SMALL.replace(old, new)))
    assert_one_line_error(res, field, needle)


def test_a_misspelt_required_field_is_one_line(tmp_path: Path, run_cli: Any) -> None:
    path = write_scenario(tmp_path, SMALL.replace("discount_rate: 0.08", "discount_rat: 0.08"))
    res = _check(run_cli, path)
    line = line_of(path, "discount_rat:")
    assert_one_line_error(res, f":{line}: discount_rat: unknown field", "'discount_rate'")


def test_based_on_in_a_scenario_is_one_line(tmp_path: Path, run_cli: Any) -> None:
    fund = "{name: fund, amount_usd: 1.0e10, first_year: 2026, last_year: 2027}"
    text = f"based_on: reference\nname: less\ncapital:\n  - {fund}\n"
    res = _check(run_cli, write_scenario(tmp_path, text))
    assert_one_line_error(
        res, "scenario.yaml:1: based_on: a scenario file has no based_on",
        "tigris scenario show > my.yaml", "lacks 10 required fields",
    )  # fmt: skip


def test_set_echoes_a_quoted_number_quoted(run_cli: Any) -> None:
    res = run_cli("plan", "--no-store", "--set", 'discount_rate="0.1"')
    assert_one_line_error(res, 'discount_rate="0.1": expected a number')
    res = run_cli("plan", "--no-store", "--set", "capital.abu-dhabi-sovereign.amount_usd=-5e9")
    assert_one_line_error(res, "amount_usd=-5e9: must be >= 0")  # echoed as typed (s45 #2)


def test_an_unknown_node_lists_the_known(tmp_path: Path, run_cli: Any) -> None:
    path = write_scenario(tmp_path, SMALL.replace("node: N4", "node: Q9"))
    res = _check(run_cli, path)
    assert_one_line_error(res, "facilities.0.node: unknown node 'Q9'; known: ", "N5")


def test_a_re_timed_column_of_zeros_at_the_tables_scale_is_not_printed(run_cli: Any) -> None:
    """9. 8,282 H100e re-timed printed a 're-timed' column of 0.0 and -0.0 in a table
    in millions; the sentence above it says the figure, the column is left out."""
    res = run_cli("plan", "--no-store", "--set", "demand_forecast.spend_usd.2030=2e12")
    assert res.code == 0, res.err
    text = res.out
    assert "re-timed between years" in text  # the sentence keeps the figure
    table = text[text.index("Compute with and without") :]
    table = table[: table.index("all years") + 200]
    assert "re-timed" not in table and "-0.0" not in table

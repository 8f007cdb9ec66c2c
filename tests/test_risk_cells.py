"""Distributions on data-table cells (issue 15 item 1, tigris.risk.cells): paths, the
member overlay, the scenario checks, and a member solved with a drawn cell.

Expected values come from the shipped CSV tables read as text (tests/conftest.py
``data_table``), from overlay files written by hand here, and from the defect-density
learning curve written out by hand (Weber 2004: D0(t) = D_mature + (D_hvm - D_mature)
exp(-t / tau), t the node's age at mid-year).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from tests.conftest import (
    SMALL_3Y,
    CliResult,
    assert_one_line_error,
    data_table,
    line_of,
    write_scenario,
)
from tigris.errors import InputError
from tigris.risk.cells import (
    cell_value,
    check_cell,
    input_value,
    is_cell,
    member_overlay,
    parse_cell,
    split_changes,
    value_problem,
)

#: The logic node of SMALL_3Y's only product (b200 on N4, accelerators.csv).
NODE = "N4"
#: Its mature defect density cell: a visible lever in 2026-2028, when N4 (HVM 2022) is
#: 4-6 years old and its D0 is within a few per cent of the floor.
MATURE = f"nodes.{NODE}.d0_mature_per_cm2"


def _row(table: str, key: str, name: str) -> dict[str, str]:
    return next(r for r in data_table(table) if r[key] == name)


def _load(text: str, tmp_path: Path, name: str = "overlay.yaml") -> Any:
    from tigris.overlay import load_overlay

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_overlay(path)


# --- paths ---------------------------------------------------------------------------


def test_paths_name_cells_and_split_from_scenario_paths() -> None:
    assert is_cell("nodes.N3.d0_per_cm2") and is_cell("hbm.HBM3e.price_usd_per_gb")
    assert is_cell("packaging.CoWoS-L.package_yield") and is_cell("accelerators.b200.price_usd")
    assert is_cell("data.sites.taiwan.construction_months") and is_cell("data.x.y.z")
    assert not is_cell("sites.taiwan.max_modules") and not is_cell("pue")
    changes = {"pue": 1.3, "nodes.N3.d0_per_cm2": 0.1, "demand.0.growth_per_year": 0.2}
    assert split_changes(changes) == (
        {"pue": 1.3, "demand.0.growth_per_year": 0.2},
        {"nodes.N3.d0_per_cm2": 0.1},
    )
    c = parse_cell("data.sites.arizona.construction_months")
    assert (c.section, c.row, c.column, c.integer) == (
        "sites",
        "arizona",
        "construction_months",
        False,
    )
    assert parse_cell("hbm.HBM3e.dies_per_stack").integer
    assert parse_cell("accelerators[my.part].price_usd").row == "my.part"


def test_cell_value_reads_the_table_and_the_users_overlay(tmp_path: Path) -> None:
    n3 = _row("nodes", "node", "N3")
    assert cell_value("nodes.N3.d0_per_cm2") == float(n3["d0_per_cm2"])
    az = _row("sites", "site", "arizona-usa")
    # by an alias of the row, as the tables look sites up
    assert cell_value("data.sites.phoenix.construction_months") == float(az["construction_months"])
    b200 = _row("accelerators", "name", "b200")
    assert cell_value("accelerators.b200-hgx.price_usd") == float(b200["price_usd"])
    user = tmp_path / "mine.yaml"
    user.write_text(
        "nodes:\n  - {name: N3X, based_on: N3, d0_per_cm2: 0.3, source: mine, as_of: 2025-01}\n",
        encoding="utf-8",
    )
    assert cell_value("nodes.N3X.d0_per_cm2", user) == 0.3
    with pytest.raises(InputError, match="unknown node 'N3X'"):
        cell_value("nodes.N3X.d0_per_cm2")  # not without the overlay


def test_input_value_reads_scenario_fields_and_cells() -> None:
    from tigris.scenario.edit import load_any

    sc = load_any(SMALL_3Y)
    assert input_value(sc, "pue") == 1.2
    assert input_value(sc, MATURE) == float(_row("nodes", "node", NODE)["d0_mature_per_cm2"])


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nodes.N33.d0_per_cm2", "unknown node 'N33' in table nodes (did you mean 'N3'?)"),
        ("nodes.N3.d0_per_cm", "unknown column 'd0_per_cm' of nodes (did you mean 'd0_per_cm2'?)"),
        ("nodes.N3.family", "column 'family' of nodes does not hold a number"),
        ("data.site.taiwan.pue", "unknown data table 'site' (did you mean 'sites'?)"),
        ("nodes.N3", "expected nodes.<row>.<column>"),
        ("hbm.HBM3e.d0.x", "expected hbm.<row>.<column>"),
        ("accelerators.a100.peak_fp8_flop_per_s", "the cell is empty in table accelerators"),
        ("packaging.CoWoS-LL.package_yield", "did you mean 'CoWoS-L'?"),
    ],
)
def test_a_bad_cell_path_names_what_is_wrong(path: str, message: str) -> None:
    with pytest.raises(InputError) as exc:
        check_cell(path)
    (problem,) = exc.value.problems
    assert problem.field == path and message in problem.message, problem.message


def test_value_problems_are_the_overlays_own_bounds() -> None:
    n4 = _row("nodes", "node", NODE)
    assert value_problem(MATURE, float(n4["d0_per_cm2"])) is None  # equal is allowed
    # above d0_per_cm2: the overlay's cross-field rule (the curve falls from one to the other)
    assert "exceeds d0_per_cm2" in value_problem(MATURE, 1.01 * float(n4["d0_per_cm2"]))
    assert "must be >= 0" in value_problem("nodes.N3.d0_per_cm2", -0.01)
    assert "<= 1" in value_problem("packaging.CoWoS-L.package_yield", 1.2)
    assert "< 1" in value_problem("data.sites.taiwan.subsidy_share_of_capex", 1.0)
    # an integer column takes the draw rounded: 0.4 EUV layers is 0, fine; -0.6 is -1
    assert value_problem("nodes.N3.euv_layers", 0.4) is None
    assert "must be >= 0" in value_problem("nodes.N3.euv_layers", -0.6)


# --- the member overlay --------------------------------------------------------------


def test_member_overlay_replaces_shipped_rows_keeping_their_names(tmp_path: Path) -> None:
    """Each cell's row replaces the shipped row of the same name, every other column as
    shipped; aliases still find it; the source says which draw."""
    from tigris.data import load_rows, using_overlay

    cells = {
        "nodes.N4.d0_per_cm2": 0.2,
        "nodes.N4.mask_layers": 80.6,  # an integer column: rounded
        "data.sites.phoenix.construction_months": 30.5,  # named by an alias
        "data.sites.arizona-usa.ramp_months": 20,  # the same row by its name
        "accelerators.b200.price_usd": 40000,
        "hbm.HBM3e.price_usd_per_gb": 20.0,
        "packaging.CoWoS-L.package_yield": 0.8,
    }
    text = member_overlay(cells, None)
    assert text is not None
    doc = yaml.safe_load(text)
    (az,) = doc["sites"]
    assert az["name"] == "arizona-usa" and az["based_on"] == "arizona-usa"
    # the shipped row's source kept (its other columns still cite it), then the draw
    assert az["source"] == (
        _row("sites", "site", "arizona-usa")["source"] + "; distribution draw "
        "(data.sites.phoenix.construction_months, data.sites.arizona-usa.ramp_months)"
    )
    assert az["as_of"] == _row("sites", "site", "arizona-usa")["as_of"]
    overlay = _load(text, tmp_path)
    with using_overlay(overlay):
        n4 = next(r for r in load_rows("nodes") if r["node"] == "N4")
        shipped = _row("nodes", "node", "N4")
        assert (n4["d0_per_cm2"], n4["mask_layers"]) == (0.2, 81)
        assert n4["wafer_price_usd"] == float(shipped["wafer_price_usd"])
        assert len(load_rows("nodes")) == len(data_table("nodes"))  # replaced, not added
        from tigris.catalog import get_accelerator
        from tigris.fab.data import get_site

        site = get_site("phoenix")  # the alias still finds the replaced row
        assert (site.name, site.construction_months, site.ramp_months) == ("arizona-usa", 30.5, 20)
        assert get_accelerator("b200-hgx").price_usd == 40000
    assert cell_value("packaging.CoWoS-L.package_yield", tmp_path / "overlay.yaml") == 0.8
    # numpy numbers (quantile's, a design's) are numbers too
    numpy_doc = yaml.safe_load(member_overlay({"nodes.N4.mask_layers": np.float64(79.7)}, None))
    assert numpy_doc["nodes"][0]["mask_layers"] == 80
    numpy_doc = yaml.safe_load(member_overlay({"nodes.N4.d0_per_cm2": np.float64(0.09)}, None))
    assert numpy_doc["nodes"][0]["d0_per_cm2"] == 0.09
    assert member_overlay({}, None) is None
    assert member_overlay({}, "nodes: []\n") == "nodes: []\n"


def test_member_overlay_sets_cells_on_the_users_own_rows(tmp_path: Path) -> None:
    user = (  # YAML 1.2 numbers (2.1e4) and text that would read as one unquoted ('2e3')
        "nodes:\n"
        "  - name: N3X\n    based_on: N3\n    wafer_price_usd: 2.1e4\n"
        "    source: analyst\n    as_of: 2025-01\n"
        "sites:\n"
        "  - {name: india, based_on: japan, aliases: [dholera], label: '2e3', source: ISM,\n"
        "     as_of: 2024-03-15}\n"
    )
    cells = {
        "nodes.N3X.d0_per_cm2": 0.25,
        "data.sites.dholera.permit_months": 9,
        "nodes.N5.d0_per_cm2": 0.2,
    }
    from tigris.yamlio import parse_yaml

    doc = parse_yaml(member_overlay(cells, user))
    n3x, n5 = doc["nodes"]
    assert n3x["wafer_price_usd"] == 21000 and n3x["d0_per_cm2"] == 0.25
    assert n3x["source"] == "analyst; distribution draw (nodes.N3X.d0_per_cm2)"
    assert n5["based_on"] == "N5" and n5["d0_per_cm2"] == 0.2
    (india,) = doc["sites"]
    assert india["permit_months"] == 9 and india["aliases"] == ["dholera"]
    overlay = _load(member_overlay(cells, user), tmp_path)
    from tigris.data import load_rows, using_overlay

    with using_overlay(overlay):
        rows = {r["node"]: r for r in load_rows("nodes")}
        assert rows["N3X"]["d0_per_cm2"] == 0.25 and rows["N3X"]["wafer_price_usd"] == 21000
        assert rows["N5"]["d0_per_cm2"] == 0.2
        india = next(r for r in load_rows("sites") if r["site"] == "india")
        assert (india["name"], india["permit_months"], india["as_of"]) == ("2e3", 9, "2024-03-15")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"nodes.N4.d0_per_cm2": -1.0}, "must be >= 0"),
        ({"nodes.N4.d0_per_cm2": "high"}, "expected a number"),
        ({"nodes.N44.d0_per_cm2": 0.1}, "unknown node 'N44'"),
        ({"pue": 1.2}, "not a data-table cell"),
    ],
)
def test_member_overlay_refuses_what_the_overlay_would(cells: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as exc:
        member_overlay(cells, None)
    (problem,) = exc.value.problems
    assert problem.field == next(iter(cells)) and message in problem.message


# --- distributions on cells in a scenario -------------------------------------------


def _with(text: str, *entries: str) -> str:
    return text + "distributions:\n" + "".join(f"  {e}\n" for e in entries)


def test_sample_changes_draw_cells_rounding_integer_columns(tmp_path: Path) -> None:
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import load_any

    text = _with(
        SMALL_3Y,
        f"{MATURE}: {{dist: uniform, low: 0.03, high: 0.06, source: 'test'}}",
        "nodes.N3.mask_layers: {dist: triangular, low: 70, mode: 75, high: 90, source: 'test'}",
        "pue: {dist: uniform, low: 1.1, high: 1.3, source: 'test'}",
    )
    sc = load_any(text)
    members = sample_changes(sc, 50, 11)
    assert members == sample_changes(sc, 50, 11)
    d0 = np.array([m[MATURE] for m in members])
    assert d0.min() >= 0.03 and d0.max() <= 0.06 and len(set(d0)) == 50
    masks = [m["nodes.N3.mask_layers"] for m in members]
    assert all(type(v) is int and 70 <= v <= 90 for v in masks)


@pytest.mark.parametrize(
    ("entry", "needle", "field", "message"),
    [
        (
            "nodes.N33.d0_per_cm2: {dist: uniform, low: 0.05, high: 0.1, source: s}",
            "nodes.N33",
            "distributions.nodes.N33.d0_per_cm2",
            "unknown node 'N33' in table nodes (did you mean 'N3'?)",
        ),
        (
            "nodes.N3.do_per_cm2: {dist: uniform, low: 0.05, high: 0.1, source: s}",
            "nodes.N3.do",
            "distributions.nodes.N3.do_per_cm2",
            "did you mean 'd0_per_cm2'?",
        ),
        (
            "accelerators.b200.node: {dist: point, value: 3, source: s}",
            "accelerators.b200.node",
            "distributions.accelerators.b200.node",
            "column 'node' of accelerators does not hold a number",
        ),
        (
            "data.site.taiwan.construction_months: {dist: point, value: 20, source: s}",
            "data.site.",
            "distributions.data.site.taiwan.construction_months",
            "unknown data table 'site' (did you mean 'sites'?)",
        ),
        (
            "node.N3.d0_per_cm2: {dist: point, value: 0.1, source: s}",
            "node.N3",
            "distributions.node.N3.d0_per_cm2",
            "nor a data-table cell (did you mean 'nodes'?)",
        ),
        (
            f"{MATURE}: {{dist: uniform, low: 0.03, high: 0.09, source: s}}",
            MATURE,
            f"distributions.{MATURE}.high",
            f"reaches 0.09, which {MATURE} does not accept (mature defect density 0.09 "
            "exceeds d0_per_cm2",
        ),
        (
            "packaging.CoWoS-L.package_yield: {dist: normal, mean: 0.9, sd: 0.1, high: 1.1,"
            " source: s}",
            "packaging.CoWoS-L",
            "distributions.packaging.CoWoS-L.package_yield.high",
            "reaches 1.1, which packaging.CoWoS-L.package_yield does not accept (",
        ),
        (
            "hbm.HBM3e.dies_per_stack: {dist: discrete, values: [12, 0.2], source: s}",
            "hbm.HBM3e",
            "distributions.hbm.HBM3e.dies_per_stack.values",
            "reaches 0, which hbm.HBM3e.dies_per_stack does not accept",
        ),
    ],
)
def test_a_bad_cell_distribution_is_a_file_line_error(
    tmp_path: Path,
    run_cli: Callable[..., CliResult],
    entry: str,
    needle: str,
    field: str,
    message: str,
) -> None:
    path = write_scenario(tmp_path, _with(SMALL_3Y, entry))
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"{path}:{line_of(path, needle)}: {field}: ", message)


def test_a_cell_of_the_users_own_row_checks_with_data(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(
        "nodes:\n  - {name: N3X, based_on: N3, source: mine, as_of: 2025-01}\n", encoding="utf-8"
    )
    path = write_scenario(
        tmp_path, _with(SMALL_3Y, "nodes.N3X.d0_per_cm2: {dist: point, value: 0.2, source: s}")
    )
    assert run_cli("scenario", "check", path, "--data", data).code == 0
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"{path}:", "unknown node 'N3X'")


# --- members solved with a drawn cell ------------------------------------------------


def _learning_d0(years: list[int], node: dict[str, str], mature: float) -> list[float]:
    """D0 at mid-year by hand: D_mature + (D_hvm - D_mature) exp(-12 (y + 1/2 - hvm) / tau)."""
    hvm, d0, tau = (
        int(node["hvm_year"]),
        float(node["d0_per_cm2"]),
        float(node["d0_learning_months"]),
    )
    return [mature + (d0 - mature) * math.exp(-12 * (y + 0.5 - hvm) / tau) for y in years]


@pytest.fixture(scope="module")
def members() -> dict[str, Any]:
    """SMALL_3Y solved three times through the sweep worker: as it is, with N4's mature
    D0 at its own table value (a no-op draw), and at a drawn 0.065.

    Each member is solved afresh (:func:`tigris.plan.reuse.clear` first): a worker
    otherwise updates the previous member's HiGHS model in place, and HiGHS restarts
    from its previous basis, which may end at another rounding of the same optimum
    (2026-12-03: a reused solve of SMALL_3Y, with a HiGHS model bit for bit the fresh
    one's, reported objective_usd 3180173193.6773033 against the fresh solve's
    ...2623, 1.3e-14 apart; tigris.plan.reuse's docstring promises the objective
    within the MIP gap there, not bit for bit). Two fresh solves of the same HiGHS
    model are bit for bit the same, so a no-op draw must give the very same numbers.
    """
    from tigris.plan import reuse
    from tigris.runs.worker import MemberTask, run_member
    from tigris.scenario.edit import load_any, to_yaml

    base = to_yaml(load_any(SMALL_3Y))
    own = float(_row("nodes", "node", NODE)["d0_mature_per_cm2"])
    opts = {"counterfactual": False}
    out = {}
    for key, changes in (("base", {}), ("own", {MATURE: own}), ("draw", {MATURE: 0.065})):
        reuse.clear()
        out[key] = run_member(MemberTask(0, base, changes, opts))
        assert out[key].error is None and out[key].status == "optimal", out[key].error
    return out


def _wafers_per_unit(outcome: Any) -> str:
    a = outcome.result.assumptions
    (value,) = a.loc[a["parameter"].str.startswith("b200: logic wafers per unit"), "value"]
    return str(value)


def test_a_d0_draw_changes_wafers_per_accelerator_as_the_chip_bill_says(
    members: dict[str, Any], tmp_path: Path
) -> None:
    """The member's plan reports the logic wafers per b200 that the chip bill gives with
    N4's mature D0 at the draw, read through an overlay file written by hand; the D0 the
    bill used is the learning curve's, by hand; a higher D0 costs more wafers."""
    from tigris.data import using_overlay
    from tigris.plan.assemble import _span
    from tigris.world.roadmap import bills_by_year

    years = [2026, 2027, 2028]
    hand = (
        f"nodes:\n  - name: {NODE}\n    based_on: {NODE}\n    d0_mature_per_cm2: 0.065\n"
        "    source: test\n    as_of: 2025-01\n"
    )
    with using_overlay(_load(hand, tmp_path)):
        bills = bills_by_year("b200", years)
    node = _row("nodes", "node", NODE)
    assert np.allclose(bills["d0_per_cm2"], _learning_d0(years, node, 0.065), rtol=1e-12)
    assert _wafers_per_unit(members["draw"]) == _span(bills["logic"])
    shipped = bills_by_year("b200", years)
    assert _wafers_per_unit(members["base"]) == _span(shipped["logic"])
    assert np.all(bills["logic"] > shipped["logic"])  # 0.065 > the table's 0.044
    # the plan's compute per wafer falls: more wafers for the same served H100e
    assert _wafers_per_unit(members["draw"]) != _wafers_per_unit(members["base"])


def test_a_cell_drawn_at_its_own_value_plans_as_the_scenario(members: dict[str, Any]) -> None:
    """The member overlay copies the row faithfully: the same plan as no change."""
    base, own = members["base"], members["own"]
    assert own.numbers.keys() == base.numbers.keys()
    for key, value in base.numbers.items():  # exactly equal; NaN (not given) on both sides
        same = own.numbers[key] == value or (math.isnan(own.numbers[key]) and math.isnan(value))
        assert same, (key, own.numbers[key], value)
    assert own.result.builds.equals(base.result.builds)
    assert own.changes == {MATURE: float(_row("nodes", "node", NODE)["d0_mature_per_cm2"])}


def test_a_bad_cell_value_is_the_members_error_not_a_crash() -> None:
    from tigris.runs.worker import MemberTask, run_member
    from tigris.scenario.edit import load_any, to_yaml

    out = run_member(MemberTask(3, to_yaml(load_any(SMALL_3Y)), {MATURE: -0.1}, {}))
    assert out.result is None and out.status == "error"
    assert out.error is not None and out.error.startswith(f"InputError: {MATURE}: ")
    assert "must be >= 0" in out.error


def test_sweep_samples_with_a_cell_distribution(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """``tigris sweep --samples`` draws the cell like any path and solves each member
    with it: the members' changes are sample_changes' draws for the seed."""
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import load_any

    text = _with(SMALL_3Y, f"{MATURE}: {{dist: uniform, low: 0.03, high: 0.07, source: 'test'}}")
    path = write_scenario(tmp_path, text)
    res = run_cli(
        "sweep", path, "--samples", "2", "--seed", "5", "--workers", "0", "--no-store", "--json"
    )
    assert res.code == 0, res.err
    doc = res.json()
    drawn = sample_changes(load_any(text), 2, 5)
    assert [json.loads(m["changes"]) for m in doc["members"]] == drawn
    assert all(m["status"] == "optimal" and m["error"] is None for m in doc["members"])


def test_sweep_set_on_a_bad_cell_is_refused_before_anything_runs(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = write_scenario(tmp_path, SMALL_3Y)
    res = run_cli(
        "sweep", path, "--set", "nodes.N44.d0_per_cm2=0.1,0.2", "--workers", "0", "--no-store"
    )
    assert_one_line_error(res, "--set", "unknown node 'N44'", "did you mean")


def test_the_docs_example_checks_samples_and_makes_member_overlays(tmp_path: Path) -> None:
    """docs/risk.md's cell example, appended to a scenario: it loads (every value it
    reaches passes the overlay's validation), and every draw makes an overlay that loads."""
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import load_any

    doc = (Path(__file__).parents[1] / "docs" / "risk.md").read_text(encoding="utf-8")
    section = doc.split("### Distributions on data-table cells", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    sc = load_any(SMALL_3Y + block)
    assert all(is_cell(p) for p in sc.distributions)
    for i, m in enumerate(sample_changes(sc, 8, 3)):
        _load(member_overlay(m, None), tmp_path, f"member{i}.yaml")


def test_scenario_set_refuses_a_cell_naming_the_overlay() -> None:
    from tigris.scenario.edit import load_any

    with pytest.raises(InputError) as exc:
        load_any(SMALL_3Y).set(MATURE, 0.05)
    (problem,) = exc.value.problems
    assert problem.field == MATURE and "is a data-table cell, not a scenario field" in str(problem)


def test_a_cell_correlates_with_a_scenario_path() -> None:
    """A rank correlation between a cell and a scenario field holds in the draws (the
    Iman-Conover target 0.8; with 400 draws the sample rho's SE is ~0.02)."""
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import load_any

    text = (
        _with(
            SMALL_3Y,
            f"{MATURE}: {{dist: uniform, low: 0.03, high: 0.06, source: 'test'}}",
            "pue: {dist: uniform, low: 1.1, high: 1.3, source: 'test'}",
        )
        + f"correlations:\n  - {{paths: [{MATURE}, pue], rho: 0.8, source: 'test'}}\n"
    )
    members = sample_changes(load_any(text), 400, 2)
    a = np.argsort(np.argsort([m[MATURE] for m in members]))
    b = np.argsort(np.argsort([m["pue"] for m in members]))
    assert abs(np.corrcoef(a, b)[0, 1] - 0.8) < 0.1


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("path", ["nodes.N3.hvm_year", "nodes.N3.d0_per_cm2"])
def test_a_non_finite_value_is_refused_not_raised(path: str, bad: float) -> None:
    # an integer cell rounds the value first; round(nan) raised ValueError there
    assert value_problem(path, bad) == f"expected a finite number, got {bad}"

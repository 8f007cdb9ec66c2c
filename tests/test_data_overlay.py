"""User data overlays (``--data FILE``): new sites, nodes, HBM, packaging, accelerators.

What must hold: a row added by an overlay is usable wherever a shipped one is (a
scenario can plan with a site the package does not ship); a bad row is refused with
``file:line: field: message``; and an overlay never leaks past the call that named it.
"""

from __future__ import annotations

import io
import math
import textwrap
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import assert_one_line_error
from tigris.data import DataOverlay, list_tables, load_rows, load_table, using_overlay
from tigris.errors import InputError
from tigris.fab import get_site
from tigris.nodes import get_node
from tigris.overlay import data_overlay, load_overlay

#: India's announced fiscal support, half of project cost (the example overlay's number).
INDIA_SUBSIDY = 0.5

OVERLAY = textwrap.dedent(
    f"""\
    sites:
      - name: india
        based_on: japan
        label: "India (Dholera, Gujarat)"
        aliases: [dholera]
        subsidy_share_of_capex: {INDIA_SUBSIDY}
        source: "ISM: fiscal support of 50% of project cost (MeitY, 2021-12-15)"
        as_of: 2024-03
    nodes:
      - name: N3X
        based_on: N3
        wafer_price_usd: 21000
        source: "test"
        as_of: 2025-01
    hbm:
      - name: HBM4
        based_on: HBM3e
        stack_capacity_gb: 48
        source: "test"
        as_of: 2025-01
    packaging:
      - name: CoWoS-X
        based_on: CoWoS-L
        package_yield: 0.85
        source: "test"
        as_of: 2025-01
    accelerators:
      - name: x-npu
        based_on: h100
        node: N3X
        hbm_generation: HBM4
        package: CoWoS-X
        source: "test"
        as_of: 2025-01
    """
)

# Line numbers below are counted in this text (1-based).
BAD = textwrap.dedent(
    """\
    sites:
      - name: mars
        construction_months: -3
        subsidy_share_of_capex: "0.5"
        colour: red
        source: "x"
        as_of: 2024-03
    gpus: []
    """
)

SCENARIO = textwrap.dedent(
    """\
    name: india-only
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2029}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 4.0e6, 2029: 1.6e7}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}           # 2M HBM stacks a month at 20 good stacks per DRAM wafer
    facilities:
      - kind: logic
        node: N4
      - kind: cowos
      - kind: hbm
    sites:
      - name: india
        max_modules: 3
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


@pytest.fixture
def overlay_file(tmp_path: Path) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    return path


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "india.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_scenario_with_overlay_site_plans(run_cli, overlay_file, scenario_file) -> None:
    res = run_cli("scenario", "check", scenario_file, "--data", overlay_file)
    assert res.code == 0, res.err
    res = run_cli("plan", scenario_file, "--data", overlay_file, "--json")
    assert res.code == 0, res.err
    result = res.json()
    assert result["status"] == "optimal"
    builds = result["builds"]
    assert builds, "demand exceeds supply, so the only site must build"
    assert {b["site"] for b in builds} == {"india"}
    # The overlay's subsidy is what the plan pays with: every build is at india, so the
    # subsidy is exactly that share of all capex paid (investors pay the rest).
    capex = result["capex"]
    subsidy = sum(r["capex_usd"] for r in capex if r["source"] == "subsidy")
    total = sum(r["capex_usd"] for r in capex)
    assert subsidy / total == pytest.approx(INDIA_SUBSIDY, rel=1e-6)


def test_overlay_does_not_leak_into_a_later_call(run_cli, overlay_file, scenario_file) -> None:
    assert run_cli("scenario", "check", scenario_file, "--data", overlay_file).code == 0
    res = run_cli("scenario", "check", scenario_file)
    assert res.code == 2
    assert "unknown site 'india'" in res.err
    assert "add your own with --data" in res.err  # the error says how to add one
    res = run_cli("fab", "--node", "N3X", "--site", "taiwan", "--wspm", "20000")
    assert_one_line_error(res, "--node", "unknown node 'N3X'")
    assert "add your own with --data" in res.err
    assert run_cli("catalog", "x-npu").code == 2


def test_overlay_rows_used_by_every_layer(run_cli, overlay_file) -> None:
    with data_overlay(overlay_file):
        india = get_site("dholera")  # by its alias
        japan = get_site("japan")
        assert india.name == "india" and india.subsidy_share_of_capex == INDIA_SUBSIDY
        # based_on copies every other field of the shipped row
        assert india.construction_cost_multiplier == japan.construction_cost_multiplier
        assert india.source.startswith("ISM") and india.as_of == "2024-03"
        n3x, n3 = get_node("n3x"), get_node("N3")
        assert n3x.wafer_price_usd == 21000 and n3x.euv_layers == n3.euv_layers
    # A wafer price is a logic-silicon cost: a dearer node raises the logic cost by the
    # price ratio (same dies per wafer and yield), nothing else.
    base = run_cli("chip", "h100", "--node", "N3", "--json").json()
    dear = run_cli("chip", "h100", "--node", "N3X", "--data", overlay_file, "--json").json()
    ratio = 21000 / get_node("N3").wafer_price_usd
    assert dear["cost_breakdown_usd"]["logic"] == pytest.approx(
        base["cost_breakdown_usd"]["logic"] * ratio, rel=1e-9
    )
    assert dear["cost_breakdown_usd"]["hbm"] == pytest.approx(base["cost_breakdown_usd"]["hbm"])
    # The new part on the new node, HBM and package is in the catalog for this call.
    part = run_cli("catalog", "x-npu", "--data", overlay_file, "--json").json()
    assert (part["node"], part["hbm_generation"], part["package"]) == ("N3X", "HBM4", "CoWoS-X")
    bill = run_cli("chip", "x-npu", "--data", overlay_file, "--json").json()
    assert bill["package_yield"] == 0.85


def test_bad_overlay_gives_file_line_field_errors(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    res = run_cli("fab", "--node", "N3", "--site", "taiwan", "--wspm", "1e4", "--data", path)
    assert res.code == 2 and res.out == ""
    assert "Traceback" not in res.err
    lines = res.err.splitlines()
    expected = {
        (3, "sites.0.construction_months"),
        (4, "sites.0.subsidy_share_of_capex"),
        (5, "sites.0.colour"),
        (8, "gpus"),
    }
    assert len(lines) == len(expected), res.err
    for line_no, field in expected:
        assert any(ln.startswith(f"error: {path}:{line_no}: {field}: ") for ln in lines), (
            field,
            res.err,
        )


@pytest.mark.parametrize(
    ("entry", "field", "needle"),
    [
        ("  - name: x\n    based_on: japn\n", "sites.0.based_on", "did you mean 'japan'"),
        ("  - name: x\n    permit_months: 6\n", "sites.0", "give construction_cost_multiplier"),
        ("  - name: x\n    based_on: japan\n    aliases: [usa]\n", "sites.0.aliases", "usa"),
        ("  - name: x\n    based_on: japan\n    construction_months: 1.0e9\n", "months", ""),
    ],
)
def test_bad_site_rows(tmp_path: Path, entry: str, field: str, needle: str) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(f"sites:\n{entry}    source: s\n    as_of: 2025-01\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_overlay(path)
    (problem,) = info.value.problems
    assert problem.file == str(path) and problem.line is not None
    assert field in problem.field and needle in problem.message


def test_node_cross_field_rules(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(
        "nodes:\n  - name: N1\n    based_on: N2\n    d0_mature_per_cm2: 5.0\n"
        "    euv_layers: 200\n    source: s\n    as_of: 2025-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_overlay(path)
    fields = {p.field: p.line for p in info.value.problems}
    assert fields == {"nodes.0.d0_mature_per_cm2": 4, "nodes.0.euv_layers": 5}


def test_source_and_as_of_required(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("hbm:\n  - name: HBM9\n    based_on: HBM3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_overlay(path)
    assert {p.field for p in info.value.problems} == {"hbm.0.source", "hbm.0.as_of"}


@pytest.mark.parametrize("as_of", ["''", "true", "null"])
def test_as_of_empty_or_boolean_refused(tmp_path: Path, as_of: str) -> None:
    path = tmp_path / "o.yaml"
    text = f"hbm:\n  - name: HBM9\n    based_on: HBM3\n    source: s\n    as_of: {as_of}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_overlay(path)
    [problem] = info.value.problems
    assert problem.field == "hbm.0.as_of" and problem.line == 5
    assert "give the date the figures refer to" in problem.message


def test_context_is_scoped_and_nests() -> None:
    row = {"site": "india", "name": "India", "source": "t", "as_of": "2025"}
    overlay = DataOverlay("t.yaml", {"sites": (row,)})
    shipped = [r["site"] for r in load_rows("sites")]
    with using_overlay(overlay):
        assert [r["site"] for r in load_rows("sites")] == [*shipped, "india"]
        with using_overlay(None):  # an inner block may read the shipped tables
            assert [r["site"] for r in load_rows("sites")] == shipped
        assert get_site("india").label == "India"
    assert [r["site"] for r in load_rows("sites")] == shipped
    with pytest.raises(InputError):
        get_site("india")  # the cached lookup of the overlay is not the shipped one


@pytest.mark.parametrize("name", list_tables())
def test_rows_read_as_pandas_reads_them(name: str) -> None:
    """load_rows (csv module, quick to import) types every cell as pandas.read_csv does."""
    text = (resources.files("tigris.data") / f"{name}.csv").read_text(encoding="utf-8")
    expected = pd.read_csv(io.StringIO(text), skipinitialspace=True)
    pd.testing.assert_frame_equal(load_table(name), expected)
    for got, want in zip(load_rows(name), expected.to_dict("records"), strict=True):
        assert got.keys() == want.keys()
        for key, value in want.items():
            if isinstance(value, float) and math.isnan(value):
                assert isinstance(got[key], float) and math.isnan(got[key])
            else:
                assert got[key] == value and type(got[key]) is type(value), (key, got[key])


# --- number rules of overlay files: the same as scenario files ----------------------

#: A valid overlay; ``wafer_price_usd`` (line 4) and ``stack_capacity_gb`` written as
#: YAML 1.2 exponents, integers on lines 5 (mask_layers) and 15 (launch_year).
NUMBERS_OK = textwrap.dedent(
    """\
    nodes:
      - name: N3E
        based_on: N3
        wafer_price_usd: 2.1e4
        mask_layers: 80
        source: "test"
        as_of: 2025-01
    accelerators:
      - name: exp-npu
        based_on: h100
        node: N3E
        peak_bf16_flop_per_s: 1e15
        source: "test"
        as_of: 2025-01
        launch_year: 2025
    """
)


def test_overlay_exponents_are_numbers(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(NUMBERS_OK, encoding="utf-8")
    res = run_cli("catalog", "--data", path, "--json")
    assert res.code == 0, res.err
    assert res.json()["exp-npu"]["peak_bf16_flop_per_s"] == 1e15
    chip = run_cli("chip", "exp-npu", "--data", path, "--json")
    assert chip.code == 0, chip.err
    assert chip.json()["node"] == "N3E"
    assert chip.json()["wafer_price_usd"] == 21000
    with using_overlay(load_overlay(path)):
        assert get_node("N3E").wafer_price_usd == 21000


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "needle"),
    [
        ("1e15", '"1e15"', 12, "accelerators.0.peak_bf16_flop_per_s", "without quotes"),
        ("2.1e4", '"2.1e4"', 4, "nodes.0.wafer_price_usd", "without quotes"),
        ("launch_year: 2025", 'launch_year: "2025"', 15, "accelerators.0.launch_year", "quotes"),
        ("launch_year: 2025", "launch_year: 2025.5", 15, "accelerators.0.launch_year", "integer"),
        ("mask_layers: 80", "mask_layers: 80.5", 5, "nodes.0.mask_layers", "an integer"),
        ("name: N3E", f"name: {'n' * 201}", 2, "nodes.0.name", "at most 200 characters"),
        ("name: exp-npu", f"name: {'n' * 201}", 9, "accelerators.0.name", "at most 200"),
    ],
)
def test_overlay_number_rules(
    run_cli, tmp_path: Path, old: str, new: str, line: int, field: str, needle: str
) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(NUMBERS_OK.replace(old, new, 1), encoding="utf-8")
    res = run_cli("chip", "h100", "--data", path)
    assert_one_line_error(res, f"{path}:{line}: {field}: ", needle)


def test_overlay_site_tax_rate_given_or_copied(tmp_path: Path) -> None:
    """A site added with --data has a tax rate: its own, else its based_on site's."""
    from tigris.finance.prices import corporate_tax_rate

    text = OVERLAY.replace(
        "sites:\n",
        "sites:\n  - name: mysite\n    based_on: taiwan\n"
        "    corporate_tax_rate: 0.3\n    source: t\n    as_of: 2025-01\n",
        1,
    )
    assert "mysite" in text
    path = tmp_path / "o.yaml"
    path.write_text(text, encoding="utf-8")
    with data_overlay(path):
        assert corporate_tax_rate("mysite") == 0.3  # given
        assert corporate_tax_rate("india") == corporate_tax_rate("japan")  # based_on japan


def test_a_part_replacing_itself_keeps_its_aliases() -> None:
    """Review of 2026-12-03: ``name: h100-sxm, based_on: h100-sxm`` dropped the row's
    aliases, so ``-a h100`` (and the rental lookup's 'H100') was refused under that
    ``--data``; a new part based on it still gets none of them."""
    from tigris.catalog import custom_parts, load_catalog
    from tigris.catalog_schema import CustomAccelerator

    shipped = load_catalog()["h100-sxm"].aliases
    assert "h100" in shipped
    specs = [
        CustomAccelerator(
            name="h100-sxm", based_on="h100-sxm", price_usd=20000.0, source="x", as_of="2026-12"
        ),
        CustomAccelerator(name="my-h100", based_on="h100-sxm", source="x", as_of="2026-12"),
    ]
    added, problems = custom_parts(specs, load_catalog(), "f.yaml", lambda loc: None)
    assert problems == []
    assert added["h100-sxm"].aliases == shipped
    assert added["my-h100"].aliases == ()

"""A scenario's own product, as an analyst judging a "100x perf/W" part writes one
(user test s57, new-chip claims #1-#3).

- #1: the share checks count a part from its catalog ``launch_year``, as the plan
  makes it (a 2028 part's ``min_share`` was summed into 2026's and a valid scenario
  refused; a 2026 with too little left to make passed the check and the plan said
  "infeasible").
- #2: a product's own ``system_power_w`` and ``h100e`` get the physical checks a
  part's figures get (1 µW a unit at 1e6 H100e planned 964.6M H100e), and the power a
  unit draws is an assumptions row.
- #3: ``compare`` of ``products: roadmap`` against ``[roadmap, {new part}]`` is one
  row, not one per roadmap product.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import assert_one_line_error, data_table, line_of, write_scenario
from tigris.silicon.params import silicon_param

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
NPU = "neuromorphic-npu.yaml"
#: A part of 10x the H100's dense peaks at 130 W of system power, launching 2028.
PART = """\
accelerators:
  - name: photon-x
    based_on: h100
    vendor: "Photon Inc."
    launch_year: 2028
    peak_bf16_flop_per_s: 9.894e15
    peak_fp8_flop_per_s: 1.9789e16
    tdp_w: 70
    system_power_w: 130
    price_usd: 30000
    source: "Vendor claim: 100x H100 FLOP/s per W"
    as_of: 2026-06
"""


def _with_products(tmp_path: Path, products: str) -> Path:
    text = (EXAMPLES / "neuromorphic-plan.yaml").read_text(encoding="utf-8")
    old = "products:\n  - name: b200\n  - name: neuro-npu\n"
    assert old in text
    return write_scenario(tmp_path, text.replace(old, products))


def _part(tmp_path: Path) -> Path:
    path = tmp_path / "photon.yaml"
    path.write_text(PART, encoding="utf-8")
    return path


def test_a_part_not_yet_launched_is_no_share_of_the_year(run_cli, tmp_path: Path) -> None:
    # 2026-27: b200 alone (>= 0.5 of it: met); 2028 on: photon-x alone (>= 0.6: met)
    products = (
        "products:\n  - {name: b200, last_year: 2027, min_share: 0.5}\n"
        "  - {name: photon-x, min_share: 0.6}\n"
    )
    path = _with_products(tmp_path, products)
    res = run_cli("scenario", "check", path, "--data", _part(tmp_path))
    assert res.code == 0, res.err
    assert "valid scenario" in res.out


def test_a_year_with_too_little_left_to_make_is_named(run_cli, tmp_path: Path) -> None:
    # in 2026 only b200 is made (photon-x launches in 2028), capped at half of it
    products = (
        "products:\n  - {name: b200, last_year: 2027, max_share: 0.5}\n"
        "  - {name: photon-x, max_share: 1.0}\n"
    )
    path = _with_products(tmp_path, products)
    res = run_cli("scenario", "check", path, "--data", _part(tmp_path))
    assert res.code == 2 and res.out == ""
    errors = [x for x in res.err.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and "products made in 2026 add up to 0.5" in errors[0], res.err


def test_a_product_power_below_landauer_is_refused(run_cli, tmp_path: Path) -> None:
    products = (
        "products:\n  - {name: b200, h100e: 1.0e6, system_power_w: 1.0e-6, "
        'source: "vendor claim"}\n'
    )
    path = _with_products(tmp_path, products)
    res = run_cli("scenario", "check", path)
    line = line_of(path, "system_power_w: 1.0e-6")
    assert_one_line_error(res, f":{line}: products.0.system_power_w", "Landauer")
    # the figure is refused where a part's own is: 1e-6 W over 1e6 x the H100's peak
    h100 = next(r for r in data_table("accelerators") if r["name"] == "h100-sxm")
    per_flop = 1e-6 / (1e6 * float(h100["peak_bf16_flop_per_s"]))
    assert per_flop < silicon_param("landauer_limit_j_per_bit")


def test_a_product_beyond_every_part_per_watt_is_warned(run_cli, tmp_path: Path) -> None:
    # 50 H100e at b200's catalog system power: far beyond every part's H100e a watt
    products = 'products:\n  - {name: b200, h100e: 50, source: "vendor claim"}\n'
    path = _with_products(tmp_path, products)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    assert "products.0.h100e" in res.err and "beyond every catalog part" in res.err


def test_a_catalog_part_is_not_warned(run_cli, tmp_path: Path) -> None:
    path = _with_products(tmp_path, "products:\n  - name: b200\n")
    res = run_cli("scenario", "check", path)
    assert res.code == 0 and "warning" not in res.err, res.err


def test_the_power_a_unit_draws_is_an_assumption(run_cli, tmp_path: Path) -> None:
    products = (
        "products:\n  - name: b200\n"
        '  - {name: neuro-npu, system_power_w: 140, source: "vendor sheet"}\n'
    )
    path = _with_products(tmp_path, products)
    res = run_cli("scenario", "show", path, "--assumptions", "--data", EXAMPLES / NPU)
    assert res.code == 0, res.err
    b200 = next(r for r in data_table("accelerators") if r["name"] == "b200")
    watts = float(b200["system_power_w"])
    lines = res.out.splitlines()
    row = next(i for i, x in enumerate(lines) if x.startswith("b200: system power per unit:"))
    assert f": {watts:g} W" in lines[row].replace(",", ""), lines[row]
    own = next(x for x in lines if x.startswith("neuro-npu: system power per unit:"))
    assert "140 W" in own
    assert "products.1.system_power_w (vendor sheet)" in res.out


def test_compare_the_roadmap_with_one_part_added() -> None:
    from tigris.runs.compare import scenario_diff
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import ABSENT, load_any
    from tigris.scenario.load import reference_scenario_text

    text = reference_scenario_text()
    assert "\nproducts: roadmap\n" in text
    added = "\nproducts: [roadmap, {name: my-b200, accelerator: b200, max_share: 0.5}]\n"
    b = load_any(text.replace("\nproducts: roadmap\n", added))
    rows = scenario_diff(reference_scenario(), b)
    assert rows == [("products.my-b200", ABSENT, "my-b200")]


def test_a_die_on_no_wafer_names_the_wafer_given(run_cli) -> None:
    """``--wafer-mm 12`` (inches for millimetres) counted 0 dies with exit 0 (user test
    s57 #7); a 10 x 10 mm die's diagonal, 14.1 mm, is longer than the 6 mm usable."""
    res = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1", "--wafer-mm", "12")
    assert_one_line_error(res, "--wafer-mm", "0 gross dies", "300 for a 12-inch wafer")
    ok = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1", "--json")
    assert ok.code == 0 and ok.json()["gross_dies"] > 0


def test_prices_in_thousands_are_warned(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    path.write_text(
        "nodes:\n  - {name: N4, based_on: N4, wafer_price_usd: 17, source: x, as_of: 2025-01}\n"
        "hbm:\n  - {name: HBM3, based_on: HBM3, price_usd_per_gb: 0.01, source: x, "
        "as_of: 2025-01}\n",
        encoding="utf-8",
    )
    res = run_cli("chip", "h100", "--data", path)
    assert res.code == 0, res.err
    smallest = min(float(r["wafer_price_usd"]) for r in data_table("nodes"))
    assert f"k.yaml:2: nodes.0.wafer_price_usd: 17 is {smallest / 17:.3g}x below" in res.err
    assert "k.yaml:4: hbm.0.price_usd_per_gb" in res.err


def test_an_interconnect_in_tb_per_s_is_warned(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "ic.yaml"
    part = "accelerators:\n  - {name: px, based_on: h100, interconnect_gb_per_s: %s, "
    for value, words in (("0.9", "below every catalog part's"), ("9.0e8", "beyond every")):
        path.write_text(part % value + "source: x, as_of: 2026-01}\n", encoding="utf-8")
        res = run_cli("catalog", "--accelerators", path)
        assert res.code == 0, res.err
        assert "accelerators.0.interconnect_gb_per_s" in res.err and words in res.err


def test_a_refused_node_is_not_also_unknown(run_cli, tmp_path: Path) -> None:
    """A node entry refused for a problem of its own was also "unknown" at the part
    naming it, with a hint to add it with --data, where it was (user test s57 #6a)."""
    path = tmp_path / "nx.yaml"
    node = (
        "nodes:\n  - {name: NX, based_on: N3, d0_mature_per_cm2: 0.5, source: x, as_of: 2025-01}\n"
    )
    part = "accelerators:\n  - {name: px, based_on: h100, node: %s, source: x, as_of: 2026-01}\n"
    path.write_text(node + part % "NX", encoding="utf-8")
    assert_one_line_error(run_cli("chip", "px", "--data", path), "nx.yaml:2: nodes.0.d0_mature")
    # a node the file does not define is still unknown at the part
    path.write_text(node + part % "NY", encoding="utf-8")
    res = run_cli("chip", "px", "--data", path)
    assert res.code == 2 and "unknown node 'NY'" in res.err


def test_base_dies_without_their_area_and_node_are_refused(run_cli, tmp_path: Path) -> None:
    """``base_dies: 4`` alone was listed by ``catalog``, refused by ``chip`` without its
    line and blamed on a scenario's product (user test s57 #6b)."""
    path = tmp_path / "bd.yaml"
    path.write_text(
        "accelerators:\n  - {name: pb, based_on: h100, base_dies: 4, source: x, as_of: 2026-01}\n",
        encoding="utf-8",
    )
    for args in (("catalog", "--accelerators", path), ("chip", "pb", "--data", path)):
        assert_one_line_error(
            run_cli(*args),
            "bd.yaml:2: accelerators.0.base_dies",
            "base_die_area_mm2 and base_die_node",
        )

"""``tigris fab`` says what its numbers are (user test 2026-12-04, UT-CLAIMS D4, D6, D12).

- D6: ``--product`` counted logic dies and called them "good accelerators"; the count
  is good logic dies x package yield, and the interposers and HBM those packages need
  are not made by the fab.
- D4: a fab of 1e9 wspm printed 507,010 EUV scanners with no word; a fab needing more
  EUV scanners than ASML sells in a year, or larger than any fab with a published
  budget, is warned about.
- D12: the table names the scanners' unit prices and the published fab cost the money
  is calibrated on, and says when the case asked is that calibration fab.

Hand values: a Low-NA EUV tool passes 75 wafers/h x 0.90 uptime x 730.5 h/month =
49,308.75 wafer passes a month (fab_tools.csv); N2 has 25 EUV layers (nodes.csv), so a
fab of W wspm needs ceil(25 W / 49,308.75) tools: 26 at 50,000, 51 at 100,000, 54 at
105,000. ASML sold 53 EUV systems in 2023 (lithography_shipments.csv). The largest
single fab in fab_budgets.csv is 100,000 wspm (SMIC's 28 nm fabs).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from tests.conftest import CliResult

EUV_PASSES_PER_MONTH = 75 * 0.90 * 730.5


def _euv_tools(wspm: float, layers: int = 25) -> int:
    return math.ceil(layers * wspm / EUV_PASSES_PER_MONTH)


def test_hand_tool_counts() -> None:
    assert [_euv_tools(w) for w in (50_000, 100_000, 105_000)] == [26, 51, 54]


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal wide enough that no table cell wraps (phrases stay on one line)."""
    monkeypatch.setenv("COLUMNS", "400")


def test_product_count_is_labelled_and_needs_shown(
    run_cli: Callable[..., CliResult], wide: None
) -> None:
    args = ("fab", "--node", "N4", "--site", "taiwan", "--wspm", "50000", "--product", "h100")
    res = run_cli(*args)
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert "good accelerators/year" not in text
    assert "logic dies" in text and "package yield 0.95" in text
    assert "not limiting" in text
    assert "HBM3 stacks" in text and "interposer wafers" in text
    out = run_cli(*args, "--json").json()
    inputs = out["product_inputs"]
    assert out["product_package"] == "CoWoS-S" and out["product_package_yield"] == 0.95
    assert out["product_hbm_generation"] == "HBM3"
    # H100 SXM: 5 active HBM3 stacks (80 GB = 5 x 16 GB, NVIDIA datasheet); a failed
    # package scraps its stacks, so 5 / 0.95 stacks per good accelerator
    acc = out["accelerators_per_year"]
    assert inputs["hbm_stacks_per_year"] == pytest.approx(acc * 5 / 0.95, rel=1e-9)
    # 29 whole H100 interposers per CoWoS-S wafer (the supply-chain count, docs/silicon.md)
    # x 0.98 interposer yield x 0.95 package yield (packaging.csv)
    wafers = acc / (29 * 0.98 * 0.95)
    assert inputs["interposer_wafers_per_year"] == pytest.approx(wafers, rel=1e-9)
    # the world's CoWoS at its end-2025 rate: TSMC 75,000 + OSATs 17,000 wspm; HBM DRAM
    # wafers: SK hynix 160,000 + Samsung 170,000 + Micron 55,000 wspm
    # (incumbent_capacity.csv, the last year of reported rows)
    world = out["product_world_share"]
    assert world["cowos"]["year"] == 2025 and world["hbm"]["year"] == 2025
    assert world["cowos"]["world_wafers_per_year"] == (75_000 + 17_000) * 12
    assert world["cowos"]["share"] == pytest.approx(wafers / 1_104_000, rel=1e-9)
    assert world["hbm"]["world_wafers_per_year"] == (160_000 + 170_000 + 55_000) * 12
    assert "of the world's CoWoS wafers at its end-2025 rate" in text


@pytest.mark.parametrize(
    ("wspm", "euv_warned", "size_warned"),
    [(50_000, False, False), (100_000, False, False), (105_000, True, True)],
)
def test_world_supply_and_size_warnings(
    run_cli: Callable[..., CliResult], wspm: int, euv_warned: bool, size_warned: bool
) -> None:
    res = run_cli("fab", "--node", "N2", "--site", "taiwan", "--wspm", str(wspm), "--json")
    assert res.code == 0, res.err
    out = res.json()
    assert out["euv_tools"] == _euv_tools(wspm)
    warnings = out["warnings"]
    assert any("EUV scanners" in w and "53 sold in 2023" in w for w in warnings) == euv_warned
    assert any("largest single fab" in w for w in warnings) == size_warned


def test_absurd_fab_warns_in_text(run_cli: Callable[..., CliResult], wide: None) -> None:
    res = run_cli("fab", "--node", "N2", "--wspm", "1e9", "--site", "taiwan")
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert f"needs {_euv_tools(1e9):,} EUV scanners" in text
    assert "warning:" in text and "10,000.0x the largest single fab" in text


def test_calibration_named_and_in_sample_flagged(
    run_cli: Callable[..., CliResult], wide: None
) -> None:
    base = ("fab", "--node", "N2", "--site", "taiwan", "--dollars-of", "2024")
    out = run_cli(*base, "--wspm", "50000", "--json").json()
    cal = out["calibration"]
    # IBS (Dec 2023): a 50,000-wspm 2 nm fab costs about US$28B (fab_parameters.csv)
    assert cal["reference_node"] == "N2" and cal["reference_capex_usd"] == 28e9
    assert cal["reference_price_year"] == 2023 and "IBS" in cal["reference_source"]
    assert cal["in_sample"] is True and "by construction" in cal["in_sample_reason"]
    # fab_tools.csv: US$200M Low-NA, US$380M High-NA, US$70M ArFi, all in 2024 dollars
    prices = {k: v["price_usd"] for k, v in cal["scanner_unit_price_usd"].items()}
    assert prices == pytest.approx(
        {"low_na_euv": 200e6, "high_na_euv": 380e6, "duv_immersion": 70e6}, rel=1e-12
    )
    litho = out["lithography_breakdown_usd"]
    assert litho["low_na_euv"] == pytest.approx(out["euv_tools"] * 200e6, rel=1e-12)
    table = run_cli(*base, "--wspm", "50000").out
    text = " ".join(table.split())
    assert "calibrated on" in text and "IBS" in text and "calibration fab" in text
    cells = [ln.split("│") for ln in table.splitlines() if ln.count("│") >= 3]
    rows = {c[1].strip(): c[2].strip() for c in cells}
    assert rows["Low-NA EUV price"] == "$200M" and rows["High-NA EUV price"] == "$380M"
    other = run_cli(*base, "--wspm", "30000", "--json").json()["calibration"]
    assert other["in_sample"] is False and other["in_sample_reason"] is None
    assert "calibration fab" not in " ".join(run_cli(*base, "--wspm", "30000").out.split())


@pytest.mark.parametrize(
    ("wspm", "tools", "euv_warned"), [(104_000, 53, False), (104_600, 54, True)]
)
def test_euv_warning_starts_past_one_years_sales(
    run_cli: Callable[..., CliResult], wspm: int, tools: int, euv_warned: bool
) -> None:
    """A fab needing exactly ASML's 53 EUV scanners of 2023 can be tooled in a year; 54 cannot.

    By hand: ceil(25 x 104,000 / 49,308.75) = ceil(52.73) = 53, ceil(25 x 104,600 /
    49,308.75) = ceil(53.03) = 54.
    """
    assert _euv_tools(wspm) == tools
    out = run_cli("fab", "--node", "N2", "--site", "taiwan", "--wspm", str(wspm), "--json").json()
    assert out["euv_tools"] + out["high_na_tools"] == tools
    assert any("EUV scanners" in w for w in out["warnings"]) == euv_warned

"""The hindcast's HBM costed part by part, in wafers and GB (UT-HBM #4, #3, #7).

- #4: Epoch's H100/H200 rows are split by a sourced H200 share (data/accelerator_shipments.csv)
  and the H200 part is costed at the h200 catalog part's bill; stand-ins whose HBM is known
  carry their own (TPU v5p, Trainium2 from the catalog; MI300A, MI250X from the row).
- #3: ``tigris hindcast`` and ``--json`` give the HBM in DRAM wafer starts a month and GB.
- #7: nonsense HBM rows in a ``--data`` file are refused at ``file:line`` naming the field.

Every expected number is by hand from the sources the rows cite (Epoch AI's quarterly
units, the datasheets' stacks and GB), never the code's own output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.data import load_rows
from tigris.world import hindcast as hc
from tigris.world.demand import shipments_h100e

#: Epoch AI, canonical_export/nvidia/sales_quarterly_by_chip.csv (generated 2026-09-24):
#: median H100/H200 units by calendar quarter [units].
_EPOCH_HOPPER = {
    2024: (552_252, 650_875, 794_383, 681_106),
    2025: (329_019, 228_708, 127_307, 23_385),
}
#: The H200 share of units by quarter the rows cite: 0 before Q3 2024 (TrendForce: volume
#: from Q3 2024), then the midpoint of 50-100 % (NVIDIA Q3 FY2025 'double-digit
#: billions'; TrendForce: mainstream into 2025) [-].
_SHARE = {2024: (0.0, 0.0, 0.75, 0.75), 2025: (0.75, 0.75, 0.75, 0.75)}


def _hopper(year: int) -> dict[str, dict]:
    rows = [
        r
        for r in load_rows("accelerator_shipments")
        if r["product"] == "H100/H200" and r["role"] == "in-sample" and r["year"] == year
    ]
    return {r["accelerator"]: r for r in rows}


@pytest.mark.parametrize("year", [2024, 2025])
def test_h100_h200_rows_add_up_to_epochs_and_split_by_the_cited_share(year: int) -> None:
    rows = _hopper(year)
    assert set(rows) == {"h100-sxm", "h200"}
    total = sum(_EPOCH_HOPPER[year])
    assert rows["h100-sxm"]["units"] + rows["h200"]["units"] == total
    by_hand = sum(s * u for s, u in zip(_SHARE[year], _EPOCH_HOPPER[year], strict=True))
    assert rows["h200"]["units"] == round(by_hand)  # 1,106,617 and 531,314


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_split_keeps_every_row_at_one_h100e_a_unit(year: int) -> None:
    # H200 has H100's compute (NVIDIA datasheets); Epoch counts both at 1 H100e, and the
    # demand calibrated on these rows must not move
    df = shipments_h100e(year)
    hop = df[df["product"] == "H100/H200"]
    assert (hop["h100e"] == hop["units"]).all()
    assert hop["units"].sum() == sum(_EPOCH_HOPPER.get(year, (891_657,)))


def _product(prods: list[dict], name: str) -> dict:
    (p,) = [p for p in prods if p["name"] == name]
    return p


@pytest.fixture(scope="module")
def prods_2024() -> list[dict]:
    return hc._inputs((2024,), "announced")[1]


@pytest.mark.parametrize(
    ("name", "gb"),
    [
        # H200: 141 GB usable on 6 stacks of 24 GB HBM3E (NVIDIA H200 datasheet)
        ("NVIDIA H100/H200 (as h200)", 6 * 24),
        # TPU v5p: 95 GB in 6 stacks of HBM2e, 16 GB each (Google Cloud TPU v5p docs)
        ("Google TPU v5p (as h100-sxm)", 6 * 16),
        # Trainium2: 96 GiB in 4 stacks, 24 GB-class 12-high HBM3 (AWS Neuron docs)
        ("AWS Trainium2 (as h100-sxm)", 4 * 24),
        # MI300A: 128 GB HBM3 in 8 stacks; MI250X: 128 GB HBM2e in 8 (AMD datasheets)
        ("AMD MI300A (as h100-sxm)", 8 * 16),
        ("AMD MI250X (as h100-sxm)", 8 * 16),
    ],
)
def test_each_part_carries_its_own_hbm(prods_2024: list[dict], name: str, gb: int) -> None:
    # before the split every one of these carried H100's 5 x 16 = 80 GB; the package
    # yield divides both alike (same CoWoS-S package and year), so the ratio is GB / 80
    h100 = _product(prods_2024, "NVIDIA H100/H200")
    part = _product(prods_2024, name)
    ratio = float(part["bill"]["hbm_gb"][0] / h100["bill"]["hbm_gb"][0])
    assert ratio == pytest.approx(gb / 80, rel=1e-12)
    # logic and CoWoS stay the stand-in's (H100's die and package)
    for key in ("logic", "interposer"):
        assert float(part["bill"][key][0]) == pytest.approx(float(h100["bill"][key][0]))


def test_h200_takes_more_dram_wafers_per_gb_than_h100(prods_2024: list[dict]) -> None:
    # H200's HBM3E (150 mm^2 dies of 24 Gb) against H100's HBM3 (100 mm^2 of 16 Gb):
    # 1.8x the GB, and more than that in wafers while HBM3E's bonding yield is young
    h100 = _product(prods_2024, "NVIDIA H100/H200")["bill"]
    h200 = _product(prods_2024, "NVIDIA H100/H200 (as h200)")["bill"]
    assert float(h200["hbm_wafers"][0] / h100["hbm_wafers"][0]) > 1.8


@pytest.fixture(scope="module")
def doc() -> dict:
    return hc.hindcast_to_dict(hc.hindcast())


def test_absolute_hbm_agrees_with_the_shares(doc: dict) -> None:
    for y in doc["years"]:
        pooled = y["hbm_absolute"]["pooled"]
        makers = y["hbm_absolute"]["by_maker"]
        assert set(makers) == {"SK hynix", "Samsung", "Micron"}
        # the pooled capacity is the makers' sum, its use the printed share
        assert sum(m["wspm_available"] for m in makers.values()) == pytest.approx(
            pooled["wspm_available"]
        )
        assert pooled["wspm_used"] / pooled["wspm_available"] == pytest.approx(
            y["utilisation"]["hbm"]
        )
        # GB: the capacity's GB at the mix's GB per wafer, GB made at 12 months a year
        assert pooled["gb_used"] == pytest.approx(12 * pooled["wspm_used"] * pooled["gb_per_wafer"])
        assert pooled["gb_available"] / pooled["gb_used"] == pytest.approx(
            pooled["wspm_available"] / pooled["wspm_used"]
        )
        for m, v in makers.items():
            share = y["hbm_by_maker"][m]
            assert v["wspm_used_least"] == pytest.approx(share["least"] * v["wspm_available"])
            assert v["wspm_used_least"] <= v["wspm_used_most"] * (1 + 1e-9)
        # the published shipments at the bills: wafers a month against the same capacity
        pub = y["published_at_model_bills"]
        assert pub["hbm_wspm"] / pooled["wspm_available"] == pytest.approx(pub["hbm"])


def test_published_2024_hbm_gb_by_hand_for_hopper(doc: dict) -> None:
    # a floor by hand: 2024's H100 part x 80 GB + H200 part x 144 GB, before package
    # yield losses (which only add GB): the published GB must be at least that
    rows = _hopper(2024)
    floor = rows["h100-sxm"]["units"] * 80 + rows["h200"]["units"] * 144
    y2024 = next(y for y in doc["years"] if y["year"] == 2024)
    assert y2024["published_at_model_bills"]["hbm_gb"] > floor


def test_cli_prints_hbm_in_wafers_and_gb(run_cli) -> None:
    res = run_cli("hindcast")
    assert res.code == 0, res.err
    assert "HBM in DRAM wafer starts a month (k wspm) and GB" in res.out
    flat = " ".join(res.out.split())  # rows wrap on a narrow terminal
    for word in ("SK hynix,", "Samsung,", "Micron,", "GB per DRAM wafer start"):
        assert word in flat
    js = run_cli("hindcast", "--json").json()
    assert {"pooled", "by_maker", "unit"} <= set(js["years"][0]["hbm_absolute"])


# --- #7: nonsense HBM rows in a --data file -------------------------------------------


def _data(tmp_path: Path, lines: str) -> Path:
    path = tmp_path / "hbm.yaml"
    path.write_text(
        "hbm:\n  - name: HBM3e\n    based_on: HBM3e\n    source: test\n    as_of: 2026-12\n"
        + "".join(f"    {ln}\n" for ln in lines.splitlines())
    )
    return path


@pytest.mark.parametrize(
    ("lines", "line", "field"),
    [
        ("dies_per_stack: 20", 6, "dies_per_stack"),  # JEDEC stops at 16-high
        ("dram_die_area_mm2: 0.001", 6, "dram_die_area_mm2"),  # 24,000 Gb/mm^2
        ("stack_capacity_gb: 100000", 6, "stack_capacity_gb"),  # 667 Gb/mm^2
        ("bond_yield_per_die_start: 0.999\nbond_yield_per_die: 0.9", 6, "bond_yield_per_die_start"),
        ("dram_d0_per_cm2: 0.01\ndram_d0_mature_per_cm2: 0.5", 7, "dram_d0_mature_per_cm2"),
    ],
)
def test_nonsense_hbm_rows_are_refused_at_file_line(
    run_cli, tmp_path: Path, lines: str, line: int, field: str
) -> None:
    path = _data(tmp_path, lines)
    res = run_cli("chip", "h200", "--data", path, "--year", "2025")
    assert_one_line_error(res, f"{path}:{line}:", f"hbm.0.{field}")


@pytest.mark.parametrize("lines", ["dies_per_stack: 12", "stack_capacity_gb: 36"])
def test_plausible_hbm_rows_are_still_accepted(run_cli, tmp_path: Path, lines: str) -> None:
    # 12 dies of 24 Gb: 36 GB (HBM3E 12-high); 36 GB on 8 dies of 150 mm^2 is 0.24 Gb/mm^2
    res = run_cli("chip", "h200", "--data", _data(tmp_path, lines), "--year", "2025", "--json")
    assert res.code == 0, res.err

"""The catalog's system power per accelerator (``accelerators.csv`` ``system_power_w``)
against the published server and rack power it is derived from.

A part with a published system or rack figure carries that figure divided by its GPUs
(NVIDIA DGX datasheets and user guides, Supermicro's GB300 NVL72 specification, Compal's
HGX Rubin NVL8, NVIDIA's Kyber rack); every other part carries the documented rule,
TDP x the DGX H100 server/TDP ratio (10.2 kW / 8 / 700 W). The expected values are the
published figures, recomputed here; the brackets are other published figures for the
same system, so a share outside them would be a wrong reading, not a rounding.
"""

from __future__ import annotations

import csv
from importlib import resources

import pytest

#: NVIDIA DGX H100 datasheet: ~10.2 kW max for 8 H100 SXM at 700 W.
DGX_H100_RATIO = 10_200 / 8 / 700
#: Relative tolerance of a share recomputed from a rounded published figure [-].
REL = 0.005


def _rows() -> dict[str, dict[str, str]]:
    path = resources.files("tigris.data") / "accelerators.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    return _rows()


def _w(rows: dict[str, dict[str, str]], name: str) -> float:
    return float(rows[name]["system_power_w"])


@pytest.mark.parametrize(
    ("name", "system_w", "gpus"),
    [
        ("a100-sxm-80gb", 6_500, 8),  # DGX A100 datasheet, 6.5 kW max
        ("h100-sxm", 10_200, 8),  # DGX H100 datasheet, ~10.2 kW max
        ("b200", 14_300, 8),  # DGX B200 user guide, 14.3 kW max
        ("b300", 132_000, 72),  # Supermicro GB300 NVL72, 8 x 33 kW shelves, 132 kW
        ("rubin", 24_000, 8),  # Compal HGX Rubin NVL8, ~24 kW
        ("rubin-ultra", 600_000, 144),  # NVIDIA Kyber rack, 600 kW for 144 packages
        # Google's Ironwood blog (2025-04-09): a pod of 9,216 chips 'spanning nearly 10 MW'
        ("tpu-v7", 10_000_000, 9_216),
    ],
)
def test_published_systems_are_divided_by_their_gpus(
    rows: dict[str, dict[str, str]], name: str, system_w: float, gpus: int
) -> None:
    assert _w(rows, name) == pytest.approx(system_w / gpus, rel=REL)


@pytest.mark.parametrize(
    ("name", "low_w", "high_w", "gpus"),
    [
        # GB300 NVL72: Morgan Stanley's tray model ~120 kW to Supermicro's ~140 kW
        ("b300", 120_000, 140_000, 72),
        # Vera Rubin rack of 72 packages: 190 kW (Max-Q) to 230 kW (Max-P)
        ("rubin", 190_000, 230_000, 72),
    ],
)
def test_rack_scale_shares_sit_inside_the_published_rack_range(
    rows: dict[str, dict[str, str]], name: str, low_w: float, high_w: float, gpus: int
) -> None:
    assert low_w / gpus <= _w(rows, name) <= high_w / gpus


def test_rack_scale_parts_draw_less_beyond_tdp_than_the_air_cooled_rule(
    rows: dict[str, dict[str, str]],
) -> None:
    # The air-cooled DGX H100 rule would give B300 1,400 x 1.82 = 2,548 W (the +44 % of
    # the GB300 sites); the liquid-cooled rack, CPUs and switches included, is 1,833 W.
    for name in ("b300", "rubin", "rubin-ultra", "tpu-v7"):
        tdp = float(rows[name]["tdp_w"])
        assert tdp < _w(rows, name) < tdp * DGX_H100_RATIO


def test_every_share_covers_its_accelerator(rows: dict[str, dict[str, str]]) -> None:
    # A system's share per accelerator includes the accelerator itself (Epoch AI,
    # 'Can AI scaling continue through 2030?', fn. 8): system power >= TDP.
    for name, r in rows.items():
        if r["system_power_w"] and r["tdp_w"]:
            assert float(r["system_power_w"]) >= float(r["tdp_w"]), name


def test_parts_without_a_published_system_follow_the_documented_rule(
    rows: dict[str, dict[str, str]],
) -> None:
    rule = "the DGX H100 server/TDP ratio"
    ruled = [n for n, r in rows.items() if rule in r["source"]]
    assert {"mi355x", "mi455x", "tpu-v6e", "trainium3"} <= set(ruled)
    for name in ruled:
        tdp = float(rows[name]["tdp_w"])
        assert _w(rows, name) == pytest.approx(tdp * DGX_H100_RATIO, rel=REL), name


def test_each_published_share_names_its_source_and_date(
    rows: dict[str, dict[str, str]],
) -> None:
    for name, words in (
        ("b300", ("GB300 NVL72", "Supermicro", "132 kW", "as of 2025-09")),
        ("rubin", ("Compal", "HGX Rubin NVL8", "as of 2026-06")),
    ):
        for word in words:
            assert word in rows[name]["source"], (name, word)

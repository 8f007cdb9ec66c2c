"""UT-CONTRIB (2026-12-04) findings 1, 5, 6, 7 and 9: a contributor's part is checked.

Figures by hand from the datasheets the catalog rows cite: NVIDIA H100 SXM, 989.4
TFLOP/s dense BF16 and 3.35 TB/s; NVIDIA Vera Rubin (GTC 2025), 1,800 W TDP a GPU and
3,000 W a GPU of its server (the catalog's rubin row: system/TDP = 1.667).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.catalog import load_catalog
from tigris.data import load_rows
from tigris.overlay import data_overlay

H100_BF16 = 9.894e14  # dense BF16 [FLOP/s], NVIDIA H100 SXM datasheet
RUBIN_TDP_W, RUBIN_SYSTEM_W = 1800.0, 3000.0  # catalog rubin row (NVIDIA GTC 2025)

PART = """\
accelerators:
  - name: acme-x2
    based_on: rubin
    vendor: "Acme AI"
    launch_year: 2026
    peak_bf16_flop_per_s: {bf16}
    peak_fp8_flop_per_s: {fp8}
    memory_gb: 288
    memory_bw_gb_per_s: {bw}
    tdp_w: 1400
    price_usd: 40000
    source: "Acme AI press release (hypothetical, test)"
    as_of: {as_of}
"""


def _file(tmp_path: Path, name: str = "d.yaml", **kw: object) -> Path:
    values = {"bf16": "2.5e15", "fp8": "5.0e15", "bw": "16000", "as_of": "2026-03", **kw}
    path = tmp_path / name
    path.write_text(PART.format(**values), encoding="utf-8")
    return path


def test_rubin_row_is_the_published_one() -> None:
    """The figures the next test derives from are the ones the row cites."""
    rubin = load_catalog()["rubin"]
    assert (rubin.tdp_w, rubin.system_power_w) == (RUBIN_TDP_W, RUBIN_SYSTEM_W)


def test_a_new_tdp_moves_the_system_power_by_the_base_ratio(tmp_path: Path) -> None:
    """Finding 6: 1,400 W TDP based on Rubin kept Rubin's 3,000 W (2.14x its TDP); at
    Rubin's ratio it is 3,000 x 1,400 / 1,800 = 2,333 W."""
    with data_overlay(_file(tmp_path)):
        part = load_catalog()["acme-x2"]
    assert part.system_power_w == pytest.approx(RUBIN_SYSTEM_W * 1400 / RUBIN_TDP_W)


def test_a_given_system_power_is_kept(tmp_path: Path) -> None:
    path = _file(tmp_path)
    path.write_text(
        path.read_text().replace("    tdp_w: 1400\n", "    tdp_w: 1400\n    system_power_w: 2600\n")
    )
    with data_overlay(path):
        assert load_catalog()["acme-x2"].system_power_w == 2600


def test_a_peak_in_tflops_is_refused_at_its_line(run_cli, tmp_path: Path) -> None:
    """Finding 1: 2,500 for 2.5e15 is 2.5e-12 H100e a unit; refused, naming the unit."""
    path = _file(tmp_path, bf16="2500", fp8="5.0e15")
    res = run_cli("catalog", "acme-x2", "--data", path)
    assert_one_line_error(
        res, f"{path}:6: accelerators.0.peak_bf16_flop_per_s: 2500 FLOP/s", "in FLOP/s"
    )


def test_every_shipped_peak_is_within_a_prefix_of_the_h100() -> None:
    """The shipped table by the same rule, against the published H100 (not the table):
    no row's dense peak is 1,000x (one SI prefix) below the H100's or above it."""
    for row in load_rows("accelerators"):
        for col in ("peak_bf16_flop_per_s", "peak_fp8_flop_per_s"):
            value = float(row[col])
            if value != value:  # not published (a100: no FP8)
                continue
            assert H100_BF16 / 1e3 < value < H100_BF16 * 1e3, (row["name"], col, value)


def test_a_bandwidth_slip_is_blamed_on_the_bandwidth_line(run_cli, tmp_path: Path) -> None:
    """Finding 7: 16 for 16,000 GB/s: the warning names memory_bw_gb_per_s, line 9."""
    path = _file(tmp_path, "bw.yaml", bw="16")
    res = run_cli("catalog", "acme-x2", "--data", path)
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if "per byte/s" in ln]
    assert line.startswith(f"warning: {path}:9: accelerators.0.memory_bw_gb_per_s: "), line
    assert "peak_bf16_flop_per_s 2.5e+15 over memory_bw_gb_per_s 16" in line


def test_one_part_in_both_files_is_refused(run_cli, tmp_path: Path) -> None:
    """Finding 5: --accelerators silently won over --data."""
    data = _file(tmp_path)
    acc = _file(tmp_path, "acc.yaml")
    res = run_cli("catalog", "acme-x2", "--data", data, "--accelerators", acc)
    assert_one_line_error(res, f"{acc}:2: accelerators.0.name", f"--data {data} too")


@pytest.mark.parametrize("bad", ["2026-13", "soon", "March 2026", "2024-02-30"])
def test_an_as_of_that_is_no_date_is_refused(run_cli, tmp_path: Path, bad: str) -> None:
    """Finding 9: any text was accepted; the shipped tables write YYYY[-MM[-DD]]."""
    path = _file(tmp_path, as_of=f'"{bad}"')
    res = run_cli("catalog", "acme-x2", "--data", path)
    assert_one_line_error(res, f"{path}:13: accelerators.0.as_of", "YYYY-MM")


def test_a_future_as_of_warns(run_cli, tmp_path: Path) -> None:
    later = datetime.date.today().year + 2
    path = _file(tmp_path, "future.yaml", as_of=f"{later}-01-01")
    res = run_cli("catalog", "acme-x2", "--data", path)
    assert res.code == 0, res.err
    assert f"warning: {path}:13: accelerators.0.as_of: as_of {later}-01-01 is after" in res.err


def test_a_price_in_thousands_is_warned(run_cli, tmp_path: Path) -> None:
    """Finding 8: price_usd 40 (a $k slip) gave a gross margin of -27,751%, silently."""
    path = _file(tmp_path, "price.yaml")
    path.write_text(path.read_text().replace("price_usd: 40000", "price_usd: 40"))
    res = run_cli("catalog", "acme-x2", "--data", path)
    assert res.code == 0, res.err
    assert f"warning: {path}:11: accelerators.0.price_usd: $40 is" in res.err

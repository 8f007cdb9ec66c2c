"""``tigris runs export``: an ``--out`` whose suffix says another format is refused
(user test s50 compare #5), and the units table gives a per-year quantity per year in
every table (#7).

#5: ``--format xlsx --out p3.csv`` wrote an Excel workbook named p3.csv, exit 0. Now
exit code 2, one line naming --out and the suffix to use, nothing written. A csv
export is a folder, which may still be named ``export.csv`` (tests/test_runs_cli.py).

#7: ``site_load`` has one row per site and year, so its energy, electricity cost and
emissions are a year's, as the columns of the same names in ``power`` (also by year)
say: ``TWh/year``, ``USD/year``, ``t CO2/year``, not ``TWh``, ``USD``, ``t CO2``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import assert_one_line_error

#: Columns of site_load that are a year's amount, and their units (by hand: the
#: table's rows are per site and year).
PER_YEAR = {
    "energy_twh": "TWh/year",
    "energy_twh_year_mean": "TWh/year",
    "electricity_cost_usd": "USD/year",
    "emissions_t_co2": "t CO2/year",
}


@pytest.mark.parametrize(
    ("fmt", "name", "want"),
    [
        ("xlsx", "p3.csv", ".xlsx"),
        ("netcdf", "p3.xlsx", ".nc"),
        ("xlsx", "p3.json", ".xlsx"),
        ("csv", "p3.xlsx", "directory"),
        ("parquet", "p3.nc", "directory"),
    ],
)
def test_a_suffix_of_another_format_is_refused(
    run_cli, small_store: tuple[Path, str], tmp_path: Path, fmt: str, name: str, want: str
) -> None:
    path, rid = small_store
    out = tmp_path / name
    res = run_cli("runs", "export", rid, "--format", fmt, "--out", out, "--store", path)
    assert_one_line_error(res, "--out", Path(name).suffix, want)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # nothing aside either


def test_own_suffixes_and_plain_names_are_written(
    run_cli, small_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, rid = small_store
    for fmt, name in (("xlsx", "p.XLSX"), ("csv", "export.csv"), ("xlsx", "plan")):
        out = tmp_path / name
        res = run_cli("runs", "export", rid, "--format", fmt, "--out", out, "--store", path)
        assert res.code == 0, res.err
        assert out.exists()


def test_site_load_units_are_per_year(
    run_cli, small_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, rid = small_store
    res = run_cli(
        "runs", "export", rid, "--format", "csv", "--out", tmp_path / "e", "--store", path
    )
    assert res.code == 0, res.err
    units = pd.read_csv(tmp_path / "e" / "units.csv")
    by = {(t, c): u for t, c, u in units[["table", "column", "unit"]].itertuples(index=False)}
    for column, unit in PER_YEAR.items():
        assert by[("site_load", column)] == unit, column
        # the same quantity by year in power has the same unit
        assert by[("power", column)] == unit, column
    res = run_cli(
        "runs", "export", rid, "--format", "netcdf", "--out", tmp_path / "e.nc", "--store", path
    )
    assert res.code == 0, res.err
    import xarray as xr

    with xr.open_dataset(tmp_path / "e.nc") as ds:
        for column, unit in PER_YEAR.items():
            name = f"load_{column}"
            assert ds[name].attrs["units"] == unit, name


def test_the_python_dataset_says_the_same_units(small_store: tuple[Path, str]) -> None:
    """``PlanResult.to_xarray()`` from Python gives site_load's per-year units too (the
    export's fix was first made in the export only, leaving the dataset's TWh)."""
    from tigris.runs.store import RunStore

    path, rid = small_store
    ds = RunStore(path).result(rid).to_xarray()
    for column, unit in PER_YEAR.items():
        assert ds[f"load_{column}"].attrs["units"] == unit, column

"""A site's ``ramp_months`` of 0 in the data tables (``--set data.sites.taiwan.
ramp_months=0``, or a ``--data`` site) is refused in one line naming the cell, exit 2,
as the scenario's ``sites.N.ramp_months: 0`` is: it was a ZeroDivisionError traceback
from the logistic ramp (fab/curves.py divides by the ramp time), exit 1, with nothing
on stdout for ``--json`` (user test 2026-12-06)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult, assert_one_line_error, line_of


def test_a_set_cell_of_zero_is_one_line(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("plan", "--no-store", "--json", "--set", "data.sites.taiwan.ramp_months=0")
    assert res.code == 2 and "Traceback" not in res.err, res.err
    assert "data.sites.taiwan.ramp_months=0: must be > 0" in res.err


def test_a_data_file_site_of_zero_is_its_line(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(
        "sites:\n"
        "  - name: taiwan-fast\n"
        "    based_on: taiwan\n"
        "    ramp_months: 0\n"
        "    source: a test\n"
        "    as_of: 2026-12\n",
        encoding="utf-8",
    )
    res = run_cli("fab", "--node", "N3", "--site", "taiwan-fast", "--data", data)
    assert_one_line_error(res, f"{data}:{line_of(data, 'ramp_months')}", "ramp_months")
    assert "> 0" in res.err

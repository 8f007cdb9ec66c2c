"""A ``--set`` cell refused by a rule across its row's fields names the ``--set``, not
the overlay text the cells are written into (user test 2026-12-06: ``tigris plan --set
nodes.N4.d0_per_cm2=0.01``, below N4's mature 0.044, said ``<data>:2:
nodes.0.d0_mature_per_cm2: ...``, a file and line the user never wrote)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tigris.data import load_rows

from .conftest import CliResult, assert_one_line_error


def test_a_node_cell_below_its_mature_d0_names_the_set(run_cli: Callable[..., CliResult]) -> None:
    (n4,) = [r for r in load_rows("nodes") if r["node"] == "N4"]
    mature = float(n4["d0_mature_per_cm2"])
    res = run_cli("plan", "--no-store", "--set", f"nodes.N4.d0_per_cm2={mature / 4:g}")
    assert_one_line_error(
        res,
        f"error: --set: nodes.N4.d0_per_cm2={mature / 4:g}: mature defect density {mature:g} "
        f"exceeds d0_per_cm2 {mature / 4:g}",
    )
    assert "<data>" not in res.err


def test_a_data_files_own_problem_keeps_its_file(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """The same rule broken by a ``--data`` file's node is named at its line."""
    data = tmp_path / "d.yaml"
    data.write_text(
        "nodes:\n  - name: N4\n    d0_per_cm2: 0.01\n    source: a test\n    as_of: 2026-12\n",
        encoding="utf-8",
    )
    res = run_cli("plan", "--no-store", "--data", data)
    assert res.code == 2 and str(data) in res.err and "--set" not in res.err, res.err


def test_a_sweep_member_names_its_cell(tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    """A sweep's members refused so: each member's error names its cell and value."""
    from .conftest import SMALL, write_scenario

    (n4,) = [r for r in load_rows("nodes") if r["node"] == "N4"]
    low = float(n4["d0_mature_per_cm2"]) / 4
    path = write_scenario(tmp_path, SMALL)
    res = run_cli(
        "sweep", path, "--set", f"nodes.N4.d0_per_cm2={low:g}", "--workers", "0",
        "--no-store", "--json",
    )  # fmt: skip
    (member,) = res.json()["members"]
    assert member["error"].startswith(f"InputError: nodes.N4.d0_per_cm2={low:g}: mature")
    assert "<data>" not in member["error"]

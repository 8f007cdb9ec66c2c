"""A site subsidy that cannot apply warns, given in the file or by ``--set`` (user test
UT-POLICY of 2026-12-04, defect 2; POL-SUB).

texas-usa may build data centres only (``datacenter``, ``datacenter-gas``: the
reference's ``sites[]``), and a site's ``subsidy_share_of_capex`` is a fab grant that
reaches no data-centre module (``docs/scenario-files.md``, "What a site's overrides
reach"): 0.9 there changes nothing, and one ``warning:`` line must say so, naming the
site and why.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import line_of, write_scenario

SET = "sites.texas-usa.subsidy_share_of_capex=0.9"


def _texas_subsidy_lines(err: str) -> list[str]:
    return [
        x
        for x in err.splitlines()
        if x.startswith("warning:") and "texas-usa" in x and "subsidy_share_of_capex" in x
    ]


def test_the_file_check_names_the_site_line_and_why(tmp_path: Path, run_cli: Any) -> None:
    """The scenario check's line (already written before this change; kept)."""
    from importlib import resources

    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")
    anchor = "  - name: texas-usa\n"
    assert anchor in text
    path = write_scenario(
        tmp_path, text.replace(anchor, anchor + "    subsidy_share_of_capex: 0.9\n")
    )
    res = run_cli("scenario", "check", path)
    assert res.code == 0
    (line,) = _texas_subsidy_lines(res.err)
    n = line_of(path, "subsidy_share_of_capex: 0.9")
    assert f"{path}:{n}: " in line
    assert "changes nothing at texas-usa" in line and "fab grants" in line


def test_set_warning_lines_name_the_change_site_and_why() -> None:
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks_subsidy import set_warning_lines
    from tigris.scenario.edit import set_paths

    ref = reference_scenario()
    changes = {"sites.texas-usa.subsidy_share_of_capex": 0.9}
    (line,) = set_warning_lines(ref, set_paths(ref, changes), changes)
    assert line.startswith(f"--set: {SET}: ")
    assert "changes nothing at texas-usa" in line and "fab grants" in line
    # a share where a fab may be built warns of nothing
    fab = {"sites.germany.subsidy_share_of_capex": 0.2}
    assert set_warning_lines(ref, set_paths(ref, fab), fab) == []


def test_plan_set_warns_as_the_file_does(run_cli: Any) -> None:
    plan_module = importlib.import_module("tigris.cli.plan")
    if "set_warnings" not in inspect.getsource(plan_module):
        pytest.skip("tigris plan --set does not warn yet (/work/notes/POL-SUB-set-warnings.patch)")
    res = run_cli("plan", "--no-store", "--set", SET)
    assert res.code == 0
    (line,) = _texas_subsidy_lines(res.err)
    assert line.startswith(f"warning: --set: {SET}: ")
    assert "changes nothing at texas-usa" in line and "fab grants" in line

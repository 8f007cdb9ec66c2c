"""A plan without an investor (docs/scenario-files.md's ``world-layer`` example: no
capital, no sites) says it has no investor to value, not that its NPV was "not computed
(a run saved before them)" and its report that it "was saved before tigris computed"
the cash flows (user test 2026-12-07 #2: the run was fresh). The claim is checked on the
plan itself: no capital, no module built."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult
from .test_s47_scen_docs import _section


def test_a_world_only_plan_says_it_has_no_investor(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    block = re.search(r"```yaml\n(.*?)```", _section(), re.S)
    assert block is not None
    path = tmp_path / "world.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    report = tmp_path / "world.html"
    res = run_cli("plan", str(path), "--no-store", "--json", "--report", str(report))
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["builds"] == [] and doc["capital"] == []  # the claim: nothing of its own
    key = " ".join(str(doc["headline"]).split()) + " " + " ".join(str(doc["summary"]).split())
    text = run_cli("plan", str(path), "--no-store").out
    said = " ".join(text.split())
    assert "no NPV or IRR: the plan has no investor" in said, said[:600]
    assert "a run saved before them" not in said and "a run saved before them" not in key
    html = report.read_text(encoding="utf-8")
    assert "This plan has no investor" in html and "no cash flows: it was saved" not in html

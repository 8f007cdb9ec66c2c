"""The "fills the N MW of data-centre capacity there" words of a placed region are
facility MW, as the power table's (user test 2026-12-07: with ``demand_regions={europe:
0.3}`` they said 6,310 MW for Europe, where the power table had 5,784 MW online, and
moved to 7,887 MW with ``--set pue=1.5``, a unit that moves no result). Checked against
the plan's own power table and under a changed ``pue``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .conftest import CliResult

PLACED = "demand_regions={europe: 0.3}"


def _said_and_online(run_cli: Callable[..., CliResult], *extra: str) -> tuple[list, dict]:
    res = run_cli("plan", "--no-store", "--json", "--set", PLACED, *extra)
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    text = " ".join(json.dumps(doc["binding"], ensure_ascii=False).split())
    said = re.findall(
        r"placed in europe \(demand_regions\) fills the ([\d,]+)(?:–([\d,]+))? MW of "
        r"data-centre capacity there in (\d{4})(?:–(\d{4}))?",
        text,
    )
    online = {r["year"]: r["datacenter_mw_online"] for r in doc["power"] if r["region"] == "europe"}
    return said, online


def test_the_words_are_facility_mw_within_what_is_online(
    run_cli: Callable[..., CliResult],
) -> None:
    said, online = _said_and_online(run_cli)
    assert said, "no placed-region words"
    for lo, hi, first, last in said:
        years = range(int(first), int(last or first) + 1)
        top = float((hi or lo).replace(",", ""))
        # the capacity the placed fleet fills is at most what stands there
        assert top <= max(online[y] for y in years) + 0.5
    again, _ = _said_and_online(run_cli, "--set", "pue=1.5")
    assert again == said  # pue is a unit: it moves no MW the text gives

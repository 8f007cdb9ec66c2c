"""``tigris compare`` labels its horizon totals (user test 2026-12-06 power #6).

"emissions [Mt CO2] 2,110.48 Mt" and "electricity cost [USD] $450B" are sums over the
horizon (docs/compare.md, "Limits") but sat between rows labelled "last year" without
saying so. Their labels now name the years summed: ``over FIRST–LAST`` from the
scenario's own ``horizon`` (read here from the file, not from the code under test).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

#: A small powered example (2026-2029, data centres), solved in a few seconds.
SMALL_PLAN = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _rows(text: str) -> dict[str, str]:
    """The results table's rows, label (its wrapped parts joined) -> the A cell."""
    rows: dict[str, str] = {}
    label, cell = "", ""
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("│")]
        if len(parts) != 7:  # "│ label │ A │ B │ B - A │ % │"
            if label:
                rows[label] = cell
            label, cell = "", ""
            continue
        if parts[2]:  # a new row (a wrapped label's continuation has no cells)
            if label:
                rows[label] = cell
            label, cell = parts[1], parts[2]
        else:
            label = f"{label} {parts[1]}"
    if label:
        rows[label] = cell
    return rows


def test_horizon_totals_name_their_years(tmp_path: Path, run_cli) -> None:
    horizon = yaml.safe_load(SMALL_PLAN.read_text(encoding="utf-8"))["horizon"]
    span = f"{horizon['first_year']}–{horizon['last_year']}"  # 2026–2029
    out = tmp_path / "small"
    res = run_cli("plan", str(SMALL_PLAN), "--out", str(out), "--no-store")
    assert res.code == 0, res.err
    res = run_cli("compare", str(out), str(out))
    assert res.code == 0, res.err
    rows = _rows(res.out)
    assert f"emissions over {span} [Mt CO2]" in rows, list(rows)
    assert f"electricity cost over {span} [USD]" in rows, list(rows)
    assert rows[f"emissions over {span} [Mt CO2]"].endswith(" Mt")
    # the last-year rows keep their own words, and no total is left unlabelled
    assert "energy last year [TWh/year]" in rows
    assert "emissions [Mt CO2]" not in rows and "electricity cost [USD]" not in rows
    for label in rows:
        if re.match(r"investor scope [12]", label):
            assert f"over {span}" in label, label

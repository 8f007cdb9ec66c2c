"""The risk report's tornado table gives the base plan's value beside the two ends and
marks a bar whose ends move the output the same way, as the text does ("low · base ·
high" and ``*``): user test s49 #5, where a swing of 0.49 beside a low of 39.95 and a
high of 39.93 looked wrong."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    import tigris

    d = tmp_path_factory.mktemp("tornado")
    path = d / "u.yaml"
    path.write_text(UNCERTAIN)
    return tigris.risk(path, samples=1, seed=1, tornado=True, workers=0)


def _rows(page: str) -> list[list[tuple[str, str | None]]]:
    """The tornado table's body: per row, each cell's (text, data-value)."""
    table = page[page.index('id="table-tornado"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body):
        cells = re.findall(r'<td(?: class="num")?(?: data-value="([^"]*)")?>(.*?)</td>', tr)
        out.append([(html.unescape(text), value or None) for value, text in cells])
    return out


def _header(page: str) -> list[str]:
    table = page[page.index('id="table-tornado"') :]
    head = table[table.index("<thead>") : table.index("</thead>")]
    return [html.unescape(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head)]


def test_base_column_and_same_side_mark(result, tmp_path: Path) -> None:
    t = result.tornado
    # the user's bar, by hand: the input moves the NPV up at both ends, from 39.46 to
    # 39.95 at its low and 39.93 at its high value: swing max - min = 39.95 - 39.46
    t.base["npv_total_usd"] = 39.46e9
    pick = (t.bars["output"] == "npv_total_usd") & (t.bars["path"] == "discount_rate")
    assert pick.sum() == 1
    t.bars.loc[pick, ["output_low", "output_high"]] = [39.95e9, 39.93e9]
    t.bars.loc[pick, "swing"] = 39.95e9 - 39.46e9
    t.bars.loc[pick, "same_side"] = True
    t.bars["same_side"] = t.bars["same_side"].astype(bool)
    report = tmp_path / "r.html"
    result.write_report(report)
    page = report.read_text()
    header = _header(page)
    assert header[4:8] == ["output low", "output base", "output high", "swing"]
    rows = _rows(page)
    npv = [r for r in rows if r[1][0] == "discount_rate" and "NPV" in r[0][0]]
    assert len(npv) == 1
    low, base, high, swing = npv[0][4:8]
    assert float(low[1]) == 39.95e9 and float(high[1]) == 39.93e9
    assert float(base[1]) == 39.46e9  # the base plan's value, in the row
    assert swing[0].endswith(" *")  # both ends above the base
    assert abs(float(swing[1]) - 0.49e9) < 1e-3 * 0.49e9
    # every other bar: the base column is the base plan's value, no mark unless same side
    for r in rows:
        if r is npv[0]:
            continue
        assert not r[7][0].endswith("*")
        assert float(r[5][1]) in {float(v) for v in t.base.values()}
    cap = html.unescape(page[page.index('id="tornado"') :])
    assert "*: both ends move the output the same way" in " ".join(cap.split())

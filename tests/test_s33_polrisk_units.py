"""The risk report's disruption tables name the unit the text and the JSON name (user
test UT-POLICY, 2026-12-04, #5: the HTML labelled H100e-years "million H100e", while
``tigris risk`` prints them under "H100e-years" and ``--json`` calls them
``..._h100e_years``: a capacity-time loss read as a unit count)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

from tigris.risk.labels import DISRUPTION_DELTAS, DISRUPTION_PLANS, DISRUPTION_ROWS

#: The unit a JSON key's name says (its suffix), and the scale words the HTML may put
#: before it; written out here, not read from the code under test.
_BY_SUFFIX = (("_h100e_years", "H100e-years"), ("_h100e", "H100e"), ("_usd", "USD"))
_SCALES = ("", "thousand ", "million ", "billion ")


def _json_unit(key: str) -> str:
    for suffix, unit in _BY_SUFFIX:
        if key.endswith(suffix):
            return unit
    return "%" if key.endswith("_share") else ""


class _Rows(HTMLParser):
    """Rows of every ``table-disruption-*`` table: (table id, [cell texts])."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._table = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
        elif tag == "tr":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            if self._table.startswith("table-disruption-"):
                self.rows.append((self._table, self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _numbers() -> dict[str, Any]:
    """A region outage's numbers, every key the tables show (values of the reference's
    taiwan-12m, rounded; the units are what is tested)."""
    plan = {
        "objective_usd": 8.0e16,
        "cost_usd": 3.7e11,
        "npv_usd": 3.2e9,
        "capex_committed_usd": 3.97e10,
        "served_h100e": 1.14e9,
        "unmet_h100e": 7.19e9,
        "unmet_share": 0.863,
        "in_service_h100e_years": 3.38e9,
    }
    nums: dict[str, Any] = {p: dict(plan) for p in DISRUPTION_PLANS}
    for key in DISRUPTION_DELTAS:
        nums[key] = 2.46e7 if "h100e" in key else 0.5 if key.endswith("_share") else 8.6e14
    return nums


def _html_rows() -> list[tuple[str, list[str]]]:
    from tigris.report.risk_html import _disruptions_html

    d = SimpleNamespace(
        name="taiwan-12m",
        kind="region_outage",
        event={"region": "taiwan"},
        notes=[],
        numbers=_numbers,
    )
    parser = _Rows()
    parser.feed(_disruptions_html(SimpleNamespace(disruptions=[d])))
    return parser.rows


def _key_of(word: str) -> str:
    rows = {w: k for k, (w, _) in DISRUPTION_ROWS.items()}
    deltas = {w: k for k, w in DISRUPTION_DELTAS.items()}
    return rows.get(word) or deltas[word]


def test_every_html_disruption_unit_is_the_json_keys_unit() -> None:
    rows = _html_rows()
    assert len(rows) >= len(DISRUPTION_ROWS) + 4  # both tables were read
    seen = set()
    for _, cells in rows:
        key = _key_of(cells[0])
        unit = _json_unit(key)
        shown = cells[-1]
        allowed = {"%"} if unit == "%" else {f"{s}{unit}" for s in _SCALES}
        assert shown in allowed, (cells[0], key, shown)
        seen.add(unit)
    assert {"H100e-years", "H100e", "USD"} <= seen


def test_h100e_years_rows_say_h100e_years_in_html_and_text(capsys) -> None:
    """The rows the user read: 'H100e-years in service' and 'H100e-years lost' are in
    million H100e-years in the HTML (was 'million H100e'), their text label says
    H100e-years, and their JSON keys end in ``_h100e_years``."""
    from tigris.cli.risk import _print_extras

    html_units = {cells[0]: cells[-1] for _, cells in _html_rows()}
    assert html_units["H100e-years in service"] == "million H100e-years"
    lost = [w for w in html_units if w.startswith("H100e-years lost")]
    assert lost and all(html_units[w] == "million H100e-years" for w in lost)
    assert html_units["compute served"] == "million H100e"
    _print_extras({"disruptions": [{"name": "t", "kind": "region_outage", "numbers": _numbers()}]})
    text = capsys.readouterr().out
    for word in (*lost, "H100e-years in service"):
        key = _key_of(word)
        assert key.endswith("_h100e_years")
        line = next(x for x in text.splitlines() if word in x)
        assert re.search(r"\d(\.\d+)?[MB]\b", line)  # 24.6M, 3.38B: the label names the unit

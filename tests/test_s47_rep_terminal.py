"""User test s47 #2: with ``finance.terminal_value: going_concern`` the report called
the row after the horizon "salvage" at book value (the notes, the cash-flow legend and
column, the objective's term, "the investor's NPV without salvage"), while that row is
the modules' value as a going concern ($64.0B on the NPV run, where book value gives an
NPV of $3.73B, not $26.4B). The words follow the convention now; the plan's column
names (``salvage_usd``) are kept, as the result's stable API."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.test_report import html_traces
from tests.test_s47_rep_util import column, report_of, saved_run, tables_of
from tigris.plan.inputs import INVESTOR
from tigris.report import read_result
from tigris.report.headline import key_rows, objective_rows

GOING = "finance.terminal_value=going_concern"
#: Sentences that name book value as the other convention, beside the plan's own
#: (the NPV the same flows would have at book value): not a mislabel.
OTHER_CONVENTION = re.compile(
    r"at book value instead of|modules at book value \(the same cash flows|not its book value"
)


def _visible(text: str) -> str:
    """The page's text without scripts and tags (what a reader sees)."""
    text = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_no_shown_text_calls_the_going_concern_value_salvage() -> None:
    page = report_of(GOING)
    seen = _visible(page)
    assert not re.search(r"(?i)salvage", seen), re.search(r"(?i).{80}salvage.{40}", seen)
    for m in re.finditer(r"(?i)book value", seen):
        near = seen[max(0, m.start() - 60) : m.end() + 40]
        assert OTHER_CONVENTION.search(near), near
    for fid, traces in html_traces(page).items():
        for t in traces:
            said = f"{t.get('name', '')} {t.get('hovertemplate', '')}"
            assert not re.search(r"(?i)salvage|book value", said), (fid, said)


def test_the_terminal_row_is_named_by_its_convention_with_the_plans_number() -> None:
    from tigris.report.money import TERMINAL_LABELS, flow_parts

    d = saved_run(GOING)
    r = read_result(d)
    label = TERMINAL_LABELS[True]
    assert dict((c, n) for c, n, *_ in flow_parts(r))["salvage_usd"] == label
    flows = pd.read_csv(d / "finance_flows.csv")
    mine = flows[(flows["level"] == "owner") & (flows["name"] == INVESTOR)]
    after = mine[mine["year"] == r.horizon[1] + 1]["salvage_usd"].sum()
    assert after > 0
    t = tables_of(report_of(GOING))
    cells = column(t, "table-cash-flows", f"{label} [billion USD]")
    assert cells[-1][1] == pytest.approx(after)  # the year after the horizon
    traces = {x["name"]: x for x in html_traces(report_of(GOING))["fig-cashflow"]}
    assert label in traces and "salvage" not in traces
    keys = [q for q, _, _ in key_rows(r)]
    assert "the investor's NPV without the terminal value (going concern)" in keys
    assert "the investor's IRR without the terminal value (going concern)" in keys
    terms = [q for q, _, _ in objective_rows(r)]
    assert any("terminal value" in q and "going concern" in q for q in terms), terms
    assert not [q for q in keys + terms if "salvage" in q]


def test_book_value_keeps_its_name() -> None:
    """The reference (book value): the row is the salvage at book value, said so."""
    from tigris.report.money import TERMINAL_LABELS, flow_parts

    r = read_result(saved_run())
    assert dict((c, n) for c, n, *_ in flow_parts(r))["salvage_usd"] == TERMINAL_LABELS[False]
    seen = _visible(report_of())
    assert "terminal value (going concern)" not in seen
    assert "salvage at book value" in seen

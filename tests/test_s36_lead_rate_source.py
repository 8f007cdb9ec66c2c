"""The derived discount-rate rows name the rate's own source (RV-S35 #9).

``plan --set discount_rate=0.07`` named the run as edited and gave the ``discount_rate``
row the command line as its source, but the rows derived from it, "discount rate as
given" and "discount rate used (real)", still said "scenario discount_rate", and so were
dated as the scenario's. Expected texts are written from the edit's own words
(:func:`tigris.scenario.edit.set_paths`).
"""

from __future__ import annotations

import pandas as pd

from tigris.plan.assemble import assemble
from tigris.plan.result import COMMAND_LINE_AS_OF, SCENARIO_AS_OF, with_as_of
from tigris.plan.summary import RATE_GIVEN_ROW
from tigris.scenario import reference_scenario
from tigris.scenario.edit import COMMAND_LINE, set_paths

RATE_ROWS = [RATE_GIVEN_ROW, "discount rate used (real)"]


def _rows(sc) -> pd.DataFrame:
    _, notes = assemble(sc)
    dated = with_as_of(notes, sc)
    return dated.set_index("parameter").loc[RATE_ROWS]


def test_a_rate_set_on_the_command_line_is_the_derived_rows_source() -> None:
    sc = set_paths(reference_scenario(), {"discount_rate": 0.07}, field=COMMAND_LINE)
    rows = _rows(sc)
    assert rows.loc[RATE_GIVEN_ROW, "value"] == 0.07
    for name in RATE_ROWS:
        src = rows.loc[name, "source"]
        assert "set on the command line (--set discount_rate=0.07)" in src, (name, src)
        assert rows.loc[name, "as_of"] == COMMAND_LINE_AS_OF, name


def test_without_an_edit_the_rows_say_scenario() -> None:
    rows = _rows(reference_scenario())
    for name in RATE_ROWS:
        assert "set on the command line" not in rows.loc[name, "source"]
    assert rows.loc[RATE_GIVEN_ROW, "source"].startswith("scenario discount_rate (")
    assert rows.loc[RATE_GIVEN_ROW, "as_of"] == SCENARIO_AS_OF


def test_a_basis_set_on_the_command_line_has_one_row() -> None:
    """RV-S36 #5: --set finance.discount_rate_basis=nominal gave two rows of that name,
    one 'set on the command line ...; was real', one 'scenario (docs/finance.md ...)'.
    Now one, the edit's; the same for finance.terminal_value."""
    sc = set_paths(
        reference_scenario(),
        {"finance.discount_rate_basis": "nominal", "finance.terminal_value": "going_concern"},
        field=COMMAND_LINE,
    )
    _, notes = assemble(sc)
    for name, value in (
        ("finance.discount_rate_basis", "nominal"),
        ("finance.terminal_value", "going_concern"),
    ):
        rows = notes[notes["parameter"] == name]
        assert len(rows) == 1, rows
        assert rows["value"].iloc[0] == value
        assert rows["source"].iloc[0].startswith("set on the command line")
    # without an edit: one row each, the scenario's
    _, plain = assemble(reference_scenario())
    for name in ("finance.discount_rate_basis", "finance.terminal_value"):
        rows = plain[plain["parameter"] == name]
        assert len(rows) == 1 and rows["source"].iloc[0].startswith("scenario")

"""Review of s50 compare #1: a run solved with a ``--data`` file whose text is unknown
now (the file gone, the run stored before its text was kept) was read with the shipped
tables, silently, after the fix that stopped it reading the other side's overlay; the
value it used is unknown, and compare says so rather than quote the shipped table."""

from __future__ import annotations

from tests.conftest import data_table
from tigris.runs.compare import UNKNOWN_DATA, _Side, cell_diff

CELL = "data.grid.usa.grid_lead_months"


def _shipped() -> float:
    """The USA's grid lead time in data/grid.csv, one value over its years [months]."""
    (value,) = {float(r["grid_lead_months"]) for r in data_table("grid") if r["region"] == "usa"}
    return value


def test_a_side_with_unknown_data_text_is_not_read_as_the_shipped_tables() -> None:
    a = _Side("A", None, cells={CELL: _shipped() + 24})
    b = _Side("B", None, data=("/gone/my-data.yaml", None))
    rows, used = cell_diff(a, b)
    assert rows == [(CELL, _shipped() + 24, None)]
    assert used[CELL][0] is None  # A set it
    value, source = used[CELL][1]
    assert value == UNKNOWN_DATA and "my-data.yaml" in source


def test_a_side_without_data_reads_the_shipped_table() -> None:
    a = _Side("A", None, cells={CELL: _shipped() + 24})
    b = _Side("B", None)
    _, used = cell_diff(a, b)
    assert used[CELL][1][0] == _shipped()


def test_an_input_the_side_set_is_its_own_not_unknown() -> None:
    """Review of s50: a side with unknown --data text showed "unknown" for inputs it set
    itself (capital, a site's override given in the scenario); only what it left to the
    data is unknown."""
    from tigris.runs.compare import inputs_used

    a = _Side("A", None)
    b = _Side("B", None, data=("/gone/my-data.yaml", None))
    given = "sites.germany.subsidy_share_of_capex"
    used = inputs_used([("capital.0.amount_usd", 1e9, 2e9), (given, None, 0.3)], (a, b))
    assert "capital.0.amount_usd" not in used  # no side left it to the data
    assert used[given][1] is None  # B gave 0.3
    assert used[given][0][1] == "data/sites.csv"  # A left it to the shipped table
    left = inputs_used([(given, 0.3, None)], (a, b))[given]
    assert left[0] is None and left[1][0] == UNKNOWN_DATA

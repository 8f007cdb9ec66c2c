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

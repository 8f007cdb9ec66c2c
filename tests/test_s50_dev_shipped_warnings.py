"""s50 contributor test, defect 1: docs/contributing.md holds a shipped row and a
``--data`` row to the same rules, but a shipped row with a future ``as_of`` (2027-06) or
``price_usd: 30`` (a price in $k) failed no test while the same in a ``--data`` file is
warned about. Every shipped row now passes the warning checks a ``--data`` row gets
(:func:`tigris.catalog_schema.part_checks`' warnings, :func:`tigris.catalog_schema.
future_as_of` on every table), except the one kind that is relative to the catalog
itself: "beyond every catalog part" (a shipped row extends the catalog; the largest
part is always beyond the others). The same guard, run on an edited copy of the tables,
catches each example of the report, and the load checks catch the impossible part
(a 2,000 mm2 die) that the doc's old list of data tests let through."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

#: The warnings a ``--data`` part gets that a shipped row may carry: those comparing a
#: figure with every *other* catalog part (the catalog's extreme rows define them).
RELATIVE = "beyond every catalog part"


def shipped_warnings() -> list[str]:
    """What a ``--data`` file would be warned about if it held the shipped rows, as
    ``table.csv:LINE: field: message`` lines (empty for a clean table set)."""
    from tigris.catalog import load_catalog
    from tigris.catalog_schema import future_as_of, part_checks
    from tigris.data import list_tables, load_rows

    out = []
    for table in list_tables():
        for i, row in enumerate(load_rows(table)):
            if (why := future_as_of(str(row["as_of"]))) is not None:
                out.append(f"{table}.csv:{i + 2}: as_of: {why}")
    line = {str(r["name"]).lower(): i + 2 for i, r in enumerate(load_rows("accelerators"))}
    catalog = load_catalog()
    every = {f.name for f in fields(next(iter(catalog.values())))}
    for acc in catalog.values():
        _errors, warnings = part_checks(acc, every, catalog, strict=True)
        out += [
            f"accelerators.csv:{line[acc.name]}: {field}: {msg}"
            for field, msg in warnings
            if RELATIVE not in msg
        ]
    return list(dict.fromkeys(out))  # a part's as_of is in both loops


def test_every_shipped_row_passes_the_data_warning_checks() -> None:
    """A shipped table that a --data file would be warned about fails here: fix the row
    (a date after today, a price in $k), or, if the figure is right, say so here."""
    found = shipped_warnings()
    assert not found, "\n".join(found)


# --- the guard catches what it should, on an edited copy of the tables ---------------


def _add_h200_copy(root: Path, column: str, value: str) -> int:
    """Append the h200 row as ``acme-x2`` (no aliases) with ``column`` set to ``value``;
    return its line of accelerators.csv."""
    import csv
    import io

    path = root / "accelerators.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    row = next(r for r in rows if r and r[0] == "h200")
    row = [*row]
    row[0], row[header.index("aliases")] = "acme-x2", ""
    row[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    path.write_text(text.rstrip("\n") + "\n" + buf.getvalue(), encoding="utf-8")
    return len([r for r in rows if r]) + 1


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [("as_of", "2099-06", "after today"), ("price_usd", "30", "not thousands")],
)
def test_a_shipped_row_that_would_warn_fails_the_guard(
    edited_tables: Path, column: str, value: str, needle: str
) -> None:
    line = _add_h200_copy(edited_tables, column, value)
    found = shipped_warnings()
    assert len(found) == 1, found
    assert found[0].startswith(f"accelerators.csv:{line}: {column}: ")
    assert needle in found[0]


def test_a_shipped_die_beyond_the_reticle_fails_the_load_checks(edited_tables: Path) -> None:
    """tests/test_s33_chip_parts.py::test_every_shipped_part_passes_the_load_checks, now
    in docs/contributing.md's list, refuses the report's acme-x2 (a 2,000 mm2 die)."""
    from tigris.catalog import load_catalog
    from tigris.catalog_schema import part_checks

    _add_h200_copy(edited_tables, "logic_die_area_mm2", "2000")
    catalog = load_catalog()
    every = {f.name for f in fields(catalog["acme-x2"])}
    errors, _ = part_checks(catalog["acme-x2"], every, catalog, strict=True)
    assert "larger than one reticle" in dict(errors)["logic_die_area_mm2"]

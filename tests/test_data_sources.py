"""Every shipped number has a source: each data row carries non-empty source and as_of."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from tigris.data import REQUIRED_COLUMNS, list_tables, load_table

DATA = resources.files("tigris.data")
CSV_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".csv"))


def test_some_tables_ship() -> None:
    assert "accelerators.csv" in CSV_FILES
    assert set(list_tables()) == {n[:-4] for n in CSV_FILES}


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_has_source_and_as_of(name: str) -> None:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, f"{name} is empty"
    for col in REQUIRED_COLUMNS:
        assert col in rows[0], f"{name}: no '{col}' column"
    for i, row in enumerate(rows, start=2):
        for col in REQUIRED_COLUMNS:
            assert (row[col] or "").strip(), f"{name}:{i}: empty {col}"
        assert len((row["source"] or "").strip()) >= 10, f"{name}:{i}: source too short to name one"


@pytest.mark.parametrize("name", CSV_FILES)
def test_tables_load(name: str) -> None:
    df = load_table(name[:-4])
    assert len(df) > 0

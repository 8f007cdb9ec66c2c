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


def test_unit_conversions_are_defined_once() -> None:
    # Issue 9: unit constants lived in two or three modules. tigris.units is the one
    # place; a module that assigns one of its names again (or the bare numbers 86,400 s
    # per day, 8,766 h per year) fails here.
    import ast
    import re
    from pathlib import Path

    import tigris.units as units

    names = set(units.__all__)
    root = Path(units.__file__).parent
    literal = re.compile(r"(?<![\w.])(86_?400|8_?766|8_?760)(\.0)?(?![\w.])")
    problems = []
    for path in sorted(root.rglob("*.py")):
        if path == Path(units.__file__):
            continue
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for t in targets:
                if isinstance(t, ast.Name) and t.id in names:
                    problems.append(f"{path.relative_to(root)}:{node.lineno}: {t.id}")
        for i, line in enumerate(text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            if literal.search(code) and ">>>" not in line:
                problems.append(f"{path.relative_to(root)}:{i}: {code.strip()}")
    assert not problems, "redefined unit conversions (use tigris.units): " + "; ".join(problems)

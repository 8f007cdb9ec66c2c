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


JSON_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".json"))


@pytest.mark.parametrize("name", JSON_FILES)
def test_every_json_file_has_source_and_as_of(name: str) -> None:
    # a shipped JSON document (world_outline.json) carries them at its top level
    import json

    doc = json.loads((DATA / name).read_text(encoding="utf-8"))
    for col in REQUIRED_COLUMNS:
        assert str(doc.get(col, "")).strip(), f"{name}: no top-level '{col}'"
    assert len(doc["source"]) >= 10, f"{name}: source too short to name one"


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


#: Public functions that look a row up or check an input: no formula, so no References.
_NO_FORMULA = {
    "as_float",
    "check_positive",
    "fab_param",
    "get_hbm",
    "get_packaging",
    "get_run",
    "get_site",
    "get_tool",
    "list_runs",
    "list_sites",
    "overflow_is_input_error",
    "parse_yield_model",
    "pick",
    "python_api",
    "resolve_accelerator",
    "silicon_param",
    "workload_default",
}


def test_public_functions_are_typed_and_documented() -> None:
    # docs/contributing.md, "Code style": type hints on public functions; numpydoc
    # docstrings with Parameters, Returns and Examples (run as doctests); a References
    # entry for each formula.
    import ast
    from pathlib import Path

    import tigris

    root = Path(tigris.__file__).parent
    problems = []
    for layer in ("workload", "silicon", "fab"):
        for path in sorted((root / layer).glob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                    continue
                where = f"{layer}/{path.name}:{node.name}"
                a = node.args
                args = [*a.posonlyargs, *a.args, *a.kwonlyargs]
                args += [x for x in (a.vararg, a.kwarg) if x is not None]
                if any(x.annotation is None for x in args) or node.returns is None:
                    problems.append(f"{where}: type hints")
                doc = ast.get_docstring(node) or ""
                returns_none = node.returns is not None and ast.unparse(node.returns) == "None"
                wanted = ["Examples"] + (["Parameters"] if args else [])
                wanted += ["Raises"] if returns_none else ["Returns"]
                if node.name not in _NO_FORMULA:
                    wanted.append("References")
                for section in wanted:
                    if f"\n{section}\n---" not in f"\n{doc}":
                        problems.append(f"{where}: no {section}")
    assert not problems, "; ".join(problems)

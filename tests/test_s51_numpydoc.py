"""Every public function and public method outside the CLI has a numpydoc docstring with a
``Parameters`` section (when it takes arguments) and a ``Returns`` (or ``Yields``) section
(when it returns something): the house style (docs/contributing.md, "Code style").

The workload, silicon and fab layers are held to the stricter rule of
``tests/test_data_sources.py`` (Examples and References too). The CLI's commands are
excluded: their docstrings are the ``--help`` text, and their options document themselves.
Properties and pydantic validators are excluded (numpydoc documents a property as an
attribute; a validator's arguments are the model's field).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tigris

ROOT = Path(tigris.__file__).parent

#: Every package and top-level module but the CLI.
UNITS = sorted(
    p.name
    for p in ROOT.iterdir()
    if (p.is_dir() and (p / "__init__.py").exists() and p.name != "cli")
    or (p.suffix == ".py" and p.name not in {"__main__.py"})
)

_SKIP_DECORATORS = {
    "property",
    "cached_property",
    "field_validator",
    "model_validator",
    "field_serializer",
    "model_serializer",
    "computed_field",
    "setter",
    "overload",
}


def _decorator_names(node: ast.FunctionDef) -> set[str]:
    names = set()
    for d in node.decorator_list:
        d = d.func if isinstance(d, ast.Call) else d
        if isinstance(d, ast.Attribute):
            names.add(d.attr)
        elif isinstance(d, ast.Name):
            names.add(d.id)
    return names


def _public_functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef]]:
    out = [(n.name, n) for n in tree.body if isinstance(n, ast.FunctionDef)]
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and not cls.name.startswith("_"):
            out += [(f"{cls.name}.{n.name}", n) for n in cls.body if isinstance(n, ast.FunctionDef)]
    return [
        (name, n)
        for name, n in out
        if not n.name.startswith("_") and not (_decorator_names(n) & _SKIP_DECORATORS)
    ]


def missing_sections(path: Path) -> list[str]:
    """The public functions of one file that lack a Parameters or Returns section."""
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name, node in _public_functions(tree):
        a = node.args
        args = [x for x in (*a.posonlyargs, *a.args, *a.kwonlyargs) if x.arg not in {"self", "cls"}]
        args += [x for x in (a.vararg, a.kwarg) if x is not None]
        doc = "\n" + (ast.get_docstring(node) or "")
        returns_none = node.returns is not None and ast.unparse(node.returns) == "None"
        where = f"{path.relative_to(ROOT)}:{node.lineno}:{name}"
        if args and "\nParameters\n---" not in doc:
            problems.append(f"{where}: no Parameters")
        if not returns_none and not any(f"\n{s}\n---" in doc for s in ("Returns", "Yields")):
            problems.append(f"{where}: no Returns")
    return problems


@pytest.mark.parametrize("unit", UNITS)
def test_public_functions_have_parameters_and_returns(unit: str) -> None:
    base = ROOT / unit
    files = sorted(base.rglob("*.py")) if base.is_dir() else [base]
    problems = [p for f in files for p in missing_sections(f)]
    assert not problems, f"{len(problems)} missing:\n" + "\n".join(problems)

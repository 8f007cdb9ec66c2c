"""YAML reading that remembers line numbers, and pydantic errors as ``file:line`` problems.

Used by scenario files and custom-accelerator files so an error names the file, the
line and the field (Calliope-style schema validation, see ``../shared/STYLE.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tigris.errors import InputError, Problem

__all__ = ["load_yaml", "validation_problems"]

Locator = Callable[[tuple[Any, ...]], int | None]


def _index_lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            _index_lines(value_node, (*path, key), out)
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out)


def load_yaml(path: str | Path) -> tuple[Any, Locator]:
    """Read a YAML file and return its data and a line locator.

    Parameters
    ----------
    path : str or Path
        File to read.

    Returns
    -------
    data : Any
        The parsed document.
    locate : callable
        ``locate(("sites", 0, "wspm"))`` gives the 1-based line of that field, or of
        its nearest parent that exists in the file, or ``None``.

    Raises
    ------
    InputError
        File missing, unreadable or not valid YAML (with the line of the error).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem("", "file not found", file=str(p))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem("", f"cannot read file: {exc}", file=str(p))) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc)
        raise InputError(Problem("", f"not valid YAML: {what}", file=str(p), line=line)) from None
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        try:
            _index_lines(node, (), lines)
        except RecursionError:  # an alias inside itself (&a [*a]) never ends
            msg = "not valid here: a YAML alias refers to itself (&a ... *a inside it)"
            raise InputError(Problem("", msg, file=str(p))) from None

    def locate(loc: tuple[Any, ...]) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in lines:
                return lines[loc]
            loc = loc[:-1]
        return lines.get(())

    return data, locate


def validation_problems(
    exc: ValidationError, file: str | None = None, locate: Locator | None = None
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into one :class:`Problem` per error.

    Parameters
    ----------
    exc : pydantic.ValidationError
        The error from ``Model.model_validate``.
    file : str, optional
        File name for the messages.
    locate : callable, optional
        Line locator from :func:`load_yaml`.
    """
    problems = []
    for err in exc.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        field = ".".join(str(x) for x in loc)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif err["type"] == "missing":
            msg = "required field is missing"
        line = locate(loc) if locate is not None else None
        problems.append(Problem(field, msg, file=file, line=line))
    return problems

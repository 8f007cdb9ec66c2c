"""Shared CLI output: JSON for machines, rich tables for people."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from tigris.cli._tables import NumberSafeConsole

__all__ = [
    "EXIT_INTERRUPTED",
    "console",
    "emit_json",
    "err_console",
    "fmt",
    "jsonable",
    "kv_table",
]

#: Exit code of a command stopped with Ctrl-C (128 + SIGINT, the shell's convention),
#: the same for every verb.
EXIT_INTERRUPTED = 130

#: Console for human output (stdout). Nothing else may write to stdout under --json.
#: No rich markup: names from the user's files ("[/]", "[red]") are printed as written;
#: styling is given explicitly (``markup=True`` on a constant string, or a ``Text``).
#: A table's numbers are never cut in a narrow terminal (:mod:`tigris.cli._tables`).
console = NumberSafeConsole(highlight=False, markup=False)


class _TerminalConsole(Console):
    """A console that prints only while its stream is a terminal.

    Progress bars, spinners and "wrote FILE" lines are for a person watching; a
    successful run that is piped, captured or scripted writes nothing to stderr, so
    anything on stderr there is an error.
    """

    @property  # type: ignore[override]
    def quiet(self) -> bool:
        """Silent unless the stream is a terminal."""
        return not self.is_terminal

    @quiet.setter
    def quiet(self, value: bool) -> None:
        """Ignored: quietness follows the stream."""


#: Console for progress and "wrote FILE" lines (stderr, on a terminal only), so stdout
#: stays clean for --json and a successful scripted run leaves stderr empty.
err_console = _TerminalConsole(stderr=True, highlight=False, markup=False)


def jsonable(obj: Any) -> Any:
    """Convert numpy scalars/arrays, NaN and tuples into plain JSON values (NaN -> null,
    -0.0 -> 0.0)."""
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return jsonable(obj.item())
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, float) and obj == 0.0:
        return 0.0  # not -0.0 (user test s49 energy/finance #9)
    if hasattr(obj, "to_dict") and not isinstance(obj, type):
        return jsonable(obj.to_dict())
    return obj


def emit_json(obj: Any) -> None:
    """Print ``obj`` as one JSON document on stdout."""
    sys.stdout.write(json.dumps(jsonable(obj), indent=2, allow_nan=False) + "\n")
    sys.stdout.flush()


def fmt(value: Any, digits: int = 4) -> str:
    """Format a number for people: ``3.8e+25``, ``33.9``, ``1,024``."""
    if value is None:
        return "–"
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    x = float(value) + 0.0  # -0.0 is printed 0
    if not math.isfinite(x):
        return "–"
    if x != 0 and (abs(x) >= 1e9 or abs(x) < 1e-3):
        return f"{x:.{digits - 1}e}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def kv_table(title: str, rows: Iterable[tuple[str, Any, str]]) -> Table:
    """A two-column table of ``(quantity, value, unit)`` rows."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_column("unit")
    for name, value, unit in rows:
        table.add_row(name, fmt(value), unit)
    return table

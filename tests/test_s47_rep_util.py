"""Shared helpers of the s47 report tests (tests/test_s47_rep_*.py), no tests here: the
reference scenario solved through ``tigris plan --no-store --out`` with ``--set``
changes, once per worker and set of changes, and the HTML tables read back with their
headers and each cell's ``data-value``."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import math
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path


@functools.cache
def saved_run(*sets: str) -> Path:
    """``tigris plan --no-store --out DIR --set S ...`` of the reference scenario, once per
    process and ``sets``; the saved run's folder (``tigris.report.read_result`` reads it)."""
    from tigris.cli import main

    top = tempfile.mkdtemp(prefix="s47-rep-")
    atexit.register(shutil.rmtree, top, ignore_errors=True)  # none left in /tmp
    d = Path(top) / "run"
    args = ["plan", "--no-store", "--out", str(d), "--json"]
    for s in sets:
        args += ["--set", s]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    assert code == 0, err.getvalue()
    return d


@functools.cache
def report_of(*sets: str) -> str:
    """The HTML report of :func:`saved_run` (``render_html`` of the saved run)."""
    from tigris.report import read_result, render_html

    return render_html(read_result(saved_run(*sets)))


class Tables(HTMLParser):
    """Every ``<table id=...>``: its header texts and its rows of ``(text, data-value)``
    cells (``data-value`` None when the cell has none, NaN when it is empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.heads: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[tuple[str, float | None]]]] = {}
        self._id: str | None = None
        self._row: list[tuple[str, float | None]] | None = None
        self._cell: list[str] | None = None
        self._th: list[str] | None = None
        self._value: float | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._id = a.get("id") or ""
            self.heads[self._id], self.rows[self._id] = [], []
        elif tag == "tr" and self._id is not None:
            self._row = []
        elif tag == "th" and self._id is not None:
            self._th = []
        elif tag == "td" and self._row is not None:
            self._cell = []
            v = a.get("data-value")
            self._value = None if v is None else (float(v) if v else math.nan)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._th is not None:
            self._th.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(("".join(self._cell), self._value))
            self._cell = None
        elif tag == "th" and self._th is not None and self._id is not None:
            self.heads[self._id].append("".join(self._th))
            self._th = None
        elif tag == "tr" and self._row is not None and self._id is not None:
            if self._row:
                self.rows[self._id].append(self._row)
            self._row = None
        elif tag == "table":
            self._id = None


def tables_of(text: str) -> Tables:
    """The tables of an HTML report (:class:`Tables`)."""
    p = Tables()
    p.feed(text)
    return p


def column(t: Tables, table: str, head: str) -> list[tuple[str, float | None]]:
    """The cells of the column headed ``head`` of table ``table``."""
    i = t.heads[table].index(head)
    return [row[i] for row in t.rows[table]]

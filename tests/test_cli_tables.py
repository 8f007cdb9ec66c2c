"""A narrow terminal never cuts a number (user test, 2026-12-03).

Rich narrowed every column of ``tigris catalog`` at ``COLUMNS=60`` and cut what did not
fit, without a mark: the A100's 826 mm2 die read ``82``, its $15,000 price ``$15,00``
and its 2.039 TB/s ``2.03``. Each check here compares the numbers a verb prints in a
narrow terminal with those it prints in a wide one (the same numbers, whole), and names
the published A100 figures the report quoted: 826 mm2 and 2,039 GB/s (NVIDIA A100
datasheet, 80 GB SXM).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tests.conftest import CliResult
from tigris.cli import _output
from tigris.cli._tables import NumberSafeConsole, is_number, print_table

#: A number as a whole whitespace-delimited word: ``826``, ``$15,000``, ``2.039``, ``-$3.42B``.
_WORD = re.compile(r"^-?\$?\d[\d,]*(\.\d+)?(e[+-]\d+)?[%kMBT]?$")


def _numbers(text: str) -> set[str]:
    words = re.split(r"[\s│┃|]+", text)
    return {w for w in words if _WORD.match(w)}


@pytest.fixture
def width() -> Iterator[Callable[[int], None]]:
    """Set the CLI console's width for one call; restored afterwards."""
    saved = _output.console._width

    def _set(columns: int) -> None:
        _output.console.width = columns

    yield _set
    _output.console._width = saved


VERBS = [
    ("catalog",),
    ("catalog", "a100"),
    ("fab", "--node", "N5", "--wspm", "83000", "--site", "taiwan", "--years", "4"),
    ("die", "--width", "26", "--height", "33", "--node", "N5", "--units", "144", "--spares", "12"),
    ("chip", "h100"),
    ("train", "--model", "llama-3.1-405b"),
]


@pytest.mark.parametrize("args", VERBS, ids=lambda a: " ".join(a))
def test_every_number_is_whole_at_40_and_60_columns(
    args: tuple[str, ...], run_cli: Callable[..., CliResult], width: Callable[[int], None]
) -> None:
    width(240)
    wide = run_cli(*args)
    assert wide.code == 0, wide.err
    expected = _numbers(wide.out)
    assert len(expected) >= 5, wide.out  # the check has numbers to compare
    for columns in (40, 60):
        width(columns)
        narrow = run_cli(*args)
        assert narrow.code == 0, narrow.err
        got = _numbers(narrow.out)
        assert expected - got == set(), (columns, narrow.out)  # none lost or cut
        assert got - expected == set(), (columns, narrow.out)  # no fragment of one


@pytest.mark.parametrize("columns", [40, 60])
def test_the_reported_a100_figures_survive(
    columns: int, run_cli: Callable[..., CliResult], width: Callable[[int], None]
) -> None:
    width(columns)
    res = run_cli("catalog")
    row = next(ln for ln in res.out.splitlines() if "826" in ln.split())
    assert {"826", "2.039", "$15,000"} <= set(row.replace("│", " ").split()), res.out
    assert "a100" in res.out  # the name column is not squeezed away


def test_a_table_of_numbers_wider_than_the_console_runs_past_it() -> None:
    console = Console(width=30, record=True, file=io.StringIO())
    table = Table()
    table.add_column("site")
    for name in "abcde":
        table.add_column(name, justify="right", no_wrap=True)
    table.add_row("texas-usa", *["123,456,789"] * 5)
    print_table(console, table)
    text = console.export_text()
    assert text.count("123,456,789") == 5
    assert "texas-usa" in text


@pytest.mark.parametrize("width", [20, 12], ids=["narrow", "narrower-than-both-numbers"])
def test_the_console_class_protects_a_lone_table(width: int) -> None:
    """A table printed on its own keeps its numbers whole; at 12 columns the two numbers
    together are wider than the console, so the table runs past the edge."""
    console = NumberSafeConsole(width=width, record=True, file=io.StringIO())
    table = Table()
    for name in "ab":
        table.add_column(name, justify="right")
    table.add_row("$15,000", "2.039")
    console.print(table)
    assert {"$15,000", "2.039"} <= set(console.export_text().replace("│", " ").split())


@pytest.mark.parametrize(
    ("text", "number"),
    [
        *[("826", True), ("$15,000", True), ("-$3.42B", True), ("3.8e+25", True)],
        *[("20%", True), ("–", True), ("N7", False), ("texas-usa", False), ("HBM3e", False)],
    ],
)
def test_is_number(text: str, number: bool) -> None:
    assert is_number(text) is number


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_a_name_folds_at_its_hyphens_not_inside_a_number(
    columns: int, run_cli: Callable[..., CliResult], width: Callable[[int], None]
) -> None:
    """Review RV-CLI: with the name column at ten characters rich folded
    ``nvidia-2029-projected`` as ``nvidia-202`` / ``9-projecte`` / ``d`` and
    ``a100-sxm-80gb`` as ``a100-sxm-8`` / ``0gb``: the year and the 80 GB cut in two."""
    width(columns)
    res = run_cli("catalog")
    assert res.code == 0, res.err
    names = [ln.split("│")[0].strip() for ln in res.out.splitlines() if "│" in ln]
    pairs = itertools.pairwise(names)
    folded = [(a, b) for a, b in pairs if a[-1:].isdigit() and b[:1].isdigit()]
    assert folded == [], folded  # no line ends inside a number the next line goes on with
    assert {"nvidia-2029-projected", "nvidia-2029-", "2029-"} & set(names), names
    assert {"a100-sxm-80gb", "80gb"} & set(names), names


def test_a_text_cell_keeps_its_styles_when_broken_at_hyphens() -> None:
    console = Console(width=30, record=True, file=io.StringIO(), color_system="truecolor")
    table = Table()
    table.add_column("name", overflow="fold")
    table.add_column("n", justify="right", no_wrap=True)
    cell = Text("nvidia-2029-projected")
    cell.append("\nHBM4e", style="bold")
    table.add_row(cell, "123,456,789,012,345")
    print_table(console, table)
    text = console.export_text(clear=False)
    lines = [ln.split("│")[1].strip() for ln in text.splitlines() if "│" in ln]
    assert lines[:4] == ["nvidia-", "2029-", "projected", "HBM4e"], lines
    assert "\x1b[1mHBM4e" in console.export_text(styles=True)


def test_the_widest_text_column_gives_way_first() -> None:
    """Rich narrows the widest wrapping column first; a short name stays on one line
    while a long note wraps (narrowing the first column instead would fold the name)."""
    console = Console(width=60, record=True, file=io.StringIO())
    table = Table()
    table.add_column("site")
    table.add_column("note")
    table.add_column("n", justify="right")
    table.add_row("texas usa data centre", "a long note " * 6, "1,234")
    print_table(console, table)
    assert "texas usa data centre" in console.export_text()


def test_a_text_column_keeps_its_header_word_whole() -> None:
    """A column of short cells is not squeezed below its header's longest word (up to ten)."""
    console = Console(width=14, record=True, file=io.StringIO())
    table = Table()
    table.add_column("facility")
    table.add_column("note")
    table.add_row("a b", "a long note " * 6)
    print_table(console, table)
    assert "facility" in console.export_text()


def test_a_no_wrap_name_is_never_cut_at_80_columns() -> None:
    """User test 2026-12-03 #15: the plan's builds table (site and facility no_wrap) cut
    'datacenter gas' to 'datacenter …' at 80 columns, hiding exactly the grid/gas
    distinction. The rows and headers of the reference plan's table."""
    table = Table(title="What to build, where and when")
    heads = ["site", "facility", "modules", "capacity (MW)", "start", "online", "capex"]
    for head in heads:
        table.add_column(head, no_wrap=head in ("site", "facility"))
    table.add_row("texas-usa", "datacenter", "3", "300", "2026", "2031", "$3.17B")
    table.add_row("texas-usa", "datacenter gas", "29", "2,900", "2027", "2029", "$36.5B")
    buf = io.StringIO()
    print_table(Console(file=buf, width=80), table)
    out = buf.getvalue()
    assert "datacenter gas" in out and "…" not in out, out
    assert "$36.5B" in out and "2,900" in out


def test_runs_list_keeps_the_created_time_whole_at_80_columns(
    run_cli: Callable[..., CliResult],
    width: Callable[[int], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    """User test 2026-12-03 #17: 'tigris runs list' cut the created time to
    '2026-12-03 08:…' once a row carried '(sweep #n)' (the column is no_wrap)."""
    import pandas as pd

    from tigris.runs.store import RunStore

    rows = [
        {"id": f"b7a1fde098d{i}", "created": f"2026-12-03T08:0{i}:12", "scenario_name": "reference",
         "kind": "sweep", "member": i, "status": "optimal", "error": None,
         "served_h100e": 1.1442e9, "unmet_share": 0.863, "capex_committed_usd": 3.97e10,
         "npv_usd": 2.19e9}
        for i in range(3)
    ]  # fmt: skip
    monkeypatch.setattr(RunStore, "runs", lambda self, **kw: pd.DataFrame(rows))
    width(80)
    res = run_cli("runs", "list", "--store", tmp_path / "runs.duckdb")
    assert res.code == 0, res.err
    for i in range(3):
        assert f"2026-12-03 08:0{i}" in res.out, res.out
    assert "…" not in res.out, res.out

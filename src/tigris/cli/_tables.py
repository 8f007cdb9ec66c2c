"""Tables for people that never cut a number, however narrow the terminal.

Rich fits a table to the terminal by narrowing its columns and, as a last resort,
narrowing every column evenly, cutting what does not fit without a mark (``826`` shown
as ``82``, ``$15,000`` as ``$15,00``); :meth:`rich.console.Console.print` then crops
each line at the terminal's width. A cut number reads as a different number, so:

- :func:`protect_numbers` gives each column whose cells are numbers a ``min_width``
  of its widest number, which rich keeps when it re-measures the narrowed columns;
  text columns still wrap or shrink;
- :func:`print_table` prints such a table without cropping its lines, so a table that
  cannot fit runs past the right edge (the terminal wraps the line) instead of losing
  digits;
- a text column narrowed below a word's width breaks the word after its hyphens
  (:func:`_break_at_hyphens`), so ``nvidia-2029-projected`` does not fold inside ``2029``.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

__all__ = [
    "HEADER_WORD_MIN_WIDTH",
    "TEXT_MIN_WIDTH",
    "NumberSafeConsole",
    "is_number",
    "print_table",
    "protect_numbers",
]

#: A number as the CLI prints it (``tigris.cli._output.fmt``, ``tigris.fmt``): an
#: optional sign or currency, digits with thousands commas and a decimal point, an
#: optional exponent and one unit or scale suffix (``$18.1B``, ``-3.4%``, ``3.8e+25``,
#: ``×3``, ``1.2M``). ``–`` (no value) counts too, so a column of numbers with gaps is
#: still a column of numbers.
_NUMBER = re.compile(
    r"^[-+−~≈<>×x]?\s?(US)?\$?-?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?\s?"
    r"(%|[kKMBT]|x|×|pp|bn)?$|^[–—-]$"
)


#: A width no table reaches, to measure columns unconstrained [characters].
_UNBOUNDED = 1_000_000

#: Narrowest a column of text is squeezed to [characters]: rich's last resort narrows
#: every column evenly, down to nothing, so a row's name could vanish; a text column
#: keeps its longest word up to this many characters (longer words wrap or fold).
#: Ten keeps a name readable (``a100-sxm-80gb`` folds onto a second line) and an
#: 80-column catalog within 80 columns.
TEXT_MIN_WIDTH = 10
#: Narrowest a column of numbers is squeezed to when its header has a longer word
#: [characters]: a narrowed column folds its header's words (never "…"), and five
#: characters keep a word in two pieces ("modul" / "es"), not four ("mo" / "du" / "le" /
#: "s"; accessibility review of 2026-12-07, a 60-column terminal).
HEADER_WORD_MIN_WIDTH = 5


def is_number(text: str) -> bool:
    """Whether a cell's text is one number as the CLI prints it.

    >>> [is_number(s) for s in ("826", "$15,000", "2.039", "3.8e+25", "-$3.42B", "20%")]
    [True, True, True, True, True, True]
    >>> [is_number(s) for s in ("texas-usa", "N4", "–", "")]
    [False, False, True, False]
    """
    return bool(_NUMBER.match(text.strip()))


def _plain(cell: Any) -> str | None:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return cell
    return None


def protect_numbers(table: Table) -> Table:
    """Give every column of numbers a minimum width of its widest number.

    A column counts as numbers when every non-empty body cell is one number
    (:func:`is_number`) and at least one holds a digit. A column marked ``no_wrap``
    keeps its widest cell too (a name never cut). Any other column of text keeps its
    longest word up to :data:`TEXT_MIN_WIDTH`. Returns ``table``.
    """
    for column in table.columns:
        texts = [_plain(cell) for cell in column._cells]
        lines = [line for t in texts if t for line in t.splitlines()]
        if None in texts or not lines:
            continue
        numbers = any(ch.isdigit() for ch in "".join(lines)) and all(
            is_number(line) for line in lines if line.strip()
        )
        if numbers or column.no_wrap:
            # a number, or a name its table marks never to wrap (a facility's
            # "datacenter gas": cut to "datacenter …" it hid the grid/gas distinction,
            # user test 2026-12-03 #15), keeps its whole width
            widest = max(Text(line).cell_len for line in lines)
            header_words = (_plain(column.header) or "").split()
            if header_words:
                longest = max(Text(w).cell_len for w in header_words)
                widest = max(widest, min(HEADER_WORD_MIN_WIDTH, longest))
        else:
            header = _plain(column.header) or ""
            words = " ".join([*lines, header]).split()
            widest = min(TEXT_MIN_WIDTH, max(Text(w).cell_len for w in words))
        column.min_width = max(column.min_width or 0, widest)
    return table


def _fit(console: Console, table: Table) -> int | None:
    """Fix the column widths of a table too wide for ``console``; return its width.

    Numbers keep their full width; text columns give up width, the widest first (as
    rich narrows wrapping columns), down to their ``min_width``
    (:func:`protect_numbers`). Returns ``None`` when the table fits as it is (rich lays
    it out), else the width of the table laid out here, which may exceed the console's.
    """
    wide = console.options.update_width(_UNBOUNDED)
    pads = [table._get_padding_width(column._index) for column in table.columns]
    spans = [table._measure_column(console, wide, column) for column in table.columns]
    natural = [span.maximum for span in spans]
    extra = table._extra_width
    if sum(natural) + extra <= console.width:
        return None
    floors = [
        n if column.min_width is None else min(n, column.min_width + pad)
        for n, column, pad in zip(natural, table.columns, pads, strict=True)
    ]
    widths = list(natural)
    excess = sum(natural) + extra - console.width
    while excess > 0:  # narrow the widest column that can give, one character at a time
        give = [i for i, (w, f) in enumerate(zip(widths, floors, strict=True)) if w > f]
        if not give:
            break
        widest = max(give, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    for column, width, pad in zip(table.columns, widths, pads, strict=True):
        column.width = max(1, width - pad)
        column._cells = [_break_at_hyphens(cell, column.width) for cell in column._cells]
        # a header word wider than its narrowed column folds onto the next line, never
        # "…": at 60 columns the headers read "m…", "sta…", "onl…" (accessibility
        # review of 2026-12-07, a narrow or zoomed terminal); body cells keep the
        # column's overflow (folding a source's URL split its digits into fragments)
        column.header = _folding(column.header)
    return sum(widths) + extra


def _folding(header: Any) -> Any:
    """A header as text that folds a word too wide for its column (a copy of a
    :class:`~rich.text.Text`, keeping its style); anything else as it is."""
    if isinstance(header, Text):
        folded = header.copy()
        folded.overflow = "fold"
        return folded
    if isinstance(header, str):
        return Text(header, overflow="fold")
    return header


def _break_at_hyphens(cell: Any, width: int) -> Any:
    """``cell`` with each word longer than ``width`` broken after its hyphens.

    Rich folds a word wider than its column at the column's edge, so a name such as
    ``nvidia-2029-projected`` in ten columns read ``nvidia-202`` / ``9-projecte`` /
    ``d`` (the year cut in two). Breaking after hyphens, packing as many parts on a line
    as fit, keeps ``nvidia-`` / ``2029-`` / ``projected``; a part still wider than the
    column is left to rich. Styles of a :class:`~rich.text.Text` cell are kept;
    other cells are returned as they are.
    """
    plain = _plain(cell)
    if plain is None:
        return cell
    breaks: list[int] = []
    for word in re.finditer(r"\S+", plain):
        if len(word.group()) <= width:
            continue
        line = word.start()
        for part in re.finditer(r"[^-]*-+|[^-]+$", word.group()):
            end = word.start() + part.end()
            if end - line > width and word.start() + part.start() > line:
                line = word.start() + part.start()
                breaks.append(line)
    if not breaks:
        return cell
    text = cell if isinstance(cell, Text) else Text(cell)
    pieces = text.divide(breaks)
    joined = Text("\n").join(pieces)
    return joined if isinstance(cell, Text) else joined.plain


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` with its numbers whole (:func:`protect_numbers`).

    A table wider than the console at its narrowest runs past the right edge (the
    terminal wraps the line) instead of being cut.
    """
    Console.print(console, *_laid_out(console, table), crop=False)


def _laid_out(console: Console, table: Table) -> tuple[Table | Segments]:
    """``table`` with its numbers protected, rendered at its own width if too wide."""
    protect_numbers(table)
    width = _fit(console, table)
    if width is None or width <= console.width:
        return (table,)
    return (Segments(list(console.render(table, console.options.update_width(width)))),)


class NumberSafeConsole(Console):
    """A console whose tables keep their numbers whole (:func:`print_table` for all).

    Any :class:`~rich.table.Table` given to :meth:`print` gets :func:`protect_numbers`
    and its lines are not cropped; everything else prints as with a plain console.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """As :meth:`rich.console.Console.print`; a lone table through :func:`print_table`."""
        if len(objects) == 1 and isinstance(objects[0], Table) and not kwargs:
            objects, kwargs = _laid_out(self, objects[0]), {"crop": False}
        super().print(*objects, **kwargs)

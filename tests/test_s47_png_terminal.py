"""The PNG report names the terminal value by the run's convention too (user test s47
report #2, the PNG half: with ``finance.terminal_value: going_concern`` the notes page
and the cash-flow figure's caption still said "salvage is the book value of what was
built", while the row holds the modules' value as a going concern)."""

from __future__ import annotations

import re

import pytest

from tests.test_s47_rep_util import saved_run
from tigris.report import read_result
from tigris.report.figures import figure_caption, figure_spec

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

GOING = "finance.terminal_value=going_concern"


@pytest.fixture(scope="module")
def going():
    return read_result(saved_run(GOING))


def test_png_notes_page_names_the_going_concern(going) -> None:
    from tigris.report.png_pages import notes_lines

    text = " ".join(str(getattr(line, "text", line)) for line in notes_lines(going))
    assert "going concern" in text
    assert not re.search(r"(?i)salvage is the book value", text)


def test_png_cashflow_caption_names_the_going_concern(going) -> None:
    caption = figure_caption(figure_spec("cashflow"), going)
    assert "going concern" in caption
    assert "salvage" not in caption


def test_book_value_runs_keep_the_salvage_words() -> None:
    book = read_result(saved_run())
    assert "salvage" in figure_caption(figure_spec("cashflow"), book)

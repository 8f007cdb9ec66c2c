"""A text page's title is wrapped to the page (user test 2026-12-05, reports #5).

A scenario edited with two ``--set`` is named by its edits ("small (edited:
demand.training.h100e_by_year.2029, capital.fund.amount_usd)"); ``binding.png`` and
``energy.png`` ran that title off the right edge, cutting off what was edited.
"""

from __future__ import annotations

import dataclasses

from matplotlib.backends.backend_agg import FigureCanvasAgg

from tigris.report import report_tables
from tigris.report.png_pages import page_figures
from tigris.report.provenance import ReportInfo

LONG = (
    "small (edited: demand.training.h100e_by_year.2029, capital.fund.amount_usd, "
    "sites.taiwan.power_limit_mw, discount_rate)"
)


def test_every_title_is_inside_its_page(hand) -> None:
    r = dataclasses.replace(report_tables(hand), scenario_name=LONG)
    info = ReportInfo(version="9.8.7", created_utc="2026-12-05T12:00:00Z", input_hash="ab" * 32)
    pages = page_figures(r, info)
    assert pages
    for stem, _title, fig in pages:
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()
        right = fig.bbox.x1
        title = fig.texts[0]
        assert "capital.fund.amount_usd" in title.get_text().replace("\n", " ")
        assert title.get_window_extent(renderer).x1 <= right + 1, stem
        for text in fig.texts:
            assert text.get_window_extent(renderer).x1 <= right + 1, (stem, text.get_text())

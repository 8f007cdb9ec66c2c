"""The site map keeps its axes on the globe in any panel (serve user test 2026-12-05:
at one degree = one degree, plotly stretched latitude to 120-150 degrees to fill a
panel taller than the map). Drawn in Chromium at a narrow and a wide panel; the axes
plotly lays out stay within the poles and the date line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_report_browser import browser  # noqa: F401 (the fixture)
from tigris.report.sitemap import MAX_LAT, sites_map
from tigris.scenario import reference_scenario

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(420, 600), (1000, 560)])
def test_map_axes_stay_on_the_globe(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    width: int,
    height: int,
) -> None:
    fig = sites_map(None, reference_scenario())
    fig.update_layout(width=width, height=height)
    page_file = tmp_path / "map.html"
    page_file.write_text(fig.to_html(include_plotlyjs=True, full_html=True, div_id="m"))
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("() => document.getElementById('m')._fullLayout !== undefined")
        lat, lon = page.evaluate(
            "() => { const l = document.getElementById('m')._fullLayout;"
            " return [l.yaxis.range, l.xaxis.range]; }"
        )
    finally:
        page.close()
    assert -MAX_LAT <= lat[0] < lat[1] <= MAX_LAT, lat
    assert -180.0 <= lon[0] < lon[1] <= 180.0, lon


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_schedule_legend_clears_the_upright_years(
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Serve user test 2026-12-05: in a narrow panel the years turn upright, and the
    axis title and the legend (placed at a share of the plot's height) overlapped
    them and each other; the legend now sits at the figure's foot."""
    from tests.test_report import hand_result
    from tigris.report.plotly_figs import schedule_figure
    from tigris.report.result import report_tables

    fig = schedule_figure(report_tables(hand_result()))
    fig.update_layout(width=420)
    page_file = tmp_path / "schedule.html"
    page_file.write_text(fig.to_html(include_plotlyjs=True, full_html=True))
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector(".legend")
        legend, title = _box(page, ".legend"), _box(page, ".xtitle")
        ticks = _box(page, ".xtick")
    finally:
        page.close()
    assert _apart(legend, title), (legend, title)
    assert _apart(title, ticks), (title, ticks)

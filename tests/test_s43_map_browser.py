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

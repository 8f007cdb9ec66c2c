"""The dashboard's defects of serve user test s50 that need no browser:

- #3: a figure's source line starts at the figure's left edge, not the plot area's (the
  build schedule's long site labels pushed it right and cut it at the figure's edge);
- #4: a link made against an uploaded scenario, opened after a reload lost the upload,
  says so instead of suggesting a control of the server's base;
- #5 (a): a what-if queued behind a running solve says it waits for it, not
  "queued (0 ahead)";
- #5 (c): the sites map shows the US west coast beside Arizona's fabs, not Antarctica.
"""

from __future__ import annotations

import time
from typing import Any

import plotly.graph_objects as go
import pytest

from tests.conftest import SMALL_3Y
from tests.test_s46_serve_poll import _Jobs
from tests.test_serve_app import DashClient
from tests.test_serve_jobs import STUB, TIMEOUT_S, req, until
from tigris.report.plotly_figs import add_source
from tigris.serve.app import create_app
from tigris.serve.jobs import JobManager
from tigris.serve.layout import status_text

#: A left margin as wide as long build labels make it [px].
WIDE_LEFT_PX = 300
#: Most a source line may start right of the figure's left edge [px].
NEAR_EDGE_PX = 20
#: Least width of a character of an axis label at plotly's 12 px [px].
MIN_CHAR_PX = 6.0
#: The Pacific coast west of Arizona's fabs (site_locations.csv: arizona-usa -112.1)
#: [degree]: Cape Mendocino, the contiguous USA's westernmost point.
US_WEST_COAST_LON = -124.4
#: Southern edge of the inhabited world the map fills to [degree] (sitemap.WORLD_LAT).
SOUTH_LAT = -60.0


def test_the_source_line_starts_at_the_figures_left_edge() -> None:
    fig = go.Figure(layout={"margin": {"l": WIDE_LEFT_PX}})
    add_source(fig, "Source: tigris, scenario 'reference'")
    (ann,) = fig.layout.annotations
    assert ann.xref == "paper" and ann.x == 0 and ann.xanchor == "left"
    # the plot area starts WIDE_LEFT_PX in; the line that much further left
    start = WIDE_LEFT_PX + (ann.xshift or 0)
    assert 0 <= start <= NEAR_EDGE_PX


def test_a_link_to_an_upload_a_reload_lost_says_so() -> None:
    page = DashClient(create_app(SMALL_3Y, jobs=_Jobs(), poll_ms=100))  # type: ignore[arg-type]
    # the tab uploaded mine.yaml (its name kept in sessionStorage), then was reloaded:
    # the upload is gone, the link names its capital source 'other'
    page.props.setdefault("uploaded", {})["data"] = "mine.yaml"
    page.fire("url", "search", "?capital.other.amount_usd=0.5")
    text = page.text("error-setup")
    assert "uploaded scenario 'mine.yaml'" in text and "upload it again" in text
    assert "unknown control 'capital.other.amount_usd'" in text
    assert "did you mean" not in text  # not the server's 'fund'
    # without an upload before, the hint stays
    page = DashClient(create_app(SMALL_3Y, jobs=_Jobs(), poll_ms=100))  # type: ignore[arg-type]
    page.fire("url", "search", "?capital.fonds.amount_usd=0.5")
    text = page.text("error-setup")
    assert "did you mean 'capital.fund.amount_usd'" in text and "uploaded" not in text


def test_a_what_if_behind_a_running_solve_says_it_waits_for_it() -> None:
    with JobManager(workers=1, compute=STUB) as jobs:
        first = jobs.submit("a", req(tag="slow", sleep_s=30))
        until(lambda: jobs.status(first)["state"] == "running", what="the slow job to run")
        second = jobs.submit("b", req(tag="next"))
        st = jobs.status(second)
        assert st["state"] == "queued" and st["ahead"] == 0 and st["running"] == 1
        assert status_text(st) == "queued (waiting for 1 running solve)"
        third = jobs.submit("c", req(tag="third"))
        assert status_text(jobs.status(third)) == "queued (1 ahead, 1 solve running)"
        jobs.cancel("a")
        end = time.monotonic() + TIMEOUT_S
        while jobs.status(second)["state"] == "queued" and time.monotonic() < end:
            time.sleep(0.01)
        assert jobs.status(second)["running"] is None


def test_the_map_shows_the_coast_beside_the_sites_not_antarctica() -> None:
    from tigris.report.sitemap import sites_map
    from tigris.scenario import reference_scenario

    fig = sites_map(None, reference_scenario())
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert x0 < US_WEST_COAST_LON - 5 and x1 <= 180
    assert y0 >= SOUTH_LAT and y1 <= 90


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ({"state": "queued", "ahead": 2}, "queued (2 ahead)"),
        ({"state": "queued", "ahead": 0, "running": 2}, "queued (waiting for 2 running solves)"),
        ({"state": "queued", "ahead": 0, "running": 0}, "queued (0 ahead)"),
    ],
)
def test_status_text_of_a_queued_what_if(status: dict, text: str) -> None:
    assert status_text(status) == text


def test_the_reference_page_figures_keep_source_and_legend_clear(reference_solved: Any) -> None:
    """#3 and #1 on the page's own figures of the reference plan: the build schedule's
    left margin holds its longest label (so plotly does not grow it past the margin the
    source line starts from) and its source line starts at the figure's left edge; the
    capex figure's legend sits at the figure's foot, below the x-axis titles that
    plotly moves down when it turns the years upright (they overlapped at 800 px)."""
    from tigris.scenario import reference_scenario
    from tigris.serve.view import _figures

    figs = _figures(reference_solved, reference_scenario())
    layout = figs["fig-schedule"]["layout"]
    longest = max(len(str(y)) for t in figs["fig-schedule"]["data"] for y in t["y"])
    assert layout["margin"]["l"] >= MIN_CHAR_PX * longest
    (source,) = [a for a in layout["annotations"] if a.get("name") == "source"]
    assert 0 <= layout["margin"]["l"] + source.get("xshift", 0) <= NEAR_EDGE_PX
    legend = figs["fig-capex"]["layout"]["legend"]
    assert (legend.get("yref"), legend.get("y"), legend.get("yanchor")) == (
        "container",
        0,
        "bottom",
    )
    capex = figs["fig-capex"]["layout"]
    assert all(capex[k].get("automargin") for k in ("xaxis", "xaxis2"))


def test_the_lost_upload_is_said_once() -> None:
    """Review of s50 #4: the tab's upload name stayed in sessionStorage for its life, so
    every later bad link (even after Reset) was called one made against the lost upload,
    without the server base's did-you-mean hint."""
    page = DashClient(create_app(SMALL_3Y, jobs=_Jobs(), poll_ms=100))  # type: ignore[arg-type]
    page.props.setdefault("uploaded", {})["data"] = "mine.yaml"
    page.fire("url", "search", "?capital.other.amount_usd=0.5")
    assert "uploaded scenario 'mine.yaml'" in page.text("error-setup")
    assert page.props["uploaded"]["data"] is None  # forgotten once said
    page.fire("url", "search", "?capital.fonds.amount_usd=0.5")
    text = page.text("error-setup")
    assert "did you mean 'capital.fund.amount_usd'" in text and "uploaded" not in text
    # Reset at the server's base forgets it too
    page.props["uploaded"]["data"] = "mine.yaml"
    page.fire("reset", "n_clicks", 1)
    assert page.props["uploaded"]["data"] is None

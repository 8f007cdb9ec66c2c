"""The dashboard's grid headroom control in a real browser, against ``tigris plan``
(user test 2026-12-03, #10).

A grid planner moves the usa headroom to x0.5 on the page; the grid data-centre MW the
page's plan builds must be what ``tigris plan`` builds for the same scenario (the page's
downloaded YAML), and differ from the base's: a re-solve, not the control's own number.
Chromium and Playwright as tests/test_serve_browser.py (its helpers), one server on
POWERED_SMALL (tests/test_w2_serve_power.py) with one worker process and a throw-away
run store.

Why x0.5 must change the answer: POWERED_SMALL's existing data-centre capacity (32 GW)
leaves almost no room beyond the fleet already installed, and demand (4-8M H100e a year)
is far above what the fabs make, so every grid module texas-usa may connect is worth
its capex (US$ 1.06 B per 100 MW against US$ 27,500 of penalty per H100e it powers);
its own usa headroom, 400 MW in 2026 to 800 MW in 2028, binds. Half of it cannot hold
the same MW.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import CliResult, write_scenario
from tests.test_report_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_serve_browser import (
    LOAD_TIMEOUT_MS,
    VIEWPORT,
    Tab,
    _figure_data,
    _headline,
    serving,
)
from tests.test_w2_serve_power import POWERED_SMALL

pytestmark = pytest.mark.browser

#: The control moved and the value it is moved to [x base series].
HEADROOM_PATH = "power.grid_headroom.usa"
SCALE = 0.5
#: The page's figure of capacity built per site by facility type.
SITES_GRAPH = "graph-sites"
#: The site whose grid the usa headroom limits (data/site_regions.csv), and its type.
SITE, GRID = "texas-usa", "datacenter"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard on POWERED_SMALL, and the scenario file; stopped after."""
    path = write_scenario(tmp_path_factory.mktemp("w2-serve"), POWERED_SMALL, "powered.yaml")
    with serving(path, tmp_path_factory.mktemp("w2-store") / "runs.duckdb") as handle:
        yield handle.url, path


@pytest.fixture(scope="module")
def tab(served: tuple[str, Path]) -> Iterator[Tab]:
    """One browser page on the dashboard, every request to another host aborted."""
    from playwright.sync_api import sync_playwright

    url = served[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport=VIEWPORT)
        got = Tab(context.new_page(), "w2-power")
        host = urlsplit(url).netloc

        def route(r: Any) -> None:
            if urlsplit(r.request.url).netloc == host:
                r.continue_()
            else:
                got.outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        got.page.on("pageerror", lambda exc: got.errors.append(f"pageerror: {exc}"))
        got.page.on(
            "console",
            lambda m: got.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        got.page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        try:
            yield got
        finally:
            browser.close()


def _page_mw(traces: str) -> float:
    """The grid data-centre MW the sites figure draws at :data:`SITE` (0 if none)."""
    for t in json.loads(traces):
        if t["name"] == GRID and SITE in t["y"]:
            return float(t["x"][t["y"].index(SITE)])
    return 0.0


def _plan_mw(run_cli: Any, scenario: Path, out: Path) -> float:
    """The grid data-centre MW ``tigris plan`` builds at :data:`SITE` (builds.csv)."""
    res: CliResult = run_cli("plan", scenario, "--no-store", "--out", out)
    assert res.code == 0, res.err
    with (out / "builds.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return sum(float(r["capacity"]) for r in rows if (r["site"], r["facility"]) == (SITE, GRID))


def test_half_the_headroom_re_solves_as_tigris_plan_does(
    tab: Tab, served: tuple[str, Path], run_cli: Any, tmp_path: Path
) -> None:
    from tigris import load_scenario

    page = tab.page
    _headline(tab)
    base_traces = _figure_data(tab, SITES_GRAPH)
    page.click('[data-group="Power"] > summary')  # open the group, as a visitor does
    box = page.locator(f'[data-control="{HEADROOM_PATH}"] input')
    assert float(box.input_value()) == 1.0
    box.fill(f"{SCALE:g}")
    box.press("Enter")
    moved_traces = _figure_data(tab, SITES_GRAPH, other_than=base_traces)
    tab.shot("headroom-halved")
    assert page.inner_text("#error").strip() == ""
    page.wait_for_function(
        "(p) => window.location.search.includes(p)",
        arg=f"{HEADROOM_PATH}={SCALE:g}",
        timeout=LOAD_TIMEOUT_MS,
    )
    with page.expect_download(timeout=LOAD_TIMEOUT_MS) as got:
        page.click("#download-button")
    whatif = tmp_path / "whatif.yaml"
    got.value.save_as(whatif)
    # the downloaded scenario carries the halved series, point by point
    dc = load_scenario(whatif).datacenters
    assert dc is not None and dc.grid_headroom_mw["usa"] == {2026: 200.0, 2028: 400.0}
    # the page's MW are tigris plan's, before and after: the page re-solved
    base_mw, moved_mw = _page_mw(base_traces), _page_mw(moved_traces)
    assert base_mw == pytest.approx(_plan_mw(run_cli, served[1], tmp_path / "base"))
    assert moved_mw == pytest.approx(_plan_mw(run_cli, whatif, tmp_path / "moved"))
    assert moved_mw < base_mw, (base_mw, moved_mw)
    tab.assert_clean()

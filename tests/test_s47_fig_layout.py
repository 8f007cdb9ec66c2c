"""Nothing of a figure's text overlaps in either renderer (user test S47 #4): in the
HTML the data-centre figure's source line ran over the "world" panel title and the
capex figure's right y title into the source line; in the PNG the capex figure's left
y title ran into the figure title and the right one was cut at the top."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from tests.test_report_browser import browser  # noqa: F401 (the fixture)
from tests.test_s47_fig_capex import _twelve
from tigris.report import report_tables, write_html
from tigris.report.figures import figure_caption, figure_spec
from tigris.report.png import mpl_figure
from tigris.viz.style import figure_caption as draw_caption

#: Every text element of a plotly figure the browser lays out: axis titles, and the
#: annotations (the source line, a panel's note or name, ...).
_TEXTS_JS = """(id) => {
  const root = document.getElementById(id);
  const out = [];
  const sel = '.g-xtitle text, .g-ytitle text, [class^="g-x"][class$="title"] text,'
    + ' [class^="g-y"][class$="title"] text, .annotation';
  for (const el of root.querySelectorAll(sel)) {
    const b = el.getBoundingClientRect();
    if (b.width > 0 && b.height > 0)
      out.push({text: el.textContent, x: b.x, y: b.y, w: b.width, h: b.height});
  }
  const svg = root.querySelector('.main-svg').getBoundingClientRect();
  const box = (b) => ({x: b.x, y: b.y, w: b.width, h: b.height});
  const panels = {};
  for (const el of root.querySelectorAll('.nsewdrag[data-subplot]'))
    panels[el.getAttribute('data-subplot')] = box(el.getBoundingClientRect());
  const ytitles = {};
  for (const el of root.querySelectorAll('text[class^="y"][class$="title"]'))
    ytitles[el.getAttribute('class')] = box(el.getBoundingClientRect());
  return {texts: out, svg: box(svg), panels: panels, ytitles: ytitles};
}"""


def _apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["x"] + a["w"] <= b["x"]
        or b["x"] + b["w"] <= a["x"]
        or a["y"] + a["h"] <= b["y"]
        or b["y"] + b["h"] <= a["y"]
    )


def _datacenter_run(hand) -> Any:
    """The hand plan with data-centre power in two regions, the world first."""
    years = sorted(set(hand.capex["year"]))
    mw = [40_000.0 + 5_000.0 * i for i in range(len(years))]
    n = len(years)
    power = pd.DataFrame(
        {
            "year": years * 2,
            "region": ["world"] * n + ["usa"] * n,
            "fleet_it_mw": [m / 1.2 for m in mw] * 2,
            "facility_mw_needed": mw + [m * 0.75 for m in mw],
            "datacenter_mw_online": mw + [m * 0.75 for m in mw],
            "fab_power_mw": [0.0] * 2 * n,
            "energy_twh": [0.0] * 2 * n,
            "fab_energy_twh": [0.0] * 2 * n,
            "emissions_t_co2": [0.0] * 2 * n,
            "electricity_cost_usd": [0.0] * 2 * n,
        }
    )
    return dataclasses.replace(hand, power=power)


@pytest.mark.browser
def test_html_figures_text_never_overlaps(browser: Any, tmp_path: Path, hand) -> None:  # noqa: F811
    twelve = _twelve(hand)
    base = _datacenter_run(hand)
    result = dataclasses.replace(base, capex=twelve.r.capex, capital=twelve.r.capital)
    page_file = write_html(result, tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("() => document.querySelector('#fig-capex .main-svg') !== null")
        got = {fid: page.evaluate(_TEXTS_JS, fid) for fid in ("fig-capex", "fig-datacenter")}
    finally:
        page.close()
    for fid, found in got.items():
        texts = found["texts"]
        assert any(t["text"].startswith("Source:") for t in texts), fid
        assert any("[" in t["text"] for t in texts), fid  # the axis titles were found
        for a, b in itertools.combinations(texts, 2):
            assert _apart(a, b), (fid, a, b)
        # a y title no taller than its panel: above it, it ran into the source line
        for cls, t in found["ytitles"].items():
            n = cls.removeprefix("y").removesuffix("title")
            panel = found["panels"][f"x{n}y{n}"]
            assert t["y"] >= panel["y"] - 1, (fid, cls, t, panel)
            assert t["y"] + t["h"] <= panel["y"] + panel["h"] + 1, (fid, cls, t, panel)
        svg = found["svg"]
        for t in texts:  # nothing cut at the figure's edges
            assert t["y"] >= svg["y"] - 1 and t["y"] + t["h"] <= svg["y"] + svg["h"] + 1, (fid, t)


def test_png_capex_y_titles_clear_the_title_and_stay_whole(hand) -> None:
    r = _twelve(hand).r
    fig = mpl_figure("capex", r)
    try:
        draw_caption(fig, figure_caption(figure_spec("capex"), r), "footer")
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        title = fig._suptitle.get_window_extent(renderer)
        whole = fig.bbox
        for ax in fig.axes[:2]:
            label = ax.yaxis.label.get_window_extent(renderer)
            assert "[billion USD]" in ax.yaxis.label.get_text().replace("\n", " ")
            assert not label.overlaps(title), (ax.yaxis.label.get_text(), label, title)
            assert label.y1 <= whole.y1 and label.y0 >= whole.y0, ax.yaxis.label.get_text()
    finally:
        plt.close(fig)


def test_report_tables_of_the_layout_runs(hand) -> None:
    """The runs above are valid plan results (the report reads them)."""
    r = report_tables(_datacenter_run(hand))
    assert list(dict.fromkeys(r.power["region"])) == ["world", "usa"]

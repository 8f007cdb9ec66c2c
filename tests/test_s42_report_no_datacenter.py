"""A report of a run that models no data-centre power says so (user test 2026-12-05,
reports #4).

``docs/examples/small-plan.yaml`` (and the tests' SMALL) has no ``datacenter`` facility
type, so its ``power`` table has no capacity online (NaN in every row). Its report drew
an empty "online" line in every panel of the data-centre figure, kept "data-centre
capacity online" in the legend and "against the capacity of data centres online
(dashed)" in the caption, and explained each "–" as "a run saved before tigris modelled
data-centre power" though the run was fresh. The reference, which models it, keeps its
caption, traces and note.
"""

from __future__ import annotations

import json
from html import escape as html_escape
from typing import Any

from tigris.report.figures import DATACENTER_NOT_MODELLED, figure_spec


def _online(traces: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [t["name"] for t in traces["fig-datacenter"] if "online" in t["name"]]


def test_without_datacenters_the_figure_and_notes_say_so(
    small_png_run: dict[str, Any],
) -> None:
    assert small_png_run["code"] == 0, small_png_run["err"]
    power = json.loads(small_png_run["out"])["power"]
    assert power and all(row["datacenter_mw_online"] is None for row in power)
    html = small_png_run["html"]
    assert html_escape(DATACENTER_NOT_MODELLED) in html
    assert html_escape(figure_spec("datacenter").caption) not in html
    assert _online(small_png_run["traces"]) == []
    assert "this run models no data-centre capacity" in html
    assert "saved before tigris modelled data-centre power)." not in html


def test_with_datacenters_the_figure_is_unchanged(reference_made: dict[str, Any]) -> None:
    assert reference_made["code"] == 0, reference_made["err"]
    html = reference_made["html"]
    assert html_escape(figure_spec("datacenter").caption) in html
    assert html_escape(DATACENTER_NOT_MODELLED) not in html
    assert "online: world" in _online(reference_made["traces"])
    assert "this run models no data-centre capacity" not in html

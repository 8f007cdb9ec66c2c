"""The reference plan's speed, by structure (issue 10, item 7; docs/plan.md,
"Performance", 2026-12-05): what ``tigris plan`` no longer imports, and the views
of a result it no longer computes twice.

No wall-clock assertion (the machine is shared): each test checks which modules a
fresh process loaded, or how many times a view was computed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from tigris.data import DataOverlay, using_overlay
from tigris.plan.result import PlanResult

#: Packages and tigris layers ``tigris plan --no-store`` has no use for: the report's
#: plotting libraries (plotly, matplotlib), the runs store's DuckDB, and the sweep layer
#: (``--set``'s parser). dask is listed as the placeholder ``tigris plan`` puts in its
#: place (``tigris.cli.plan._treat_dask_as_absent``) is not a loaded module.
NOT_LOADED = ("plotly", "matplotlib", "duckdb", "dask", "tigris.runs.sweep", "tigris.report.html")

_PROBE = """
import json, sys
{body}
loaded = sorted(m for m, mod in sys.modules.items() if mod is not None)
print(json.dumps(loaded))
"""


def _loaded(body: str) -> set[str]:
    """Modules (not None placeholders) loaded by ``body`` in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _unwanted(modules: set[str]) -> list[str]:
    """The names of :data:`NOT_LOADED` among ``modules`` (a package or any submodule)."""
    return sorted(n for n in NOT_LOADED if any(m == n or m.startswith(n + ".") for m in modules))


def test_plan_printing_layer_loads_no_plotting_library() -> None:
    # tigris plan prints its power table and energy notes with tigris.report.energy; the
    # report package's __init__ used to import its HTML and PNG writers (plotly,
    # matplotlib) with it. And no --set: the sweep layer stays out.
    body = (
        "import tigris.cli.plan, tigris.report.energy\n"
        "from tigris.cli.plan import _parse_sets\n"
        "assert _parse_sets([]) == {}"
    )
    modules = _loaded(body)
    assert "tigris.report.energy" in modules  # the probe sees what was imported
    assert _unwanted(modules) == []
    # lazy, not gone: the report's public names import their submodule on first use
    asked = _loaded(body + "\nfrom tigris.report import write_html, FIGURES, read_result")
    assert {"tigris.report.html", "tigris.report.figures", "tigris.report.result"} <= asked
    assert "plotly" in asked  # the HTML writer's own library, now that it is asked for


def test_reference_plan_run_loads_no_plotting_library_nor_store() -> None:
    # the whole run, as a user starts it: solved, explained and printed
    body = (
        "import io, contextlib\n"
        "from tigris.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['plan', '--no-store']) == 0"
    )
    modules = _loaded(body)
    assert {"linopy", "highspy", "tigris.report.energy"} <= modules
    assert _unwanted(modules) == []


def _result() -> PlanResult:
    """A hand-made two-year plan (its headline reads these tables only)."""
    years = [2025, 2026]
    return PlanResult(
        scenario_name="memo",
        status="optimal",
        objective_usd=1e9,
        horizon=(2025, 2026),
        demand=pd.DataFrame(
            {
                "year": years,
                "demand_class": ["inference", "inference"],
                "priority": [1, 1],
                "demand_h100e": [1e6, 2e6],
                "served_h100e": [1e6, 1.5e6],
                "unmet_h100e": [0.0, 0.5e6],
            }
        ),
    )


def _scribble(view: object) -> None:
    """Edit every dict and list inside ``view`` in place."""
    if isinstance(view, dict):
        for v in view.values():
            _scribble(v)
        view["scribbled"] = True
    elif isinstance(view, list | tuple):
        for v in view:
            _scribble(v)
        if isinstance(view, list):
            view.append("scribbled")


@pytest.mark.parametrize(
    ("method", "target"),
    [("headline", "plan_headline"), ("sections", "plan_sections")],
)
def test_result_view_is_computed_once_per_overlay(
    monkeypatch: pytest.MonkeyPatch, method: str, target: str
) -> None:
    import tigris.plan.result as result_mod

    real = getattr(result_mod, target)
    calls: list[int] = []

    def counted(r: PlanResult) -> object:
        calls.append(1)
        return real(r)

    monkeypatch.setattr(result_mod, target, counted)
    r = _result()
    first = getattr(r, method)()
    again = getattr(r, method)()
    assert len(calls) == 1  # tigris plan asks twice (its summary and its returns table)
    assert again == first
    # each caller gets its own copy: one that edits it changes no other caller's
    first_kept = json.dumps(first, default=str, sort_keys=True)
    _scribble(again)
    assert json.dumps(getattr(r, method)(), default=str, sort_keys=True) == first_kept
    # a data overlay (--data, --set data.*) may change what the view reads: computed again
    with using_overlay(DataOverlay("memo.yaml", {})):
        inside = getattr(r, method)()
    assert len(calls) == 2
    assert inside == first  # these tables read no data row
    # another result (dataclasses.replace, a copy) is not this one
    assert getattr(PlanResult(**{**r.__dict__}), method)() == first
    assert len(calls) == 3


def test_with_as_of_dates_each_source_once_and_as_row_by_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tigris.plan.result as result_mod

    rows = result_mod._data_rows()
    # two data rows' sources quoted whole, each by two assumptions, and one unsourced
    (_, s1, a1), (_, s2, a2) = rows[0], rows[-1]
    table = pd.DataFrame(
        {
            "parameter": ["a", "b", "c", "d", "e"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
            "unit": ["-"] * 5,
            "source": [s1, s2, s1, s2, "tigris computes this"],
        }
    )
    real = result_mod.assumption_as_of
    calls: list[str] = []

    def counted(source: str, texts: frozenset[str], data: list[tuple[str, str, str]]) -> str:
        calls.append(source)
        return real(source, texts, data)

    monkeypatch.setattr(result_mod, "assumption_as_of", counted)
    dated = result_mod.with_as_of(table)
    assert sorted(calls) == sorted({s1, s2, "tigris computes this"})
    # the same date each row gets from every data row, one by one
    expected = [real(s, frozenset(), rows) for s in table["source"]]
    assert list(dated["as_of"]) == expected
    assert dated["as_of"].iloc[4] == ""  # cites no data row: not dated
    # a row quoting a data row's source whole is dated by it (one date, or a span over it)
    for row, date in ((0, a1), (1, a2)):
        span = dated["as_of"].iloc[row].split("..")
        assert span[0] <= date <= span[-1]

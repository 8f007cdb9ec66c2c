"""The capex figure's left panel is the investor's capital only (user test s47 report
#1, the figure's half): with ``incumbents.respond`` its "released, cumulative" line
reached $427B and "carried over" $313B, the incumbents' $387B of own capital counted
with the investor's $40B the headline states. Checked against the saved run's own
``capital`` table, in both renderers."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.test_s47_rep_util import saved_run
from tigris.plan.inputs import INVESTOR
from tigris.report import read_result
from tigris.report.figures import RELEASED_CUMULATIVE
from tigris.units import USD_PER_BILLION

RESPOND = "incumbents.respond=true"


@pytest.fixture(scope="module")
def run() -> tuple[object, pd.DataFrame]:
    d = saved_run(RESPOND)
    return read_result(d), pd.read_csv(d / "capital.csv")


def _investor_total_bn(capital: pd.DataFrame) -> float:
    mine = capital["owner"] == INVESTOR
    assert (~mine).any(), "the run must have incumbents' own capital"
    return float(capital.loc[mine, "available_usd"].sum()) / USD_PER_BILLION


def test_plotly_left_panel_is_the_investors(run) -> None:
    from tigris.report.plotly_figs import capex_figure

    result, capital = run
    fig = capex_figure(result)
    (line,) = [t for t in fig.data if t.name == RELEASED_CUMULATIVE]
    assert float(line.y[-1]) == pytest.approx(_investor_total_bn(capital))
    mine = set(capital.loc[capital["owner"] == INVESTOR, "source"])
    left = [t for t in fig.data if t.type == "bar" and t.xaxis in (None, "x")]
    assert left and all(any(s in t.name for s in mine) for t in left)


def test_png_left_panel_is_the_investors(run) -> None:
    import matplotlib.pyplot as plt

    from tigris.report.png import capex_figure

    result, capital = run
    fig = capex_figure(result)
    try:
        ax = fig.axes[0]
        # a step line (Axes.stairs: a StepPatch), or the note when off the bars' scale
        (step,) = [a for a in ax.patches if a.get_label() == RELEASED_CUMULATIVE]
        top = float(max(step.get_data().values))
        assert top == pytest.approx(_investor_total_bn(capital))
    finally:
        plt.close(fig)


def test_no_legend_entry_for_a_source_that_paid_nothing(run) -> None:
    """Five incumbents' capex were listed with their hatches, each $0 (user test s47)."""
    from tigris.report.plotly_figs import capex_figure

    result, _ = run
    capex = pd.read_csv(saved_run(RESPOND) / "capex.csv")
    paid = capex.groupby("source")["capex_usd"].sum()
    zero = set(paid[paid == 0.0].index)
    named = {t.name for t in capex_figure(result).data if t.type == "bar"}
    assert not any(name.endswith(f" {source}") for source in zero for name in named)


def test_both_panels_stack_the_investors_sources_alike() -> None:
    from tigris.report.plotly_figs import capex_figure

    fig = capex_figure(read_result(saved_run()))
    left = [t.legendgroup for t in fig.data if t.type == "bar" and t.xaxis in (None, "x")]
    right = [t.legendgroup for t in fig.data if t.type == "bar" and t.xaxis == "x2"]
    assert left and [s for s in right if s in left] == left


def test_an_undefined_share_is_a_dash() -> None:
    from tests.test_s47_rep_util import report_of, tables_of

    t = tables_of(report_of(RESPOND))
    cells = [c for row in t.rows["table-finance-sources"] for c in row]
    assert not any(text.strip().lower() == "nan" for text, _ in cells)

"""A notebook of many results does not carry plotly.js in each (UT-API #12).

``PlanResult._repr_html_`` was 4.84 MB a result (plotly.js embedded in every view):
a notebook showing 20 what-ifs grew to about 100 MB. Now the first view of a process
carries plotly.js and later ones draw with it from the page; a later view whose page
lacks plotly.js (the carrying output cleared, the page reloaded) says so in words.
"""

from __future__ import annotations

from plotly.offline import get_plotlyjs

from tests.conftest import SMALL_3Y
from tigris.plan.views import repr_html, reset_plotlyjs

#: A later view's most [bytes]: the headline, the builds and two figures' data.
LATER_VIEW_MAX_BYTES = 200_000


def test_plotlyjs_once_per_process() -> None:
    import tigris.plan.api

    result = tigris.plan.api.plan(SMALL_3Y, explain=False, counterfactual=False)
    bundle = get_plotlyjs()
    reset_plotlyjs()
    first, second, third = (result._repr_html_() for _ in range(3))
    assert bundle in first
    for later in (second, third):
        assert bundle[:200] not in later
        assert len(later.encode()) < LATER_VIEW_MAX_BYTES
        assert later.count("Plotly.newPlot") == 2
        assert "plotly.js is not in this page" in later  # said only where it is missing
    assert bundle in repr_html(result, plotlyjs=True)
    reset_plotlyjs()
    assert bundle in result._repr_html_()

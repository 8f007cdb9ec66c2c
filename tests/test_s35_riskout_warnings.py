"""The dashboard shows a ``--set``-style warning in its own area, not in its error box
(RISK-OUT, session 35; before, ``warning: controls: ...`` was written into ``#error``,
red and bold, as if the plan had failed).

The world: the reference's texas-usa may build only data centres, so a subsidy share
there changes nothing and ``tigris plan --set`` warns of it (UT-POLICY #2;
tests/test_s34_left_set_warnings.py reads plan's own words); the page solves that
what-if and shows its plan, so the warning is a note beside a plan, not an error. A
value the page refuses (a negative fund) is an error and goes to the error box.
Through the page's own callbacks, as the browser fires them (tests.test_serve_app's
DashClient), the reference served by one worker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import pytest

from tigris.scenario import reference_scenario

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

TEXAS = "sites.texas-usa.subsidy_share_of_capex"
FUND = "capital.abu-dhabi-sovereign.amount_usd"


def _find(node: Any, cid: str) -> dict[str, Any] | None:
    """The layout component with id ``cid`` under ``node`` (Dash's JSON layout)."""
    if isinstance(node, list):
        return next((f for f in (_find(n, cid) for n in node) if f is not None), None)
    if not isinstance(node, dict):
        return None
    props = node.get("props", {})
    if props.get("id") == cid:
        return node
    return _find(props.get("children"), cid)


@pytest.fixture(scope="module")
def ref_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tigris.serve.app import create_app
    from tigris.serve.jobs import JobManager

    store = tmp_path_factory.mktemp("serve-warnings") / "runs.duckdb"
    jobs = JobManager(workers=1, store=store)
    try:
        yield create_app(reference_scenario(), jobs=jobs, poll_ms=100)
    finally:
        jobs.close()


def test_warnings_area_is_outside_the_error_box_and_not_red(ref_app: Any) -> None:
    layout = ref_app.server.test_client().get("/_dash-layout").get_json()
    error = _find(layout, "error")
    warnings = _find(layout, "warnings")
    assert error is not None and warnings is not None
    assert _find(error, "warnings") is None  # not inside the error box
    assert "error" not in warnings["props"].get("className", "").split()
    assert warnings["props"].get("role") != "alert"
    css = files("tigris.serve").joinpath("assets/tigris.css").read_text()
    rules = re.findall(r"\.warnings\s*\{([^}]*)\}", css)
    assert rules, "a .warnings rule"
    assert not any("--red" in r or "bold" in r for r in rules)


def test_the_warning_goes_to_the_warnings_area_and_the_error_box_stays_empty(
    ref_app: Any,
) -> None:
    from tests.test_serve_app import DashClient

    page = DashClient(ref_app)
    page.fire("url", "search", "")
    texas = page.control_id(TEXAS)
    default = page.controls[texas]
    page.change(texas, 90.0)  # 90 % of capex
    assert page.text("warnings").startswith(f"warning: controls: {TEXAS}=0.9: ")
    assert "changes nothing at texas-usa" in page.text("warnings")
    assert page.text("error") == ""
    shown = page.text("warnings")
    page.wait()  # solved: the plan is shown with its warning beside it
    assert page.props["job"]["data"]["id"]
    assert page.text("warnings") == shown
    assert page.text("error") == ""
    # a refused value is an error, in the error box, not in the warnings area
    fund = page.control_id(FUND)
    fund_default = page.controls[fund]
    page.change(fund, -5)
    assert FUND in page.text("error")
    assert FUND not in page.text("warnings")
    page.change(fund, fund_default)
    page.change(texas, default)
    page.wait()
    assert page.text("warnings") == ""
    assert page.text("error") == ""

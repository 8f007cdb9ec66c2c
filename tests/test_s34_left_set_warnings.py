"""``tigris sweep --set`` and the dashboard's controls warn of what ``tigris plan --set``
warns of (UT-POLICY #2, :func:`tigris.scenario.checks_subsidy.set_warning_lines`): a
site's subsidy share set where the site may build only data centres changes nothing
(the sites' subsidies are fab grants). Plan warned; sweep and the page took the value
in silence. A sweep says each warning once, naming every value that brings it.

The world: the reference's texas-usa may build only ``datacenter`` and
``datacenter-gas`` modules (read here from the scenario), so any share there is
unreached; germany hosts fabs, so a share there warns of nothing.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from tigris.scenario import reference_scenario

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

TEXAS = "sites.texas-usa.subsidy_share_of_capex"


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning: ")]


@pytest.fixture(scope="module")
def plan_message(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What tigris plan --set says of texas-usa's share, after its ``--set: PATH=V: ``."""
    from tigris.cli import main

    site = next(s for s in reference_scenario().sites if s.name == "texas-usa")
    assert site.facilities and all(f.startswith("datacenter") for f in site.facilities)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["plan", "--set", f"{TEXAS}=0.9", "--no-store", "--json"])
    assert code == 0
    [line] = _warnings(err.getvalue())
    head = f"warning: --set: {TEXAS}=0.9: "
    assert line.startswith(head) and "changes nothing at texas-usa" in line
    return line.removeprefix(head)


def test_sweep_set_warns_as_plan_does_once(plan_message, run_cli) -> None:
    res = run_cli(
        "sweep", "--set", f"{TEXAS}=0.5,0.9", "--set", "discount_rate=0.05,0.06",
        "--workers", "0", "--no-store",
    )  # fmt: skip
    assert res.code == 0, res.err
    # four members, two texas values: one line, both values named, plan's words
    assert _warnings(res.err) == [f"warning: --set: {TEXAS}=0.5,0.9: {plan_message}"]


def test_sweep_set_where_it_binds_warns_of_nothing(run_cli) -> None:
    res = run_cli(
        "sweep", "--set", "sites.germany.subsidy_share_of_capex=0.2,0.4", "--workers", "0",
        "--no-store",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert _warnings(res.err) == []


def test_the_pages_controls_warn_as_plan_does(plan_message) -> None:
    from tigris.serve.callbacks import set_warnings_text
    from tigris.serve.controls import control_id, whatif

    ref = reference_scenario()
    w = whatif(ref, {control_id(TEXAS): 90.0})  # 90 % of capex
    assert set_warnings_text(ref, w) == f"warning: controls: {TEXAS}=0.9: {plan_message}"
    germany = whatif(ref, {control_id("sites.germany.subsidy_share_of_capex"): 40.0})
    assert set_warnings_text(ref, germany) == ""


@pytest.fixture(scope="module")
def ref_app(tmp_path_factory: pytest.TempPathFactory):
    from tigris.serve.app import create_app
    from tigris.serve.jobs import JobManager

    store = tmp_path_factory.mktemp("serve-warn") / "runs.duckdb"
    jobs = JobManager(workers=1, store=store)
    try:
        yield create_app(reference_scenario(), jobs=jobs, poll_ms=100)
    finally:
        jobs.close()


def test_the_page_shows_the_warning_beside_its_plan(ref_app, plan_message) -> None:
    """Through the page's own callbacks (as the browser fires them): texas-usa's
    subsidy at 90 % shows plan's warning in the warnings area (its error box empty;
    the error element until session 35), while the what-if is
    solved and under its finished plan; back at the default, none."""
    from tests.test_serve_app import DashClient

    page = DashClient(ref_app)
    page.fire("url", "search", "")
    texas = page.control_id(TEXAS)
    default = page.controls[texas]
    page.change(texas, 90.0)
    want = f"warning: controls: {TEXAS}=0.9: {plan_message}"
    assert page.text("warnings") == want and page.text("error") == ""
    page.wait()
    assert page.props["job"]["data"]["id"]
    assert page.text("warnings") == want  # the plan is shown, the warning stays
    assert page.text("error") == ""
    page.change(texas, default)
    page.wait()
    assert page.text("warnings") == page.text("error") == ""

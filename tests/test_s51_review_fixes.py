"""Defects found while the docstrings of 2026-12-06 were completed (helpers reading every
public function): each test fails on the code before the fix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest


def _tables(power: pd.DataFrame | None = None, status: str = "optimal") -> object:
    from tigris.report.result import TABLE_COLUMNS, report_tables

    t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    if power is not None:
        t["power"] = power
    return report_tables({**t, "horizon": (2026, 2026), "status": status})


def _power(needed_mw: float, online_mw: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2026],
            "region": ["world"],
            "fleet_it_mw": [needed_mw / 1.2],
            "facility_mw_needed": [needed_mw],
            "datacenter_mw_online": [online_mw],
            "energy_twh": [80.0],
            "fab_power_mw": [0.0],
            "fab_energy_twh": [0.0],
            "emissions_t_co2": [3e7],
            "electricity_cost_usd": [6e9],
        }
    )


def test_a_small_need_in_a_gw_table_is_said_in_gw() -> None:
    """50 MW needed beside 2,000 MW online: the table is in GW (one value is above a GW)
    and the small need prints with significant figures; the line said "0.050 MW needed,
    2.0 MW online", the GW values under the MW unit (the unit was read from the need
    column's decimals)."""
    from tigris.report.energy import energy_lines

    (line,) = energy_lines(_tables(_power(50.0, 2000.0)))
    assert line.startswith("2026: 0.050 GW needed, 2.0 GW online"), line
    (line,) = energy_lines(_tables(_power(50.0, 200.0)))  # all below a GW: MW
    assert line.startswith("2026: 50.0 MW needed, 200 MW online"), line


def test_a_run_with_no_plan_does_not_say_all_demand_is_served() -> None:
    """An infeasible run's tables are empty, so its unmet demand summed to 0 and "What
    binds" said "All demand is served; no constraint leaves demand unmet"."""
    from tigris.report.html import binding_fallback

    text = binding_fallback(_tables(status="infeasible"))
    assert text == "The run has no plan (status: infeasible), so no constraint is reported."
    assert "served" not in text


def test_a_home_relative_scenario_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tigris.load_scenario("~/s.yaml")`` said "file not found" (no ``~`` expansion), and
    a sweep's stored file name was None for it; a shell expands ``~`` for the CLI, but not
    in a quoted or ``--opt=~/f`` argument, nor for a Python caller."""
    import tigris
    from tigris.runs.sweep import scenario_file
    from tigris.scenario import reference_scenario_text

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "s.yaml").write_text(
        reference_scenario_text().replace("name: reference", "name: mine", 1), encoding="utf-8"
    )
    assert tigris.load_scenario("~/s.yaml").name == "mine"
    assert scenario_file("~/s.yaml") == str((tmp_path / "s.yaml").resolve())


def test_an_echoed_text_is_never_over_80_characters() -> None:
    """The cut left 15 characters for ``... (N ch)``, which takes 16 or more from a
    million characters: 81-83 characters were echoed."""
    from tigris.scenario.edit import shown_text

    for n in (80, 81, 99_999, 100_000, 1_000_000, 10**7):
        got = shown_text("a" * n)
        assert len(got) <= 80, (n, len(got))
        assert got == "a" * n or got.endswith(f"... ({n:,} ch)")


def test_a_saved_run_of_unknown_time_is_not_dated_by_the_drawing() -> None:
    """A saved run whose ``created`` is missing or unreadable was footed "run ID created
    <drawing time>": the drawing's time given as the run's (UT-REPRO #10's confusion)."""
    from tigris.report.provenance import report_info

    now = datetime(2026, 12, 1, 15, 40, tzinfo=UTC)
    for created in (None, "not a time"):
        text = report_info({}, now, {"run_id": "abc", "created": created}).run_text()
        assert text == "run abc made unknown · drawn 2026-12-01T15:40:00Z", text
    # drawn as it is solved (tigris plan --report gives no created): one time, as before
    assert report_info({}, now, {"run_id": "abc"}).run_text() == (
        "run abc created 2026-12-01T15:40:00Z"
    )


def test_the_objectives_are_one_list() -> None:
    """They were written out five times (plan/inputs, result, solve, saved, and the
    scenario schema); the plan's modules now share inputs', the schema's is held to it."""
    from importlib import import_module

    from tigris.plan.inputs import OBJECTIVES
    from tigris.scenario.schema import OBJECTIVES as SCHEMA_OBJECTIVES

    assert SCHEMA_OBJECTIVES == OBJECTIVES
    for name in ("result", "solve"):
        assert import_module(f"tigris.plan.{name}").OBJECTIVES is OBJECTIVES
    assert import_module("tigris.plan.saved").OBJECTIVES is SCHEMA_OBJECTIVES


def test_the_plans_a_quantile_needs_refuses_the_sample_extremes() -> None:
    """``min_plans_for_quantile(1.0)`` (or 0) looped for ever: ``1 - q^n - (1 - q)^n`` is 0
    for every ``n``, no count of plans covers a sample's maximum. Refused; and the count
    of a quantile inside holds its own inequality, by hand (45 plans for a p95 at 90 %).
    The call runs in a thread so a regression fails in 10 s instead of hanging the run."""
    import threading

    from tigris.errors import InputError
    from tigris.risk.mcerror import min_plans_for_quantile

    for q in (0.0, 1.0, -0.1, 1.5):
        raised: list[BaseException] = []

        def call(q: float = q, raised: list[BaseException] = raised) -> None:
            try:
                min_plans_for_quantile(q)
            except BaseException as exc:  # handed to the test
                raised.append(exc)

        # a daemon thread: a regression's endless loop cannot hold the run at exit
        t = threading.Thread(target=call, daemon=True)
        t.start()
        t.join(timeout=10)
        assert not t.is_alive(), f"min_plans_for_quantile({q}) did not return"
        assert len(raised) == 1 and isinstance(raised[0], InputError), raised
        assert "quantile in (0, 1)" in str(raised[0])
    n = min_plans_for_quantile(0.95)
    assert 1 - 0.95**n - 0.05**n >= 0.90 > 1 - 0.95 ** (n - 1) - 0.05 ** (n - 1)

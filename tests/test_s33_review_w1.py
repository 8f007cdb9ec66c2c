"""Review RV-W1 (session 2026-12-04) of the first wave: tests that kill mutations the
helpers' own tests let survive.

- ``terminal_values`` calls a group operating when its last-year row has revenue, opex
  or depreciation (MONEY-A, eb58307): a module that runs but sells nothing in the last
  year is a going concern losing money, valued negative, not at book value.
- ``tigris fab --json`` lists the world-share warning in ``warnings`` (LEFT-CLI,
  cd7381b), not only on stderr.
- ``tigris plan --from-run ID --set CELL=...`` keeps the stored run's other cells
  (LEFT-CLI, 487f544: "cells go over the stored run's own cells, a change wins").
- the nominal basis reaches the rental penalty and a Monte Carlo member's NPV
  (eb58307, f40c96f); a half-bounded normal's words and note (LEFT-RISK, af1aae2).
- the HBM kind of fab's world-share warning; going-concern payback words, captions of
  a run saved before the option, the returns-table title's rate order (4a98166, bb6586b).
- a defect (fixed by TV-FIX): the going-concern value charged the last year's book
  depreciation, none for tools past their life, so it tripled the year the tools are
  written off (no reinvestment charged, against Damodaran's g = 0 assumption).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.conftest import SMALL, SMALL_3Y, assert_one_line_error, replaced, write_scenario
from tests.test_finance_cashflow import problem
from tigris.finance.cashflow import cash_flows, terminal_values
from tigris.runs.store import RunStore

RunCli = Callable[..., Any]

#: A data-table cell that binds on SMALL (tests/test_s33_cli_plan_set.py): N4's mature
#: defect density, 0.044/cm2 in data/nodes.csv, raised to 0.07.
CELL = "nodes.N4.d0_mature_per_cm2"
#: Another N4 cell, set to its own shipped value (data/nodes.csv d0_per_cm2 = 0.07): a
#: change that changes nothing, so the plan is the stored run's.
OTHER_CELL = "nodes.N4.d0_per_cm2=0.07"


def test_a_group_running_without_sales_is_a_going_concern_losing_money() -> None:
    """One group: 100 spent in 2026; in 2027 and 2028 it runs (opex 2, depreciation 10)
    and sells nothing; tax at 25 % on the loss: 0.25 x (0 − 2 − 10) = −3. Its NOPAT is
    0 − 0 − 2 − 10 − (−3) = −9, so as a going concern at 5 % it is worth
    −9 x 1.05/0.05 = −189 (Damodaran, Investment Valuation, ch. 12, g = 0); at book
    value 100 − 20 = 80. Kills the mutation that calls a group operating only when it
    has revenue (it would keep the book value 80). Two years running, the same opex:
    a steady state, not a ramp year (user test s46 A: a first year of output is valued
    at book from the rows)."""
    rows = pd.DataFrame(
        {
            "site": "a",
            "facility": "f",
            "start_year": 2026,
            "year": [2026, 2027, 2028],
            "capex_usd": [100.0, 0.0, 0.0],
            "revenue_usd": [0.0, 0.0, 0.0],
            "variable_cost_usd": [0.0, 0.0, 0.0],
            "opex_usd": [0.0, 2.0, 2.0],
            "depreciation_usd": [0.0, 10.0, 10.0],
            "tax_usd": [0.0, -3.0, -3.0],
        }
    )
    assert float(terminal_values(rows, 0.05, "book", 2028).iloc[0]) == pytest.approx(80.0)
    going = float(terminal_values(rows, 0.05, "going_concern", 2028).iloc[0])
    assert going == pytest.approx(-9.0 * 1.05 / 0.05)  # -189


def test_fab_json_lists_the_world_share_warning(run_cli: RunCli) -> None:
    """200,000 wspm of N4 making H100s needs ~376 % of the world's CoWoS (tests/
    test_s33_cli_fab.py works the share by hand); cd7381b says --json lists the
    warning in ``warnings``, as stderr says it. Kills dropping it from the JSON."""
    res = run_cli("fab", "--node", "N4", "--site", "taiwan", "--wspm", "200000",
                  "--product", "h100", "--json")  # fmt: skip
    assert res.code == 0, res.err
    said = [w for w in res.json()["warnings"] if "more than the world's CoWoS capacity" in w]
    assert len(said) == 1, res.json()["warnings"]
    # and a fab well inside the world's capacity lists no such warning
    small = run_cli("fab", "--node", "N4", "--site", "taiwan", "--wspm", "1000",
                    "--product", "h100", "--json")  # fmt: skip
    assert not [w for w in small.json().get("warnings", []) if "more than the world's" in w]


def test_from_run_set_of_another_cell_keeps_the_stored_cell(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A stored run with ``CELL`` at 0.07 (it binds: the objective moves > 1e-4), then
    ``--from-run ID --set`` of another N4 cell at its shipped value: the stored cell
    must stay in force, so the objective is the stored run's, not the plan without
    the cell. Kills the mutation that passes no stored cells to the overlay when
    --set has a cell of its own (the overlay then replaces them)."""
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    store = tmp_path / "runs.duckdb"

    def objective(*args: object) -> float:
        res = run_cli("plan", *args, "--json")
        assert res.code == 0, res.err
        return res.json()["objective_usd"]

    first = objective(base, "--set", f"{CELL}=0.07", "--store", store)
    without = objective(base, "--no-store")
    assert first != pytest.approx(without, rel=1e-4)  # the cell binds
    (rid,) = list(RunStore(store).runs()["id"])
    again = objective("--from-run", rid, "--set", OTHER_CELL, "--store", store, "--no-store")
    assert again == pytest.approx(first, rel=1e-9)


def _going_concern_of_one_module(n_years: int) -> float:
    """The terminal value (in the year after the horizon) of one module of
    tests/test_finance_cashflow.problem started in 2025, selling 12,000 wafers a year
    from 2026 to the horizon's end, as a going concern [USD]."""
    inp = problem(n_years=n_years, spend=(1.0,), output=(0.0, 1.0), terminal_value="going_concern")
    build = np.zeros((1, 1, n_years))
    build[0, 0, 0] = 1
    prod = np.array([[0.0] + [12_000.0] * (n_years - 1)])
    table = cash_flows(inp, build, prod)
    return float(table.loc[table["year"] == 2025 + n_years, "salvage_usd"].iloc[0])


def test_a_going_concern_is_worth_the_same_whichever_year_the_horizon_ends() -> None:
    """The same module, the same real flows every year: its going-concern value should
    not depend on whether the horizon ends in 2030 or 2031. Hand numbers (M$; problem():
    net capex 1000, 80 % equipment over 5 years, 20 % building over 20, tax 20 %,
    r = 10 %): to 2030 the tools still depreciate, 160 + 10 = 170 a year, NOPAT
    0.8 x (360 - 60 - 50 - 170) = 64, worth 64 x 1.1/0.1 = 704. In 2031 the tools are
    written off: depreciation 10, NOPAT 0.8 x 240 = 192, worth 2,112, three times as
    much for the same business, because keeping the tools running forever is charged
    nothing. Keeping the plant as it is (g = 0, Damodaran ch. 12) means replacing its
    tools every 5 years: 170 a year, so 704 in both."""
    assert _going_concern_of_one_module(6) == pytest.approx(704e6, rel=1e-9)  # horizon 2030
    assert _going_concern_of_one_module(7) == pytest.approx(704e6, rel=1e-9)  # was 2,112e6


#: SMALL_3Y's 8 % as Fisher's real rate, 1.08/1.0235 - 1 (data/fab_parameters.csv
#: expected_inflation 2.35 %), written out so the two spellings are one rate.
FISHER_REAL = f"{1.08 / 1.0235 - 1:.17g}"
#: The finance block that makes SMALL_3Y's 0.08 a nominal rate.
NOMINAL = "finance:\n  discount_rate_basis: nominal\n"


def _spellings(text: str) -> dict[str, str]:
    """``text`` (a SMALL_3Y variant) at 8 % nominal and at its Fisher real rate."""
    return {
        "nominal": text + NOMINAL,
        "real": replaced(text, ("discount_rate: 0.08\n", f"discount_rate: {FISHER_REAL}\n")),
    }


def test_the_rental_penalty_discounts_at_the_real_rate(run_cli: RunCli, tmp_path: Path) -> None:
    """With ``unmet_penalty_usd_per_h100e: rental`` the penalty is an H100's rent over
    its life discounted (eb58307: at Scenario.real_discount_rate). 8 % nominal and its
    Fisher real rate are one rate, so the serve objective (which prices unmet demand at
    the penalty) is the same to $1, and so is the penalty's assumptions row. Kills the
    penalty discounted at the rate as given (the helpers' test uses SMALL_3Y's numeric
    penalty, which no rate reaches)."""
    rental = replaced(
        SMALL_3Y, ("unmet_penalty_usd_per_h100e: 27500", "unmet_penalty_usd_per_h100e: rental")
    )
    out, row = {}, {}
    for name, text in _spellings(rental).items():
        res = run_cli("plan", write_scenario(tmp_path, text, f"{name}.yaml"), "--json")
        assert res.code == 0, res.err
        out[name] = res.json()["objective_usd"]
        (row[name],) = [
            a for a in res.json()["assumptions"] if a["parameter"].startswith("unmet penalty")
        ]
    assert out["nominal"] == pytest.approx(out["real"], abs=1.0)
    # SMALL_3Y serves all its demand, so the objective cannot tell: the penalty's own
    # row (its values in USD/H100e and the rate it was discounted at) must be one row
    assert row["nominal"]["value"] == row["real"]["value"]
    assert "discounted at 0.0552027 " in row["nominal"]["source"]


def test_a_monte_carlo_members_npv_discounts_at_the_real_rate(tmp_path: Path) -> None:
    """A risk member's NPV series (runs/worker.py, f40c96f: Scenario.real_discount_rate)
    at 8 % nominal equals the one at its Fisher real rate, the same draws (seed 5) of a
    PUE each member plans with: one rate, two spellings, to $1 in every year. Kills the
    member discounting at the rate as given (8 %)."""
    from tigris.risk.montecarlo import monte_carlo
    from tigris.scenario import load_scenario

    dist = 'distributions:\n  pue: {dist: uniform, low: 1.1, high: 1.3, source: "test"}\n'
    npv = {}
    for name, text in _spellings(SMALL_3Y).items():
        sc = load_scenario(write_scenario(tmp_path, text + dist, f"mc-{name}.yaml"))
        mc = monte_carlo(sc, 2, 5, workers=0)
        assert mc.failed.empty
        rows = mc.outputs[mc.outputs["output"] == "npv_usd"]
        npv[name] = rows.sort_values(list(rows.columns[:-1]))["value"].to_numpy()
    assert len(npv["real"]) > 0
    assert np.abs(npv["real"]).max() > 1e6  # a plan with money in it
    assert npv["nominal"] == pytest.approx(npv["real"], abs=1.0)


def _rate_text(rate: str, dist: str) -> str:
    """SMALL_3Y with discount rate ``rate`` and ``dist`` on it (as
    tests/test_s33_risk_support.py writes them)."""
    return (
        replaced(SMALL_3Y, ("discount_rate: 0.08\n", f"discount_rate: {rate}\n"))
        + "distributions:\n"
        + f'  discount_rate: {{{dist}, source: "test"}}\n'
    )


def test_a_half_bounded_normal_says_its_central_interval(tmp_path: Path, run_cli: RunCli) -> None:
    """Normal(0.08, 0.002) truncated below at 0.07 (5 sd down: the truncation moves its
    0.9995 quantile by ~1e-10) has an unbounded high side: 0.10 is beyond 0.08 + 3.2905 x
    0.002 = 0.0865811, and scenario check says it as the central 99.9 %, not 'it draws
    0.07 to 0.0865811' as if 0.0865811 were an end (af1aae2, Mismatch.draws). Kills
    the wording that needs both sides unbounded."""
    path = write_scenario(
        tmp_path, _rate_text("0.10", "dist: normal, mean: 0.08, sd: 0.002, low: 0.07")
    )
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (warned,) = [ln for ln in res.err.splitlines() if "distributions.discount_rate" in ln]
    assert "99.9 % of its draws lie in 0.07 to 0.0865811" in warned, warned


def test_the_note_of_a_normal_bounded_above_only(tmp_path: Path, run_cli: RunCli) -> None:
    """A normal with only a high end (0.09), the value 0.06 (10 sd below its mean)
    drawn --as-written: the note gives the range as −∞–0.09 (af1aae2's note; the
    helper's test covers the 0.07–∞ side only). Kills the note without the minus."""
    path = write_scenario(
        tmp_path, _rate_text("0.06", "dist: normal, mean: 0.08, sd: 0.002, high: 0.09")
    )
    res = run_cli("risk", path, "--samples", "4", "--seed", "3", "--workers", "0", "--no-store",
                  "--as-written")  # fmt: skip
    assert res.code == 0, res.err
    (note,) = [ln for ln in res.out.splitlines() if ln.startswith("note: discount_rate")]
    assert "outside its distribution (normal, −∞–0.09, mean 0.08)" in note, note


def test_fab_warns_of_the_worlds_hbm_too(run_cli: RunCli) -> None:
    """200,000 wspm of N4 making H100s also needs more HBM DRAM wafers than the world
    makes (cd7381b warns per kind; the helper's tests cover CoWoS only). The world's
    end-2025 HBM wafers are incumbent_capacity.csv's 2025 hbm rows x 12, summed here;
    the warning names the share of them. Kills the HBM kind never warned."""
    text = resources.files("tigris.data").joinpath("incumbent_capacity.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    hbm_2025 = [r for r in rows if r["kind"] == "hbm" and r["year"] == "2025"]
    assert {r["status"] for r in hbm_2025} == {"history"}  # reported, not announced
    world = 12 * sum(float(r["capacity"]) for r in hbm_2025)
    assert world == (160_000 + 170_000 + 55_000) * 12  # SK hynix, Samsung, Micron
    res = run_cli("fab", "--node", "N4", "--site", "taiwan", "--wspm", "200000",
                  "--product", "h100", "--json")  # fmt: skip
    assert res.code == 0, res.err
    share = res.json()["product_world_share"]["hbm"]
    assert share["world_wafers_per_year"] == pytest.approx(world)
    pct = f"{100 * share['needed_wafers_per_year'] / world:.1f}%"
    (line,) = [ln for ln in res.err.splitlines() if "HBM DRAM" in ln]
    assert line.startswith("warning: ") and pct in line
    assert "more than the world's HBM DRAM wafer capacity in 2025" in line


def test_payback_after_the_horizon_names_the_going_concern() -> None:
    """A payback in 2036 on a horizon ending 2035 comes only from the year after it,
    which holds the terminal value: with going_concern the words say so (4a98166), a
    payback inside the horizon is just its year. Kills the going-concern flag ignored."""
    from tigris.plan.summary import payback_words

    assert payback_words(2036, 2035, True) == "2036 (by the terminal value as a going concern)"
    assert payback_words(2036, 2035, False) == "2036 (by salvage at book value)"
    assert payback_words(2034, 2035, True) == "2034"


def test_a_run_without_the_terminal_key_is_not_a_going_concern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run saved before finance.terminal_value has no terminal_going_concern: it was
    valued at book value, so the money section's captions must not call it a going
    concern (bb6586b's report.headline.going_concern). Kills '!= 0.0' for '== 1.0'."""
    import tigris.report.result as result_mod
    from tigris.report.headline import going_concern

    for numbers, want in (({}, False), ({"terminal_going_concern": 0.0}, False),
                          ({"terminal_going_concern": float("nan")}, False),
                          ({"terminal_going_concern": 1.0}, True)):  # fmt: skip
        fake = type("Fake", (), {"headline": lambda self, n=numbers: {"numbers": n}})()
        monkeypatch.setattr(result_mod, "plan_result", lambda r, fake=fake: fake)
        assert going_concern(None) is want, numbers


def test_the_returns_table_title_says_nominal_then_real(run_cli: RunCli, tmp_path: Path) -> None:
    """SMALL_3Y at 8 % nominal: the returns table's title reads '8.00% nominal = 5.52%
    real' (1.08/1.0235 - 1 = 5.520 %), as the Money line does (cli/plan.py, 4a98166).
    Kills the two rates swapped in the title (the helper's test reads the Money line)."""
    path = write_scenario(tmp_path, SMALL_3Y + NOMINAL, "nominal.yaml")
    res = run_cli("plan", path, "--no-store")
    assert res.code == 0, res.err
    (title,) = [ln for ln in res.out.splitlines() if "return by build" in ln]
    assert "(NPV at 8.00% nominal = 5.52% real" in title, title


def test_risk_samples_bound_speaks_before_any_file_is_read(tmp_path: Path, run_cli: RunCli) -> None:
    """2616fde: 'tigris risk --samples' above 1,000 without --yes is refused before any
    file is read: with a scenario path that does not exist the --samples line speaks,
    not the missing file (2,000 x 0.41 MB = 0.82 GB, '0.8 GB'; 2,000 x 49 kB = 98 MB).
    Kills the check dropped in seconds: tests/test_s33_risk_samples.py's test then
    solves 2,000 plans (8 min measured) before it fails."""
    missing = tmp_path / "no-such.yaml"
    res = run_cli("risk", missing, "--samples", "2000", "--no-store", "--workers", "0")
    assert_one_line_error(res, "--samples", "2,000 members", "0.8 GB", "98 MB", "--yes")
    assert "no-such" not in res.err

"""A review of sweeps (2026-12-07): three defects.

- a path and a part of it both given, the part first: the whole overwrote the part in
  silence, and members were labelled with values never planned;
- a data cell swept beside a scenario edit that makes it reach nothing was not said;
- ``compare --sweep`` missed members discounted otherwise when ``finance`` was swept as
  a whole.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths

from .conftest import SMALL_3Y


def test_the_whole_after_its_part_is_refused() -> None:
    sc = reference_scenario()
    with pytest.raises(InputError, match=r"sets the whole of what 'supply\.cowos_wspm\.2026'"):
        set_paths(sc, {"supply.cowos_wspm.2026": 1e5, "supply.cowos_wspm": {2026: 5e4}})
    # the whole first, then a part of it: the part refines it
    done = set_paths(
        sc, {"supply.cowos_wspm": {2026: 5e4, 2027: 6e4}, "supply.cowos_wspm.2026": 1e5}
    )
    assert {int(k): float(v) for k, v in done.supply.cowos_wspm.items()} == {2026: 1e5, 2027: 6e4}


def test_a_sweep_of_a_part_and_its_whole_exits_2(run_cli) -> None:
    res = run_cli(
        "sweep", "--set", "supply.cowos_wspm.2026=1e5,2e5",
        "--set", "supply.cowos_wspm={2026: 5e4}", "--no-store", "--workers", "0",
    )  # fmt: skip
    assert res.code == 2 and "Traceback" not in res.err
    assert "sets the whole of what" in res.err


def test_a_cell_a_members_edit_overrides_is_said() -> None:
    from tigris.runs.sweep import set_warning_lines

    cell = "data.sites.japan.subsidy_share_of_capex"
    members = [{"sites.japan.subsidy_share_of_capex": 0.3, cell: v} for v in (0.1, 0.9)]
    lines = set_warning_lines(reference_scenario(), members)
    said = [ln for ln in lines if ln.startswith(f"--set: {cell}=")]
    assert len(said) == 1
    assert "changes nothing" in said[0]
    assert "(with sites.japan.subsidy_share_of_capex=0.3)" in said[0]


def test_compare_sweep_sees_a_rate_basis_swept_inside_finance(run_cli, tmp_path: Path) -> None:
    from tigris.runs.compare import compare_sweep

    scenario = tmp_path / "s3.yaml"
    scenario.write_text(SMALL_3Y, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "sweep", str(scenario), "--store", str(store), "--workers", "0", "--json",
        "--set", "finance={discount_rate_basis: real},{discount_rate_basis: nominal}",
    )  # fmt: skip
    assert res.code == 0, res.err
    from tigris.runs.store import RunStore

    sweeps = RunStore(store).sweeps()
    table = compare_sweep(str(sweeps["id"].iloc[0]), store=store)
    one = table[table["member"] == 1].iloc[0]
    assert isinstance(one["rate_note"], str) and "finance.discount_rate_basis" in one["rate_note"]
    assert math.isnan(one["npv_usd_change"]) and math.isnan(one["cost_usd_change"])


@pytest.mark.parametrize("whole_first", [True, False])
def test_a_part_of_a_removed_entry_is_refused_in_either_order(whole_first: bool) -> None:
    """A part of what another path removes is lost with it: refused whichever comes
    first, with the same advice (a review of 2026-12-07: one order was refused with
    advice the other order followed, and lost the part in silence)."""
    part, whole = {"sites.taiwan.max_modules": 3}, {"sites.taiwan": None}
    changes = {**whole, **part} if whole_first else {**part, **whole}
    with pytest.raises(InputError, match=r"sets a part of what 'sites\.taiwan' removes"):
        set_paths(reference_scenario(), changes)


def test_a_member_past_its_subsidy_programme_is_warned(run_cli) -> None:
    """A policy analyst's review of 2026-12-07: a member spending more than the CHIPS
    Act's whole at Arizona was said only before the solve ("could come to"); tigris
    plan warns of the solved plan's. The member's line quotes the plan's own subsidy,
    the subsidies table's Arizona rows."""
    import re

    # 0.8: at 0.6 the plan passed the programme until the N2 capacity fix of
    # 2026-12-07 (Arizona counted once); it then spends US$33.7B there, within US$39B
    args = [
        "--set", "data.datacenter_capacity.all.ai_growth_scale=4",
        "--set", "sites.arizona-usa.subsidy_share_of_capex=0.8",
    ]  # fmt: skip
    res = run_cli("sweep", *args, "--no-store", "--workers", "0")
    assert res.code == 0, res.err
    line = next(ln for ln in res.err.splitlines() if ln.startswith("warning: member 0: "))
    m = re.search(r"at arizona-usa, US\$([\d.]+)B, is ([\d.]+)x the whole of US\$([\d.]+)B", line)
    assert m is not None, line
    plan = run_cli("plan", *args, "--no-store", "--json").json()
    az = sum(r["subsidy_usd"] for r in plan["subsidies"] if r["site"] == "arizona-usa")
    assert float(m.group(1)) == pytest.approx(az / 1e9, abs=0.05)
    assert float(m.group(2)) == pytest.approx(az / (float(m.group(3)) * 1e9), abs=0.005)


def test_a_path_every_member_sets_alike_is_said_once(run_cli, tmp_path: Path) -> None:
    """Four paths, one of them the same in every member: three columns and one line
    'every member: ...', not one cut 'changes' column (a policy analyst's review of
    2026-12-07: a --zip sweep of three sites' shares beside a fixed growth scale)."""
    scenario = tmp_path / "s3.yaml"
    scenario.write_text(SMALL_3Y, encoding="utf-8")
    res = run_cli(
        "sweep", str(scenario), "--zip", "--no-store", "--workers", "0",
        "--set", "pue=1.3,1.3",
        "--set", "discount_rate=0.06,0.07",
        "--set", "sites.japan.subsidy_share_of_capex=0.1,0.2",
        "--set", "capital.fund.amount_usd=1e9,2e9",
    )  # fmt: skip
    assert res.code == 0, res.err
    text = res.out
    assert "every member: pue=1.3" in " ".join(text.split())
    assert "changes" not in text.split("\n", 3)[1]  # no 'changes' column header
    rows = [ln for ln in text.splitlines() if ln.strip().startswith(("0 ", "1 "))]
    assert rows and any("0.06" in ln for ln in rows) and any("0.07" in ln for ln in rows)


def test_a_risk_run_says_programme_overruns_once(monkeypatch, capsys) -> None:
    """A risk run's plans are draws: one summary line of the plans that pass a subsidy
    programme, not one 500-character line a plan (second review of 2026-12-07)."""
    import tigris
    import tigris.runs.sweep as sweep_mod
    from tigris.runs.worker import run_member

    from .conftest import UNCERTAIN

    def warned(task):
        out = run_member(task)
        out.warnings = ["the plan's subsidy at japan, US$9.9B, is 2.00x the whole of X"]
        return out

    monkeypatch.setattr(sweep_mod, "run_member", warned)
    capsys.readouterr()
    tigris.risk(UNCERTAIN, samples=2, seed=1, workers=0, store=False)
    err = capsys.readouterr().err
    assert "warning: member " not in err
    lines = [ln for ln in err.splitlines() if "pass a subsidy programme's total" in ln]
    assert len(lines) == 1 and lines[0].startswith("warning: 3 of 3 plans")

"""What a reproducibility auditor found (user test 2026-12-07, reproducibility): a
sweep member exported to a folder was re-planned without its sweep's ``--data`` file
(#1: another plan); the sources table cited to ``--data`` values the overlay never set
(#7); ``--from-run`` of a parquet export said the plan "differs" (#9)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
#: A --data entry that changes one column of a shipped site and keeps the others.
OVERLAY = """\
sites:
  - name: taiwan
    based_on: taiwan
    construction_months: 60
    {extra}source: "test entry"
    as_of: 2026-01
"""


def _cli(*args: Any) -> tuple[int, str, str]:
    from tigris.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def _sources(doc: dict[str, Any]) -> dict[str, str]:
    return {a["parameter"]: str(a["source"]) for a in doc["assumptions"]}


@pytest.mark.parametrize("how", ["data", "set"])
def test_a_kept_value_is_cited_to_the_shipped_table(tmp_path: Path, how: str) -> None:
    """A --data entry based_on a shipped site, or a --set of one of its cells, that
    changes its construction months keeps its subsidy share and tax rate: those are
    cited to the shipped tables, with the shipped row's date, not to the overlay."""
    if how == "data":
        data = tmp_path / "ov.yaml"
        data.write_text(OVERLAY.format(extra=""), encoding="utf-8")
        flags = ["--data", data]
    else:
        flags = ["--set", "data.sites.taiwan.construction_months=60"]
    code, out, err = _cli("plan", SMALL, "--no-store", "--json", *flags)
    assert code == 0, err
    src = _sources(json.loads(out))
    assert src["taiwan: subsidy_share_of_capex"].startswith("data/sites.csv (")
    assert "as_of 2026-01" not in src["taiwan: subsidy_share_of_capex"]
    assert src["taiwan: corporate tax rate"] == "data/tax_rates.csv"


def test_a_value_the_overlay_sets_is_cited_to_it(tmp_path: Path) -> None:
    data = tmp_path / "ov.yaml"
    data.write_text(OVERLAY.format(extra="subsidy_share_of_capex: 0.3\n    "), encoding="utf-8")
    code, out, err = _cli("plan", SMALL, "--no-store", "--json", "--data", data)
    assert code == 0, err
    doc = json.loads(out)
    cited = _sources(doc)["taiwan: subsidy_share_of_capex"]
    assert cited.startswith(f"--data {data}:") and "test entry" in cited


@pytest.fixture(scope="module")
def member(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A two-member sweep of SMALL with a --data file that changes the plan (Taiwan's
    construction 60 months), in a store of its own; member 1's id."""
    d = tmp_path_factory.mktemp("s58-repro")
    data = d / "ov.yaml"
    data.write_text(OVERLAY.format(extra=""), encoding="utf-8")
    store = d / "runs.duckdb"
    code, out, err = _cli(
        "sweep",
        SMALL,
        "--data",
        data,
        "--set",
        "capital.fund.amount_usd=1e10,2e10",
        "--workers",
        "0",
        "--store",
        store,
        "--json",
    )
    assert code == 0, err
    rid = json.loads(out)["members"][1]["run_id"]
    return {"dir": d, "store": store, "id": rid}


def test_a_csv_export_of_a_member_repeats_with_its_sweeps_data(member: dict[str, Any]) -> None:
    """Re-planned from the folder, the member gives its stored plan again: the sweep's
    --data file comes from the member's provenance (its options do not name it)."""
    folder = member["dir"] / "csv"
    code, _, err = _cli(
        "runs", "export", member["id"], "--format", "csv", "--out", folder,
        "--store", member["store"],
    )  # fmt: skip
    assert code == 0, err
    code, out, err = _cli("plan", "--from-run", folder, "--no-store", "--json")
    assert code == 0, err
    run = json.loads(out)["from_run"]
    assert run["matches"] is True, run
    assert run["data"]["used"] == "kept_text"


def test_a_parquet_export_is_not_compared(member: dict[str, Any]) -> None:
    """A folder without plan.json has no result to compare: matches is null and the
    text says "not compared", not "differs"."""
    folder = member["dir"] / "pq"
    code, _, err = _cli(
        "runs", "export", member["id"], "--format", "parquet", "--out", folder,
        "--store", member["store"],
    )  # fmt: skip
    assert code == 0, err
    code, out, err = _cli("plan", "--from-run", folder, "--no-store", "--json")
    assert code == 0, err
    run = json.loads(out)["from_run"]
    assert run["matches"] is None and "--format csv" in run["differences"][0]
    code, out, err = _cli("plan", "--from-run", folder, "--no-store")
    said = " ".join(out.split())
    assert "not compared: the stored run has no result" in said and "differs" not in said


def test_runs_show_yaml_says_what_it_cannot_hold(tmp_path: Path) -> None:
    """A run solved with a data-table cell: --yaml prints the scenario and stderr says
    which --set gives the rest, its value in full; planning the YAML with that --set
    gives the stored objective again (#5)."""
    store = tmp_path / "runs.duckdb"
    code, out, err = _cli(
        "plan", SMALL, "--set", "data.sites.taiwan.construction_months=60", "--json",
        "--store", store,
    )  # fmt: skip
    assert code == 0, err
    stored = json.loads(out)["objective_usd"]
    code, out, err = _cli("runs", "list", "--json", "--store", store)
    rid = json.loads(out)[0]["id"]
    code, yaml_text, err = _cli("runs", "show", rid, "--yaml", "--store", store)
    assert code == 0
    assert "--set data.sites.taiwan.construction_months=60" in err
    assert f"tigris plan --from-run {rid}" in err
    again = tmp_path / "again.yaml"
    again.write_text(yaml_text, encoding="utf-8")
    code, out, err = _cli(
        "plan", again, "--set", "data.sites.taiwan.construction_months=60", "--json",
        "--no-store",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["objective_usd"] == pytest.approx(stored, rel=1e-9)


def test_runs_show_yaml_of_a_plain_run_says_nothing(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    assert _cli("plan", SMALL, "--json", "--store", store)[0] == 0
    rid = json.loads(_cli("runs", "list", "--json", "--store", store)[1])[0]["id"]
    code, _, err = _cli("runs", "show", rid, "--yaml", "--store", store)
    assert code == 0 and err == ""


def test_a_sweep_without_seed_draws_one_and_says_it(uncertain_file: Path, tmp_path: Path) -> None:
    """--samples without --seed: the seed drawn is said and stored, and --seed with it
    draws the same members (#11)."""
    import re

    store = tmp_path / "runs.duckdb"
    args = ("sweep", uncertain_file, "--samples", "2", "--workers", "0", "--json")
    code, out, err = _cli(*args, "--store", store)
    assert code == 0, err
    said = re.search(r"seed (\d+) \(drawn; --seed \1 repeats these draws\)", err)
    assert said is not None, err
    seed = int(said.group(1))
    first = json.loads(out)
    rid = first["members"][0]["run_id"]
    rec = json.loads(_cli("runs", "show", rid, "--json", "--store", store)[1])
    assert rec["seed"] == seed
    code, out, err = _cli(*args, "--seed", str(seed), "--no-store")
    assert code == 0, err
    assert "drawn" not in err
    again = json.loads(out)
    assert [m["changes"] for m in again["members"]] == [m["changes"] for m in first["members"]]


def test_from_run_says_the_code_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run stored at one commit and re-solved at another, with uncommitted changes:
    the notes say so; the inputs still match (#10)."""
    import tigris.runs.provenance as prov

    store = tmp_path / "runs.duckdb"
    monkeypatch.setattr(prov, "git_state", lambda: ("a" * 40, False))
    assert _cli("plan", SMALL, "--json", "--store", store)[0] == 0
    rid = json.loads(_cli("runs", "list", "--json", "--store", store)[1])[0]["id"]
    monkeypatch.setattr(prov, "git_state", lambda: ("b" * 40, True))
    code, out, err = _cli("plan", "--from-run", rid, "--json", "--no-store", "--store", store)
    assert code == 0, err
    run = json.loads(out)["from_run"]
    assert run["inputs_match"] is True and run["matches"] is True
    want = "Code changed since the stored run: git commit aaaaaaaa -> bbbbbbbb (with uncommitted"
    assert any(n.startswith(want) for n in run["notes"]), run["notes"]


def test_the_api_keeps_the_stored_runs_id(tmp_path: Path) -> None:
    """tigris.plan(..., store=FILE) gives the stored run's id; without store, None (#8)."""
    import tigris
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    result = tigris.plan(SMALL, explain=False, store=store)
    assert result.run_id is not None
    assert RunStore(store).record(result.run_id)["id"] == result.run_id
    assert tigris.plan(SMALL, explain=False).run_id is None


def test_runs_show_yaml_of_a_member_names_its_sweeps_data(member: dict[str, Any]) -> None:
    """A sweep member's --data is its sweep's, not in its options: the note names it
    (review 2026-12-07 #1: the YAML planned another problem, without a word)."""
    code, _, err = _cli("runs", "show", member["id"], "--yaml", "--store", member["store"])
    assert code == 0
    assert f"--data {member['dir'] / 'ov.yaml'}" in err, err


def test_from_run_says_the_tigris_version_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed wheel has no git commit: the version tells the code apart (review
    2026-12-07 #5)."""
    import tigris

    store = tmp_path / "runs.duckdb"
    assert _cli("plan", SMALL, "--json", "--store", store)[0] == 0
    rid = json.loads(_cli("runs", "list", "--json", "--store", store)[1])[0]["id"]
    monkeypatch.setattr(tigris, "__version__", "9.9.9")
    code, out, err = _cli("plan", "--from-run", rid, "--json", "--no-store", "--store", store)
    assert code == 0, err
    notes = json.loads(out)["from_run"]["notes"]
    assert any(n.startswith("Code changed since the stored run: tigris ") for n in notes), notes
    assert any("-> 9.9.9" in n for n in notes), notes


# --- user test 2026-12-07, export controls ------------------------------------------

#: SMALL over 2026-2028 with two parts, B200 bound to at least half of the H100e by a
#: floor and H100 made only until 2026.
TWO_PARTS = """\
name: two-parts
currency_year: 2024
horizon: {first_year: 2026, last_year: 2028}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 27500
demand:
  - {name: training, priority: 2, h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}}
products:
  - {name: b200, min_share: 0.5}
  - {name: h100-sxm, last_year: 2026}
supply:
  logic_wspm: {N5: {2026: 19000}}
  cowos_wspm: {2026: 17000}
  hbm_wspm: {2026: 1.0e5}
facilities: [{kind: logic, node: N4}, {kind: cowos}, {kind: hbm}]
sites: [{name: japan, max_modules: 3}]
capital: [{name: fund, amount_usd: 2.0e10, first_year: 2026, last_year: 2027}]
tools: {euv_per_year: {2026: 10}}
disruptions:
  - {name: ban-b200, kind: export_control, product: b200, region: china, start_year: 2027,
     source: "test"}
  - {name: ban-h100-late, kind: export_control, product: h100-sxm, region: china,
     start_year: 2027, source: "test"}
"""


@pytest.fixture(scope="module")
def two_parts() -> Any:
    from tigris.plan.assemble import assemble
    from tigris.plan.solve import solve
    from tigris.scenario.edit import load_any

    sc = load_any(TWO_PARTS)
    inp, _ = assemble(sc)
    return sc, inp, solve(sc, explain_result=False)


def test_a_ban_says_it_lifts_the_parts_floor(two_parts: Any) -> None:
    """Barring a part with a min_share floor frees what the floor held: the result says
    the floor's value is not a gain from the ban (export controls #2)."""
    from tigris.risk.disruptions import disrupt

    sc, _, base = two_parts
    res = disrupt(sc, "ban-b200", base=base, mip_gap=0.0, say=lambda _: None)
    said = " ".join(res.notes)
    assert "barring b200 also lifts its min_share floor (up to 50.0% of the H100e" in said


def test_a_ban_after_the_part_is_made_says_it_was_made_before(two_parts: Any) -> None:
    """H100 is made in 2026 only; barred from 2027 it is 'none from 2027 on', not 'the
    plan makes no h100-sxm' (export controls #8)."""
    from tigris.risk.disruptions import disrupt

    sc, _, base = two_parts
    made = base.production
    assert made[made["product"] == "h100-sxm"]["units"].sum() > 0  # made in 2026
    res = disrupt(sc, "ban-h100-late", base=base, mip_gap=0.0, say=lambda _: None)
    said = " ".join(res.notes)
    assert "the plan makes no h100-sxm from 2027 on (it makes some before)" in said
    assert "lifts its min_share floor" not in said  # no floor on it


def test_an_outage_of_usa_or_china_is_the_region() -> None:
    """A name that is a region and a site (china) or an alias (usa) is the region, every
    site in it (export controls #1); a region without a site is refused (#9)."""
    from tigris.risk.disruptions import region_sites

    assert region_sites("usa") == ("arizona-usa", "texas-usa")
    assert region_sites("china", {"japan": "china"}) == ("china", "japan")
    assert "japan" not in region_sites("asia-pacific", {"japan": "china"})
    assert region_sites("tw") == ("taiwan",)


def test_an_outage_of_a_region_without_sites_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "row.yaml"
    event = (
        "  - {name: row-out, kind: region_outage, region: rest-of-world, start_year: 2027,\n"
        '     months: 12, source: "test"}\n'
    )
    path.write_text(TWO_PARTS + event, encoding="utf-8")
    code, out, err = _cli("scenario", "check", path)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "region 'rest-of-world' has no site" in lines[0], err


def test_a_sweep_of_a_disruption_field_says_it_changes_nothing(
    tmp_path: Path, uncertain_file: Path
) -> None:
    """--set disruptions.X.months: the members are the same, and the sweep says why; a
    distribution on it is refused (export controls #3)."""
    path = tmp_path / "d.yaml"
    path.write_text(TWO_PARTS, encoding="utf-8")
    code, _, err = _cli(
        "sweep", path, "--set", "disruptions.ban-b200.start_year=2027,2028", "--workers", "0",
        "--no-store",
    )  # fmt: skip
    assert code == 0, err
    assert (
        "disruptions.ban-b200.start_year=2027,2028: disruptions.ban-b200.start_year: "
        "changes nothing in a plan"
    ) in err
    drawn = tmp_path / "drawn.yaml"
    drawn.write_text(
        TWO_PARTS + "distributions:\n  disruptions.ban-b200.start_year: "
        "{dist: uniform, low: 2027, high: 2028, source: x}\n",
        encoding="utf-8",
    )
    code, _, err = _cli("scenario", "check", drawn)
    assert code == 2 and "a disruption's fields are not drawn" in err


def test_a_supply_map_beside_a_baseline_says_it_is_held_flat(tmp_path: Path) -> None:
    """One year of HBM beside the baseline replaces the baseline's series and is held
    flat: said, as a region's headroom is (export controls #6)."""
    code, out, err = _cli(
        "plan", "--no-store", "--json", "--set", "supply.hbm_wspm={2026: 400000}"
    )  # fmt: skip
    assert code == 0, err
    want = "supply.hbm_wspm: given for 2026 only, this replaces the 'announced' baseline's"
    assert want in err and "holds 2027–2035 flat at 400,000 wspm" in err
    hbm = [
        r for r in json.loads(out)["capacity"]
        if r["facility"] == "hbm" and r["site"] == "existing"
    ]  # fmt: skip
    assert {r["available"] for r in hbm} == {400000.0}  # what the warning says


def test_an_unknown_disruption_field_is_named_with_its_kinds(tmp_path: Path) -> None:
    """'region' on an euv_cut: the kinds it belongs to, not a scenario field (export
    controls #5: "did you mean 'horizon'?")."""
    path = tmp_path / "cut.yaml"
    event = (
        "  - {name: cut, kind: euv_cut, share: 0.5, region: china, start_year: 2027,\n"
        '     years: 1, source: "t"}\n'
    )
    path.write_text(TWO_PARTS + event, encoding="utf-8")
    code, _, err = _cli("scenario", "check", path)
    assert code == 2
    assert (
        "disruptions.2.region: unknown field for this kind of disruption ('region' is a "
        "field of region_outage, export_control)"
    ) in err
    assert "horizon" not in err


def test_a_partial_outage_of_a_stage_is_not_called_binding() -> None:
    """Half a year of every CoWoS line out is not a 'binding stage' (export controls #7);
    the whole year is."""
    from tigris.risk.disruptions import lead_sentences

    def lead(removed: float) -> list[str]:
        stage = {
            "facility": "cowos", "year": 2028, "in_region_share": 1.0,
            "removed_share": removed, "products_needing": 3, "products_available": 3,
        }  # fmt: skip
        nums = {"event_years": [2028], "stages_removed": [stage]}
        return lead_sentences(nums, {"region": "asia-pacific"}, "region_outage")

    assert any(x.startswith("binding stage") for x in lead(1.0))
    half = lead(0.5)
    assert not any(x.startswith("binding stage") for x in half)
    assert any(x.startswith("a stage all in the region, in part") for x in half)


def test_the_lead_of_a_late_ban_says_the_part_was_made_before(two_parts: Any) -> None:
    from tigris.risk.disruptions import disrupt

    sc, _, base = two_parts
    res = disrupt(sc, "ban-h100-late", base=base, mip_gap=0.0, say=lambda _: None)
    assert res.numbers()["barred_product_made_before_h100e"] > 0
    assert any(
        x.startswith("the plan makes no h100-sxm from 2027 on (it makes some before)")
        for x in res.lead()
    )


def test_the_lead_says_a_loss_outside_the_event_years() -> None:
    """50 lost in the event years and 240 over the horizon: the lead gives the total and
    what lies outside (export controls #4)."""
    from tigris.risk.disruptions import lead_sentences

    nums = {
        "event_years": [2030, 2031],
        "fixed_lost_delivered_h100e": 50e6,
        "fixed_lost_delivered_share": 0.249,
        "base_delivered_in_event_years_h100e": 200.8e6,
        "fixed_lost_delivered_horizon_h100e": 240e6,
    }
    said = lead_sentences(nums, {"region": "taiwan"}, "region_outage")
    assert said[0].startswith("builds fixed: 50M H100e of deliveries lost in 2030–2031")
    over = [x for x in said if x.startswith("builds fixed, over the horizon")]
    assert over and over[0].startswith(
        "builds fixed, over the horizon: 240M H100e fewer delivered, 190M H100e fewer of them "
        "outside 2030–2031"
    ), said
    nums["fixed_lost_delivered_horizon_h100e"] = 50.2e6  # within 1 %: not said
    assert not any("over the horizon" in x for x in lead_sentences(nums, {}, "region_outage"))


# --- review 2026-12-07 of the export-control fixes ----------------------------------


def test_a_ban_on_a_market_without_sites_is_accepted(tmp_path: Path) -> None:
    """An export control's region names a market: rest-of-world has no site, and a ban
    aimed there is no outage (review #1)."""
    path = tmp_path / "ban.yaml"
    path.write_text(
        TWO_PARTS.replace("product: b200, region: china", "product: b200, region: rest-of-world"),
        encoding="utf-8",
    )
    code, _, err = _cli("scenario", "check", path)
    assert code == 0, err


def test_no_floor_is_said_lifted_where_the_part_cannot_be_made() -> None:
    """H100 is made until 2026 only: a floor written past it is not in force, and its ban
    from 2027 lifts none (review #2); shares print as the tables do, 0.4 % not 0 %."""
    from tigris.plan.assemble import assemble
    from tigris.risk.disruptions import _floor_lifted
    from tigris.scenario.edit import load_any

    text = TWO_PARTS.replace(
        "{name: h100-sxm, last_year: 2026}", "{name: h100-sxm, last_year: 2026, min_share: 0.1}"
    )
    inp, _ = assemble(load_any(text))
    assert _floor_lifted(inp, "h100-sxm", 2027) == 0.0
    assert _floor_lifted(inp, "h100-sxm", 2026) == pytest.approx(0.1)
    assert _floor_lifted(inp, "b200", 2027) == pytest.approx(0.5)


def test_a_sweep_says_a_disruption_field_once(tmp_path: Path) -> None:
    """Two swept paths: the disruption warning once, not once per member (review #3)."""
    path = tmp_path / "d.yaml"
    path.write_text(TWO_PARTS, encoding="utf-8")
    code, _, err = _cli(
        "sweep", path, "--set", "disruptions.ban-b200.start_year=2027,2028",
        "--set", "discount_rate=0.07", "--workers", "0", "--no-store",
    )  # fmt: skip
    assert code == 0, err
    assert err.count("changes nothing in a plan") == 1, err


@pytest.mark.parametrize(
    ("total", "before", "words"),
    [
        (240e6, 0.0, "190M H100e fewer of them outside 2030–2031"),
        (-30e6, 0.0, "80M H100e more of them outside 2030–2031"),
        (40e6, -10e6, "10M H100e more of them outside 2030–2031"),
    ],
)
def test_the_horizon_sentence_signs_what_lies_outside(
    total: float, before: float, words: str
) -> None:
    """The part outside the event years carries its own fewer/more, and 'years before
    it' only when the years before moved (review #4)."""
    from tigris.risk.disruptions import lead_sentences

    nums = {
        "event_years": [2030, 2031],
        "fixed_lost_delivered_h100e": 50e6,
        "fixed_lost_delivered_share": 0.249,
        "base_delivered_in_event_years_h100e": 200.8e6,
        "fixed_lost_delivered_horizon_h100e": total,
        "fixed_lost_before_event_h100e": before,
    }
    [said] = [x for x in lead_sentences(nums, {}, "region_outage") if "over the horizon" in x]
    assert words in said, said
    assert ("years before it included" in said) is (before != 0), said
    assert "-" not in said.split(":")[1].split("(")[0], said  # no signed count


def test_a_misspelt_disruption_field_is_sent_to_its_kinds(tmp_path: Path) -> None:
    path = tmp_path / "cut.yaml"
    event = (
        "  - {name: cut, kind: euv_cut, share: 0.5, regoin: china, start_year: 2027,\n"
        '     years: 1, source: "t"}\n'
    )
    path.write_text(TWO_PARTS + event, encoding="utf-8")
    code, _, err = _cli("scenario", "check", path)
    assert code == 2
    assert "(did you mean 'region'? a field of region_outage, export_control)" in err


def test_the_horizon_loss_is_the_served_totals_difference(two_parts: Any) -> None:
    """The lead's horizon figure is the plan as made's served compute less the fixed
    plan's, from their demand tables (an invariant apart from the code that sums the
    deliveries by year), and its part before the event the same over those years."""
    from tigris.risk.disruptions import disrupt

    sc, _, base = two_parts
    res = disrupt(sc, "ban-b200", base=base, mip_gap=0.0, say=lambda _: None)
    nums = res.numbers()

    def served(plan: Any, before: int | None = None) -> float:
        d = plan.demand
        if before is not None:
            d = d[d["year"] < before]
        return float(d["served_h100e"].sum())

    total = served(res.base) - served(res.fixed)
    assert nums["fixed_lost_delivered_horizon_h100e"] == pytest.approx(total, abs=1.0)
    early = served(res.base, 2027) - served(res.fixed, 2027)
    assert nums["fixed_lost_before_event_h100e"] == pytest.approx(early, abs=1.0)

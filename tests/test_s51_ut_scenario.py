"""User test of 2026-12-06 (an infrastructure planner writing scenario files from
scratch): each test fails on the code before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import SMALL, assert_one_line_error, replaced, write_scenario


def test_scenario_show_shows_a_file_of_ones_own(run_cli, tmp_path: Path) -> None:
    """``tigris scenario show my.yaml`` said "Got unexpected extra argument(s)": only the
    reference could be shown, so a user saw their own values with their sources only by
    solving. Now the file as tigris reads it (defaults filled in) and, with
    --assumptions, the rows a plan of it uses, without solving."""
    path = write_scenario(tmp_path, replaced(SMALL, ("discount_rate: 0.08", "discount_rate: 0.07")))
    res = run_cli("scenario", "show", path)
    assert res.code == 0, res.err
    doc = yaml.safe_load(res.out)
    assert doc["name"] == "small" and doc["discount_rate"] == 0.07  # the file's value
    assert doc["horizon"] == {"first_year": 2026, "last_year": 2029}
    assert "fleet_lifetime_years" in doc  # a default tigris fills in, shown
    as_json = json.loads(run_cli("scenario", "show", path, "--json").out)
    assert as_json["discount_rate"] == 0.07 and as_json["name"] == "small"
    rows = json.loads(run_cli("scenario", "show", path, "--assumptions", "--json").out)
    by = {r["parameter"]: r for r in rows}
    assert by["discount rate as given"]["value"] == 0.07, sorted(by)[:20]
    # the reference is still the default
    assert json.loads(run_cli("scenario", "show", "--json").out)["name"] == "reference"
    # --data without a file names what is missing
    assert_one_line_error(run_cli("scenario", "show", "--data", path), "--data", "give the file")
    # a bad file: its own file:line error, exit 2
    text = replaced(SMALL, ("discount_rate: 0.08", "discount_rate: x"))
    bad = write_scenario(tmp_path, text, "b.yaml")
    assert_one_line_error(run_cli("scenario", "show", bad), "b.yaml:", "discount_rate")


def test_a_penalty_written_with_a_suffix_is_told_the_number_to_write(
    run_cli, tmp_path: Path
) -> None:
    """``unmet_penalty_usd_per_h100e: 40k`` named the choices but not the number to write
    (every other number gets it: docs/scenario-files.md, "refused with the number to
    write")."""
    text = replaced(
        SMALL, ("unmet_penalty_usd_per_h100e: 27500", "unmet_penalty_usd_per_h100e: 40k")
    )
    path = write_scenario(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, "unmet_penalty_usd_per_h100e", "write 4e4 (40k = 40 × 10³")
    good = write_scenario(tmp_path, SMALL, "good.yaml")
    res = run_cli("plan", good, "--set", "unmet_penalty_usd_per_h100e=40k", "--no-store")
    assert_one_line_error(res, "--set", "write 4e4")


def test_a_number_written_with_its_unit_is_told_to_drop_it(run_cli, tmp_path: Path) -> None:
    """``power_limit_mw: 0.5GW`` (and ``500MW``) said only "expected a number, got the
    text '0.5GW'": now the number alone, in the field's own unit (0.5 GW is 500 here, so
    the hint never suggests 0.5)."""
    path = write_scenario(tmp_path, SMALL)
    for value in ("0.5GW", "500MW"):
        res = run_cli("plan", path, "--set", f"sites.taiwan.power_limit_mw={value}", "--no-store")
        assert_one_line_error(res, "expected a number", "write the number alone, in the unit")
        assert "write 0.5" not in res.err and "write 500" not in res.err
    res = run_cli("fab", "--node", "N5", "--wspm", "50kwspm")
    assert_one_line_error(res, "--wspm", "'kwspm' is not read")


def test_yaml_words_and_one_field_name(run_cli, tmp_path: Path) -> None:
    """A mapping where a list belongs said "expected a list, got a dict" (Python's word;
    the reverse said "a mapping"), and an unknown ``based_on`` part said
    "accelerators.0.based_on: accelerator: unknown accelerator"."""
    text = SMALL.replace("products:\n  - name: b200\n", "products: {name: b200}\n")
    assert text != SMALL
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert_one_line_error(res, "products: expected a list", "got a mapping")
    data = write_scenario(
        tmp_path,
        "accelerators:\n  - name: acme-x2\n    based_on: b2000\n"
        '    source: "mine"\n    as_of: 2025-01\n',
        "data.yaml",
    )
    res = run_cli("catalog", "--data", data)
    assert res.code == 2
    assert "based_on: unknown accelerator 'b2000' (did you mean 'b200'?)" in res.err, res.err


def test_a_by_year_map_written_name_first_is_one_line(run_cli, tmp_path: Path) -> None:
    """``accelerators_by_year: {b200: {2026: 1.0e6, 2030: 2.0e6}}`` (name first) gave three
    lines: "expected a year as key, got 'b200'", then "expected a name as key, got 2026"
    and the same for 2030, contradicting it. Now one line with the form to write; the
    form it gives is accepted and counted at b200's H100e."""
    demand = (
        "demand:\n  - name: training\n    priority: 2\n"
        "    accelerators_by_year: {b200: {2026: 1.0e6, 2029: 2.0e6}}\n"
    )
    start, end = SMALL.index("demand:\n"), SMALL.index("products:\n")
    text = SMALL[:start] + demand + SMALL[end:]
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert_one_line_error(
        res, "demand.0.accelerators_by_year", "swapped", "write {2026: {b200: ...}}"
    )
    fixed = text.replace(
        "{b200: {2026: 1.0e6, 2029: 2.0e6}}", "{2026: {b200: 1.0e6}, 2029: {b200: 2.0e6}}"
    )
    res = run_cli("scenario", "check", write_scenario(tmp_path, fixed, "fixed.yaml"))
    assert res.code == 0, res.err


def test_a_misnamed_site_is_one_error_not_a_source_pointing_to_the_typo(
    run_cli, tmp_path: Path
) -> None:
    """A site renamed ``japn`` gave its own error and then a second one on the file's
    ``sources.sites.japan...`` key, suggesting "(did you mean 'japn'?)": the typo. The
    source is not judged until the site's name is known; with it fixed, a real bad
    source key is still refused."""
    sourced = SMALL + 'sources:\n  sites.japan.max_modules: "my letter"\n'
    text = replaced(sourced, ("  - name: japan\n", "  - name: japn\n"))
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert_one_line_error(res, "sites.1.name", "unknown site 'japn' (did you mean 'japan'?)")
    wrong = replaced(sourced, ("sites.japan.max_modules", "sites.japn.max_modules"))
    res = run_cli("scenario", "check", write_scenario(tmp_path, wrong, "w.yaml"))
    assert_one_line_error(res, "sources.sites.japn.max_modules", "names no field")


def test_a_site_power_limit_in_gw_is_printed_as_written_and_named(run_cli, tmp_path: Path) -> None:
    """``power_limit_mw: 0.5`` (0.5 GW meant) was printed "power limit (0 MW, ...)": the
    limit rounded away. Now as written, with the unit named."""
    path = write_scenario(tmp_path, SMALL)
    res = run_cli("plan", path, "--set", "sites.japan.power_limit_mw=0.5", "--no-store")
    assert res.code == 0, res.err
    text = " ".join(res.out.replace("│", " ").split())
    assert "Site japan's power limit (0.5 MW, sites.japan.power_limit_mw" in text, text[-3000:]
    assert "(the field is in MW: 0.5 GW is 500)" in text
    res = run_cli("plan", path, "--set", "sites.japan.power_limit_mw=20", "--no-store")
    text = " ".join(res.out.replace("│", " ").split())
    assert "Site japan's power limit (20 MW" in text and "the field is in MW" not in text


def test_a_capital_amounts_source_is_its_rows_source(run_cli, tmp_path: Path) -> None:
    """``sources: {capital.fund.amount_usd: "pension mandate"}`` left the row "capital
    fund" sourced "scenario" and put the text in a row of its own (whose value was
    empty for ``usd_by_year``); a site limit's source already went to its row."""
    text = SMALL + 'sources:\n  capital.fund.amount_usd: "pension mandate 2026"\n'
    res = run_cli("plan", write_scenario(tmp_path, text), "--no-store", "--json")
    assert res.code == 0, res.err
    rows = res.json()["assumptions"]
    fund = [r for r in rows if r["parameter"] == "capital fund"]
    assert len(fund) == 1 and fund[0]["source"] == "pension mandate 2026", fund
    assert not [r for r in rows if r["parameter"] == "capital.fund.amount_usd"]
    # an entry's own source still stands without one under sources:
    own = SMALL.replace("    amount_usd: 2.0e10\n", '    amount_usd: 2.0e10\n    source: "board"\n')
    assert own != SMALL
    res = run_cli("plan", write_scenario(tmp_path, own, "own.yaml"), "--no-store", "--json")
    fund = [r for r in res.json()["assumptions"] if r["parameter"] == "capital fund"]
    assert fund[0]["source"] == "board", fund


#: The user test's own scenario (2026-12-06, s2.yaml): arizona-usa's 300 MW limit with
#: 60 MW of fabs on it leaves room for logic, CoWoS and a data centre, not for an HBM
#: module (300 MW).
ROOM_LEFT = """\
name: s2-money-power
currency_year: 2024
horizon: {first_year: 2026, last_year: 2030}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 40000
demand:
  - name: train
    priority: 2
    h100e_by_year: {2026: 4.0e6, 2027: 6.0e6, 2028: 9.0e6, 2029: 12.0e6, 2030: 15.0e6}
products:
  - name: b200
supply:
  logic_wspm: {N5: {2026: 15000}}
  cowos_wspm: {2026: 15000}
  hbm_wspm: {2026: 80000}
facilities:
  - kind: logic
    node: N4
  - kind: cowos
  - kind: hbm
  - kind: datacenter
sites:
  - name: arizona-usa
    max_modules: 4
    subsidy_share_of_capex: 0.3
    power_limit_mw: 300
  - name: japan
    max_modules: 3
    power_limit_mw: 500
  - name: texas-usa
    facilities: [datacenter]
    max_modules: 20
    power_limit_mw: 1500
capital:
  - name: pension
    amount_usd: 1.2e10
    first_year: 2026
    last_year: 2029
  - name: ministry
    usd_by_year: {2026: 2.0e9, 2027: 3.0e9, 2028: 3.0e9}
tools:
  euv_per_year: {2026: 8, 2028: 10}
"""


def test_a_site_with_room_for_some_kinds_is_not_said_to_be_at_its_limit() -> None:
    """ "Site arizona-usa is at its power limit in 2028–2030: new fabs draw 60 of 300 MW"
    while three kinds still fitted and only an HBM module did not. The words follow the
    plan: each kind said to fit does, by the plan's own MW."""
    import re

    import tigris

    r = tigris.plan(ROOM_LEFT)
    (text,) = [e.text for e in r.binding if e.kind == "site_power" and "arizona-usa" in e.text]
    assert "is at its power limit" not in text, text
    assert text.startswith("Site arizona-usa's power limit has no room for every kind"), text
    drawn, limit = (float(x) for x in re.search(r"take ([\d.]+) of ([\d.]+) MW", text).groups())
    assert limit == 300
    exceed, fits = re.search(
        r"another (.*?) module would exceed it; one more (.*?) module", text
    ).groups()
    for mw in re.findall(r"\(([\d.]+) MW\)", exceed):
        assert drawn + float(mw) > limit, (mw, text)
    fitting = re.findall(r"\(([\d.]+) MW\)", fits)
    assert len(fitting) >= 1
    for mw in fitting:
        assert drawn + float(mw) <= limit, (mw, text)


def test_demand_written_in_millions_is_warned_of(run_cli, tmp_path: Path) -> None:
    """``h100e_by_year: {2026: 4, 2029: 8}`` (millions meant) was accepted without a word,
    while capital written in billions is warned of. The floor is the table's: a
    thousandth of the fewest accelerators shipped in a whole year."""
    from collections import Counter

    from tigris.scenario.checks_extremes import UNIT_SLIP_RATIO

    text = replaced(
        SMALL, ("h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}", "h100e_by_year: {2026: 4, 2029: 8}")
    )
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if "one by one" in ln]
    assert "demand.0.h100e_by_year: 2026: 4, 2029: 8 H100e is below 1/1,000" in line, line
    # the floor by hand from the shipped table: whole years only (the last is a part year)
    from tests.conftest import data_table

    totals: Counter[int] = Counter()
    for row in data_table("accelerator_shipments"):
        totals[int(row["year"])] += float(row["units"])
    del totals[max(totals)]
    year, fewest = min(totals.items(), key=lambda kv: kv[1])
    assert f"({fewest:,.0f} in {year}, data/accelerator_shipments.csv)" in line
    # a demand at the floor's size is not warned of (a small lab's thousands are)
    ok = replaced(
        SMALL,
        (
            "h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}",
            f"h100e_by_year: {{2026: {UNIT_SLIP_RATIO * fewest * 1.01:.0f}}}",
        ),
    )
    res = run_cli("scenario", "check", write_scenario(tmp_path, ok, "ok.yaml"))
    assert "one by one" not in res.err, res.err


def test_yaml_syntax_errors_say_what_to_write_at_the_line_to_fix(run_cli, tmp_path: Path) -> None:
    """``max_modules:3`` said "not valid YAML: could not find expected ':'" at the line
    after it, and an indentation slip gave the parser's words alone (user test
    2026-12-06 #8): the line of the key, and what the words mean."""
    text = replaced(SMALL, ("    max_modules: 3\n", "    max_modules:3\n"))
    path = write_scenario(tmp_path, text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "max_modules:3" in ln)
    assert_one_line_error(
        run_cli("scenario", "check", path),
        f"{path}:{line}: not valid YAML",
        "need a colon and a space between them ('max_modules: 3'",
    )
    text = replaced(SMALL, ("  - name: japan\n", "   - name: japan\n"))
    res = run_cli("scenario", "check", write_scenario(tmp_path, text, "i.yaml"))
    assert_one_line_error(res, "not valid YAML", "check this line's indentation")

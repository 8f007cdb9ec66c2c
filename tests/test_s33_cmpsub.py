"""What an extra subsidy dollar buys, in ``tigris compare`` and ``tigris sweep`` (user
test UT-POLICY, 2026-12-04, defect 1: the analyst worked "$3,840 of subsidy per added
H100e" out by hand from two runs' capex.csv; no output printed it).

The expected numbers are derived here from each run's own ``--out`` files (capex.csv's
subsidy rows, demand.csv's served), never from compare's output.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: The analyst's pol.yaml (/tmp/utpw/pol.yaml): docs/examples/small-plan.yaml grown to
#: 2026-2032 and four fab sites, so that fabs are built; germany's share is set per test.
POL = """\
name: {name}
currency_year: 2024
horizon: {{first_year: 2026, last_year: 2032}}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 27500
demand:
  - name: training
    priority: 2
    h100e_by_year: {{2026: 4.0e6, 2032: 30.0e6}}
products:
  - name: b200
supply:
  logic_wspm: {{N5: {{2026: 20000}}}}
  cowos_wspm: {{2026: 20000}}
  hbm_wspm: {{2026: 1.0e5}}
facilities:
  - kind: logic
    node: N4
  - kind: cowos
  - kind: hbm
sites:
  - name: taiwan
    max_modules: 4
  - name: arizona-usa
    max_modules: 4
  - name: japan
    max_modules: 4
  - name: germany
    max_modules: 4
{germany}capital:
  - name: fund
    amount_usd: 6.0e10
    first_year: 2026
    last_year: 2028
tools:
  euv_per_year: {{2026: 20}}
"""


def pol(tmp_path: Path, name: str, germany_share: float | None) -> Path:
    """pol.yaml with germany's subsidy share set (None: left to data/sites.csv)."""
    extra = "" if germany_share is None else f"    subsidy_share_of_capex: {germany_share}\n"
    path = tmp_path / f"{name}.yaml"
    path.write_text(POL.format(name=name, germany=extra), encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def subsidy_of(out: Path) -> float:
    """The investor's subsidy [USD]: the capex.csv rows whose source is ``subsidy``."""
    return sum(
        float(r["capex_usd"])
        for r in _rows(out / "capex.csv")
        if r["source"] == "subsidy" and r.get("owner", "investor") == "investor"
    )


def served_of(out: Path) -> float:
    """Compute served over the horizon [H100e]: demand.csv's served summed."""
    return sum(float(r["served_h100e"]) for r in _rows(out / "demand.csv"))


def capital_spent_of(out: Path) -> float:
    """The investors' own draws [USD]: capex.csv rows of sources other than subsidy."""
    return sum(
        float(r["capex_usd"])
        for r in _rows(out / "capex.csv")
        if r["source"] != "subsidy" and r.get("owner", "investor") == "investor"
    )


def _flat(text: str) -> str:
    """Text with runs of white space (a wrapped sentence) made one space."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def germany_pair(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """germany 0.2 and 0.4, each planned with --out (no store)."""
    from tigris.cli import main

    tmp = tmp_path_factory.mktemp("cmpsub")
    out: dict[str, Path] = {}
    for key, share in (("a", 0.2), ("b", 0.4)):
        file = pol(tmp, f"de{key}", share)
        code = main(["plan", str(file), "--no-store", "--out", str(tmp / f"out_{key}")])
        assert code == 0
        out[key] = file
        out[f"out_{key}"] = tmp / f"out_{key}"
    return out


def test_compare_says_what_the_extra_subsidy_bought(germany_pair, run_cli) -> None:
    """germany 0.2 -> 0.4: the analyst's +$12.05B subsidy, +3.14M H100e, $3,840 per
    added H100e (since S37's logic permit time, a fab decided in 2026 makes its first
    wafers in 2028: +$14.31B, +3.15M, $4,538); here each from the runs' own files."""
    oa, ob = germany_pair["out_a"], germany_pair["out_b"]
    d_sub = subsidy_of(ob) - subsidy_of(oa)
    d_served = served_of(ob) - served_of(oa)
    d_own = capital_spent_of(ob) - capital_spent_of(oa)
    # the world as the analyst found it (capex.csv by hand: 22.82 -> 34.87 $B), since S37
    # (plan fabs take the site's permit months, FIX-WORLD): 20.56 -> 34.87 $B
    assert d_sub == pytest.approx(14.31e9, rel=2e-3)
    assert d_served == pytest.approx(3.15e6, rel=2e-3)
    per = d_sub / d_served
    assert per == pytest.approx(4538, rel=3e-3)
    # the fixture's two --out runs, compared as saved (solving the files again gives
    # the same plans: tests/test_compare.py; compare of files is below, by region)
    res = run_cli("compare", oa, ob)
    assert res.code == 0, res.err
    text = _flat(res.out)
    # the subsidy row of Results: A and B in $B, as the table prints money
    assert re.search(
        rf"subsidy \[USD\] │ \${subsidy_of(oa) / 1e9:.1f}B │ \${subsidy_of(ob) / 1e9:.1f}B", text
    ), res.out
    assert f"${per:,.0f} of subsidy per added H100e" in text, res.out
    assert f"({1e6 / per:,.0f} H100e per $1M)" in text
    own = f"{'+' if d_own > 0 else '-'}${abs(d_own) / 1e9:.2f}B"
    assert f"own capital spent changes by {own}" in text
    for line in res.out.splitlines():  # within 80 columns
        assert len(line) <= 80, line
    doc = run_cli("compare", oa, ob, "--json").json()
    assert doc["subsidy_usd_per_served_h100e"] == pytest.approx(per, rel=1e-6)
    row = {r["metric"]: r for r in doc["metrics"]}["subsidy_usd"]
    assert row["a"] == pytest.approx(subsidy_of(oa), rel=1e-9)
    assert row["change"] == pytest.approx(d_sub, rel=1e-6)


SWEPT = "sites.germany.subsidy_share_of_capex"


@pytest.fixture(scope="module")
def stored_sweep(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``tigris sweep pol.yaml --set germany's share=0.2,0.4 --workers 0 --json`` into a
    store of its own (germany's share left to data/sites.csv in the file): the
    document on stdout (its ``sweep_id`` and members) and the store, once for the tests
    of the sweep's --json and of ``compare --sweep`` (each swept the same before)."""
    import contextlib
    import io
    import json

    from tigris.cli import main

    tmp = tmp_path_factory.mktemp("cmpsub-sweep")
    store, base = tmp / "runs.duckdb", pol(tmp, "base", None)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        args = [str(base), "--set", f"{SWEPT}=0.2,0.4", "--workers", "0"]
        code = main(["sweep", *args, "--store", str(store), "--json"])
    assert code == 0
    return {"doc": json.loads(out.getvalue()), "store": store}


def test_sweep_shows_each_members_subsidy(tmp_path, germany_pair, stored_sweep, run_cli) -> None:
    """A sweep over germany's share shows each member's subsidy [USD] in the table and
    --json; each equals that member planned alone with --out (capex.csv's subsidy rows;
    the fixture's runs, whose files give the same share the sweep sets).
    """
    base = pol(tmp_path, "base", None)
    doc = stored_sweep["doc"]
    by_hand = [subsidy_of(germany_pair["out_a"]), subsidy_of(germany_pair["out_b"])]
    got = [m["subsidy_usd"] for m in doc["members"]]
    assert got == pytest.approx(by_hand, rel=1e-9)
    assert by_hand[0] == pytest.approx(20.56e9, rel=1e-3)  # the analyst's 22.82 before S37
    res = run_cli("sweep", base, "--set", f"{SWEPT}=0.2,0.4", "--workers", "0", "--no-store")
    assert res.code == 0, res.err
    for i, usd in enumerate(by_hand):
        row = [x for x in res.out.splitlines() if re.match(rf"^{i} +\$", x)]
        assert row and row[0].split()[1] == f"${usd / 1e9:.1f}B", res.out
    assert "subsidy: the investor's" in _flat(res.out)
    for line in res.out.splitlines():  # within 80 columns
        assert len(line) <= 80, line


def test_inputs_show_the_site_share_used_not_none(tmp_path, run_cli) -> None:
    """A site share the scenario leaves to data/sites.csv reads as the row's value and
    its source, not ``None`` (UT-POLICY #1: ``sites.germany.subsidy_share_of_capex │
    None │ 0``), in --json and in the printout (the two files solved once, by the
    --json compare, and its stored plans printed); the row read here from the shipped
    CSV, not through tigris."""
    from tests.conftest import data_table

    row = {r["site"]: r for r in data_table("sites")}["germany"]
    shipped = float(row["subsidy_share_of_capex"])
    assert shipped == 0.5  # the analyst's base share for germany
    a, b = pol(tmp_path, "base", None), pol(tmp_path, "de0", 0.0)
    store = tmp_path / "runs.duckdb"
    doc = run_cli("compare", a, b, "--store", store, "--json").json()
    entry = {r["path"]: r for r in doc["inputs"]}["sites.germany.subsidy_share_of_capex"]
    assert entry["a"] is None and entry["b"] == 0.0  # as written
    assert entry["a_used"] == shipped and entry["a_from"] == "data/sites.csv"
    assert "b_used" not in entry
    # the printout of the same two plans, read back from the store (not solved again)
    res = run_cli("compare", *doc["run_ids"], "--store", store)
    assert res.code == 0, res.err
    inputs = res.out.split("Results")[0]
    assert "None" not in inputs, inputs
    assert f"│ {shipped:g} (data/sites.csv) │ 0 " in inputs, inputs
    assert "…" not in inputs


SUBSIDY_09 = [
    f"sites.{s}.subsidy_share_of_capex=0.9"
    for s in ("arizona-usa", "japan", "south-korea", "taiwan")
]


def _power_full(out: Path) -> tuple[float, float] | None:
    """(least, most) data-centre MW online when the world's fleet needs all of it in
    every year of power.csv (to 1e-6), else None: read from the run's own file."""
    world = [r for r in _rows(out / "power.csv") if r["region"] == "world"]
    online = [float(r["datacenter_mw_online"]) for r in world]
    need = [float(r["facility_mw_needed"]) for r in world]
    if all(n >= o * (1 - 1e-6) for n, o in zip(need, online, strict=True)):
        return min(online), max(online)
    return None


def test_a_change_that_changes_nothing_says_so(tmp_path, run_cli) -> None:
    """UT-POLICY #2: four site subsidies of 0.9 on the reference change nothing (every
    metric 0); compare says so in one line, with the power the results show full every
    year; the pair that differs (germany 0.2 vs 0.4) has no such line."""
    store = tmp_path / "runs.duckdb"
    outs = []
    ids: list[str] = []
    for i, sets in enumerate(([], SUBSIDY_09)):
        out = tmp_path / f"r{i}"
        args = [a for s in sets for a in ("--set", s)]
        assert run_cli("plan", *args, "--store", store, "--out", out).code == 0
        listed = run_cli("runs", "list", "--store", store, "--json").json()
        ids.append(next(r["id"] for r in listed if r["id"] not in ids))
        outs.append(out)
    # the world: the same builds, served and subsidy; power full in every year
    assert _rows(outs[0] / "builds.csv") == _rows(outs[1] / "builds.csv")
    assert served_of(outs[0]) == pytest.approx(served_of(outs[1]), rel=1e-9)
    full = _power_full(outs[0])
    assert full is not None and full == _power_full(outs[1])
    res = run_cli("compare", ids[0], ids[1], "--store", store)
    assert res.code == 0, res.err
    text = _flat(res.out)
    assert "the plans are the same: the change did not bind" in text, res.out
    gw = f"({full[0] / 1e3:,.1f}-{full[1] / 1e3:,.1f} GW online"
    assert f"data-centre power is fully used in every year {gw}" in text, res.out
    doc = run_cli("compare", ids[0], ids[1], "--store", store, "--json").json()
    assert doc["same_note"].startswith("the plans are the same")
    assert doc["subsidy_note"] is None  # the subsidy is $0 on both sides


def test_plans_that_differ_have_no_same_line(germany_pair, run_cli) -> None:
    res = run_cli("compare", germany_pair["out_a"], germany_pair["out_b"], "--json")
    assert res.json()["same_note"] is None


def test_results_show_solver_noise_as_zero(germany_pair, run_cli) -> None:
    """germany 0.4 meets all demand: demand.csv's unmet sums to solver noise (below a
    millionth of an H100e), beside A's 3.15M (3.14M before S37's permit time); Results
    printed ``1.118e-07``."""
    unmet_b = sum(float(r["unmet_h100e"]) for r in _rows(germany_pair["out_b"] / "demand.csv"))
    assert abs(unmet_b) < 1e-3
    saved = (germany_pair["out_a"], germany_pair["out_b"])
    doc = run_cli("compare", *saved, "--json").json()
    row = {r["metric"]: r for r in doc["metrics"]}["unmet_h100e"]
    assert row["b"] == 0.0 and row["change_pct"] == pytest.approx(-100.0)
    res = run_cli("compare", *saved)
    assert re.search(r"│ unmet \[H100e\] +│ +3\.15M │ +0 │ +-3\.15M │", res.out), res.out
    assert "e-0" not in res.out.split("Builds")[0]


def test_compare_sweep_says_what_each_members_subsidy_bought(
    germany_pair, stored_sweep, run_cli
) -> None:
    """A stored sweep over germany 0.2, 0.4 (the sweep --json's, stored): compare
    --sweep gives member 1's subsidy per added H100e against member 0, equal to the
    two --out runs' by hand."""
    oa, ob = germany_pair["out_a"], germany_pair["out_b"]
    per = (subsidy_of(ob) - subsidy_of(oa)) / (served_of(ob) - served_of(oa))
    store, sid = stored_sweep["store"], stored_sweep["doc"]["sweep_id"]
    assert re.fullmatch(r"[0-9a-f]{12}", sid), sid
    doc = run_cli("compare", "--sweep", sid, "--store", store, "--json").json()
    members = doc["members"]
    assert members[0]["subsidy_usd_per_served_h100e"] is None  # no change against itself
    assert members[1]["subsidy_usd_per_served_h100e"] == pytest.approx(per, rel=1e-6)
    res = run_cli("compare", "--sweep", sid, "--store", store)
    assert res.code == 0, res.err
    text = _flat(res.out)
    assert "member 1 - member 0: " in text
    assert f"${per:,.0f} of subsidy per added H100e" in text, res.out
    for line in res.out.splitlines():
        assert len(line) <= 80, line


def _by_region(out: Path) -> dict[str, float]:
    """The investor's subsidy by region [USD] from the run's subsidies.csv."""
    sums: dict[str, float] = {}
    for r in _rows(out / "subsidies.csv"):
        if r["owner"] == "investor":
            sums[r["region"]] = sums.get(r["region"], 0.0) + float(r["subsidy_usd"])
    return sums


def test_compare_gives_the_subsidy_by_region_also_for_stored_runs(
    tmp_path, germany_pair, run_cli
) -> None:
    """germany 0.2 -> 0.4 moves subsidy between regions (europe up, the rest down);
    compare's by-region rows equal each --out run's subsidies.csv summed by region,
    for files solved here and for the same runs read back from the store by id."""
    ra, rb = _by_region(germany_pair["out_a"]), _by_region(germany_pair["out_b"])
    assert sum(rb.values()) - sum(ra.values()) == pytest.approx(14.31e9, rel=2e-3)
    store = tmp_path / "runs.duckdb"
    a, b = germany_pair["a"], germany_pair["b"]
    files = run_cli("compare", a, b, "--store", store, "--json").json()
    ids = files["run_ids"]
    stored = run_cli("compare", *ids, "--store", store, "--json").json()
    for doc in (files, stored):
        rows = {r["region"]: r for r in doc["subsidy_by_region"]}
        assert set(rows) == set(ra) | set(rb)
        for region, r in rows.items():
            assert r["a"] == pytest.approx(ra.get(region, 0.0), rel=1e-9, abs=1e-3)
            assert r["b"] == pytest.approx(rb.get(region, 0.0), rel=1e-9, abs=1e-3)
    res = run_cli("compare", *ids, "--store", store)
    text = _flat(res.out)
    europe = rb["europe"] - ra["europe"]
    assert re.search(rf"│ europe │ [^│]+│ [^│]+│ \+\${europe / 1e9:.1f}B │", text), res.out

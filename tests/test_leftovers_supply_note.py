"""``supply_by_source``'s ``incumbent existing`` row carries its caveat wherever the
table is written (leftovers of 2026-12-03, item 3).

That row is what the end-of-history data-centre power, held flat, serves. On the
reference the fleet delivered before the horizon fills that power (docs/plan.md, "The
world without the investor": a 29,780 MW pool, 29,778 MW of it the legacy fleet in
2026), so the row was 2,569 H100e in 2026 against 27.8M of demand: read alone, a CSV or
JSON with that number looks like a bug. The caveat goes with the row: a ``note`` column
in the CSV and the records of ``to_dict()``, read back from a saved run, and the
report's figure caption. The reference figures the note quotes are checked against the
legacy fleet (``tigris.energy.fleet.legacy_fleet``: the shipments of 2022-2025 still
in service, at the plan's PUE 1.2).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from tigris.plan.result import SUPPLY_NOTES, PlanResult

EXISTING = "incumbent existing"
YEARS = [2026, 2027]


def _plan(with_note: bool = False, power: pd.DataFrame | None = None) -> PlanResult:
    rows = [
        (y, src, v, 10e6)
        for y in YEARS
        for src, v in ((EXISTING, 2.5e3), ("incumbent announced", 8e6), ("investor new", 1e6))
    ]
    supply = pd.DataFrame(rows, columns=["year", "source", "h100e", "demand_h100e"])
    if with_note:
        supply["note"] = ""
    return PlanResult(
        scenario_name="hand",
        status="optimal",
        objective_usd=1e9,
        horizon=(YEARS[0], YEARS[-1]),
        supply_by_source=supply,
        **({} if power is None else {"power": power}),
    )


def _note_is_the_caveat(note: str) -> None:
    assert "held flat" in note and "retire" in note
    assert "not what the existing fabs could make" in note


def test_the_existing_rows_carry_the_caveat_and_the_others_none() -> None:
    for plan in (_plan(), _plan(with_note=True)):
        t = plan.supply_by_source
        for row in t.itertuples(index=False):
            if row.source == EXISTING:
                _note_is_the_caveat(row.note)
            else:
                assert row.note == ""
    records = _plan().to_dict()["supply_by_source"]
    assert {r["source"]: r["note"] for r in records}[EXISTING] == SUPPLY_NOTES[EXISTING]


def test_the_csv_has_the_note_and_reads_back(tmp_path: Path) -> None:
    _plan().write(tmp_path / "run")
    with (tmp_path / "run" / "supply_by_source.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert "note" in rows[0]
    for r in rows:
        (_note_is_the_caveat if r["source"] == EXISTING else (lambda n: n == ""))(r["note"])
    back = PlanResult.read(tmp_path / "run")
    assert back.supply_by_source["note"].tolist() == _plan().supply_by_source["note"].tolist()


def test_the_report_caption_says_it() -> None:
    # the supply figure's notes since UT-JOURNO #7 (a three-line caption; the notes are
    # the report's 'Notes on the figures', HTML and notes.png)
    from tigris.report.figures import FIGURES

    notes = next(f.notes for f in FIGURES if f.key == "supply")
    assert "not what the existing fabs could make" in notes


def test_the_reference_figures_of_the_note_are_the_legacy_fleets() -> None:
    """The note's "19.0M H100e" and "29.8 GW" are the 2026 legacy fleet's H100e and its
    IT power times the plan's PUE 1.2 (docs/energy.md, "The legacy fleet")."""
    from tigris.energy.fleet import legacy_fleet

    m = re.search(r"([\d.]+)M H100e .*?([\d.]+) GW", SUPPLY_NOTES[EXISTING])
    assert m, SUPPLY_NOTES[EXISTING]
    fleet = legacy_fleet(2026, range(2026, 2036), 5)
    y26 = fleet[fleet["year"] == 2026]
    assert float(m.group(1)) == pytest.approx(y26["h100e"].sum() / 1e6, abs=0.05)
    assert float(m.group(2)) == pytest.approx(y26["it_mw"].sum() * 1.2 / 1e3, abs=0.05)


def test_the_note_is_keyed_by_the_counterfactuals_name() -> None:
    from tigris.plan.counterfactual import EXISTING as NAME

    assert NAME == EXISTING and set(SUPPLY_NOTES) == {NAME}


def _power(online_mw: float) -> pd.DataFrame:
    """A ``power`` table of the two years, world rows only, with ``online_mw`` of
    data-centre capacity online (NaN: the problem has no ``datacenter`` kind)."""
    cols = PlanResult(scenario_name="x", status="optimal", objective_usd=0.0,
                      horizon=(2026, 2027)).power.columns  # fmt: skip
    rows = [{c: 0.0 for c in cols} | {"year": y, "region": "world"} for y in YEARS]
    df = pd.DataFrame(rows, columns=cols)
    df["datacenter_mw_online"] = online_mw
    return df


def test_no_note_without_a_datacenter_power_pool(tmp_path: Path) -> None:
    """Without a ``datacenter`` kind nothing holds power flat: the existing world is
    bound by its fabs, and the row is what they make (docs/examples/small-plan.yaml:
    5.0M H100e of 5.0M demanded in 2026, all of it). The caveat would be false there,
    so the row has none, also when an older file wrote it."""
    plan = _plan(power=_power(float("nan")))
    assert (plan.supply_by_source["note"] == "").all()
    stale = _plan(with_note=True, power=_power(float("nan")))
    sup = stale.supply_by_source.copy()
    sup.loc[sup["source"] == EXISTING, "note"] = SUPPLY_NOTES[EXISTING]
    again = PlanResult(**{**stale.__dict__, "supply_by_source": sup})
    assert (again.supply_by_source["note"] == "").all()
    with_pool = _plan(power=_power(29780.0)).supply_by_source
    assert set(with_pool.loc[with_pool["source"] == EXISTING, "note"]) == {SUPPLY_NOTES[EXISTING]}

"""``tigris report`` on a damaged saved run: refused in one line per problem, never drawn.

Each case damages one file of a run saved by ``PlanResult.write`` the way a disk, an
editor or a cut-off copy would, and checks that ``tigris report`` exits with code 2,
names the file and what is wrong, prints no traceback and writes no report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CliResult
from tests.test_cli_output import tiny_result
from tigris.plan.result import PlanResult

Run = Callable[..., CliResult]


def _json(run: Path) -> dict:
    return json.loads((run / "plan.json").read_text(encoding="utf-8"))


def _set_json(run: Path, doc: object) -> None:
    """Write plan.json as a run saved before plan.json carried its own digest would (a
    plan.json these tests rewrite is an older run's or a hand edit; the digest itself is
    tested in tests/test_out_atomic.py)."""
    if isinstance(doc, dict):
        doc.pop("content_sha256", None)
    (run / "plan.json").write_text(json.dumps(doc), encoding="utf-8")


def _legacy(run: Path) -> None:
    """Drop the digests, as a run saved before they were written has none."""
    doc = _json(run)
    del doc["files"]
    _set_json(run, doc)


def _edit_csv(run: Path, name: str, change: Callable[[str], str]) -> None:
    path = run / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _plan_json_list(run: Path) -> None:
    (run / "plan.json").write_text("[]\n")


def _plan_json_empty_object(run: Path) -> None:
    (run / "plan.json").write_text("{}\n")


def _plan_json_latin1(run: Path) -> None:
    doc = _json(run)
    doc["scenario_name"] = "Zürich"
    (run / "plan.json").write_bytes(json.dumps(doc, ensure_ascii=False).encode("latin-1"))


def _plan_json_deep(run: Path) -> None:
    depth = 100_000
    (run / "plan.json").write_text("[" * depth + "]" * depth)


def _plan_json_truncated(run: Path) -> None:
    text = (run / "plan.json").read_text(encoding="utf-8")
    (run / "plan.json").write_text(text[: len(text) // 2])


def _horizon_reversed(run: Path) -> None:
    doc = _json(run)
    doc["horizon"] = [2026, 2025]
    _set_json(run, doc)


def _binding_empty_entry(run: Path) -> None:
    doc = _json(run)
    doc["binding"] = [{}]
    _set_json(run, doc)


def _binding_empty_text(run: Path) -> None:
    doc = _json(run)
    doc["binding"] = [{"kind": "capital", "year": 2025, "text": ""}]
    _set_json(run, doc)


def _csv_unterminated_quote(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "demand.csv", lambda t: t.replace("inference", '"inference', 1))


def _csv_extra_column(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "power.csv", lambda t: "".join(ln + ",x\n" for ln in t.splitlines()))


def _csv_cut_off(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "demand.csv", lambda t: t[: len(t) - 7])


def _csv_short_row(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "demand.csv", lambda t: t.replace(",0.0\n", "\n", 1))


def _csv_year_outside_horizon(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "power.csv", lambda t: t.replace("2026,", "2062,", 1))


def _csv_row_twice(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "demand.csv", lambda t: t + t.splitlines()[1] + "\n")


def _power_year_missing(run: Path) -> None:
    _legacy(run)
    _edit_csv(run, "power.csv", lambda t: "".join(t.splitlines(keepends=True)[:2]))


def _csv_edited_since_saved(run: Path) -> None:
    """A number changed in place: the CSV still parses; only the digest tells."""
    _edit_csv(run, "demand.csv", lambda t: t.replace("2000000.0", "9000000.0", 1))


def _csv_missing(run: Path) -> None:
    (run / "tools.csv").unlink()


def _supply_missing(run: Path) -> None:
    """A table listed in plan.json but gone: not an older run (which lists none)."""
    (run / "supply_by_source.csv").unlink()


def _demand_partly_old_header(run: Path) -> None:
    """One of the two columns added with the world without the investor, not both: no
    run was ever saved so, and the other column is not guessed. (The hand-made run's
    demand table has the older columns.)"""
    _legacy(run)

    def add_one(text: str) -> str:
        head, *rows = text.rstrip("\n").split("\n")
        return "\n".join([head + ",baseline_served_h100e", *(r + "," for r in rows)]) + "\n"

    _edit_csv(run, "demand.csv", add_one)


DAMAGES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # case: (damage, file named, what is wrong)
    "plan-json-list": (_plan_json_list, "plan.json", "expected a JSON object, got list"),
    "plan-json-empty-object": (_plan_json_empty_object, "plan.json", "horizon"),
    "plan-json-latin1": (_plan_json_latin1, "plan.json", "not UTF-8"),
    "plan-json-nested-deep": (_plan_json_deep, "plan.json", "nested too deep"),
    "plan-json-truncated": (_plan_json_truncated, "plan.json", "not valid JSON"),
    "horizon-reversed": (_horizon_reversed, "plan.json", "first <= last"),
    "binding-empty-entry": (_binding_empty_entry, "plan.json", "binding[0]: missing kind"),
    "binding-empty-text": (_binding_empty_text, "plan.json", "non-empty text"),
    "csv-unterminated-quote": (_csv_unterminated_quote, "demand.csv", "malformed CSV"),
    "csv-extra-column": (_csv_extra_column, "power.csv", "unexpected column"),
    "csv-cut-off": (_csv_cut_off, "demand.csv", "cut off"),
    "csv-short-row": (_csv_short_row, "demand.csv", "5 fields where the header has 6"),
    "csv-year-outside-horizon": (_csv_year_outside_horizon, "power.csv", "2025-2026"),
    "csv-row-twice": (_csv_row_twice, "demand.csv", "2025, inference repeats"),
    "power-year-missing": (_power_year_missing, "power.csv", "no row for year 2026"),
    "csv-edited-since-saved": (_csv_edited_since_saved, "demand.csv", "SHA-256"),
    "csv-missing": (_csv_missing, "tools.csv", "not found"),
    "supply-missing": (_supply_missing, "supply_by_source.csv", "not found"),
    "demand-partly-old-header": (
        _demand_partly_old_header,
        "demand.csv",
        "missing column(s) added_h100e",
    ),
}


@pytest.fixture
def saved_run(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    tiny_result().write(run)
    return run


@pytest.mark.parametrize("case", list(DAMAGES))
def test_damaged_run_refused_naming_file_and_fault(
    run_cli: Run, saved_run: Path, case: str
) -> None:
    damage, file, needle = DAMAGES[case]
    damage(saved_run)
    res = run_cli("report", str(saved_run), "--json")
    assert res.code == 2, (res.code, res.err)
    assert "Traceback" not in res.err
    lines = res.err.strip().splitlines()
    assert lines and all(ln.startswith("error: ") for ln in lines)
    assert any(file in ln and needle in ln for ln in lines), lines
    assert not (saved_run / "report.html").exists()  # nothing drawn


def test_empty_object_lists_every_missing_field_once(run_cli: Run, saved_run: Path) -> None:
    _plan_json_empty_object(saved_run)
    res = run_cli("report", str(saved_run))
    fields = [ln.split(": ")[2] for ln in res.err.strip().splitlines()]
    assert fields == ["scenario_name", "status", "horizon"]


def test_intact_run_reads_back_equal(saved_run: Path) -> None:
    """The checks refuse damage, not a sound run: what was written is what is read.

    The hand-made result has the demand columns of a run saved before the world without
    the investor was solved, so it reads back with those columns NaN (not solved).
    """
    back = PlanResult.read(saved_run)
    original = tiny_result()
    assert back.horizon == original.horizon
    cols = list(original.demand.columns)
    assert back.demand[cols].to_dict("list") == original.demand.to_dict("list")
    assert back.demand[["baseline_served_h100e", "added_h100e"]].isna().all().all()
    pd.testing.assert_frame_equal(back.power, original.power, check_dtype=False)


def test_run_saved_without_digests_still_reads(saved_run: Path) -> None:
    """A run saved before digests were written (no ``files`` in plan.json) reads."""
    _legacy(saved_run)
    assert PlanResult.read(saved_run).demand["unmet_h100e"].tolist() == [0.0, 0.5e6]


def test_infeasible_run_reads_back(tmp_path: Path) -> None:
    """No plan: objective NaN, served and unmet empty (NaN), no power rows; still a
    sound saved run."""
    import math

    import pandas as pd

    demand = tiny_result().demand.assign(served_h100e=math.nan, unmet_h100e=math.nan)
    result = PlanResult("tiny", "infeasible", math.nan, (2025, 2026), demand=demand)
    result.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    assert back.status == "infeasible" and math.isnan(back.objective_usd)
    assert back.demand["served_h100e"].isna().all()
    assert back.demand["demand_h100e"].tolist() == demand["demand_h100e"].tolist()
    assert isinstance(back.power, pd.DataFrame) and back.power.empty


def _solved_two_owner_run(tmp_path: Path) -> tuple[PlanResult, Path]:
    from tests.test_counterfactual import hand_case
    from tigris.plan import solve_inputs

    result = solve_inputs(hand_case(), mip_gap=0.0, explain_result=False)
    run = tmp_path / "run"
    result.write(run)
    return result, run


def test_solved_run_with_owners_and_the_world_without_the_investor_round_trips(
    tmp_path: Path,
) -> None:
    """Owners, supply_by_source and the baseline/added columns are saved and read back,
    and the sections read back are the solved ones."""
    result, run = _solved_two_owner_run(tmp_path)
    back = PlanResult.read(run)
    for table in ("builds", "capacity", "demand", "capex", "capital", "supply_by_source"):
        got, want = getattr(back, table), getattr(result, table)
        assert list(got.columns) == list(want.columns), table
        assert got.to_dict("list") == want.to_dict("list"), table
    assert back.sections() == result.sections()
    assert back.headline()["sentences"][:3] == result.headline()["sentences"][:3]


def test_run_with_a_subsidy_for_each_owner_round_trips(tmp_path: Path) -> None:
    """Both owners build on subsidised sites ($0.3B the investor's, $0.2B TSMC's), so
    the capex table has a subsidy row per owner and year: read back equal (a row key
    without the owner once refused it as a repeated row)."""
    import numpy as np

    from tests.test_counterfactual import hand_case
    from tigris.plan import solve_inputs

    inp = hand_case(subsidy_usd=np.array([[0.3e9], [0.2e9]]))
    result = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    result.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    sub = back.capex[back.capex["source"] == "subsidy"]
    assert sub.groupby("owner")["capex_usd"].sum().to_dict() == pytest.approx(
        {"investor": 0.3e9, "tsmc": 0.2e9}, rel=1e-6
    )
    assert back.capex.to_dict("list") == result.capex.to_dict("list")


def test_run_saved_before_owners_and_the_world_without_the_investor_reads(
    tmp_path: Path,
) -> None:
    """A run saved before issue 10 (no owner columns, no baseline/added columns, no
    supply_by_source.csv, digests of those files) reads: every owner is the investor
    (the existing capacity has none), the comparison is absent (NaN, an empty table,
    sections None) and the headline says so instead of inventing it."""
    import hashlib

    _, run = _solved_two_owner_run(tmp_path)
    doc = _json(run)
    # capacity's maker (S36 HBM-OUT #2) came after issue 10: such a run lacks it too
    # and builds' baseline_modules (S42) after both, its facility_id (s57) after that
    drop = {"owner", "maker", "baseline_served_h100e", "added_h100e", "baseline_modules"}
    drop |= {"facility_id"}
    for name in ("builds", "capacity", "demand", "capex", "capital"):
        path = run / f"{name}.csv"
        df = pd.read_csv(path, keep_default_na=False)
        df = df[[c for c in df.columns if c not in drop]]
        data = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
        path.write_bytes(data)
        doc["files"][f"{name}.csv"]["sha256"] = hashlib.sha256(data).hexdigest()
    (run / "supply_by_source.csv").unlink()
    del doc["files"]["supply_by_source.csv"]
    _set_json(run, doc)
    back = PlanResult.read(run)
    assert set(back.builds["owner"]) == {"investor"}
    assert set(back.capacity.query("site == 'existing'")["owner"]) == {""}
    assert set(back.capacity.query("site != 'existing'")["owner"]) == {"investor"}
    assert back.demand["added_h100e"].isna().all()
    assert back.supply_by_source.empty
    assert back.sections() == (None, None)
    key, first = back.headline()["sentences"][:2]
    assert key.startswith("Cost $"), key  # the money of issue 11 is still saved
    assert first.startswith("What the investor adds is not known"), first
    assert back.to_dict()["added"] is None

"""A ``supply`` map value in thousands is warned of (user test 2026-12-07):
``supply: {baseline: announced, cowos_wspm: {2026: 90}}``, 90 meant as 90k wafers a month,
was checked as valid without a word, and the world without the investor served 0.1M
H100e in 2026 instead of ~20M.

The rule (docs/scenario-files.md): a value above 0 below a thousandth
(data/finance_warnings.csv ``unit_slip_ratio``) of the capacity for AI the chosen
baseline has for that facility type and year. The baseline's figure each warning quotes
is re-derived here from data/incumbent_capacity.csv and data/baseline_variants.csv by
hand (docs/plan.md, "The world the plan starts from": end-of-year capacity x ai_share, a
variant's factor on the additions after the last history year, the year's mean of the
ends of the year before and the year), not read back from the code that warns."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from tigris.data import load_rows
from tigris.nodes import get_node

from .conftest import SMALL, CliResult, write_scenario

YEAR = 2026
THOUSAND = 1e3  # wafers a month in the "k wspm" the sources quote

#: (the map's YAML under ``supply``, its field path, facility kind, node family or None)
KINDS = [
    pytest.param("cowos_wspm: {MAP}", "supply.cowos_wspm", "cowos", None, id="cowos"),
    pytest.param("hbm_wspm: {MAP}", "supply.hbm_wspm", "hbm", None, id="hbm"),
    pytest.param("logic_wspm: {N3: {MAP}}", "supply.logic_wspm.N3", "logic", "N3", id="logic"),
]


def _ratio() -> float:
    (row,) = [r for r in load_rows("finance_warnings") if r["parameter"] == "unit_slip_ratio"]
    return float(row["value"])


def _factor(variant: str, kind: str) -> float:
    """The variant's factor on additions (one row a kind in the shipped table)."""
    (row,) = [
        r for r in load_rows("baseline_variants") if (r["variant"], r["kind"]) == (variant, kind)
    ]
    return float(row["factor"])


def _family(row: dict) -> str:
    node = row["planner_node"] if isinstance(row["planner_node"], str) else row["node"]
    return get_node(node).family


def _baseline(kind: str, family: str | None, year: int, variant: str = "announced") -> float:
    """The variant's capacity for AI of ``kind`` (a logic ``family``) in ``year`` by hand
    [wspm]: each line's end-of-year capacity (its last row held after it, 0 before its
    first), additions over its last history row times the variant's factor, times the
    row's ai_share; the year's figure is the mean of the ends of ``year - 1`` and
    ``year`` (no dated figure of these lines falls inside the years used here)."""
    rows = [r for r in load_rows("incumbent_capacity") if r["kind"] == kind]
    if family is not None:
        rows = [r for r in rows if _family(r) == family]
    history_end = max(
        int(r["year"]) for r in load_rows("incumbent_capacity") if r["status"] == "history"
    )
    lines: dict[tuple, list[dict]] = {}
    for r in rows:
        lines.setdefault((r["owner"], r["node"], r["package"], r["site"]), []).append(r)
    factor = _factor(variant, kind)

    def end(line: list[dict], y: int) -> float:
        upto = [r for r in line if int(r["year"]) <= y]
        if not upto:
            return 0.0
        r = max(upto, key=lambda r: int(r["year"]))
        assert not (r["month"] == r["month"] and r["month"] not in (12, None)), r  # year-end
        cap = float(r["capacity"])
        hist = [float(h["capacity"]) for h in line if int(h["year"]) <= history_end]
        if int(r["year"]) > history_end:
            stood = hist[-1] if hist else 0.0
            cap = min(cap, stood) + factor * max(cap - stood, 0.0)
        return cap * float(r["ai_share"])

    return sum((end(line, year - 1) + end(line, year)) / 2 for line in lines.values())


def _file(
    tmp_path: Path, supply: str, name: str = "s.yaml", baseline: str = "announced"
) -> tuple[Path, int]:
    """SMALL with ``supply: {baseline: <baseline>, <supply>}``; the file and the map's line."""
    start, end = SMALL.index("supply:\n"), SMALL.index("facilities:\n")
    block = f"supply:\n  baseline: {baseline}\n  {supply}\n"
    text = SMALL[:start] + block + SMALL[end:]
    line = text.splitlines().index(f"  {supply}") + 1
    return write_scenario(tmp_path, text, name), line


def _slip(base: float) -> int:
    """A whole value a user means in thousands: the largest below the slip floor, at
    most 90 (the user test's)."""
    value = min(90, math.ceil(_ratio() * base) - 1)
    assert 0 < value < _ratio() * base
    return value


def _share(x: float) -> str:
    return f"{round(100 * x)}%"


@pytest.mark.parametrize(("yaml", "field", "kind", "family"), KINDS)
def test_a_value_in_thousands_is_warned_of_at_its_file_line(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    yaml: str,
    field: str,
    kind: str,
    family: str | None,
) -> None:
    base = _baseline(kind, family, YEAR)
    value = _slip(base)
    path, line = _file(tmp_path, yaml.replace("MAP", f"{YEAR}: {value}"))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err  # a warning, not an error
    (warned,) = [ln for ln in res.err.splitlines() if "wspm is below" in ln]
    assert warned.startswith(
        f"warning: {path}:{line}: {field}.{YEAR}: {value} wspm is below 1/{1 / _ratio():,.0f} of "
    ), warned
    assert (
        f"the 'announced' baseline has in {YEAR} ({base:,.0f} wspm: data/incumbent_capacity.csv"
        in warned
    )
    meant = value * THOUSAND
    assert (
        f"in thousands? {value} -> {meant:,.0f} would be {_share(meant / base)} of the baseline's"
        in warned
    )


@pytest.mark.parametrize(("yaml", "field", "kind", "family"), KINDS)
def test_only_the_slipped_years_are_warned_of(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    yaml: str,
    field: str,
    kind: str,
    family: str | None,
) -> None:
    """Half the baseline's own value (a plausible what-if) and 0 (none of it, said
    plainly) are not warned of; the slipped year of the same map is, alone."""
    half = round(_baseline(kind, family, YEAR) / 2)
    late = YEAR + 2
    value = _slip(_baseline(kind, family, late))
    path, line = _file(
        tmp_path, yaml.replace("MAP", f"{YEAR}: {half}, {YEAR + 1}: 0, {late}: {value}")
    )
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    warned = [ln for ln in res.err.splitlines() if "wspm is below" in ln]
    assert len(warned) == 1 and f"{path}:{line}: {field}.{late}: {value} wspm" in warned[0], res.err
    assert "(so are" not in warned[0]
    # the same map without the slip: nothing to say
    ok, _ = _file(tmp_path, yaml.replace("MAP", f"{YEAR}: {half}, {YEAR + 1}: 0"), "ok.yaml")
    res = run_cli("scenario", "check", ok)
    assert res.code == 0 and "wspm is below" not in res.err, res.err


def test_the_chosen_baseline_is_the_measure(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """CoWoS in 2027: a value between a thousandth of the conservative baseline's and a
    thousandth of the announced one's is a slip against the latter only."""
    year = YEAR + 1
    announced, conservative = (
        _baseline("cowos", None, year),
        _baseline("cowos", None, year, "conservative"),
    )
    value = math.floor(_ratio() * (announced + conservative) / 2)
    assert _ratio() * conservative < value < _ratio() * announced
    text = f"cowos_wspm: {{{year}: {value}}}"
    slip, _ = _file(tmp_path, text)
    res = run_cli("scenario", "check", slip)
    assert f"the 'announced' baseline has in {year} ({announced:,.0f} wspm" in res.err, res.err
    fine, _ = _file(tmp_path, text, "c.yaml", baseline="conservative")
    res = run_cli("scenario", "check", fine)
    assert res.code == 0 and "wspm is below" not in res.err, res.err


def test_several_slipped_years_are_one_line(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    years = range(YEAR, YEAR + 4)
    path, line = _file(tmp_path, "cowos_wspm: {" + ", ".join(f"{y}: 90" for y in years) + "}")
    res = run_cli("scenario", "check", path)
    (warned,) = [ln for ln in res.err.splitlines() if "wspm is below" in ln]
    assert warned.startswith(f"warning: {path}:{line}: supply.cowos_wspm.{YEAR}: 90 wspm")
    assert warned.endswith(f"(so are {YEAR + 1}: 90, {YEAR + 2}: 90, {YEAR + 3}: 90)"), warned


def test_plan_warns_and_runs_as_asked(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    path, line = _file(tmp_path, f"cowos_wspm: {{{YEAR}: 90}}")
    res = run_cli("plan", path, "--no-store")
    assert res.code == 0, res.err
    assert f"warning: {path}:{line}: supply.cowos_wspm.{YEAR}: 90 wspm is below " in res.err


def test_a_set_is_named_as_set(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """``--set supply.cowos_wspm.2026=90`` on a file whose own map is plausible: the
    line names the --set, as other --set warnings do (and the file says nothing)."""
    half = round(_baseline("cowos", None, YEAR) / 2)
    path, _ = _file(tmp_path, f"cowos_wspm: {{{YEAR}: {half}}}")
    res = run_cli("plan", path, "--no-store", "--set", f"supply.cowos_wspm.{YEAR}=90")
    assert res.code == 0, res.err
    (warned,) = [ln for ln in res.err.splitlines() if "wspm is below" in ln]
    field = f"supply.cowos_wspm.{YEAR}"
    assert warned.startswith(f"warning: --set: {field}=90: {field}: 90 wspm is below "), warned

"""Scenario errors all at once, on the right line (user test of 2026-12-03, #7, #8, #11).

The scenarios are hand-written variants of :data:`tests.conftest.SMALL`; the expected
lines are found in the text itself (:func:`tests.conftest.line_of`), and the expected
numbers are derived by hand from the shipped data tables, not from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, data_table, line_of, replaced, write_scenario
from tigris.scenario.checks import parts_of
from tigris.scenario.checks_headroom import headroom_falls, headroom_held_flat
from tigris.scenario.load import scenario_from_dict
from tigris.scenario.schema import Scenario
from tigris.yamlio import parse_yaml

# --- #7: every problem at once, in the order of the file ------------------------------

#: SMALL with seven independent mistakes, each on its own line; the datacenters block
#: gives the plan power (docs/energy.md, "Scenario").
SEVEN = replaced(
    SMALL,
    ("pue: 1.2\n", "pue: 1.2\ndemand_regions: {pjm: 0.2}\n"),
    (
        "facilities:\n",
        "datacenters:\n"
        "  grid_headrom_mw: {usa: {2026: 2615}}\n"
        "  grid_headroom_mw: {usa: {2026: -500, 2029: 26152}, narnia: {2026: 100}}\n"
        "facilities:\n",
    ),
    (
        "  - name: japan\n",
        "  - name: japan\n    region: atlantis\n    pue: 0.9\n    module_capacity: -100\n",
    ),
)

#: (text on the line, field, words of the message) of each of SEVEN's mistakes, in
#: the order of the file.
SEVEN_EXPECTED = (
    ("demand_regions:", "demand_regions", "unknown region 'pjm'"),
    ("grid_headrom_mw", "datacenters.grid_headrom_mw", "did you mean 'grid_headroom_mw'"),
    ("grid_headroom_mw:", "datacenters.grid_headroom_mw.usa.2026", "must be >= 0"),
    ("grid_headroom_mw:", "datacenters.grid_headroom_mw.narnia", "unknown region 'narnia'"),
    ("region: atlantis", "sites.1.region", "unknown region 'atlantis'"),
    ("pue: 0.9", "sites.1.pue", "must be >= 1"),
    ("module_capacity: -100", "sites.1.module_capacity", "{facility type: module size}"),
)


def _lines_of(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error:")]


@pytest.mark.parametrize("verb", ["check", "plan"])
def test_seven_mistakes_are_reported_at_once_in_file_order(
    tmp_path: Path, run_cli, verb: str
) -> None:
    """The unknown regions (a headroom region beside a negative headroom in one map, a
    site's region beside its bad pue and module_capacity) used to appear only once the
    other mistakes were fixed: 5 of 7 on HEAD~1 (checks skipped a refused section)."""
    path = write_scenario(tmp_path, SEVEN)
    text_lines = path.read_text(encoding="utf-8").splitlines()
    args = ("scenario", "check", path) if verb == "check" else ("plan", path, "--no-store")
    res = run_cli(*args)
    assert res.code == 2, res.err
    assert res.out == "" and "Traceback" not in res.err
    got = _lines_of(res.err)
    assert len(got) == len(SEVEN_EXPECTED), res.err
    for line, (needle, field, words) in zip(got, SEVEN_EXPECTED, strict=True):
        number = int(line.split(":")[2])
        assert needle in text_lines[number - 1], (line, needle)
        assert f": {field}: " in line and words in line, line


def test_the_order_is_the_same_every_time(tmp_path: Path, run_cli) -> None:
    """One order whatever stage found a problem: by line, twice the same."""
    path = write_scenario(tmp_path, SEVEN)
    first = _lines_of(run_cli("scenario", "check", path).err)
    second = _lines_of(run_cli("scenario", "check", path).err)
    assert first == second
    numbers = [int(line.split(":")[2]) for line in first]
    assert numbers == sorted(numbers)


def test_each_mistake_alone_is_reported_alone(tmp_path: Path, run_cli) -> None:
    """The salvage reports nothing that is not a mistake: a refused value left out of
    its section adds no problem (the headroom's usa map keeps its 2029 value; the site
    keeps its name, which is known)."""
    alone = replaced(
        SMALL,
        ("tools:\n", "datacenters:\n  grid_headroom_mw: {usa: {2026: -500, 2029: 9}}\ntools:\n"),
    )
    res = run_cli("scenario", "check", write_scenario(tmp_path, alone))
    assert _lines_of(res.err) and len(_lines_of(res.err)) == 1, res.err
    assert "datacenters.grid_headroom_mw.usa.2026: must be >= 0" in res.err


def test_a_site_module_capacity_names_its_form(tmp_path: Path, run_cli) -> None:
    """``module_capacity: -100`` at a site said only "expected a mapping" (#11): the
    message names the form, a facility type to its module size, with an example."""
    text = replaced(SMALL, ("  - name: japan\n", "  - name: japan\n    module_capacity: -100\n"))
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    (line,) = _lines_of(res.err)
    assert "sites.1.module_capacity: expected a mapping {facility type: module size}" in line
    assert "e.g. {datacenter-gas: 100}" in line and line.endswith("got -100")


# --- #8: an existing_mw below the installed fleet, at its own line ----------------------


def _existing(mw: str, lives: str = "5") -> str:
    """SMALL with power planned and ``datacenters.existing_mw`` given."""
    return replaced(
        SMALL,
        ("fleet_lifetime_years: 5\n", f"fleet_lifetime_years: {lives}\n"),
        ("facilities:\n", f"datacenters:\n  existing_mw: {mw}\nfacilities:\n"),
    )


def _least_mw(err: str) -> float:
    """The MW the message asks for ("give at least N MW")."""
    return float(err.split("give at least ", 1)[1].split(" MW", 1)[0].replace(",", ""))


@pytest.mark.parametrize("verb", ["check", "plan"])
def test_existing_mw_below_the_installed_fleet_is_blamed_on_its_line(
    tmp_path: Path, run_cli, verb: str
) -> None:
    """On HEAD~1 ``scenario check`` passed and ``plan`` said "plan inputs:
    legacy_fleet_mw is ... MW in 2026" at the ``name:`` line (#8). Now: the year's
    ``existing_mw`` entry, in words: the accelerators already installed need N MW at
    pue 1.2 in 2026, more than the 10 MW given."""
    path = write_scenario(tmp_path, _existing("{2026: 10}"))
    args = ("scenario", "check", path) if verb == "check" else ("plan", path, "--no-store")
    res = run_cli(*args)
    assert res.code == 2 and res.out == "" and "Traceback" not in res.err, res.err
    (line,) = _lines_of(res.err)
    assert f"{path}:{line_of(path, 'existing_mw:')}: datacenters.existing_mw.2026: " in line
    assert "accelerators already installed" in line and "at pue 1.2 in 2026" in line
    assert "existing data-centre capacity given (10.0 MW)" in line
    assert "legacy_fleet_mw" not in line and "plan inputs" not in line
    assert _least_mw(line) > 10


def test_the_mw_asked_for_is_enough_and_a_megawatt_less_is_not(tmp_path: Path, run_cli) -> None:
    """The boundary agrees with the plan's own check (tigris.plan.inputs): the MW the
    message asks for plans, a megawatt less is refused at check time."""
    first = run_cli("scenario", "check", write_scenario(tmp_path, _existing("{2026: 10}")))
    least = _least_mw(first.err)
    short = write_scenario(tmp_path, _existing(f"{{2026: {least - 1}}}"), "short.yaml")
    assert "accelerators already installed" in run_cli("scenario", "check", short).err
    enough = write_scenario(tmp_path, _existing(f"{{2026: {least}}}"), "enough.yaml")
    assert run_cli("scenario", "check", enough).code == 0
    res = run_cli("plan", enough, "--no-store", "--json")
    assert res.code == 0, res.err


def test_a_one_year_life_leaves_no_fleet_installed(tmp_path: Path, run_cli) -> None:
    """With ``fleet_lifetime_years: 1`` every accelerator shipped before 2026 has
    retired by 2026 (in service in years tau .. tau + L - 1, docs/energy.md), so any
    existing_mw holds the legacy fleet: no error."""
    res = run_cli("scenario", "check", write_scenario(tmp_path, _existing("{2026: 10}", "1")))
    assert res.code == 0, res.err


# --- #11, #5: a falling headroom, a headroom given for fewer years than the data -------


def _headroom(value: str) -> Scenario:
    """SMALL with power planned and ``datacenters.grid_headroom_mw`` given."""
    text = replaced(
        SMALL, ("facilities:\n", f"datacenters:\n  grid_headroom_mw: {value}\nfacilities:\n")
    )
    return scenario_from_dict(parse_yaml(text))


def _grid_headroom(region: str, year: int) -> float:
    """data/grid.csv's headroom of ``region`` in ``year``, read as text [MW]."""
    rows = data_table("grid")
    return float(
        next(r for r in rows if r["region"] == region and int(r["year"]) == year)[
            "grid_headroom_mw"
        ]
    )


def test_a_falling_headroom_warns_at_the_year_it_falls() -> None:
    """``{2026: 30000, 2029: 0}`` was accepted without a word (#11): headroom is the
    cumulative MW connectable by a year, so a fall caps the earlier years' modules."""
    (found,) = headroom_falls(parts_of(_headroom("{usa: {2026: 30000, 2029: 0}}")))
    loc, msg = found
    assert loc == ("datacenters", "grid_headroom_mw", "usa", 2029)
    assert "0 MW is below the 30,000 MW given for 2026" in msg and "cumulative" in msg


@pytest.mark.parametrize(
    "value", ["{usa: {2026: 100, 2029: 100}}", "{usa: {2026: 100, 2027: 300, 2029: 300}}"]
)
def test_a_flat_or_rising_headroom_does_not_warn(value: str) -> None:
    assert headroom_falls(parts_of(_headroom(value))) == []


def test_one_headroom_year_names_the_years_it_holds_flat() -> None:
    """``usa: {2027: X}`` replaces the data's whole usa series (#5): 2026 and 2028-2029
    are held at X, where data/grid.csv has its own values (read here as text)."""
    (found,) = headroom_held_flat(parts_of(_headroom("{usa: {2027: 10461}}")))
    loc, msg = found
    assert loc == ("datacenters", "grid_headroom_mw", "usa")
    d2026, d2028, d2029 = (_grid_headroom("usa", y) for y in (2026, 2028, 2029))
    assert d2026 < 10461 < d2028  # the data rises through the year given
    assert "given for 2027 only" in msg and "whole usa series" in msg
    assert f"2026 flat at 10,461 MW (the data: {d2026:,.0f} MW)" in msg
    assert f"2028–2029 flat at 10,461 MW (the data: {d2028:,.0f}–{d2029:,.0f} MW)" in msg


def test_a_headroom_given_over_the_horizon_does_not_warn() -> None:
    """Given for the first and last planning years, nothing is held flat (between
    them the series is interpolated, as the data's is)."""
    value = (
        f"{{usa: {{2026: {_grid_headroom('usa', 2026):g}, 2029: {_grid_headroom('usa', 2029):g}}}}}"
    )
    assert headroom_held_flat(parts_of(_headroom(value))) == []

"""One year of a baseline's capacity can be set (user test 2026-12-07, semiconductor
analyst #6).

``--set supply.cowos_wspm.2026=136050`` (CoWoS +20 % in 2026) was refused: the map is
null beside a baseline, "set the whole of it first", and the whole series is the
baseline's capacity for AI as year means, numbers no data file prints. A path below a
null ``cowos_wspm``/``hbm_wspm`` (or a new ``logic_wspm`` family) now starts from the
baseline's series over the horizon, so the years not set keep the baseline's.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from tigris.scenario import reference_scenario
from tigris.scenario.edit import get_path, set_paths
from tigris.world.incumbents import existing_supply

from .conftest import CliResult


@pytest.fixture(scope="module")
def ref():
    return reference_scenario()


def _baseline(sc, fid: str) -> dict[int, float]:
    years = np.arange(sc.horizon.first_year, sc.horizon.last_year + 1)
    series = existing_supply(sc.supply.baseline, years)[fid]
    return {int(y): float(v) for y, v in zip(years, series, strict=True)}


@pytest.mark.parametrize("name, fid", [("cowos_wspm", "cowos"), ("hbm_wspm", "hbm")])
def test_one_year_set_the_others_are_the_baselines(ref, name: str, fid: str) -> None:
    assert get_path(ref, f"supply.{name}") is None  # the premise: null beside a baseline
    base = _baseline(ref, fid)
    year = ref.horizon.first_year
    new = base[year] * 1.2
    edited = set_paths(ref, {f"supply.{name}.{year}": new})
    got = {int(k): float(v) for k, v in get_path(edited, f"supply.{name}").items()}
    assert got == {**base, year: new}


def test_a_logic_family_set_for_one_year(ref) -> None:
    """A family the map does not have starts from the baseline's series of that family
    (N3's, here), and only that family is written."""
    base = _baseline(ref, "logic-N3")
    edited = set_paths(ref, {"supply.logic_wspm.N3.2027": 2.0e5})
    maps = get_path(edited, "supply.logic_wspm")
    assert list(maps) == ["N3"]
    assert {int(k): float(v) for k, v in maps["N3"].items()} == {**base, 2027: 2.0e5}


def test_the_baselines_own_value_plans_the_same(ref) -> None:
    """Setting a year to the baseline's own value changes nothing the plan reports:
    the filled series is the one the plan used."""
    import tigris

    year = ref.horizon.first_year
    same = set_paths(ref, {f"supply.cowos_wspm.{year}": _baseline(ref, "cowos")[year]})
    a = tigris.plan(ref, counterfactual=False)
    b = tigris.plan(same, counterfactual=False)
    assert a.status == b.status == "optimal"
    assert b.objective_usd == pytest.approx(a.objective_usd, rel=1e-9)
    cap = ["site", "facility", "node", "year", "available"]
    assert a.capacity[cap].equals(b.capacity[cap])


def test_without_a_baseline_the_null_map_is_still_refused(ref) -> None:
    """No baseline, no series to start from: the old message stands."""
    from tigris.errors import InputError

    supply = ref.supply.model_copy(update={"baseline": None, "cowos_wspm": None})
    bare = ref.model_copy(update={"supply": supply})
    with pytest.raises(InputError, match="set the whole of it first"):
        set_paths(bare, {"supply.cowos_wspm.2026": 1.0})


@pytest.mark.parametrize("baseline_first", [True, False])
def test_the_series_is_the_edited_baselines(ref, baseline_first: bool) -> None:
    """A baseline changed in the same edit, before or after the year, is the one the
    series starts from (review of 2026-12-07: the announced series was taken)."""
    year, other = {"supply.cowos_wspm.2027": 2.0e5}, {"supply.baseline": "conservative"}
    edited = set_paths(ref, {**other, **year} if baseline_first else {**year, **other})
    conservative = set_paths(ref, other)
    got = {int(k): float(v) for k, v in get_path(edited, "supply.cowos_wspm").items()}
    assert got == {**_baseline(conservative, "cowos"), 2027: 2.0e5}


def test_the_series_spans_the_edited_horizon(ref) -> None:
    """A horizon shortened in the same edit: the series covers it, no year outside."""
    edited = set_paths(ref, {"horizon.last_year": 2034, "supply.cowos_wspm.2028": 2.0e5})
    got = get_path(edited, "supply.cowos_wspm")
    assert sorted(int(k) for k in got) == list(range(ref.horizon.first_year, 2035))


def test_a_year_outside_the_horizon_names_the_horizon(
    run_cli: Callable[..., CliResult],
) -> None:
    """The command line's message for a year outside the horizon is that, not "set
    the whole of it first" (review of 2026-12-07)."""
    res = run_cli("plan", "--no-store", "--set", "supply.cowos_wspm.2040=1")
    assert res.code == 2
    assert "year 2040 is outside the horizon" in res.err and "whole of it" not in res.err


@pytest.mark.parametrize("path, fid", [("cowos_wspm", "cowos"), ("logic_wspm.N3", "logic-N3")])
def test_the_source_says_what_the_year_was(ref, path: str, fid: str) -> None:
    """The edited year's source quotes the capacity the plan had planned with, the
    baseline's, not "was none" (review of 2026-12-07): the number quoted, set back,
    gives the baseline's series."""
    import re

    from tigris.scenario.edit import COMMAND_LINE

    year = ref.horizon.first_year + 1
    edited = set_paths(ref, {f"supply.{path}.{year}": 1.0}, field=COMMAND_LINE)
    source = edited.supply.source
    assert "was none" not in source
    m = re.search(r"was (\d+) \(the announced baseline\) from: ", source)
    assert m is not None, source
    assert float(m.group(1)) == pytest.approx(_baseline(ref, fid)[year], abs=0.5)

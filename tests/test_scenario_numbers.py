"""One validation path for every spelling of a number, and bounded years (issue 9).

Each case was silently wrong or a traceback before: PyYAML's YAML 1.1 read ``1e6`` and
``1.5e0`` as text, the schema converted quoted numbers, and the cross-field checks read
the raw text and skipped them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_scenario import _line_of, _problems, _reference_with
from tigris.errors import InputError
from tigris.scenario import (
    MAX_HORIZON_YEARS,
    MAX_MONTHS,
    MAX_NAME_CHARS,
    MAX_PRIORITY,
    MAX_QUANTITY,
    MAX_USD,
    YEAR_MAX,
    load_scenario,
)
from tigris.scenario.checks import MAX_DEMAND_H100E


def _one(path: Path, needle: str) -> tuple[int, str]:
    """The file's problems must include one on the line holding ``needle``."""
    line = _line_of(path, needle)
    lines = _problems(path)
    hits = [ln for ln in lines if ln.startswith(f"{path}:{line}: ")]
    assert hits, (needle, line, lines)
    return line, hits[0]


def test_an_exponent_without_a_dot_is_a_number_and_checked(tmp_path: Path) -> None:
    """``min_share: 1.5e0`` passed ``scenario check`` and stopped all production."""
    path = _reference_with(tmp_path, ("    min_share: 0.08 ", "    min_share: 1.5e0 "))
    _, hit = _one(path, "min_share: 1.5e0")
    assert hit.endswith("products.3.min_share: shares must be within [0, 1], got 1.5")


def test_an_exponent_in_a_profile_is_a_number_and_checked(tmp_path: Path) -> None:
    """``output_profile: [0, 0, 5e-1, 1e1]`` built 9 modules instead of 4 (1e1 = 10 read
    as text and then as 10 by the schema, unchecked)."""
    path = _reference_with(
        tmp_path,
        ("  - kind: cowos ", "  - kind: cowos\n    output_profile: [0, 0, 5e-1, 1e1]\n    #"),
    )
    _, hit = _one(path, "output_profile: [0, 0, 5e-1, 1e1]")
    assert "facilities.2.output_profile.3: must be <= 1, got 10.0" in hit


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    min_share: 0.08 ", '    min_share: "1.5e0" ', "products.3.min_share"),
        (
            "    max_modules: 12 ",
            '    min_modules: "13"  #\n    max_modules: 12 ',
            "sites.0.min_modules",
        ),
        ("    last_year: 2027              #", '    last_year: "2100"  #', "capital.0.last_year"),
        ("    first_year: 2027 ", '    first_year: "-2027" ', "products.4.first_year"),
        (
            "    module_capacity: 20000        # wspm: same",
            '    module_capacity: 20000\n  - kind: hbm\n    module_capacity: "-1e6"   # same',
            "facilities.2.module_capacity",
        ),
        ("pue: 1.2 ", 'pue: "1.2" ', "pue"),
    ],
)
def test_quoted_numbers_are_refused_where_bare_ones_are_checked(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    """Quoted numbers are text: refused with a hint, at their own line (they slipped past
    the checks that bare ones get: a capital source ending "2100" lost $7.7B)."""
    path = _reference_with(tmp_path, (old, new))
    needle = next(ln for ln in new.splitlines() if '"' in ln).split("#")[0].strip()
    _, hit = _one(path, needle)
    assert f": {field}: expected " in hit and "(write numbers without quotes)" in hit, hit


def test_a_site_module_capacity_must_be_positive_however_spelt(tmp_path: Path) -> None:
    for value in ("-1e6", "-1.0e6", "0"):
        path = _reference_with(
            tmp_path,
            (
                "    power_limit_mw: 800  ",
                f"    power_limit_mw: 800\n    module_capacity: {{hbm: {value}}}  #",
            ),
        )
        _, hit = _one(path, f"module_capacity: {{hbm: {value}}}")
        assert "sites.3.module_capacity.hbm: must be > 0, got " in hit, hit


def test_integers_where_the_world_has_integers(tmp_path: Path) -> None:
    path = _reference_with(
        tmp_path,
        ("    max_modules: 12 ", "    max_modules: 13.5 "),
        ("fleet_lifetime_years: 5 ", "fleet_lifetime_years: 5.0 "),
        ("  first_year: 2025 ", "  first_year: 2025.5 "),
    )
    lines = _problems(path)
    for needle, field, got in (
        ("max_modules: 13.5", "sites.0.max_modules", "13.5"),
        ("fleet_lifetime_years: 5.0", "fleet_lifetime_years", "5.0"),
        ("first_year: 2025.5", "horizon.first_year", "2025.5"),
    ):
        line = _line_of(path, needle)
        assert f"{path}:{line}: {field}: expected an integer, got {got}" in lines, lines


def test_sexagesimal_year_keys_are_not_years(tmp_path: Path) -> None:
    """YAML 1.1 reads ``33:45`` as 33 * 60 + 45 = 2025."""
    path = _reference_with(tmp_path, ("    2025: 7  ", "    33:45: 7  "))
    _, hit = _one(path, "33:45: 7")
    assert hit.endswith("tools.euv_per_year: expected a year (integer) as key, got '33:45'")


def test_yes_no_on_off_are_text_not_booleans(tmp_path: Path) -> None:
    """Under YAML 1.2 only true/false are booleans; ``no`` is a name, not False."""
    path = _reference_with(tmp_path, ("    priority: 3 ", "    priority: on "))
    _, hit = _one(path, "priority: on")
    assert hit.endswith("demand.0.priority: expected a number, got the text 'on'")


def test_quoted_year_keys_are_years(tmp_path: Path) -> None:
    """JSON has only text keys, so ``"2025"`` as a key is the year 2025."""
    path = _reference_with(tmp_path, ("    2025: 7  ", '    "2025": 7  '))
    assert load_scenario(path).tools.euv_per_year[2025] == 7


@pytest.mark.parametrize(
    ("old", "new", "field", "text"),
    [
        (
            "  last_year: 2035 ",
            "  last_year: 99999999999999999999 ",
            "horizon.last_year",
            f"{YEAR_MAX}",
        ),
        (
            "    first_year: 2027 ",
            "    first_year: 2040 ",
            "products.4.first_year",
            "after the horizon",
        ),
        (
            "    last_year: 2027              #",
            "    last_year: 2200  #",
            "capital.0.last_year",
            f"{YEAR_MAX}",
        ),
        (
            "    first_year: 2026 ",
            "    first_year: 2036 ",
            "capital.2.last_year",
            "must be >= first_year",
        ),
        (
            "    power_limit_mw: 800  ",
            "    power_limit_mw: 800\n    construction_months: 1e9  #",
            "sites.3.construction_months",
            "expected an integer",
        ),
        (
            "    power_limit_mw: 800  ",
            "    power_limit_mw: 800\n    ramp_months: 100000  #",
            "sites.3.ramp_months",
            f"{MAX_MONTHS}",
        ),
        (
            "fleet_lifetime_years: 5 ",
            "fleet_lifetime_years: 123456789012 ",
            "fleet_lifetime_years",
            f"{MAX_HORIZON_YEARS}",
        ),
    ],
)
def test_years_and_durations_are_bounded(
    tmp_path: Path, old: str, new: str, field: str, text: str
) -> None:
    """Each was a traceback (IndexError, ZeroDivisionError, MemoryError) or hang."""
    path = _reference_with(tmp_path, (old, new))
    lines = _problems(path)
    assert any(f": {field}: " in ln and text in ln for ln in lines), lines


def test_the_horizon_length_is_bounded(tmp_path: Path) -> None:
    path = _reference_with(
        tmp_path,
        ("  first_year: 2025 ", "  first_year: 2000 "),
        ("  last_year: 2035 ", "  last_year: 2100 "),
    )
    _, hit = _one(path, "  last_year: 2100")
    assert hit.endswith(
        f"horizon.last_year: the horizon spans 101 years; at most {MAX_HORIZON_YEARS} are planned"
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "bound"),
    [
        (
            "h100e_by_year: {2025: 3.75e6,",
            "h100e_by_year: {2025: 1.0e300,",
            "demand.0.h100e_by_year.2025",
            MAX_QUANTITY,
        ),
        ("    2025: 7  ", "    2025: 1e16  ", "tools.euv_per_year.2025", MAX_QUANTITY),
        ("amount_usd: 9.0e9 ", "amount_usd: 1.0e300 ", "capital.0.amount_usd", MAX_USD),
        (
            "unmet_penalty_usd_per_h100e: 27500",
            "unmet_penalty_usd_per_h100e: 1.0e300",
            "unmet_penalty_usd_per_h100e",
            MAX_USD,
        ),
    ],
)
def test_quantities_and_money_are_bounded(
    tmp_path: Path, old: str, new: str, field: str, bound: float
) -> None:
    """1e300 H100e of demand crashed the model build (HiGHS reads 1e20 as infinite)."""
    path = _reference_with(tmp_path, (old, new))
    _, hit = _one(path, new.strip())
    assert hit.endswith(f"{field}: must be <= {bound:g}, got 1e+300") or "got 1e+16" in hit, hit


def test_growth_that_overflows_the_horizon_is_refused(tmp_path: Path) -> None:
    """Hand-derived: 2.45e7 H100e in 2030 x (1 + 1e30)^5 by 2035 is ~2.45e157, past
    MAX_DEMAND_H100E (1e12 a year; 1e30 overflowed the model build); 0.15 a year gives
    ~4.9e7, accepted."""
    path = _reference_with(tmp_path, ("    growth_per_year: 0.15 ", "    growth_per_year: 1.0e30 "))
    _, hit = _one(path, "growth_per_year: 1.0e30")
    assert f"demand.0.growth_per_year: grows the series past {MAX_DEMAND_H100E:g}" in hit
    assert "(2.45e+07 x (1 + 1e+30)^5)" in hit
    # the largest growth that stays within the bound over 5 years, and a little more
    limit = (MAX_DEMAND_H100E / 2.45e7) ** (1 / 5) - 1
    for growth, ok in ((limit * 0.99, True), (limit * 1.01, False)):
        path = _reference_with(
            tmp_path, ("    growth_per_year: 0.15 ", f"    growth_per_year: {growth!r} ")
        )
        try:
            load_scenario(path)
            accepted = True
        except InputError:
            accepted = False
        assert accepted is ok, growth


def test_priority_is_bounded(tmp_path: Path) -> None:
    path = _reference_with(tmp_path, ("    priority: 3 ", "    priority: 1.0e300 "))
    _, hit = _one(path, "priority: 1.0e300")
    assert hit.endswith(f"demand.0.priority: must be <= {MAX_PRIORITY:g}, got 1e+300")


@pytest.mark.parametrize(("spelt", "shown"), [(".inf", "inf"), ("-.inf", "-inf"), (".nan", "nan")])
def test_infinity_and_nan_are_refused_in_words(tmp_path: Path, spelt: str, shown: str) -> None:
    """pydantic's own sentence ("Input should be a finite number") was passed through."""
    path = _reference_with(tmp_path, ("pue: 1.2 ", f"pue: {spelt} "))
    _, hit = _one(path, f"pue: {spelt}")
    assert hit.endswith(f"pue: expected a finite number, got {shown}"), hit


def test_names_are_bounded(tmp_path: Path) -> None:
    """A 100,000-character scenario name was accepted, and 'tigris report --png' of its
    plan then ran for minutes laying out the title."""
    long = "x" * (MAX_NAME_CHARS + 1)
    path = _reference_with(tmp_path, ("name: reference", f"name: {long}"))
    _, hit = _one(path, f"name: {long}")
    assert hit.endswith(
        f"name: expected at most {MAX_NAME_CHARS} characters, got {MAX_NAME_CHARS + 1}"
    ), hit
    path = _reference_with(tmp_path, ("name: reference", f"name: {'y' * MAX_NAME_CHARS}"))
    assert load_scenario(path).name == "y" * MAX_NAME_CHARS

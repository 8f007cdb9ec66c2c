"""``fleet_lifetime_years`` by class and product in scenario files (issue 12, item 1).

The scenario field is an integer (one life for all, as before), ``table`` (each class's
row of ``data/fleet_lifetimes.csv``) or ``{default, by_class, by_product}``. Bad inputs
must give exit code 2 and one ``file:line: fleet_lifetime_years...`` line naming what
was expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import assert_one_line_error, line_of
from tigris.scenario import load_scenario, reference_scenario_text
from tigris.scenario.schema import FleetLifetimes

#: The reference's lifetime line, replaced by each case.
REF_LINE = "fleet_lifetime_years: "


def _reference_with_life(tmp_path: Path, value: str) -> Path:
    """The reference scenario with its lifetime line's value replaced by ``value`` (which
    may span lines)."""
    lines = reference_scenario_text().splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith(REF_LINE))
    lines[i] = REF_LINE + value
    path = tmp_path / "lives.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- the scenario field --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5),
        ("table", "table"),
        ("{default: 4, by_class: {google: 6}, by_product: {tpu-v7: 7}}", None),
    ],
)
def test_the_field_takes_an_int_the_word_table_or_a_mapping(
    tmp_path: Path, value: str, expected: Any
) -> None:
    sc = load_scenario(_reference_with_life(tmp_path, value))
    if expected is None:
        assert sc.fleet_lifetime_years == FleetLifetimes(
            default=4, by_class={"google": 6}, by_product={"tpu-v7": 7}
        )
    else:
        assert sc.fleet_lifetime_years == expected


@pytest.mark.parametrize(
    ("value", "needle", "field", "message"),
    [
        (
            "tabel",
            "fleet_lifetime_years: tabel",
            "fleet_lifetime_years",
            "'table' (data/fleet_lifetimes.csv)",
        ),
        (
            "5.0",
            "fleet_lifetime_years: 5.0",
            "fleet_lifetime_years",
            "expected an integer, got 5.0",
        ),
        ("0", "fleet_lifetime_years: 0", "fleet_lifetime_years", "must be >= 1"),
        (
            "\n  default: 5\n  by_class:\n    gogle: 6",
            "gogle: 6",
            "fleet_lifetime_years.by_class.gogle",
            "unknown accelerator class 'gogle' (did you mean 'Google'?)",
        ),
        (
            "\n  default: 5\n  by_product:\n    tpu-v77: 6",
            "tpu-v77: 6",
            "fleet_lifetime_years.by_product.tpu-v77",
            "unknown product 'tpu-v77' (did you mean 'tpu-v7'?); expected one of the roadmap's",
        ),
        (
            "\n  by_class:\n    google: 6.5",
            "google: 6.5",
            "fleet_lifetime_years.by_class.google",
            "expected an integer, got 6.5",
        ),
        (
            "\n  by_product:\n    tpu-v7: 1000",
            "tpu-v7: 1000",
            "fleet_lifetime_years.by_product.tpu-v7",
            "must be <= 100",
        ),
        (
            "\n  default: tabel",
            "default: tabel",
            "fleet_lifetime_years.default",
            "got the text 'tabel'",
        ),
        (
            "\n  default: 5\n  by_klass: {google: 6}",
            "by_klass",
            "fleet_lifetime_years.by_klass",
            "unknown field (did you mean 'by_class'?)",
        ),
    ],
)
def test_bad_lives_exit_2_naming_file_line_and_field(
    tmp_path: Path, run_cli: Any, value: str, needle: str, field: str, message: str
) -> None:
    path = _reference_with_life(tmp_path, value)
    res = run_cli("scenario", "check", path)
    line = line_of(path, needle)
    assert_one_line_error(res, f"{path}:{line}: {field}: ", message)


def test_a_product_name_is_checked_against_the_scenarios_own_list() -> None:
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_fleet import check_fleet_lifetimes

    doc = {
        "products": [{"name": "mine"}],
        "fleet_lifetime_years": {"by_product": {"mine": 3, "yours": 2}},
    }
    found = check_fleet_lifetimes(parts_of(doc))
    assert [loc for loc, _ in found] == [("fleet_lifetime_years", "by_product", "yours")]
    assert "the scenario's products" in found[0][1]

"""What a refused ``--set`` says can be followed on the command line (user test
2026-12-05, scenarios #5 and #6).

- Setting a year of a capital source given as ``amount_usd`` advised setting fields to
  ``ABSENT``, a Python object the command line cannot give. It now gives a ``--set`` of
  the whole source with the same money by year; that ``--set`` is run here, and its
  plan must offer the same capital and cost the same as the original.
- A year of a year map outside the horizon was "unknown segment '2030' ...; there is:
  2026, 2029", while 2028, also not in the map, was accepted. It now says what the
  scenario file says: the year is outside the horizon.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_the_advised_set_is_accepted_and_changes_nothing(run_cli) -> None:
    res = run_cli("plan", SMALL, "--no-store", "--set", "capital.fund.usd_by_year.2027=1e9")
    assert_one_line_error(res, "gives amount_usd over first_year..last_year")
    advised = re.search(r"--set '([^']+)'", res.err)
    assert advised, res.err
    change = advised.group(1)  # inside single quotes: one shell word as it is
    # small-plan.yaml: fund of $20B over 2026-2027, equal tranches
    assert change == "capital.fund={name: fund, usd_by_year: {2026: 1e+10, 2027: 1e+10}}"
    same = run_cli("plan", SMALL, "--no-store", "--json", "--set", change)
    base = run_cli("plan", SMALL, "--no-store", "--json")
    assert same.code == 0 and base.code == 0, same.err
    offered = [
        {(r["year"], r["source"]): r["available_usd"] for r in res.json()["capital"]}
        for res in (same, base)
    ]
    assert offered[0].keys() == offered[1].keys()
    for key, usd in offered[1].items():
        assert offered[0][key] == pytest.approx(usd, rel=1e-12), key
    assert same.json()["objective_usd"] == pytest.approx(base.json()["objective_usd"], rel=1e-6)


@pytest.mark.parametrize("path", ["demand.training.h100e_by_year.2030", "tools.euv_per_year.2031"])
def test_a_year_outside_the_horizon_says_so(run_cli, path: str) -> None:
    year = path.rsplit(".", 1)[1]
    res = run_cli("plan", SMALL, "--no-store", "--set", f"{path}=5")
    assert_one_line_error(res, path, f"year {year} is outside the horizon 2026–2029")


def test_a_misspelt_field_still_gets_its_suggestion(run_cli) -> None:
    res = run_cli("plan", SMALL, "--no-store", "--set", "demand.training.h100e_by_yaer.2030=5")
    assert_one_line_error(res, "did you mean 'h100e_by_year'?")

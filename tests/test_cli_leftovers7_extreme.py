"""An input far beyond any real value gives one ``error:`` line naming the field and
the usable range, exit 2; never "no plan (unknown)" or a traceback (leftovers of
2026-12-04, CLI item 2).

Found: ``tigris sweep --set data.grid.usa.electricity_usd_per_mwh=1e300`` (and ``plan
--data`` of a grid row with that price) ended "no plan (unknown)": the reference's
objective coefficients overflowed to infinity (293 of them), and HiGHS refused the
model ("Cannot minimize with a cost on variable 550 of -inf"). A site's
``electricity_usd_per_kwh: 1e300`` in a scenario was linopy's "NaN found in a
user-supplied constant" traceback (inf x 0 in the site's opex), and a
``construction_cost_multiplier: 1e12`` an IndexError traceback (capex of 1.2e15 $M a
module in the capital rows, above the 1e15 HiGHS takes in a constraint).

Fixed in two places (the lead's files; /work/notes/CLI-extreme.patch): the data
overlay's numbers and a scenario site's prices are bounded at 1e15 (the scenario's
MAX_USD and MAX_QUANTITY), so the error names the field; and ``run_highs`` checks
every model coefficient against HiGHS's own limits (``infinite_cost`` 1e20 in the
objective, ``large_matrix_value`` 1e15 in a constraint) before solving, naming the
model term, for whatever the fields' bounds let through.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, assert_one_line_error, write_scenario

#: A grid row of the data overlay with an absurd price [USD/MWh].
GRID_1E300 = """\
grid:
- region: usa
  electricity_usd_per_mwh: 1.0e+300
  source: test, far beyond any real price
  as_of: 2025-12
"""


def _small_with_site(tmp_path: Path, line: str) -> Path:
    """SMALL with ``line`` added to its site japan."""
    text = SMALL.replace("  - name: japan\n", f"  - name: japan\n    {line}\n", 1)
    assert text != SMALL
    return write_scenario(tmp_path, text, "small.yaml")


def test_a_swept_grid_price_of_1e300_names_the_cell_and_its_range(run_cli, tmp_path) -> None:
    """Was: 'member 0 failed (...): no plan (unknown)', exit 1."""
    path = write_scenario(tmp_path, SMALL, "small.yaml")
    res = run_cli(
        "sweep", path, "--set", "data.grid.usa.electricity_usd_per_mwh=1e300", "--no-store"
    )
    assert_one_line_error(
        res, "--set", "data.grid.usa.electricity_usd_per_mwh", "must be <= 1e+15", "1e+300"
    )


def test_a_data_file_grid_price_of_1e300_names_file_line_and_field(run_cli, tmp_path) -> None:
    """Was: 'No plan (unknown)', exit 1 (the reference: its data centres pay it)."""
    data = tmp_path / "grid.yaml"
    data.write_text(GRID_1E300, encoding="utf-8")
    res = run_cli("plan", "--data", data, "--no-store")
    assert_one_line_error(
        res, f"{data}:3", "grid.0.electricity_usd_per_mwh", "must be <= 1e+15", "1e+300"
    )


def test_a_site_electricity_price_of_1e300_names_the_field(run_cli, tmp_path) -> None:
    """Was: linopy's ValueError traceback ('NaN found in a user-supplied constant')."""
    path = _small_with_site(tmp_path, "electricity_usd_per_kwh: 1.0e300")
    res = run_cli("plan", path, "--no-store")
    assert_one_line_error(res, "sites.1.electricity_usd_per_kwh", "must be <= 1e+15")


def test_a_coefficient_beyond_highs_names_the_model_term(run_cli, tmp_path) -> None:
    """Within every field's bound, but a module at japan then costs 1e12 x its capex:
    1.18e15 $M in the capital rows, at or above the 1e15 HiGHS takes in a constraint
    (its ``large_matrix_value``). Was: an IndexError traceback."""
    path = _small_with_site(tmp_path, "construction_cost_multiplier: 1.0e12")
    res = run_cli("plan", path, "--no-store")
    assert_one_line_error(res, "plan inputs", "site japan", "below 1e+15", "too large")


@pytest.mark.parametrize("price", ["1e14", "1e15"])
def test_a_large_price_within_the_bound_still_plans(run_cli, tmp_path, price: str) -> None:
    """Up to the bound the solve copes (the fab at japan is just not built): a plan,
    not an error (the check is HiGHS's range, not a guess at sensible prices)."""
    path = _small_with_site(tmp_path, f"electricity_usd_per_kwh: {price}")
    res = run_cli("plan", path, "--no-store", "--json")
    assert res.code == 0, res.err
    assert res.json()["status"] == "optimal"


@pytest.mark.parametrize(("cost", "refused"), [(9.9e19, False), (1e20, True), (-2e20, True)])
def test_an_objective_cost_at_highs_infinite_cost_is_refused(cost: float, refused: bool) -> None:
    """HiGHS reads an objective coefficient of 1e20 or more in magnitude as infinite
    (its default ``infinite_cost``, HiGHS options reference): the check refuses it,
    naming the variable and its place, and lets 9.9e19 through."""
    import linopy
    import pandas as pd

    from tigris.errors import InputError
    from tigris.plan.highs import check_coefficients

    m = linopy.Model()
    x = m.add_variables(lower=0, coords=[pd.Index([2030], name="year")], name="build")
    m.add_constraints(x <= 1, name="cap")
    m.add_objective(cost * x)
    if not refused:
        check_coefficients(m)
        return
    with pytest.raises(InputError) as err:
        check_coefficients(m)
    assert "cost of build (year 2030)" in str(err.value) and "below 1e+20" in str(err.value)

"""``tigris.plan`` says when a site's subsidies pass the programme that pays them, as
``tigris plan`` does (policy user test 2026-12-06 #2: the API returned ``warnings=()``
and wrote nothing for a plan booking 1.40x the CHIPS Act's US$39B)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from tests.conftest import write_scenario
from tests.test_s35_subsidy_cap import GERMANY, GERMANY_KTF_USD_2024, GERMANY_SHARE


def test_the_api_warns_of_a_subsidy_past_its_programme(tmp_path: Path) -> None:
    import tigris

    path = write_scenario(tmp_path, GERMANY)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        r = tigris.plan(str(path), store=False)
    de = r.subsidies[r.subsidies["site"] == "germany"]
    total = float(de["subsidy_usd"].sum())
    # by hand: the share times the capex booked there, above the programme's whole
    assert total == sum(GERMANY_SHARE * c for c in de["capex_usd"])
    assert total > GERMANY_KTF_USD_2024
    [warned] = [w for w in r.warnings if w.startswith("the plan's subsidy at")]
    assert (
        f"{total / GERMANY_KTF_USD_2024:,.2f}x the whole of US$22.3B of 2024 (germany-ktf-chips"
        in warned
    )
    assert f"warning: {warned}" in err.getvalue().splitlines()


def test_a_plan_within_its_programmes_has_no_such_warning() -> None:
    import tigris

    r = tigris.plan("docs/examples/small-plan.yaml", store=False)
    assert not [w for w in r.warnings if "programme" in w or "the whole of" in w]

"""``tigris plan`` says when a site's subsidies pass the programme that pays them
(S35, SUBSIDY-CAP; with /work/notes/SUBSIDY-CAP-plan-warnings.patch).

A ``warning:`` line on standard error and the same sentence under ``--json``'s
``warnings``; nothing for a plan within its programmes. Numbers by hand: Germany's
EUR 20B for chip fabs to 2027 at the ECB's 2023 average of US$1.0813.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import write_scenario
from tests.test_s35_subsidy_cap import GERMANY, GERMANY_KTF_USD_2024, GERMANY_SHARE


def test_plan_warns_when_a_site_passes_its_programme(tmp_path: Path, run_cli: Any) -> None:
    path = write_scenario(tmp_path, GERMANY)
    res = run_cli("plan", str(path), "--json", "--no-store")
    assert res.code == 0, res.err
    doc = res.json()
    de = [r for r in doc["subsidies"] if r["site"] == "germany"]
    total = sum(r["subsidy_usd"] for r in de)
    assert total == sum(GERMANY_SHARE * r["capex_usd"] for r in de) > GERMANY_KTF_USD_2024
    # the plan's own warning (the scenario's pre-solve one is listed too, first, since
    # s45: every warning the run writes is in --json's "warnings")
    [warned] = [w for w in doc["warnings"] if w.startswith("the plan's subsidy at")]
    assert f"at germany, US${total / 1e9:,.1f}B," in warned
    assert (
        f"{total / GERMANY_KTF_USD_2024:,.2f}x the whole of US$22.3B of 2024 (germany-ktf-chips"
        in warned
    )
    assert "Bloomberg 2023-07-24" in warned  # the programme's source
    assert f"warning: {warned}" in res.err.splitlines()


def test_plan_within_its_programmes_says_nothing(run_cli: Any) -> None:
    res = run_cli("plan", "docs/examples/small-plan.yaml", "--json", "--no-store")
    assert res.code == 0, res.err
    assert res.json()["warnings"] == []
    assert "programme" not in res.err


def test_text_plan_writes_the_warning(tmp_path: Path, run_cli: Any) -> None:
    path = write_scenario(tmp_path, GERMANY)
    res = run_cli("plan", str(path), "--no-store")
    assert res.code == 0, res.err
    lines = [ln for ln in res.err.splitlines() if ln.startswith("warning: the plan's subsidy")]
    assert len(lines) == 1 and "germany-ktf-chips" in lines[0]
    assert "germany-ktf-chips" not in res.out  # stdout stays the plan's

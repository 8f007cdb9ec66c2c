"""A site's subsidy is at most its programme's published total (UT-JOURNO defect 5).

``tigris fab --node N3 --site germany --budget-usd 7e12`` printed a US$7,000B German
subsidy: 50 % of the capex, uncapped, some 300x the EUR 20B Germany set aside for chip
fabs to 2027. The subsidy is now min(share x capex, the programme's total)
(data/subsidy_programmes.csv), said in a warning when it binds, and a subsidy above
the largest single award on record is warned of too.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from tigris.fab import fab_model, get_site
from tigris.fab.data import subsidy_cap, subsidy_usd

ECB_EUR_USD_2023 = 1.0813  # ECB euro reference rate, US dollar, 2023 annual average
GERMANY_KTF_EUR = 20e9  # Bloomberg 2023-07-24: EUR 20B for chip fabs to 2027
INTEL_MAGDEBURG_EUR = 9.9e9  # agreed 2023-06-19
GERMANY_SHARE = 0.5  # sites.csv: ESMC Dresden, EUR 5B of aid on EUR 10B


def _rows() -> list[dict[str, str]]:
    path = resources.files("tigris.data") / "subsidy_programmes.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _fab(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", "from tigris.cli import entry; entry()", "fab", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ), timeout=300)


def test_seven_trillion_in_germany_gets_germanys_programme_at_most() -> None:
    r = _fab("--node", "N3", "--site", "germany", "--budget-usd", "7e12", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    cap = GERMANY_KTF_EUR * ECB_EUR_USD_2023  # US$21.626B
    assert out["subsidy_usd"] == pytest.approx(cap)
    assert out["net_capex_usd"] == pytest.approx(out["capex_usd"] - cap)
    assert out["net_capex_usd"] <= 7e12
    assert GERMANY_SHARE * out["capex_usd"] > 100 * cap  # the old rule's US$3.5T
    (warning,) = [w for w in out["warnings"] if "subsidy" in w]
    # in US$ of 2023, N3's price year and the programme's (EUR at 2023's rate)
    assert warning.startswith(
        "the subsidy is capped at US$21.6B of 2023, the whole of germany-ktf-chips"
    )
    r = _fab("--node", "N3", "--site", "germany", "--budget-usd", "7e12")
    assert "warning: the subsidy is capped at US$21.6B of 2023" in " ".join(r.stdout.split())


def test_below_the_cap_the_share_is_unchanged_and_a_record_award_is_said() -> None:
    r = _fab("--node", "N3", "--site", "germany", "--budget-usd", "2e10", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["subsidy_usd"] == GERMANY_SHARE * out["capex_usd"]  # exactly the share
    assert out["net_capex_usd"] <= 2e10
    award = INTEL_MAGDEBURG_EUR * ECB_EUR_USD_2023
    assert out["subsidy_usd"] > award
    (warning,) = [w for w in out["warnings"] if "subsidy" in w]
    ratio = out["subsidy_usd"] / award
    assert warning.startswith(f"US${out['subsidy_usd'] / 1e9:,.1f}B of subsidy is {ratio:,.1f}x")
    assert "germany-intel-magdeburg" in warning
    small = fab_model("N3", 10_000, "germany")  # US$5B of capex: no warning
    assert small.subsidy_usd < award
    from tigris.fab.checks import subsidy_warnings

    assert subsidy_warnings(small) == []


def test_vectorised_and_monotone() -> None:
    g = get_site("germany")
    capex = np.array([1e9, 40e9, 43.252e9, 1e12])
    got = subsidy_usd(g, capex)
    cap = GERMANY_KTF_EUR * ECB_EUR_USD_2023
    assert np.allclose(got, np.minimum(GERMANY_SHARE * capex, cap))
    net = capex - got
    assert np.all(np.diff(net) > 0)  # a larger fab never costs the investor less
    taiwan = get_site("taiwan")  # no subsidy, no programme
    assert subsidy_cap(taiwan) is None and subsidy_usd(taiwan, 1e12) == 0.0


def test_the_table_against_its_sources() -> None:
    rows = {r["programme"]: r for r in _rows()}
    for key, eur in (
        ("germany-ktf-chips", 20e9),
        ("germany-intel-magdeburg", 9.9e9),
        ("eu-chips-act", 43e9),
    ):
        assert rows[key]["currency"] == "EUR" and float(rows[key]["amount"]) == eur
        assert float(rows[key]["amount_usd"]) == pytest.approx(eur * ECB_EUR_USD_2023, abs=1e6)
    assert float(rows["us-chips-act"]["amount_usd"]) == 39e9  # Pub. L. 117-167
    # India: INR 76,000 crore from the centre, Gujarat 40 % on top: 1.4 x
    assert float(rows["india-ism-gujarat"]["amount"]) == pytest.approx(76_000 * 1e7 * 1.4)
    assert float(rows["japan-ai-chips-2030"]["amount"]) == 10e12  # JPY 10 trillion
    assert float(rows["korea-chips-package"]["amount"]) == 33e12  # KRW 33 trillion
    # every site that counts a subsidy has a programme that bounds it, and the largest
    # award on record is below its programme's total
    with (resources.files("tigris.data") / "sites.csv").open(encoding="utf-8") as fh:
        sites = list(csv.DictReader(fh))
    for s in sites:
        if float(s["subsidy_share_of_capex"]) > 0:
            assert subsidy_cap(s["site"]) is not None, s["site"]
    known = {s["site"] for s in sites}
    for r in rows.values():
        assert set(r["sites"].split("|")) <= known
        assert r["source"].strip() and r["as_of"].strip()

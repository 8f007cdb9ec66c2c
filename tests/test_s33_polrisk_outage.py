"""A disruption's result leads with the compute it costs (user test UT-POLICY,
2026-12-04, #3): the reference's ``taiwan-12m`` printed "what it costs $864B" (the
objective's change, mostly the unmet-demand penalty) while real cost fell; the loss of
all of 2028's deliveries and the stage that causes it (every CoWoS line in the data is
in Taiwan) were never said. Checked against the plans' own demand tables and
``data/incumbent_capacity.csv`` read here, not against the code's sentences."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import tigris

DATA = Path(tigris.__file__).parent / "data"


@pytest.fixture(scope="module")
def taiwan():
    from tigris.risk.disruptions import disrupt

    return disrupt(None, "taiwan-12m")


def _served(res, year: int) -> float:
    d = res.demand
    return float(d.loc[d["year"] == year, "served_h100e"].sum())


def test_the_share_lost_is_the_plans_own_served_compute(taiwan) -> None:
    """2028's deliveries lost = served 2028 as made − served 2028 builds fixed, read
    from each plan's own demand table; the share is that over served 2028 as made."""
    nums = taiwan.numbers()
    assert nums["event_years"] == [2028]
    base, fixed = _served(taiwan.base, 2028), _served(taiwan.fixed, 2028)
    assert base > 1e6
    assert nums["base_delivered_in_event_years_h100e"] == pytest.approx(base, rel=1e-9)
    assert nums["fixed_lost_delivered_h100e"] == pytest.approx(base - fixed, rel=1e-9)
    assert nums["fixed_lost_delivered_share"] == pytest.approx((base - fixed) / base, rel=1e-9)
    # the fixed plan delivers nothing in 2028 (below): every one of them is lost
    assert fixed == pytest.approx(0.0, abs=1.0)
    assert nums["fixed_lost_delivered_share"] == pytest.approx(1.0, abs=1e-9)
    # the real cost change is the two plans' cost_usd apart, beside the objective's
    assert nums["fixed_cost_change_usd"] == pytest.approx(
        taiwan.fixed.headline()["numbers"]["cost_usd"]
        - taiwan.base.headline()["numbers"]["cost_usd"]
    )


def test_cowos_is_named_the_binding_stage_from_the_data(taiwan) -> None:
    """Every CoWoS line of data/incumbent_capacity.csv is at a Taiwan site and the plan
    as made builds no CoWoS module, so the outage removes all of 2028's CoWoS, which
    every product's bill needs: the lead names it."""
    with open(DATA / "incumbent_capacity.csv", newline="", encoding="utf-8") as f:
        cowos_sites = {r["site"] for r in csv.DictReader(f) if r["kind"] == "cowos"}
    assert cowos_sites == {"taiwan"}  # the premise, from the data
    assert "cowos" not in set(taiwan.base.builds["facility"])  # no module elsewhere
    rows = {(r["facility"], r["year"]): r for r in taiwan.numbers()["stages_removed"]}
    cowos = rows[("cowos", 2028)]
    assert cowos["removed_share"] == pytest.approx(1.0)
    assert cowos["products_needing"] == cowos["products_available"] > 0
    # HBM is made in Korea too: some, not all, removed
    assert 0 < rows[("hbm", 2028)]["removed_share"] < 1
    lead = taiwan.lead()
    binding = [x for x in lead if x.startswith("binding stage")]
    assert len(binding) == 1 and "every cowos line" in binding[0] and "in taiwan" in binding[0]
    assert "every product" in binding[0]


def test_the_lead_says_compute_first_and_names_the_objective(taiwan) -> None:
    lead = taiwan.lead()
    nums = taiwan.numbers()
    # the reference plan delivers 35.0M H100e in 2028 (since 05359a4 and ec47826; 27.8M before)
    assert lead[0].startswith("builds fixed: 35M H100e of deliveries lost in 2028")
    assert "100.0% of the 35M" in lead[0]
    assert "H100e-years of compute in service lost" in lead[1]
    money = next(x for x in lead if x.startswith("objective loss"))
    assert "penalty-valued" in money and "real cost" in money
    assert nums["fixed_loss_usd"] > 0 > nums["fixed_cost_change_usd"]  # the user's case
    assert "-$" in money  # the real cost change, with its sign


def _unwrap(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def test_text_json_and_html_say_the_same(taiwan, capsys) -> None:
    from tigris.cli.risk import _print_extras
    from tigris.report.risk_html import _disruptions_html

    doc = taiwan.to_dict()
    assert doc["lead"] == taiwan.lead()
    _print_extras({"disruptions": [doc]})
    raw = capsys.readouterr().out
    text = _unwrap(raw)
    page = _disruptions_html(SimpleNamespace(disruptions=[taiwan]))
    import html

    for line in doc["lead"]:
        assert line in text
        assert f"<li>{html.escape(line)}</li>" in page
    # the table's words: the objective's change is named so, compute rows come first
    assert "objective loss, builds fixed" in text and "penalty-valued" in text
    assert "what it costs" not in text and "what it costs" not in page
    rows = [x for x in raw.splitlines() if "builds fixed" in x and "│" in x]
    assert rows and "deliveries lost" in rows[0]
    share_row = next(x for x in raw.splitlines() if "deliveries lost %, builds fixed" in x)
    assert "100.0%" in share_row
    assert math.isfinite(doc["numbers"]["fixed_lost_delivered_share"])


def test_an_unfundable_plan_has_no_objective_loss_in_the_lead() -> None:
    """A withdrawal whose fixed plan cannot be paid (its loss NaN, docs/risk.md): the
    lead says how short it is and takes the objective loss of the re-optimised plan,
    which can be paid (the reference's no-gulf-money: $5.68B short, $126B)."""
    from tigris.risk.disruptions import lead_sentences

    plan = {"cost_usd": 373e9}
    nums = {
        "event_years": [2026, 2027],
        "base": plan,
        "fixed": plan,
        "reoptimised": {"cost_usd": 368e9},
        "fixed_fundable": False,
        "reoptimised_fundable": True,
        "funding_gap_usd": 5.68e9,
        "fixed_loss_usd": math.nan,
        "reoptimised_loss_usd": 126e9,
        "reoptimised_cost_change_usd": -5e9,
        "base_delivered_in_event_years_h100e": 2e8,
        "fixed_lost_delivered_h100e": 0.0,
        "fixed_lost_delivered_share": 0.0,
    }
    lead = lead_sentences(nums, {"capital": "gulf"}, "capital_withdrawn")
    assert lead[0] == (
        "builds fixed: 0 H100e of deliveries lost in 2026–2027 (0.0% of the 200M the plan "
        "as made delivers then)"
    )
    assert "builds fixed: not fundable, $5.68B short" in " ".join(lead)
    money = [x for x in lead if x.startswith("objective loss")]
    assert len(money) == 1 and money[0].startswith("objective loss, re-optimised: $126B")
    assert "-$5.00B ($373B -> $368B)" in money[0]

"""With incumbents responding, the builds they make only because the investor arrives
are said, and counted apart (user test 2026-12-05, owners #1).

The reference with three times its existing data-centre capacity and ``incumbents:
{respond: true}``: without the investor the incumbents build 5 modules; with it, 73
(67 more hyperscaler data-centre modules and a second TSMC N2 module, $86.8B of their
capex). All of that compute was in ``investor new`` and ``added``, and the headline gave
$101 of the investor's capital per added H100e without a word on the rest.

Checked against an independent solve: the same file with no capital at all (the world
without the investor, solved as a plan): its incumbents' modules and capex are what
``builds.baseline_modules`` must give, and the rest is what the plan says is theirs only
with the investor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tigris.plan import solve
from tigris.plan.result import INVESTOR
from tigris.scenario import reference_scenario_text
from tigris.yamlio import parse_yaml

#: About three times the reference's existing data-centre MW, by year (the user test's).
EXISTING_MW = {
    2026: 126861, 2027: 171521, 2028: 198725, 2029: 224641, 2030: 250583,
    2031: 263903, 2032: 277234, 2033: 290570, 2034: 303876, 2035: 317237,
}  # fmt: skip


def _write(tmp: Path, name: str, capital: bool) -> Path:
    import yaml

    d: dict[str, Any] = parse_yaml(reference_scenario_text())
    d["datacenters"]["existing_mw"] = dict(EXISTING_MW)
    d["incumbents"]["respond"] = True
    if not capital:  # the investor's capital and what names it
        named = {f"capital.{c['name']}" for c in d["capital"]}
        d["capital"] = []
        dists = d.get("distributions") or {}
        d["distributions"] = {
            k: v for k, v in dists.items() if not any(k.startswith(n) for n in named)
        }
        d["correlations"] = [
            c
            for c in d.get("correlations") or []
            if all(p in d["distributions"] for p in c["paths"])
        ]
        d["disruptions"] = [e for e in d.get("disruptions") or [] if "capital" not in e]
    path = tmp / name
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    tmp = tmp_path_factory.mktemp("induced")
    plan = solve(_write(tmp, "with.yaml", capital=True))
    alone = solve(_write(tmp, "without.yaml", capital=False), counterfactual=False)
    return plan, alone


def test_baseline_modules_are_the_world_without_the_investor(runs: tuple[Any, Any]) -> None:
    plan, alone = runs
    theirs = plan.builds[plan.builds["owner"] != INVESTOR]
    their_alone = alone.builds[alone.builds["owner"] != INVESTOR]
    # each of the world's builds is a floor of the plan, at the same place and start
    assert theirs["baseline_modules"].sum() == pytest.approx(their_alone["modules"].sum())
    assert (plan.builds.loc[plan.builds["owner"] == INVESTOR, "baseline_modules"] == 0).all()
    _, added = plan.sections()
    extra = float(theirs["modules"].sum() - their_alone["modules"].sum())
    assert extra > 0  # the case: incumbents build more only with the investor
    assert added["incumbent_extra_modules"] == pytest.approx(extra)
    capex = float(theirs["capex_usd"].sum() - their_alone["capex_usd"].sum())
    assert added["incumbent_extra_capex_usd"] == pytest.approx(capex, rel=1e-9)
    both = (added["capital_spent_usd"] + capex) / added["total_h100e"]
    assert added["capex_usd_per_added_h100e_with_incumbents"] == pytest.approx(both)


def test_the_headline_and_supply_say_so(runs: tuple[Any, Any]) -> None:
    plan, _ = runs
    _, added = plan.sections()
    text = " ".join(plan.headline()["sentences"])
    n = f"{added['incumbent_extra_modules']:,.0f} more modules"
    assert "of incumbents' capex that the plan has them spend only with the investor" in text
    assert n in text and "counting both" in text
    notes = set(plan.supply_by_source.query("source == 'investor new'")["note"])
    (note,) = notes
    assert "modules incumbents who respond build only with it" in note
    from tigris.fmt import money

    assert f"({money(added['incumbent_extra_capex_usd'])} of their capex" in note
    assert "cooperative world" in text  # the builds sentence names the assumption


def test_the_headline_counts_the_modules_they_start_without_the_investor_too(
    runs: tuple[Any, Any],
) -> None:
    """User test 2026-12-05 (plan #12): "start 67 more modules" read as caused by the
    investor when every one was in the world without it too. The count said as started
    without the investor is the independent solve's (no capital at all)."""
    import re

    plan, alone = runs
    n_alone = float(alone.builds.loc[alone.builds["owner"] != INVESTOR, "modules"].sum())
    n_with = float(plan.builds.loc[plan.builds["owner"] != INVESTOR, "modules"].sum())
    text = " ".join(" ".join(plan.headline()["sentences"]).split())
    said = re.search(r"also start ([\d,]+) modules? at their own sites", text)
    assert said is not None, text
    assert float(said.group(1).replace(",", "")) == pytest.approx(n_with)
    of = re.search(r", ([\d,]+) of which they also start without the investor", text)
    assert of is not None, text
    assert float(of.group(1).replace(",", "")) == pytest.approx(n_alone)


@pytest.mark.parametrize(
    ("base", "words"),
    [
        ([3.0, 4.0], "all of which they also start without the investor"),
        ([0.0, 0.0], "none of which they start without the investor"),
        ([float("nan")] * 2, ""),
    ],
)
def test_the_without_investor_words_follow_the_baseline_column(
    base: list[float], words: str
) -> None:
    import pandas as pd

    from tigris.plan.summary import _without_investor_too

    others = pd.DataFrame({"modules": [3.0, 4.0], "baseline_modules": base})
    got = _without_investor_too(others, 7.0)
    assert (words in got) if words else got == ""

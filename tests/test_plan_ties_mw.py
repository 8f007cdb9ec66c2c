"""#9 of the fifth user test: ``--objective npv``'s "one more MW of the investor's own
data-centre capacity (at X)" named the first site of the ``sites:`` list (and quoted
its value), whatever the plan built; reordered, another site and another value.

The scenario (shared with ``tests/test_plan_ties.py``): two sites in two regions that
may host only ``datacenter-gas`` (10 modules each), 300 MW of existing capacity and 2M
H100e of demand (power binds), $5B.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from tests.conftest import write_scenario
from tigris.plan import solve_inputs
from tigris.plan.assemble import assemble_file

TEXAS = "  - name: texas-usa\n    facilities: [datacenter-gas]\n    max_modules: TX\n"
INDIA = "  - name: india-gujarat\n    facilities: [datacenter-gas]\n    max_modules: IN\n"

SCENARIO = textwrap.dedent(
    """\
    name: ties
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2030}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 1
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 2.0e6}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: datacenter
      - kind: datacenter
        power: gas
    datacenters:
      baseline: none
      existing_mw: {2026: 300}
    sites:
    SITES
    capital:
      - name: fund
        amount_usd: 5.0e9
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


def _text(first: str, tx: int = 10, india: int = 10) -> str:
    sites = (TEXAS + INDIA) if first == "texas" else (INDIA + TEXAS)
    sites = sites.replace("TX", str(tx)).replace("IN", str(india))
    return SCENARIO.replace("SITES\n", sites)


_MW = re.compile(r"one more MW of the investor's own data-centre capacity \(at ([^,]+),")


def test_npv_one_more_mw_names_a_site_that_does_not_follow_the_list(tmp_path: Path) -> None:
    """#9: the site named for one more MW (and its value) is the same whatever the
    order of the sites, and the sentence says by which rule it was chosen."""
    found = []
    for first in ("texas", "india"):
        _, inp, _ = assemble_file(write_scenario(tmp_path, _text(first), f"n{first}.yaml"))
        r = solve_inputs(
            inp.replace(objective="npv"), counterfactual=False, mip_gap=0.0, time_limit_s=30
        )
        texts = [e.text.replace("\n", " ") for e in r.binding if _MW.search(e.text)]
        assert texts, [e.text for e in r.binding]
        found.append(texts)
    assert found[0] == found[1]
    assert all(
        re.search(r"where the plan builds|the best of|the first by name|the only", t)
        for t in found[0]
    )


def test_mw_site_words_say_when_the_resolve_budget_cut_the_options(tmp_path: Path) -> None:
    """Review of 022a9f3: when the explanations' re-solves run out after 1 of the
    investor's 2 options, the sentence names the best of the first 1 of 2 (by name),
    not "the best of the investor's 1 options" nor a bare "(at X)" as if it had no other
    option; with both re-solved it is "the best of the investor's 2 options"."""
    from tigris.plan.explain_power import _BEST, _power_site_words

    _, inp, _ = assemble_file(write_scenario(tmp_path, _text("texas"), "w.yaml"))
    site = (inp.sites.index("india-gujarat"), inp.facilities.index("datacenter-gas"))
    cut = _power_site_words(inp, site, _BEST, 1, 2)
    assert cut.startswith("at india-gujarat, the best of the first 1 (by name) of the 2 options")
    assert "no re-solve was left for the others" in cut
    full = _power_site_words(inp, site, _BEST, 2, 2)
    assert full == "at india-gujarat, the best of the investor's 2 options (site and type), " + (
        "re-solved each"
    )

"""A site at its power limit is a fact of the plan, not said to bind (user test s48 #1).

``tigris plan --set data.datacenter_capacity.all.ai_growth_scale=5`` printed "Site
japan power binds in 2031–2035 … To lift it: --set sites.japan.power_limit_mw=MW",
though re-solving with 1,300 or 5,000 MW saved $0 (capital bound). No re-solve tests a
site's power limit, and docs/plan.md says a limit whose re-solve saves nothing is not
said to bind: the sentence says the site is at its limit and how to test it, nothing
more. Tiny problems of tests/test_plan_tiny.py: 300-MW modules, a 700-MW site.
"""

from __future__ import annotations

import pytest

from tests.test_plan_tiny import tiny
from tigris.plan import solve_inputs


def _site_texts(r) -> list[str]:
    return [e.text for e in r.binding if e.kind in ("site_power", "site_modules")]


def test_site_power_at_its_limit_under_capital_is_not_said_to_bind() -> None:
    """$2B buys two modules (600 of 700 MW): the site is at its power limit, and a
    limit of 1,300 MW saves nothing (capital binds)."""
    base = tiny(demand=[0.0, 3.6e6], power_mw=300.0, power_limit_mw=700.0, capital=[2e9])
    r = solve_inputs(base, mip_gap=0.0)
    more = solve_inputs(base.replace(power_limit_mw=base.power_limit_mw * 0 + 1300.0), mip_gap=0.0)
    assert more.objective_usd == pytest.approx(r.objective_usd, abs=1.0)  # saves $0
    (text,) = [e.text for e in r.binding if e.kind == "site_power"]
    assert text.startswith(
        "Site site0 is at its power limit in 2025–2026: new fabs started there take 600 of 700"
    )
    assert "binds" not in text and "To lift it" not in text, text
    assert "Not re-solved, so not said to bind" in text
    assert "--set sites.site0.power_limit_mw=MW" in text


def test_a_full_site_does_not_say_its_power_limit_binds_next() -> None:
    base = tiny(demand=[0.0, 3.6e6], power_mw=300.0, power_limit_mw=700.0, max_modules=2.0)
    r = solve_inputs(base, mip_gap=0.0)
    (full,) = [e.text for e in r.binding if e.kind == "site_modules"]
    assert "binds next" not in full and "raise it with" not in full, full
    assert "power limit (700 MW, sites.site0.power_limit_mw" in full
    for text in _site_texts(r):
        assert "power binds" not in text, text

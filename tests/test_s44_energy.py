"""User test of docs/energy.md and docs/finance.md, 2026-12-05 (stop 43).

#2: a gas cap below one module (``datacenters.gas_mw_per_year_max=0``) forbids on-site
gas, cost the reference $280B and 21.9M H100e, and was never named: a year counted as
at the cap only with some gas built. docs/energy.md defines it: "a year is at the cap
when one more module would not fit under it". Claim: the binding row's saving is the
re-solve's, i.e. the capped plan's objective less the reference's (the reference is
the problem without the cap).
"""

from __future__ import annotations

from typing import Any

from tests.test_s36_gaswhy import _capped, _served


def test_a_cap_that_admits_no_module_is_named_and_its_cost_is_the_re_solves(
    reference_solved: Any,
) -> None:
    capped = _capped(0.0, explain=True)
    rows = [e for e in capped.binding if e.kind == "gas"]
    assert len(rows) == 1, [e.to_dict() for e in capped.binding]
    text = rows[0].text
    assert text.startswith("The gas cap binds: the cap of 0 MW a year")
    assert "admits no on-site gas module (the smallest is 100 MW)" in text
    saving = capped.objective_usd - reference_solved.objective_usd
    more = _served(reference_solved) - _served(capped)
    assert saving > 0 and more > 0
    assert f"by ${saving / 1e9:.0f}B" in text or f"by ${saving / 1e9:.1f}B" in text, text
    assert f"serve {more / 1e6:.1f}M H100e more" in text

"""A site whose power limit is below one module of a kind said "To lift it: --set ..."
as if lifting it would help, with no re-solve behind it (left at stop 47; the dashboard
shows the same sentence). It now says how to allow such a module and that whether it
would then be built is for that what-if, as the site-power sentence does since s48."""

from __future__ import annotations

from tests.test_s41_site_power_kind import _scenario, _solve


def test_the_too_big_sentence_claims_no_benefit(tmp_path) -> None:
    plan = _solve(_scenario(tmp_path, 150.0))
    [text] = [e.text for e in plan.binding if e.kind == "site_power"]
    assert "below one HBM (300 MW) module, so none can be built there" in text
    assert "To lift it" not in text
    assert "To allow one: --set sites.taiwan.power_limit_mw=MW" in text
    assert "not re-solved here" in text

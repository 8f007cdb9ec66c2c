"""The report says what money its cash flows and shadow prices are in (stop 64).

All of a plan's money is constant US dollars of the scenario's ``currency_year``
(docs/finance.md, "Cash flows"): a module's capex spread over two years sums to its
price, not inflated. The report called the flows and the shadow prices "money of that
year", which reads as each year's nominal dollars; the exports' units said the same
until the store review of this stop.
"""

from __future__ import annotations


def test_the_report_calls_the_flows_and_shadow_prices_real_currency_year_dollars(
    html_text: str,
) -> None:
    assert "money of that year" not in html_text
    assert "money of their year" not in html_text
    assert "USD of the currency year (real), undiscounted" in html_text  # the flows' hovers
    shadow = "worth to the objective, in USD of the scenario&#x27;s currency year (undiscounted)"
    assert shadow in html_text  # the shadow prices' caption

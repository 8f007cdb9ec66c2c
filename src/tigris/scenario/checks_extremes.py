"""Warnings on extreme but legal finance inputs (user test 2026-12-04, UT-MONEY #9).

Part of the warnings of :mod:`tigris.scenario.advice` (``warning: file:line: field:
message``, the scenario still planned): a value the schema accepts but that very
likely does not say what its author meant, or makes the headline read oddly:

- a facility's ``subsidy_share`` of 1 (:data:`SUBSIDY_SHARE_WARN`): the facility is
  paid for entirely by others, so the investor's capital spent on it is $0, its IRR
  is undefined (no negative flow) and the headline's "no payback within the cash
  flows" reads as a failure although the cumulative flow is never negative;
- a ``discount_rate`` of 0.5 or more (:data:`DISCOUNT_RATE_WARN`);
- a site's ``corporate_tax_rate`` of 0.6 or more (:data:`TAX_RATE_WARN`).

The thresholds are data (data/finance_warnings.csv, each with its source), read by
:func:`threshold`. Each check returns ``(location, message)`` pairs, as the checks do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tigris.data import load_rows
from tigris.fmt import share

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = [
    "DISCOUNT_RATE_WARN",
    "SUBSIDY_SHARE_WARN",
    "TAX_RATE_WARN",
    "extreme_discount_rate",
    "extreme_tax_rates",
    "full_subsidies",
    "threshold",
]

#: The table of the thresholds, each row with its reason and source (``parameter``,
#: ``value``, ``unit``, ``source``, ``as_of``): ``subsidy_share`` [-], ``discount_rate``
#: [1/year], ``corporate_tax_rate`` [-] and ``highest_statutory_corporate_tax_rate`` [-]
#: (the one the tax warning quotes).
TABLE = "finance_warnings"


def threshold(parameter: str) -> float:
    """A threshold of data/finance_warnings.csv (its ``value``) [the row's ``unit``].

    Examples
    --------
    >>> threshold("discount_rate")
    0.5
    """
    rows = [r for r in load_rows(TABLE) if r["parameter"] == parameter]
    if len(rows) != 1:
        msg = f"data/{TABLE}.csv: expected one row '{parameter}', found {len(rows)}"
        raise KeyError(msg)
    return float(rows[0]["value"])


#: A facility's ``subsidy_share`` from which a warning is written [-] (data/
#: finance_warnings.csv: 1, the whole capex paid by others).
SUBSIDY_SHARE_WARN = threshold("subsidy_share")
#: ``discount_rate`` from which a warning is written [1/year] (data/finance_warnings.csv:
#: a venture capitalist's target on a start-up, Damodaran 2009).
DISCOUNT_RATE_WARN = threshold("discount_rate")
#: A site's ``corporate_tax_rate`` from which a warning is written [-] (data/
#: finance_warnings.csv: above every national statutory rate, Tax Foundation 2023).
TAX_RATE_WARN = threshold("corporate_tax_rate")


def full_subsidies(parts: Parts) -> Found:
    """Facilities whose ``subsidy_share`` is :data:`SUBSIDY_SHARE_WARN` or more."""
    out: Found = []
    for i, f in parts.facilities:
        s = f.subsidy_share
        if s is None or s < SUBSIDY_SHARE_WARN:
            continue
        msg = (
            f"{share(s, 0)} of this facility's capex is paid by others: the investor "
            "spends no capital on it; where such builds are all the investor makes, its "
            "flows have no outlay, so the IRR is undefined and 'no payback within the "
            "cash flows' means there was nothing to pay back, not a loss (read the NPV); "
            "if a partial subsidy was meant, give a share below 1 (0.3 for 30%)"
        )
        out.append((("facilities", i, "subsidy_share"), msg))
    return out


def extreme_discount_rate(parts: Parts) -> Found:
    """A ``discount_rate`` of :data:`DISCOUNT_RATE_WARN` or more."""
    sc = parts.scenario
    if sc is None or sc.discount_rate < DISCOUNT_RATE_WARN:
        return []
    r = sc.discount_rate
    msg = (
        f"{share(r, 0)} a year discounts a flow ten years out to "
        f"{share((1 + r) ** -10, 1)} of its value: a rate of {share(DISCOUNT_RATE_WARN, 0)} "
        "or more is a venture capitalist's target on a start-up, not the cost of "
        "capital of fabs or data centres; the plan and its NPV "
        "then weigh almost nothing past the first years"
    )
    return [(("discount_rate",), msg)]


def extreme_tax_rates(parts: Parts) -> Found:
    """Sites whose ``corporate_tax_rate`` is :data:`TAX_RATE_WARN` or more."""
    out: Found = []
    highest = threshold("highest_statutory_corporate_tax_rate")
    for i, s in parts.sites:
        t = s.corporate_tax_rate
        if t is None or t < TAX_RATE_WARN:
            continue
        msg = (
            f"a corporate tax rate of {share(t, 0)} at {s.name} is above every national "
            f"statutory rate (the highest, {share(highest, 0)}; Tax Foundation 2023): the "
            f"investor keeps {share(1 - t, 0)} of its taxable profit there"
        )
        out.append((("sites", i, "corporate_tax_rate"), msg))
    return out

"""What the numbers of a risk run are called, for people (``tigris risk``'s summary and
the risk report share them). Imports nothing at import time."""

from __future__ import annotations

from typing import Any

__all__ = [
    "DISRUPTION_DELTAS",
    "DISRUPTION_PLANS",
    "DISRUPTION_ROWS",
    "MONEY_TOL_USD",
    "STOCHASTIC_OBJECTIVE",
    "STOCHASTIC_ROWS",
    "ZERO_IN_LAST_YEAR",
    "delta_plan",
    "disruption_caption",
    "in_sample_note",
    "sampled_futures",
    "unit_of",
    "without_noise",
]

#: Yearly outputs not shown for the horizon's last year, in the summary and the report:
#: ``capex_usd`` (the capex spent in a year) is 0 there in every plan by construction, as
#: a module whose spending falls in the last year comes online after it and serves
#: nothing in the horizon (user test 2026-12-04, UT-MONEY #5; the report kept the row
#: until user test s49 #12). The capital spent over the horizon (``capital_spent_usd``)
#: is shown instead; the JSON keeps every year.
ZERO_IN_LAST_YEAR = frozenset({"capex_usd"})

#: The rows of a disruption's table: headline number -> (words, unit), for each plan.
DISRUPTION_ROWS: dict[str, tuple[str, str]] = {
    "cost_usd": ("discounted cost", "USD"),
    "objective_usd": ("objective", "USD"),
    "npv_usd": ("investor NPV", "USD"),
    "capex_committed_usd": ("capex committed", "USD"),
    "served_h100e": ("compute served", "H100e"),
    "unmet_h100e": ("compute unmet", "H100e"),
    "unmet_share": ("unmet share", "-"),
    "in_service_h100e_years": ("H100e-years in service", "H100e-years"),
}
#: The three plans of a disruption (:class:`tigris.risk.disruptions.DisruptionResult`).
DISRUPTION_PLANS: dict[str, str] = {
    "base": "as made",
    "fixed": "builds fixed",
    "reoptimised": "re-optimised",
}
#: A disruption's differences between its plans, in words: compute lost first, then the
#: objective's change, named for what it is (mostly the unmet-demand penalty, not money
#: spent), beside the change of real cost (user test UT-POLICY, 2026-12-04, #3).
DISRUPTION_DELTAS: dict[str, str] = {
    "fixed_lost_delivered_h100e": "deliveries lost, builds fixed",
    "fixed_lost_delivered_share": "deliveries lost %, builds fixed",
    "reoptimised_lost_delivered_h100e": "deliveries lost, re-optimised",
    "reoptimised_lost_delivered_share": "deliveries lost %, re-optimised",
    "fixed_lost_in_service_h100e_years": "H100e-years lost, builds fixed",
    "reoptimised_lost_in_service_h100e_years": "H100e-years lost, re-optimised",
    "fixed_loss_usd": "objective loss, builds fixed",
    "reoptimised_loss_usd": "objective loss, re-optimised",
    "replanning_saves_usd": "objective re-planning saves",
    "fixed_cost_change_usd": "real cost change, builds fixed",
    "reoptimised_cost_change_usd": "real cost change, re-optimised",
    "fixed_extra_unmet_h100e": "extra unmet, builds fixed",
    "reoptimised_extra_unmet_h100e": "extra unmet, re-optimised",
    "funding_gap_usd": "funding gap, builds fixed",
    "reoptimised_funding_gap_usd": "funding gap, re-optimised",
}


def delta_plan(key: str) -> str:
    """The plan of :data:`DISRUPTION_PLANS` a difference of :data:`DISRUPTION_DELTAS`
    belongs to, the column it is printed under: ``"fixed"`` for the builds-fixed plan's
    (its compute and money lost, its funding gap), ``"reoptimised"`` for the re-optimised
    plan's and for what re-planning saves against the builds fixed (user test s49 #1:
    every difference printed under "re-optimised").

    Parameters
    ----------
    key : str
        A difference's name, a key of :data:`DISRUPTION_DELTAS` (``fixed_loss_usd``).

    Returns
    -------
    str
        ``"fixed"`` or ``"reoptimised"``.

    Examples
    --------
    >>> delta_plan("fixed_loss_usd"), delta_plan("funding_gap_usd")
    ('fixed', 'fixed')
    >>> delta_plan("reoptimised_funding_gap_usd"), delta_plan("replanning_saves_usd")
    ('reoptimised', 'reoptimised')
    """
    if key.startswith("fixed_") or key == "funding_gap_usd":
        return "fixed"
    return "reoptimised"


def disruption_caption(event_years: list[int], objective: str | None = "serve") -> str:
    """What the differences under a disruption's table are (the text's caption and the
    report's).

    Parameters
    ----------
    event_years : list of int
        The horizon's years the event acts in [year].
    objective : {"serve", "npv"} or None, optional
        The plans' objective: under ``npv`` an objective loss is the investor's NPV lost
        (money), else the penalty-valued objective made worse (user test s49 #2).

    Returns
    -------
    str
        The caption: the columns' meaning, the event's years and what an objective loss is.

    Examples
    --------
    >>> disruption_caption([2028, 2029]).split(",")[0]
    "deliveries lost: in the event's years (2028–2029)"
    >>> "the investor's NPV lost" in disruption_caption([2028], "npv")
    True
    """
    span = (
        "none in the horizon"
        if not event_years
        else str(event_years[0])
        if len(event_years) == 1
        else f"{event_years[0]}–{event_years[-1]}"
    )
    loss = (
        "the investor's NPV lost (its discounted net cash flow with salvage, the "
        "objective of --objective npv), money, no penalty;"
        if objective == "npv"
        else "the objective made worse, penalty-valued (mostly unmet demand priced at its "
        "rent times its priority, discounted), not money spent;"
    )
    return (
        f"deliveries lost: in the event's years ({span}), against the plan as made, and "
        "their share of its deliveries then; H100e-years: compute in service, summed over "
        f"the horizon; objective loss: {loss} real cost: discounted capex, opex and "
        "variable cost, no penalty; extra unmet: all years"
    )


#: The numbers of a stochastic plan (:class:`tigris.risk.stochastic.StochasticResult`).
#: Its costs are the ``serve`` objective, cost plus the unmet-demand penalty, so they
#: say "objective" (user test 2026-12-03 fourth, #20): a plan's "cost" leaves the penalty
#: out. Through ``tigris risk`` the mean-value plan is the scenario's own (as made), so
#: VSS is the value over that plan, not over one made at the inputs' means (Birge &
#: Louveaux's VSS) when the scenario's values are modes (a statistician's review of
#: 2026-12-07: on a small case 7.6 times the value over the plan at the means).
STOCHASTIC_ROWS: dict[str, str] = {
    "expected_cost_usd": "robust plan: expected objective (RP)",
    "eev_usd": "plan as made, held in every future: expected objective (EEV)",
    "ws_usd": "perfect information: expected objective (WS)",
    "vss_usd": "value over the plan as made (VSS = EEV - RP)",
    "evpi_usd": "value of perfect information (EVPI = RP - WS)",
    "worst_decile_unmet_share": "unmet share, worst 10 % of futures",
}
#: Amounts of money smaller than this are solver noise and print as $0 [USD]: the
#: planner counts money in millions of USD (``tigris.plan.model.MONEY_SCALE``) and HiGHS
#: holds integer solutions to its ``mip_feasibility_tolerance``, 1e-6 of a unit (HiGHS's
#: default, which tigris keeps), i.e. $1; a capex quantile of $0.0000014 is no capex
#: (user test 2026-12-03, fourth session, #12).
MONEY_TOL_USD = 1.0


def without_noise(usd: float) -> float:
    """``usd``, or 0.0 when its size is below :data:`MONEY_TOL_USD` [USD].

    Parameters
    ----------
    usd : float
        An amount of money [USD].

    Returns
    -------
    float
        ``usd``, or 0.0 when smaller in size than the tolerance [USD].

    Examples
    --------
    >>> without_noise(1.4e-6), without_noise(-6.9e-5), without_noise(2.5)
    (0.0, 0.0, 2.5)
    """
    return 0.0 if abs(usd) < MONEY_TOL_USD else usd


#: What the stochastic plan's "objective" is, under its table.
STOCHASTIC_OBJECTIVE = (
    "objective: cost + unmet-demand penalty, discounted (docs/plan.md, Objective); "
    "a plan's 'cost' leaves the penalty out"
)


def in_sample_note(futures: int, events: int = 0) -> str:
    """What a robust plan's measures rest on: the ``futures`` it was made for, no others.

    RP, EEV, WS, VSS and EVPI are sample averages over the same futures the stochastic
    program optimises over (sample average approximation), so RP is biased low for the
    true expected objective and the robust builds are a plan for those futures only
    (Shapiro, Dentcheva & Ruszczyński, *Lectures on Stochastic Programming*, 2nd ed.,
    2014, §5.1: the SAA optimum's downward bias; Mak, Morton & Wood 1999).

    Parameters
    ----------
    futures : int
        The sampled futures of the stochastic program [-].
    events : int, optional
        Its futures given as ``--disruption`` events, not drawn [-]: the plan was made
        for them too, so they are named beside the sampled ones (review of 2026-12-08:
        "the 2 futures the robust plan was made for, no others" of a plan made for two
        sampled futures and a disruption's).

    Returns
    -------
    str
        One clause for the table's caption.

    Examples
    --------
    >>> in_sample_note(3)[:40]
    'measured on the 3 futures the robust pla'
    >>> in_sample_note(2, events=1)[:72]
    'measured on the 2 sampled futures and 1 disruption future the robust pla'
    """
    n, k = int(futures), int(events)
    which = f"{n} future{'' if n == 1 else 's'}"
    if k:
        which = f"{n} sampled future{'' if n == 1 else 's'} and {k} disruption future" + (
            "" if k == 1 else "s"
        )
    return (
        f"measured on the {which} the robust plan was made for, "
        "no others (in sample: RP is optimistic, its builds are a plan for these futures "
        "only, and another --seed moves every number; docs/risk.md, 'Robust plan "
        "(two-stage stochastic program)')"
    )


def sampled_futures(scenarios: Any) -> int:
    """How many of a stochastic plan's futures were drawn (named ``future-N``,
    :data:`tigris.risk.stochastic.FUTURE_PREFIX`), not given as disruptions.

    Parameters
    ----------
    scenarios : sequence of dict
        The JSON's ``stochastic.scenarios`` rows (each with ``scenario``).

    Returns
    -------
    int
        The drawn futures [-].

    Examples
    --------
    >>> sampled_futures([{"scenario": "future-0"}, {"scenario": "euv-cut"}])
    1
    """
    from tigris.risk.stochastic import FUTURE_PREFIX

    return sum(str(r.get("scenario", "")).startswith(FUTURE_PREFIX) for r in scenarios)


def unit_of(key: str) -> str:
    """The unit a number's name carries.

    Parameters
    ----------
    key : str
        A number's name (``vss_usd``).

    Returns
    -------
    str
        ``USD``, ``H100e``, ``H100e-years``, ``-`` (a share) or ``MW`` by the name's
        suffix; empty for any other name.

    Examples
    --------
    >>> unit_of("vss_usd"), unit_of("fixed_extra_unmet_h100e"), unit_of("unmet_share")
    ('USD', 'H100e', '-')
    >>> unit_of("fixed_lost_in_service_h100e_years")
    'H100e-years'
    """
    suffixes = (
        ("_usd", "USD"),
        ("_h100e", "H100e"),
        # compute in service times years: not a count of H100e (user test UT-POLICY #5)
        ("_h100e_years", "H100e-years"),
        ("_share", "-"),
        ("_mw", "MW"),
    )
    for suffix, unit in suffixes:
        if key.endswith(suffix):
            return unit
    return ""

"""The report's lead: cost, NPV, IRR, capital spent and H100e added (:func:`key_rows`),
what the investor adds, what the plan does, its headline numbers, then the objective.

What the investor adds is read from the result's ``added`` and ``baseline`` sections
(``PlanResult.to_dict()``: the same plan solved without the investor), never computed
here; a run saved without them says so.

The words are the planner's own (:meth:`tigris.plan.PlanResult.headline`: builds,
capital spent, compute served and added, what stays short, then the objective split
into real cost and notional penalty), so the report and ``tigris plan`` say the same
thing. The objective comes last and is named as such (``serve``: cost plus a notional
penalty on unmet demand, minimised; ``npv``: the investor's NPV, maximised): with a
large unmet-demand penalty it is mostly a price on shortfall, not money spent.
"""

from __future__ import annotations

import math
from typing import Any

from tigris.plan.inputs import INVESTOR
from tigris.plan.result import WORLD
from tigris.plan.summary import (
    NEVER_NEGATIVE,
    RATE_STEP,
    cumulative_never_negative,
    going_concern_undefined,
    has_salvage,
    nominal_irr,
    payback_words,
    rate_words,
    same_npv_none_steady,
    terminal_name,
)
from tigris.report.figures import USD_PER_BILLION
from tigris.report.result import ReportTables

#: Compute re-timed or served fewer below this is none (tigris.plan.summary's
#: tolerance on an unmet shortfall) [H100e].
H100E_TOL = 1.0

__all__ = [
    "NOT_WITHIN",
    "NO_COMPARISON",
    "NO_SHORTAGE",
    "OBJECTIVE_TERMS",
    "OBJECTIVE_WORD",
    "Quantity",
    "discount_phrase",
    "going_concern",
    "has_plan",
    "headline_sentences",
    "in_service_sentence",
    "investor_rows",
    "investor_sentences",
    "key_rows",
    "key_sentence",
    "nominal_given",
    "number_text",
    "objective_rows",
    "quantity",
    "summary_rows",
    "terminal_phrase",
]

#: Compute units in one million (unit conversion) [H100e].
MILLION = 1e6
#: Percent in one (unit conversion) [%].
PERCENT = 100.0
#: Tonnes in a megatonne: emissions are shown in Mt CO2, as the energy table and the
#: planner's sentences write them (unit conversion) [t/Mt].
T_PER_MT = 1e6
#: One percent as a fraction: the scale of a percentage shown of a fraction [-].
FRACTION = 1 / PERCENT
#: The objective's terms (``PlanResult.objective_terms_usd``) as the report names them:
#: ``serve``'s (a run saved before issue 11 has capex, opex and the penalty only) and
#: ``npv``'s.
OBJECTIVE_TERMS = {
    "capex": "of which capex, net of subsidies (discounted)",
    "salvage": "of which salvage value at the horizon's end (a credit; discounted)",
    # the term carries each data centre's energy premium over the pool's price, negative
    # where its own power is cheaper (plan/assemble_energy.py, docs/plan-result.md; a
    # review of 2026-12-07: the reference's $0.53B read as the investor's opex, $4.95B
    # before its gas modules' premium)
    "opex": "of which fixed opex and energy premium (discounted)",
    "variable_cost": "of which variable cost of every wafer and data-centre MW-month used "
    "(discounted)",
    "unmet_penalty": "of which unmet-demand penalty (a price on shortfall, not spent)",
    "margin": "of which margin on wafers and data-centre MW-months sold: price - variable "
    "cost (discounted)",
    "tax": "of which tax (discounted)",
}
#: How the planner's sentence on the objective begins (``PlanResult.headline``).
OBJECTIVE_WORD = "Objective"
#: Row name of the objective itself, by objective (``PlanResult.objective``).
OBJECTIVE_ROWS = {
    "serve": "objective (serve: cost + unmet penalty), minimised",
    "npv": "objective (npv: investor NPV), maximised",
}
#: The key row of the NPV's salvage part (user test 6 #11).
SALVAGE_ROW = "of which salvage at book value (discounted)"
#: The objective's ``salvage`` term when the modules are valued at the horizon's end as
#: a going concern (``finance.terminal_value: going_concern``): not a salvage at book
#: value (user test s47 #2).
GOING_CONCERN_TERM = (
    "of which terminal value at the horizon's end, the modules as a going concern (a "
    "credit; discounted)"
)
#: The NPV's terminal part in "the NPV without ..." rows, by whether it is a going
#: concern (True) or the salvage at book value (False).
TERMINAL_SHORT = {True: "the terminal value (going concern)", False: "salvage at book value"}
#: Row name of the real (not notional) part of the ``serve`` objective.
REAL_COST_ROW = "cost: capex - salvage + opex + variable cost (discounted)"
#: The same row when the terminal value is a going concern (:data:`GOING_CONCERN_TERM`).
REAL_COST_ROW_GOING = "cost: capex - terminal value + opex + variable cost (discounted)"
#: What the report says of a shortage that outlasts the plan (as ``tigris plan``), and
#: of one that never starts (the planner's ``shortage_ends`` is then the first year).
NOT_WITHIN = "not within the horizon"
NO_SHORTAGE = "no year is short"
#: What the report says of a run without the world-without-the-investor comparison.
NO_COMPARISON = (
    "This run has no comparison with the world without the investor (it was saved "
    "before tigris solved one), so what the investor adds is not known; the rest of "
    "the report is as saved."
)


class Quantity(str):
    """A number as shown (``"357"``) that keeps the exact value behind it in
    :attr:`value`, in the plan's own unit (USD, H100e, t CO2, MW, TWh; a share as a
    fraction), for the HTML cell's ``data-value``; a plain ``str`` everywhere else.

    Examples
    --------
    >>> q = Quantity("3.57", 3.5712e9)
    >>> q, q.value
    ('3.57', 3571200000.0)
    >>> import pickle
    >>> pickle.loads(pickle.dumps(q)).value  # a copy keeps its value
    3571200000.0
    """

    value: float

    def __new__(cls, text: str, value: float) -> Quantity:
        out = super().__new__(cls, text)
        out.value = float(value)
        return out

    def __getnewargs__(self) -> tuple[str, float]:  # type: ignore[override]
        """The arguments that make it again (pickle, copy), the value included."""
        return (str(self), self.value)


def quantity(x: Any, scale: float = 1.0, digits: int = 3) -> str:
    """``x / scale`` as :func:`number_text` writes it, keeping ``x`` itself (the plan's
    unit) as the :class:`Quantity`'s value; a plain ``"–"`` when ``x`` is missing.

    Parameters
    ----------
    x : float
        The number in the plan's unit (USD, H100e, a fraction) [-].
    scale : float
        The shown unit in the plan's (``1e9`` for billion USD; ``0.01`` for a
        percentage of a fraction) [-].
    digits : int
        Significant digits below 100 (:func:`number_text`).

    Returns
    -------
    str
        A :class:`Quantity` (a ``str`` whose ``value`` is ``x`` in the plan's unit) for a
        finite ``x``; else the plain text of :func:`number_text` (``"–"`` when missing).

    Examples
    --------
    >>> q = quantity(3.5712e9, 1e9)
    >>> q, q.value
    ('3.57', 3571200000.0)
    >>> quantity(float("nan"), 1e9)
    '–'
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        return number_text(x, digits)
    text = number_text(v / scale, digits)
    return Quantity(text, v) if math.isfinite(v) else text


def number_text(x: Any, digits: int = 3) -> str:
    """Format a number for people (``1,234``, ``12.3``, ``0.0123``); ``–`` if missing.

    Parameters
    ----------
    x : float, str or None
        The number; a string is returned as it is, None and non-finite values as ``–``.
    digits : int, optional
        Significant digits of a value below 100 (whole numbers and values from 100 up are
        written without decimals).

    Returns
    -------
    str
        The text (thousands separators from 1,000 up).

    Examples
    --------
    >>> number_text(1234.0), number_text(12.34), number_text(float("nan"))
    ('1,234', '12.3', '–')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if isinstance(x, str):
        return x
    v = float(x)
    if not math.isfinite(v):
        return "–"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def _all_years(r: ReportTables, column: str) -> float:
    """A ``demand`` column summed over the horizon; NaN, not 0, when the column is
    missing throughout (no plan)."""
    return float(r.demand[column].sum(min_count=len(r.demand) or 1))


def has_plan(r: ReportTables) -> bool:
    """Whether the result holds a plan (as ``PlanResult.ok``: optimal or time-limited,
    with an objective).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    bool
        True when the status is ``optimal`` or ``time_limit`` and ``objective_usd`` is
        not None.
    """
    return r.status in ("optimal", "time_limit") and r.objective_usd is not None


def _headline(r: ReportTables) -> dict[str, Any]:
    from tigris.report.result import plan_result

    return dict(plan_result(r).headline())


def investor_sentences(r: ReportTables) -> list[str]:
    """What the investor adds against the world without it, in the planner's words.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of str
        :meth:`tigris.plan.PlanResult.headline`'s ``investor`` sentences (the compute
        added by year and in total, what it costs, when the shortage ends with and
        without the investor; or that it is not known, for a run without the
        comparison), the compute in service (:func:`in_service_sentence`) and the
        investor's own energy and emissions (the planner's ``energy`` sentence,
        :func:`tigris.plan.summary.energy_sentence`); with no plan, none;
        :data:`NO_COMPARISON` if the planner gives none for a plan.
    """
    head = _headline(r)
    said = [str(x) for x in head.get("investor", [])]
    if said or not has_plan(r):
        stock = in_service_sentence(r)
        # the investor's own energy and emissions, apart from the world's (UT-ESG #1)
        energy = head.get("energy")
        extra = [x for x in (stock, energy) if x]
        return [*said, *extra] if said else said
    return [NO_COMPARISON]


def _in_service_last(r: ReportTables) -> tuple[int, float, float] | None:
    """The horizon's last year, the compute in service there because of the investor
    and in the world with it [H100e]; None when the run has no in-service figures
    (:meth:`tigris.plan.PlanResult.sections`' ``in_service_h100e_by_year``)."""
    if r.added is None or r.baseline is None:
        return None
    last = int(r.horizon[1])

    def at(section: dict[str, Any]) -> float:
        by = section.get("in_service_h100e_by_year") or {}
        v = by.get(last, by.get(str(last)))
        return math.nan if v is None else float(v)

    added, base = at(r.added), at(r.baseline)
    if not (math.isfinite(added) and math.isfinite(base)):
        return None
    return last, added, base + added


def in_service_sentence(r: ReportTables) -> str | None:
    """The compute the investor keeps in service in the horizon's last year, and its
    share of the world's, in one sentence; None without the in-service figures.

    ``added.in_service_h100e_by_year`` is a stock (what the investor adds each year,
    in service over each product's life: :mod:`tigris.plan.in_service`), where the
    added H100e of the other sentences are a flow; the world's stock is the baseline's
    plus it.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str or None
        ``In 2035 the investor's plants keep 37.4M H100e in service, 3.5 % of the
        world's 1,064.3M H100e (...)`` [H100e, %].
    """
    got = _in_service_last(r)
    if got is None:
        return None
    last, added, world = got
    if abs(added) <= H100E_TOL:
        return (
            f"In {last} no compute is in service because of the investor (what it adds "
            "each year, over each accelerator's service life)."
        )
    if added < 0:  # the plan serves fewer than the world without it (re-timing)
        return (
            f"In {last} the world has {_compute(-added)} fewer in service with the investor "
            f"than without it, {_compute(world)} in all (each accelerator over its service "
            "life: a stock, where the H100e above are deliveries a year)."
        )
    share = PERCENT * added / world if world > H100E_TOL else math.nan
    of_world = f", {share:.1f} % of the world's {_compute(world)}" if math.isfinite(share) else ""
    return (
        f"In {last} the investor's plants keep {_compute(added)} in service{of_world} "
        "(what it added, each accelerator over its service life: a stock, where the added "
        "H100e above are deliveries a year)."
    )


def _compute(x: float) -> str:
    """Compute for people, as the planner's sentences write it: ``37.4M H100e``,
    ``302,150 H100e`` [H100e]."""
    if abs(x) >= MILLION:
        return f"{x / MILLION:,.1f}M H100e"
    return f"{x:,.0f} H100e"


def investor_rows(r: ReportTables) -> list[tuple[str, str, str]]:
    """What the investor adds: ``(quantity, value, unit)`` rows; empty without the
    comparison.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of tuple
        Compute added, delivered without and with the investor, all years [million
        H100e]; the years the shortage ends with and without it (or
        :data:`NOT_WITHIN`, or :data:`NO_SHORTAGE`); capital the investor spends
        [billion USD] and the capex per added H100e [USD/H100e].
    """
    if r.added is None or r.baseline is None:
        return []
    add, base = r.added, r.baseline
    mh = "million H100e"

    def ends(section: dict) -> str:
        year = section.get("shortage_ends")
        if year is None:
            return NOT_WITHIN
        return NO_SHORTAGE if int(year) == r.horizon[0] else str(int(year))

    # the investor's own compute, and apart what the plan re-times between years and
    # any net shortfall (tigris.plan.summary.split_added, user tests #14, #18)
    own = add.get("new_total_h100e", add["total_h100e"])
    moved = add.get("retimed_h100e", math.nan)
    fewer = add.get("fewer_h100e", math.nan)
    split = []
    if math.isfinite(moved) and moved > H100E_TOL:
        split.append(
            ("re-timed between years (not added), all years", quantity(moved, MILLION), mh)
        )
    if math.isfinite(fewer) and fewer > H100E_TOL:
        split.append(
            ("served fewer than without the investor, all years", quantity(fewer, MILLION), mh)
        )
    return [
        ("added by the investor, all years", quantity(own, MILLION), mh),
        *split,
        (
            "delivered without the investor, all years",
            quantity(base["total_h100e"], MILLION),
            mh,
        ),
        (
            "delivered with the investor, all years",
            quantity(_all_years(r, "served_h100e"), MILLION),
            mh,
        ),
        ("shortage ends, with the investor", ends(add), ""),
        ("shortage ends, without the investor", ends(base), ""),
        (
            "capital spent by the investor",
            quantity(add.get("capital_spent_usd", math.nan), USD_PER_BILLION),
            "billion USD",
        ),
        (
            "capex per added H100e",
            quantity(add.get("capex_usd_per_added_h100e", math.nan)),
            PER_ADDED_UNIT,
        ),
        *_last_year_rows(add, r.horizon[1], own),
    ]


#: The unit of capex per added H100e, saying what the capital covers (usertest_money
#: M10, usertest_claims D3; tigris.plan.summary.PER_ADDED_COVERS).
PER_ADDED_UNIT = "USD net of subsidy per H100e (facilities, not chips)"


def _last_year_rows(add: dict[str, Any], last_year: int, own: float) -> list[tuple[str, str, str]]:
    """The share of the investor's added H100e delivered in the horizon's last year
    (usertest_money M10: capex per added H100e moves with the horizon's end); none
    when nothing is added."""
    by_year = add.get("new_h100e_by_year") or add.get("h100e_by_year") or {}
    last = by_year.get(last_year, by_year.get(str(last_year)))
    if last is None or not (math.isfinite(own) and own > H100E_TOL):
        return []
    return [
        (
            # one line on the PNG page (82 characters, value and unit included)
            f"share of the investor's added H100e arriving in {last_year}, the last year",
            quantity(float(last) / own, FRACTION),
            "%",
        )
    ]


def key_sentence(r: ReportTables) -> str | None:
    """Cost, the investor's NPV, IRR and payback, capital spent and H100e added, in the
    planner's sentence (``PlanResult.headline()["key"]``); None without a plan.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str or None
        The sentence, or None.
    """
    key = _headline(r).get("key")
    return str(key) if key else None


def key_rows(r: ReportTables) -> list[tuple[str, str, str]]:
    """The numbers the report leads with: ``(quantity, value, unit)`` rows.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of tuple
        Cost (discounted real cost, without the unmet penalty) [billion USD], the
        investor's NPV [billion USD] (and, when it holds a salvage at book value, that
        part and the NPV without it), IRR [%] (and without salvage) and payback year,
        capital spent [billion USD], H100e added [million H100e]; then the objective's
        value, named as such. ``–`` where not known (no plan, a run saved before the money).
    """
    n = _headline(r)["numbers"]
    bn = "billion USD"

    def b(x: float) -> str:
        return quantity(x, USD_PER_BILLION)

    irr = n.get("irr", math.nan)
    pay = n.get("payback_year", math.nan)
    fewer = n.get("fewer_h100e", math.nan)  # the plan serves less in total (user test #18)
    fewer_row = (
        [
            (
                "H100e fewer served than without the investor",
                quantity(fewer, MILLION),
                "million H100e",
            )
        ]
        if math.isfinite(fewer) and fewer > H100E_TOL
        else []
    )
    # the NPV's salvage part, when it has one (user test 6 #11: a positive NPV that is
    # all book value at the horizon's end; tigris.plan.summary.salvage_split)
    part = n.get("npv_salvage_usd", math.nan)
    salvage, irr_without = [], []
    # the IRR is of real cash flows: said so beside a nominal rate, with its nominal
    # equivalent, as the command line's Money line (user test s49 e&f #3)
    as_nominal = nominal_irr(irr, n)
    given = n.get("discount_rate_nominal", math.nan)
    real = " (real)" if given is not None and math.isfinite(given) else ""
    irr_nominal = (
        [
            (
                "the investor's IRR as a nominal rate (at the rate's own inflation)",
                quantity(as_nominal, FRACTION),
                "%",
            )
        ]
        if math.isfinite(as_nominal)
        else []
    )
    if has_salvage(n):  # as the key sentence: a salvage PV of more than $0.50
        without = TERMINAL_SHORT[n.get("terminal_going_concern") == 1.0]
        salvage = [
            (f"of which {terminal_name(n)} (discounted)", b(part), bn),
            (f"the investor's NPV without {without}", b(n["npv_without_salvage_usd"]), bn),
        ]
        irr_without = [
            (
                f"the investor's IRR without {without}{real}",
                quantity(n.get("irr_without_salvage", math.nan), FRACTION),
                "%",
            )
        ]
    name = OBJECTIVE_ROWS.get(r.objective, f"objective ({r.objective})")
    from tigris.report.result import plan_result

    if math.isfinite(pay):
        pay_text = payback_words(pay, r.horizon[1], n.get("terminal_going_concern") == 1.0)
    elif cumulative_never_negative(plan_result(r)):  # usertest_money M9
        pay_text = NEVER_NEGATIVE
    else:
        pay_text = "not within the cash flows"
    return [
        ("cost (discounted, without the unmet penalty)", b(n.get("cost_usd", math.nan)), bn),
        ("the investor's NPV", b(n.get("npv_usd", math.nan)), bn),
        *salvage,
        *_discount_rows(n),
        *_terminal_rows(n, r),
        (f"the investor's IRR{real}", quantity(irr, FRACTION), "%"),
        *irr_nominal,
        *irr_without,
        (
            "the investor's payback year",
            pay_text,
            "",
        )
        if math.isfinite(n.get("npv_usd", math.nan))
        else ("the investor's payback year", "–", ""),
        ("capital spent by the investor", b(n.get("capital_spent_usd", math.nan)), bn),
        (
            "H100e added by the investor",
            quantity(n.get("investor_new_h100e", n["added_h100e"]), MILLION),
            "million H100e",
        ),
        *fewer_row,
        (name, b(r.objective_usd if r.objective_usd is not None else math.nan), bn),
    ]


def _discount_rows(n: dict[str, float]) -> list[tuple[str, str, str]]:
    """How the NPV is discounted, and the same cash flows at the rate minus and plus
    :data:`tigris.plan.summary.RATE_STEP` (usertest_money M4, M6): ``(quantity, value,
    unit)`` rows, each left out when the result does not record it."""
    rows: list[tuple[str, str, str]] = []
    rate = n.get("discount_rate", math.nan)
    if not math.isfinite(rate):
        return rows
    nominal = n.get("discount_rate_nominal", math.nan)
    if nominal is not None and math.isfinite(nominal):  # finance.discount_rate_basis
        rows.append(("discount rate as given (nominal)", quantity(nominal, FRACTION), "% a year"))
    rows.append(("discount rate (real)", quantity(rate, FRACTION), "% a year"))
    cy, base = n.get("currency_year", math.nan), n.get("discount_base_year", math.nan)
    if math.isfinite(cy):
        rows.append(("money in USD of", str(int(cy)), ""))
    if math.isfinite(base):
        rows.append(("discounted to", str(int(base)), ""))
    step = round(PERCENT * RATE_STEP)
    for key, r2 in (
        ("npv_at_rate_minus_2pt_usd", rate - RATE_STEP),
        ("npv_at_rate_plus_2pt_usd", rate + RATE_STEP),
    ):
        v = n.get(key, math.nan)
        if math.isfinite(v):
            rows.append(
                (
                    f"the investor's NPV at {number_text(PERCENT * r2)} % (the rate "
                    f"{'-' if r2 < rate else '+'}{step} points; the same cash flows, not "
                    "re-solved)",
                    quantity(v, USD_PER_BILLION),
                    "billion USD",
                )
            )
    return rows


def _terminal_rows(
    n: dict[str, float], r: ReportTables | None = None
) -> list[tuple[str, str, str]]:
    """The terminal-value convention of the NPV and the NPV under the other one, the
    same cash flows, not re-solved (``finance.terminal_value``;
    :func:`tigris.plan.summary.terminal_sensitivity`); none when the run does not say.
    When the other NPV is the plan's because none of the investor's modules is at its
    steady state in the last year (:func:`tigris.plan.summary.none_steady`), its note
    says so, as the headline's sentence does (user test s50 API #3)."""
    going = n.get("terminal_going_concern", math.nan)
    alt = n.get("npv_other_terminal_usd", math.nan)
    if going is None or not math.isfinite(going):
        return []
    now, other = (
        ("going concern", "book value") if going == 1.0 else ("book value", "going concern")
    )
    rows = [("modules valued at the horizon's end at", now, "finance.terminal_value")]
    undefined = going_concern_undefined(n)  # a zero rate (user test s49 #9)
    if undefined:
        rows.append(
            (
                "the investor's NPV with the modules as a going concern (the same cash "
                "flows, not re-solved)",
                "undefined at a 0 % rate",
                "a perpetuity NOPAT x (1 + r) / r has no value at r = 0",
            )
        )
    elif alt is not None and math.isfinite(alt):
        unit = "billion USD"
        from tigris.report.result import plan_result

        if r is not None and same_npv_none_steady(n, plan_result(r)):
            unit += (
                f"; the same NPV: none of the investor's modules is at its steady state "
                f"(full output) in {int(r.horizon[1])}, so each keeps its book value "
                "either way"
            )
        rows.append(
            (
                f"the investor's NPV with the modules at {other} (the same cash flows, not "
                "re-solved)",
                quantity(alt, USD_PER_BILLION),
                unit,
            )
        )
    return rows


def going_concern(r: ReportTables) -> bool:
    """Whether the plan's NPV values its modules at the horizon's end as a going concern
    (``finance.terminal_value: going_concern``); False for book value and for a run saved
    before the option (book value then).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    bool
        True for a going-concern terminal value.
    """
    return _headline(r)["numbers"].get("terminal_going_concern") == 1.0


def terminal_phrase(r: ReportTables) -> str:
    """``"salvage at book value"`` or ``"terminal value as a going concern"``: what the
    cash flows' row after the horizon holds (:func:`tigris.plan.summary.terminal_name`),
    for the money section's captions.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The phrase, by the run's ``terminal_going_concern`` headline number.
    """
    from tigris.plan.summary import terminal_name

    return terminal_name(_headline(r)["numbers"])


def nominal_given(r: ReportTables) -> bool:
    """Whether the scenario gave a nominal discount rate
    (``finance.discount_rate_basis: nominal``): the NPVs are then at its real
    equivalent and an IRR is a real rate beside it.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    bool
    """
    given = _headline(r)["numbers"].get("discount_rate_nominal", math.nan)
    return given is not None and math.isfinite(given)


def discount_phrase(r: ReportTables) -> str:
    """``"at 5.52% real, in USD of 2024, discounted to 2026"``: how the report's NPVs
    are discounted (usertest_money M4), for the money section's note; ``"at the
    scenario's rate to its base year"`` when the result does not record the rate.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The phrase (rate, money basis and base year as the result records them).
    """
    words = rate_words(_headline(r)["numbers"]).strip()
    return words or "at the scenario's rate to its base year"


def headline_sentences(r: ReportTables) -> list[str]:
    """What the plan does, in the planner's sentences (builds, money, compute), and the
    objective last; what the investor adds is apart (:func:`investor_sentences`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of str
        :meth:`tigris.plan.PlanResult.headline`'s ``sentences`` but the ``key`` one
        (:func:`key_sentence`); the last one is the objective's (for an infeasible
        plan, one sentence saying there is no plan).
    """
    head = _headline(r)
    apart = {str(x) for x in head.get("investor", [])} | {str(head.get("key"))}
    # what capex per added H100e covers is said beside it (investor_rows)
    apart |= {str(head.get("per_added_note"))}
    return [str(x) for x in head["sentences"] if str(x) not in apart]


def summary_rows(r: ReportTables) -> list[tuple[str, str, str]]:
    """Headline numbers of what the plan does: ``(quantity, value, unit)`` rows.

    Capex is split by who pays: investors (the sources of the ``capital`` table, whose
    offers bound it) and everyone else (subsidies), so that capex can be read against
    the capital offered. The objective is apart, in :func:`objective_rows`.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of tuple
        Demand, served and unmet compute summed over the horizon [million H100e], unmet
        share [%], capex paid by investors, by subsidies and in total, capital offered by
        investors, all summed over the horizon [billion USD], number of builds, the power
        of fabs and the facility power the compute fleet needs against the data-centre
        capacity online in the last year [MW], the fleet's energy [TWh] and the
        emissions [t CO2] that year (world totals; "–" when not computed). With
        incumbents that respond (several owners), the investor's capex, subsidies and
        capital apart from what the incumbents pay from, are given for, and hold of,
        their own capital and sites.

    Examples
    --------
    >>> import pandas as pd
    >>> from tigris.report.result import TABLE_COLUMNS, report_tables
    >>> t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    >>> t["capex"] = pd.DataFrame({"year": [2026, 2026], "source": ["fund", "subsidy"],
    ...     "capex_usd": [3e9, 1e9]})
    >>> t["capital"] = pd.DataFrame({"year": [2026], "source": ["fund"],
    ...     "available_usd": [5e9]})
    >>> rows = summary_rows(report_tables({**t, "horizon": (2026, 2026)}))
    >>> [v for q, v, u in rows if q.startswith(("capex", "capital"))]
    ['3', '1', '4', '5']
    """
    num = number_text
    demand = float(r.demand["demand_h100e"].sum())
    # No plan (infeasible): served and unmet are missing, not zero; show them as "–".
    served = _all_years(r, "served_h100e")
    unmet = _all_years(r, "unmet_h100e")
    share = unmet / demand if demand > 0 else math.nan
    power = r.power[r.power["region"] == WORLD] if len(r.power) else r.power
    last = power[power["year"] == power["year"].max()] if len(power) else power

    def last_year(col: str) -> float:  # NaN, not 0, when not computed (an older run)
        return float(last[col].sum(min_count=1)) if len(last) else math.nan

    investors = set(r.capital["source"])
    by_investor = r.capex["source"].isin(investors)
    drawn = float(r.capex.loc[by_investor, "capex_usd"].sum())
    subsidies = float(r.capex.loc[~by_investor, "capex_usd"].sum())
    bn = "billion USD"
    offered = float(r.capital["available_usd"].sum())
    money = [
        ("capex paid by investors, all years", quantity(drawn, USD_PER_BILLION), bn),
        ("capex paid by subsidies, all years", quantity(subsidies, USD_PER_BILLION), bn),
        ("capex in total, all years", quantity(drawn + subsidies, USD_PER_BILLION), bn),
        ("capital offered by investors, all years", quantity(offered, USD_PER_BILLION), bn),
    ]
    if len(r.owners) > 1 and "owner" in r.capital.columns and "owner" in r.capex.columns:
        # incumbents that respond pay from their own capital: the investor's money apart
        theirs = set(r.capital.loc[r.capital["owner"] != INVESTOR, "source"])
        paid = r.capex.loc[by_investor & r.capex["source"].isin(theirs), "capex_usd"]
        own = r.capital.loc[r.capital["source"].isin(theirs), "available_usd"]
        money[0:1] = [
            (
                "capex paid by the investor, all years",
                quantity(drawn - paid.sum(), USD_PER_BILLION),
                bn,
            ),
            (
                "capex paid by incumbents, own capital, all years",
                quantity(paid.sum(), USD_PER_BILLION),
                bn,
            ),
        ]
        # a subsidy pays for its site's owner's builds (capex table's rows per owner)
        to_investor = r.capex.loc[~by_investor & (r.capex["owner"] == INVESTOR), "capex_usd"]
        money[2:3] = [
            (
                "capex paid by subsidies, the investor's sites, all years",
                quantity(to_investor.sum(), USD_PER_BILLION),
                bn,
            ),
            (
                "capex paid by subsidies, other owners' sites, all years",
                quantity(subsidies - to_investor.sum(), USD_PER_BILLION),
                bn,
            ),
        ]
        money[-1:] = [
            (
                "capital offered by the investor, all years",
                quantity(offered - own.sum(), USD_PER_BILLION),
                bn,
            ),
            (
                "capital of incumbents that respond, all years",
                quantity(own.sum(), USD_PER_BILLION),
                bn,
            ),
        ]
    builds, modules = float(len(r.builds)), float(r.builds["modules"].sum())
    if r.status != "unknown" and not has_plan(r):
        # no plan (infeasible, or stopped without one): no builds and no capex, not
        # zero of them, as served and unmet (user test: "builds: 0 projects" beside
        # "served: –"); docs/compare.md's rule; the capital offered is an input
        builds = modules = math.nan
        money = [(q, num(math.nan) if q.startswith("capex") else v, u) for q, v, u in money]
    return [
        ("builds", quantity(builds), "projects"),
        ("modules started", quantity(modules), "modules"),
        ("demand, all years", quantity(demand, MILLION), "million H100e"),
        ("served, all years", quantity(served, MILLION), "million H100e"),
        ("unmet, all years", quantity(unmet, MILLION), "million H100e"),
        ("unmet share", quantity(share, FRACTION), "%"),
        *money,
        ("fab power, last year", quantity(last_year("fab_power_mw")), "MW"),
        (
            "compute facility power needed, last year",
            quantity(last_year("facility_mw_needed")),
            "MW",
        ),
        (
            "data-centre capacity online, last year",
            quantity(last_year("datacenter_mw_online")),
            "MW",
        ),
        ("compute energy, last year", quantity(last_year("energy_twh")), "TWh"),
        (
            "emissions, last year",
            quantity(last_year("emissions_t_co2"), T_PER_MT),
            "Mt CO2",
        ),
    ]


def objective_rows(r: ReportTables) -> list[tuple[str, str, str]]:
    """The planner's objective and its terms: ``(quantity, value, unit)`` rows.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of tuple
        The objective's value (named by ``objective``), for ``serve`` its real part
        (every term but the penalty), and each term of
        ``PlanResult.objective_terms_usd`` [billion USD]; empty without an objective.

    Examples
    --------
    >>> import pandas as pd
    >>> from tigris.report.result import TABLE_COLUMNS, report_tables
    >>> t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    >>> r = report_tables({**t, "horizon": (2026, 2026), "objective_usd": 6e9,
    ...     "objective_terms_usd": {"capex": 3e9, "opex": 1e9, "unmet_penalty": 2e9}})
    >>> [v for q, v, u in objective_rows(r)]
    ['6', '4', '3', '1', '2']
    """
    if r.objective_usd is None:
        return []
    bn = "billion USD"
    terms = r.objective_terms_usd
    name = OBJECTIVE_ROWS.get(r.objective, f"objective ({r.objective})")
    rows = [(name, quantity(r.objective_usd, USD_PER_BILLION), bn)]
    if r.objective == "serve" and "capex" in terms and "opex" in terms:
        real = sum(v for k, v in terms.items() if k != "unmet_penalty")
        row = REAL_COST_ROW_GOING if going_concern(r) else REAL_COST_ROW
        rows.append((row, quantity(real, USD_PER_BILLION), bn))
    words_of = dict(OBJECTIVE_TERMS)
    if going_concern(r):  # the 'salvage' term holds the going-concern value then
        words_of["salvage"] = GOING_CONCERN_TERM
    rows += [
        (words, quantity(terms[key], USD_PER_BILLION), bn)
        for key, words in words_of.items()
        if key in terms
    ]
    return rows

"""The controls of a scenario, group by group (:func:`tigris.serve.controls.controls_for`).

Each builder lists the controls of one group of :data:`GROUPS` for a scenario: the
scenario path (or data-table cell, or serve-only key) each control sets, its default
(the scenario's own value, or the table's where the scenario gives none, with where it
comes from in its help), its display unit and the range of values it accepts. The
ranges are engineering bounds on what a control accepts, not data: each module constant
below says why its value. :mod:`tigris.serve.controls` turns the page's values into a
what-if; docs/serve.md, "Controls", lists every control.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tigris.errors import InputError
from tigris.scenario.schema import MAX_GROWTH_FACTOR, Scenario, Site

__all__ = [
    "BUILDERS",
    "DISRUPTION",
    "DISRUPTION_BUILDER",
    "GROUPS",
    "NO_DISRUPTION",
    "Control",
    "control_id",
    "discount_help",
]

#: Control groups, in the order the page shows them.
GROUPS = (
    "Capital",
    "Demand",
    "Tools",
    "Sites",
    "Silicon",
    "Prices",
    "Power",
    "Claimed chip",
    "Disruption",
)
#: Path of the disruption control (a serve-only key, not a scenario field).
DISRUPTION = "disruption"
#: The disruption control's value for "no disruption".
NO_DISRUPTION = "none"

# --- unit conversions -------------------------------------------------------------
#: US$ B per US$ [USD].
USD_B = 1e9
#: US$ T per US$ [USD].
USD_T = 1e12
#: Millions [-].
MILLION = 1e6
#: A per cent [-].
PERCENT = 0.01

# --- numerical tolerances ----------------------------------------------------------
#: Relative tolerance under which a value in display units equals its default: a
#: display value times its scale is not always the stored float bit for bit
#: (10.58 x 1e6 = 10580000.000000002).
REL_TOL = 1e-9
#: Significant digits a value keeps when turned into stored units (drops the float
#: noise of the scale, keeps far more than any control's step).
STORED_DIGITS = 12

# --- ranges: engineering bounds on what a control accepts, not data ----------------
#: Largest amount one capital source may offer [USD]: US$ 1,000 B, over five years of
#: the whole semiconductor industry's capital spending (~US$ 180-200 B a year,
#: SEMI/SIA 2024), far above any AI fab programme; the schema's own bound
#: (:data:`tigris.scenario.schema.MAX_USD`) is a validation bound far above it.
CAPITAL_MAX_USD = 1e12
#: The discount rate a control accepts [-]: 0 % (no discounting) to 30 %, over three
#: times the reference's 8 % nominal WACC (5.52 % real, ``data/fab_parameters.csv``); a
#: what-if range, not data (the schema's bound is below 100 %).
DISCOUNT_MIN, DISCOUNT_MAX = 0.0, 0.3
#: Smallest amount a capital source given as ``amount_usd`` may offer [USD]: the schema
#: refuses 0 (a source of nothing is no source; withdraw it with a disruption instead).
CAPITAL_MIN_USD = 1e8
#: Years before the horizon a capital source may start releasing money [year]: money
#: released before the first plan year carries over to it (docs/plan.md), so earlier
#: years change nothing a plan can see beyond this.
CAPITAL_YEARS_BEFORE = 5
#: Largest demand of one class in one year [H100e/year]: 1e10, ~100x the reference's
#: whole 2030 demand (~1e8, tigris.world.demand), far past what any fab plan can serve.
DEMAND_MAX_H100E = 1e10
#: Yearly growth of a class's demand [-]: -90 % (a collapse) to +300 % (x4 a year,
#: above the x2.5 of 2024 -> 2025 deliveries in data/accelerator_shipments.csv).
GROWTH_MIN, GROWTH_MAX = -0.9, 3.0
#: Smallest class share of the calibrated demand [-]: the schema refuses 0 (a class
#: with no demand is removed from the file instead).
SHARE_MIN = 0.01
#: AI infrastructure spending anchor [USD/year]: US$ 0.1 T (below 2024's ~US$ 0.25 T of
#: the four largest clouds, data/demand_growth.csv) to US$ 20 T (a fifth of world GDP,
#: ~US$ 105 T in 2023, IMF WEO Oct 2023).
SPEND_MIN_USD, SPEND_MAX_USD = 1e11, 2e13
#: A year's AI spending over the year before [-]: halving to x3 (the table's own cases
#: span 1.55-1.77 for 2026); the schema's bound is x10 (MAX_GROWTH_FACTOR).
SPEND_GROWTH_MIN, SPEND_GROWTH_MAX = 0.5, min(3.0, MAX_GROWTH_FACTOR)
#: Yearly spending growth after the last anchor [-]: -20 %/year to +50 %/year (the
#: table's cases span 0 to +15 %, data/demand_growth.csv).
AFTER_MIN, AFTER_MAX = 0.8, 1.5
#: Compute-per-dollar doubling time [year]: 0.5 (faster than any measured trend) to 10
#: (the 95 % interval of Hobbhahn & Besiroglu 2022 is 1.54-3.13 years).
DOUBLING_MIN_YEARS, DOUBLING_MAX_YEARS = 0.5, 10.0
#: Smallest MFU a control accepts [-]: 1 %, far below any published run's (the lowest
#: in data/mfu_runs.csv is ~20 %); 0 would need infinitely many accelerators.
MFU_MIN = 0.01
#: Most EUV scanners the plan may get in one year [-]: 200, over twice the 90 a year
#: ASML set out to make (ASML Q1 2022 call, via Bits & Chips 2022-05; the reference's
#: tools comment).
EUV_MAX_PER_YEAR = 200.0


def _upper_bound(model: type[Any], name: str) -> tuple[float, bool]:
    """A pydantic field's upper bound and whether it is exclusive (``lt``) or not
    (``le``), read from the schema so that the page takes what a scenario file takes."""
    for m in model.model_fields[name].metadata:
        if getattr(m, "lt", None) is not None:
            return float(m.lt), True
        if getattr(m, "le", None) is not None:
            return float(m.le), False
    msg = f"{model.__name__}.{name} has no upper bound"
    raise TypeError(msg)


#: Step of a site's subsidy control [% of capex] (whole percent, as sites.csv's shares).
SUBSIDY_STEP = 1.0
#: Largest subsidy share of a site's capex the page offers [-]: the scenario schema's
#: bound (``Site.subsidy_share_of_capex``, ``lt=1``: a subsidy below 100 %, as
#: ``--set`` and a scenario file take it), less one step where the bound is exclusive:
#: 99 %, the last whole percent the schema accepts (the page capped it at 90 % while
#: ``--set`` took 0.95).
_SUBSIDY_BOUND, _SUBSIDY_OPEN = _upper_bound(Site, "subsidy_share_of_capex")
SUBSIDY_MAX = _SUBSIDY_BOUND - (SUBSIDY_STEP * PERCENT if _SUBSIDY_OPEN else 0.0)

#: Characters a Dash id keeps as they are (others are escaped ``_xx``).
_ID_SAFE = re.compile(r"[a-z0-9-]")


@dataclass(frozen=True)
class Control:
    """One input of the page.

    Attributes
    ----------
    id : str
        Dash-safe id (``[a-z0-9_-]+``): the path with ``.`` written ``--`` and other
        characters outside ``[a-z0-9-]`` escaped as ``_`` and their hex code.
    path : str
        A scenario path (:mod:`tigris.scenario.edit`), a data-table cell path
        (:mod:`tigris.risk.cells`), or a serve-only key (``disruption``,
        ``claimed.<field>``).
    label, unit, group : str
        What the page shows; ``group`` is one of :data:`GROUPS`.
    kind : str
        ``number``, ``select`` or ``toggle``.
    default : Any
        The base scenario's own value (or the table's), in display units.
    min, max, step : float or None
        The range a number may take and the step of its input [display units].
    options : tuple of str
        The choices of a select.
    scale : float
        Stored value = display value x ``scale`` (US$ B: 1e9).
    help : str
        One sentence, with where the default comes from.
    integer : bool
        Whether the stored value is a whole number (years, module counts).
    """

    id: str
    path: str
    label: str
    unit: str
    group: str
    kind: str
    default: Any
    min: float | None
    max: float | None
    step: float | None
    options: tuple[str, ...] = ()
    scale: float = 1.0
    help: str = ""
    integer: bool = False


def control_id(path: str) -> str:
    """The Dash id of a control path: ``.`` -> ``--``, other unsafe characters ``_xx``.

    Parameters
    ----------
    path : str
        A control's dotted scenario path.

    Returns
    -------
    str
        The id: lower-case letters, digits and ``-`` kept (any other character as ``_xx``
        per UTF-8 byte, upper case included), each ``.`` as ``--``.

    Examples
    --------
    >>> control_id("capital.abu-dhabi-sovereign.amount_usd")
    'capital--abu-dhabi-sovereign--amount_5fusd'
    >>> control_id("nodes.N3.d0_per_cm2")
    'nodes--_4e3--d0_5fper_5fcm2'
    """
    out = []
    for ch in path:
        if ch == ".":
            out.append("--")
        elif _ID_SAFE.fullmatch(ch):
            out.append(ch)
        else:
            out.append("".join(f"_{b:02x}" for b in ch.encode("utf-8")))
    return "".join(out)


# --- the controls of a scenario ----------------------------------------------------


def _number(
    path: str,
    label: str,
    unit: str,
    group: str,
    default: float,
    lo: float,
    hi: float,
    *,
    scale: float = 1.0,
    step: float | None = None,
    integer: bool = False,
    help: str = "",
) -> Control:
    """A number control; ``default``, ``lo`` and ``hi`` in stored units (the range
    widened to hold the default), ``step`` in display units: what the box's - and +
    buttons add, whatever the default, never a rule on the values taken (user test s48
    serve #3)."""
    shown = _display(default, scale, integer)
    # a scenario's own value outside the range widens it: the default is always valid
    low = min(_display(lo, scale, integer), shown)
    high = max(_display(hi, scale, integer), shown)
    return Control(
        id=control_id(path),
        path=path,
        label=label,
        unit=unit,
        group=group,
        kind="number",
        default=shown,
        min=low,
        max=high,
        step=step,
        scale=scale,
        help=help,
        integer=integer,
    )


def _choice(
    path: str,
    label: str,
    group: str,
    kind: str,
    default: Any,
    *,
    options: tuple[str, ...] = (),
    help: str = "",
) -> Control:
    """A ``toggle`` or ``select`` control (``kind``): no unit, bounds or step."""
    return Control(
        id=control_id(path),
        path=path,
        label=label,
        unit="",
        group=group,
        kind=kind,
        default=default,
        min=None,
        max=None,
        step=None,
        options=options,
        help=help,
    )


def _display(value: float, scale: float, integer: bool) -> float | int:
    """A stored value in display units (integers stay integers)."""
    if integer and scale == 1.0:
        return int(value)
    return float(f"{float(value) / scale:.{STORED_DIGITS}g}")


def _capital(sc: Scenario) -> Iterator[Control]:
    first, last = sc.horizon.first_year, sc.horizon.last_year
    for src in sc.capital:
        p = f"capital.{_seg(src.name)}"
        why = f"scenario capital '{src.name}'" + (f": {src.source}" if src.source else "")
        if src.usd_by_year is not None:
            for year, usd in src.usd_by_year.items():
                yield _number(
                    f"{p}.usd_by_year.{year}",
                    f"{src.name}: {year}",
                    "US$ B",
                    "Capital",
                    usd,
                    0.0,
                    CAPITAL_MAX_USD,
                    scale=USD_B,
                    step=0.1,
                    help=f"Money released in {year}; default from the {why}.",
                )
            continue
        yield _number(
            f"{p}.amount_usd",
            f"{src.name}: amount",
            "US$ B",
            "Capital",
            src.amount_usd or CAPITAL_MIN_USD,
            CAPITAL_MIN_USD,
            CAPITAL_MAX_USD,
            scale=USD_B,
            step=0.1,
            help=f"Money offered, released evenly over its years; default from the {why}.",
        )
        for end in ("first_year", "last_year"):
            yield _number(
                f"{p}.{end}",
                f"{src.name}: {end.replace('_', ' ')}",
                "year",
                "Capital",
                getattr(src, end),
                first - CAPITAL_YEARS_BEFORE,
                last,
                step=1,
                integer=True,
                help=(
                    f"The {end.split('_')[0]} year money is released; money before "
                    f"{first} is available from {first}; default from the {why}."
                ),
            )


def discount_help(basis: str = "real") -> str:
    """The discount-rate control's help: the rate is real (constant dollars) unless the
    scenario says ``finance.discount_rate_basis: nominal``, and the reference's real rate
    is its nominal WACC deflated by expected inflation, both from the plan's own
    assumption rows (``data/fab_parameters.csv`` ``nominal_wacc``, ``expected_inflation``,
    ``discount_rate``; Fisher (1930): ``real = (1 + nominal)/(1 + inflation) − 1``),
    so that nobody types the nominal 8 % into a real box (UT-DASH #3).

    Parameters
    ----------
    basis : str
        ``real`` or ``nominal`` (the scenario's ``finance.discount_rate_basis``).

    Returns
    -------
    str
        One paragraph naming the three rates [%].

    Examples
    --------
    >>> discount_help()[:60]
    'A real rate (cash flows in constant dollars): every cash flo'
    """
    from tigris.fab.data import fab_param

    nominal = float(fab_param("nominal_wacc"))
    inflation = float(fab_param("expected_inflation"))
    real = float(fab_param("discount_rate"))
    fisher = (
        f"the reference's {real / PERCENT:.2f} % real is its {nominal / PERCENT:g} % nominal "
        f"WACC (a large foundry's cost of capital) deflated by {inflation / PERCENT:g} % "
        f"expected inflation (Fisher: (1 + {nominal / PERCENT:g} %)/(1 + "
        f"{inflation / PERCENT:g} %) − 1; data/fab_parameters.csv)"
    )
    if basis == "nominal":
        return (
            "A nominal rate (money of each year), as this scenario says "
            "(finance.discount_rate_basis: nominal): the plan deflates it by the expected "
            f"inflation to a real rate; {fisher}."
        )
    return (
        "A real rate (cash flows in constant dollars): every cash flow, the unmet-demand "
        f"penalty and the investor's NPV are discounted at it; {fisher}. Typing "
        f"{nominal / PERCENT:g} here is a real {nominal / PERCENT:g} % (about "
        f"{((1 + nominal) * (1 + inflation) - 1) / PERCENT:.1f} % nominal)."
    )


def _investor(sc: Scenario) -> Iterator[Control]:
    """The investor's own questions, one scenario key each (user test 2026-12-03, #10):
    the discount rate, the objective and whether the incumbents respond."""
    from tigris.scenario.schema import OBJECTIVES

    basis = sc.finance.discount_rate_basis
    yield _number(
        "discount_rate",
        f"Discount rate ({basis})",
        "%",
        "Capital",
        sc.discount_rate,
        DISCOUNT_MIN,
        DISCOUNT_MAX,
        scale=PERCENT,
        step=0.5,
        help=discount_help(basis),
    )
    yield _choice(
        "objective",
        "Objective",
        "Capital",
        "select",
        sc.objective,
        options=OBJECTIVES,
        help=(
            "serve: least discounted cost plus the penalty on unmet demand; npv: the "
            "investor's NPV, maximised (docs/finance.md, 'Objectives'); default from "
            "the scenario."
        ),
    )
    yield _choice(
        "incumbents.respond",
        "Incumbents respond",
        "Capital",
        "toggle",
        sc.incumbents.respond,
        help=(
            "On: the incumbents are owners too, with their own capital and sites, and "
            "the plan may expand them (tigris.world.incumbents); default from the "
            "scenario."
        ),
    )


def _forecast(sc: Scenario) -> Iterator[Control]:
    """The calibrated demand's forecast, where a class takes a share of it."""
    if not any(d.calibrated_share is not None for d in sc.demand):
        return
    from tigris.world.demand import forecast_parameters

    own = sc.demand_forecast.model_dump() if sc.demand_forecast is not None else None
    params = forecast_parameters("central", own)
    where = "the scenario's demand_forecast or data/demand_growth.csv (central)"
    for year, growth in sorted(params["spend_growth"].items()):
        yield _number(
            f"demand_forecast.spend_growth.{year}",
            f"AI spending growth {year}",
            "x",
            "Demand",
            growth,
            SPEND_GROWTH_MIN,
            SPEND_GROWTH_MAX,
            step=0.01,
            help=f"AI infrastructure spending in {year} over {year - 1}; default from {where}.",
        )
    for year, usd in sorted(params["spend_usd"].items()):
        if year < sc.horizon.first_year:
            continue  # a history year is the forecast's base, not a what-if
        yield _number(
            f"demand_forecast.spend_usd.{year}",
            f"AI spending {year}",
            "US$ T/year",
            "Demand",
            usd,
            SPEND_MIN_USD,
            SPEND_MAX_USD,
            scale=USD_T,
            step=0.1,
            help=f"AI infrastructure spending anchor in {year}; default from {where}.",
        )
    after_year, after = params["spend_growth_after"]
    yield _number(
        "demand_forecast.spend_growth_after",
        f"AI spending growth after {after_year}",
        "x/year",
        "Demand",
        after,
        AFTER_MIN,
        AFTER_MAX,
        step=0.01,
        help=f"Yearly growth of AI spending after the last anchor; default from {where}.",
    )
    yield _number(
        "demand_forecast.price_performance_doubling_years",
        "Compute per dollar doubles every",
        "years",
        "Demand",
        params["price_performance_doubling_years"],
        DOUBLING_MIN_YEARS,
        DOUBLING_MAX_YEARS,
        step=0.01,
        help=f"H100e bought per dollar doubles in this time; default from {where}.",
    )


#: Why a scenario without workloads has no MFU control (the help of its demand controls).
NO_MFU = (
    " No MFU control: this demand is H100e delivered a year (calibrated on published "
    "accelerator shipments, or given as numbers), not work done, so no utilisation "
    "enters it; give demand as workloads (docs/plan.md) to vary MFU."
)


def _train_mfu(w: Any, path: str, name: str) -> Iterator[Control]:
    """A training workload's MFU, where it sets the accelerator-years (count and days
    not both given: else MFU follows from them)."""
    t = w.train
    if t.count is not None and t.days is not None:
        return
    from tigris.workload import train

    try:
        r = train(**t.model_dump(exclude_none=True))
    except InputError:
        return  # the plan reports the workload's own problem
    basis = _mfu_origin(r)
    # with the recomputed pass counted the hardware runs at MFU x k/6, at most the
    # peak: the MFU at most 6/k (review 2026-12-05: a run that recomputes was
    # refused above 75 % though the control went to 100 %)
    hfu, mfu = getattr(r, "hfu", None), float(r.mfu)
    top = 1.0 if hfu is None or not float(hfu) > 0 else mfu / float(hfu)
    yield _number(
        f"{path}.train.mfu",
        f"{name}: training MFU",
        "%",
        "Demand",
        mfu,
        MFU_MIN,
        top,
        scale=PERCENT,
        step=1,
        help=(
            "Model FLOP utilisation of the training run: a lower MFU needs more "
            f"accelerator-days for the same FLOP; default from {basis}."
        ),
    )


def _mfu_origin(r: Any) -> str:
    """Where a training workload's default MFU comes from, in words true of its case
    (a run's MFU is published only when its row says so: ``mfu_status``).

    Parameters
    ----------
    r : TrainingResult
        :func:`tigris.workload.train`'s result (its ``mfu_basis``, ``mfu_status``,
        ``model`` and ``mfu_accelerator``).

    Returns
    -------
    str
        A phrase that follows "default from".

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> _mfu_origin(R(mfu_basis="run", mfu_status="published", model="palm-540b",
    ...               mfu_accelerator=""))
    "palm-540b's published run (data/training_runs.csv)"
    >>> gpt4 = _mfu_origin(R(mfu_basis="run", mfu_status="tigris assumption", model="gpt-4",
    ...                      mfu_accelerator="a100-sxm-80gb"))
    >>> gpt4.startswith("gpt-4's run row in data/training_runs.csv, a tigris assumption, not")
    True
    >>> gpt4.endswith("(the run's on a100-sxm-80gb, applied unchanged)")
    True
    >>> _mfu_origin(R(mfu_basis="run", mfu_status="published", model="palm-540b",
    ...               mfu_accelerator="tpu-v4", mfu_converted_from="bf16", precision="fp8",
    ...               accelerator="h100"))  # doctest: +ELLIPSIS
    "palm-540b's published run (...) (the run's on tpu-v4, re-expressed from bf16 to fp8 on h100)"
    >>> _mfu_origin(R(mfu_basis="run", mfu_status="published", model="deepseek-v3",
    ...               mfu_accelerator="h800", mfu_converted_from="fp8", precision="fp8",
    ...               accelerator="gaudi3"))  # doctest: +ELLIPSIS
    "...(the run's on h800, re-expressed to gaudi3 at fp8 by the two parts' peaks)"
    >>> _mfu_origin(R(mfu_basis="model", mfu_status="", model=None, mfu_accelerator=""))
    "tigris.workload.mfu's model (fitted on published runs), not a run's own figure"
    """
    if r.mfu_basis == "given":
        return "the scenario"
    if r.mfu_basis == "model":
        return "tigris.workload.mfu's model (fitted on published runs), not a run's own figure"
    if r.mfu_basis != "run":
        return "the workload layer"
    status = r.mfu_status or "published"
    if status.startswith("published"):  # "published as HFU x 6/8": Megatron's converted
        how = "" if status == "published" else f", {status}"
        words = f"{r.model}'s published run (data/training_runs.csv{how})"
    else:
        words = f"{r.model}'s run row in data/training_runs.csv, a {status}, not a published figure"
    if r.mfu_accelerator:
        # re-expressed at another precision it is not the run's figure unchanged (helper
        # note s48: the CLI said so since user test s48 #12, the page still did not)
        # carried to another part it is re-expressed by the two parts' peaks (user test
        # s50 #1), whether or not the precision changed: "from fp8 at fp8" said nothing
        src = getattr(r, "mfu_converted_from", "")
        if src and src != r.precision:
            how = f"re-expressed from {src} to {r.precision} on {r.accelerator}"
        elif src:
            how = f"re-expressed to {r.accelerator} at {r.precision} by the two parts' peaks"
        else:
            how = "applied unchanged"
        words += f" (the run's on {r.mfu_accelerator}, {how})"
    return words


def _infer_mfu(w: Any, path: str, name: str) -> Iterator[Control]:
    """An inference service's prefill and decode MFU."""
    from tigris.workload._common import pick

    for phase in ("prefill", "decode"):
        own = getattr(w.infer, f"{phase}_mfu")
        yield _number(
            f"{path}.infer.{phase}_mfu",
            f"{name}: {phase} MFU",
            "%",
            "Demand",
            own if own is not None else float(pick(None, f"{phase}_mfu")),
            MFU_MIN,
            1.0,
            scale=PERCENT,
            step=1,
            help=(
                f"Model FLOP utilisation while serving ({phase}); default from "
                + ("the scenario." if own is not None else "data/workload_defaults.csv.")
            ),
        )


def _mfu(sc: Scenario) -> Iterator[Control]:
    """MFU of each workload a demand class gives."""
    for d in sc.demand:
        for i, w in enumerate(d.workloads or []):
            path = f"demand.{_seg(d.name)}.workloads.{i}"
            name = f"{d.name} workload {i}"
            if w.train is not None:
                yield from _train_mfu(w, path, name)
            elif w.infer is not None:
                yield from _infer_mfu(w, path, name)


def _demand(sc: Scenario) -> Iterator[Control]:
    yield from _forecast(sc)
    no_mfu = "" if any(d.workloads for d in sc.demand) else NO_MFU
    for d in sc.demand:
        p = f"demand.{_seg(d.name)}"
        if d.calibrated_share is not None:
            yield _number(
                f"{p}.calibrated_share",
                f"{d.name}: share",
                "%",
                "Demand",
                d.calibrated_share,
                SHARE_MIN,
                1.0,
                scale=PERCENT,
                step=1,
                help=(
                    "Share of the calibrated demand; default from the scenario "
                    f"({d.source or d.name})." + no_mfu
                ),
            )
        for year, h100e in (d.h100e_by_year or {}).items():
            yield _number(
                f"{p}.h100e_by_year.{year}",
                f"{d.name}: {year}",
                "M H100e/year",
                "Demand",
                h100e,
                0.0,
                DEMAND_MAX_H100E,
                scale=MILLION,
                step=0.1,
                help=(
                    f"Compute demanded in {year} (linear between years); default from "
                    "the scenario." + no_mfu
                ),
            )
        if d.growth_per_year is not None:
            yield _number(
                f"{p}.growth_per_year",
                f"{d.name}: growth",
                "%/year",
                "Demand",
                d.growth_per_year,
                GROWTH_MIN,
                GROWTH_MAX,
                scale=PERCENT,
                step=1,
                help="Yearly growth after the last year given; default from the scenario.",
            )
    yield from _mfu(sc)


def _tools(sc: Scenario) -> Iterator[Control]:
    why = f"the scenario's tools ({sc.tools.source})" if sc.tools.source else "the scenario"
    for year, n in sc.tools.euv_per_year.items():
        yield _number(
            f"tools.euv_per_year.{year}",
            f"EUV scanners {year}",
            "scanners",
            "Tools",
            n,
            0.0,
            EUV_MAX_PER_YEAR,
            step=1,
            help=f"Low-NA EUV scanners the plan may install in {year}; default from {why}.",
        )


def _site_subsidy(name: str) -> float:
    """The site table's subsidy share of capex for ``name`` (0 where it has none)."""
    from tigris.risk.cells import cell_value

    try:
        return cell_value(f"data.sites.{_seg(name)}.subsidy_share_of_capex")
    except InputError:
        return 0.0


def _sites(sc: Scenario) -> Iterator[Control]:
    for s in sc.sites:
        p = f"sites.{_seg(s.name)}"
        cap = "no module limit" if s.max_modules is None else f"up to {s.max_modules} modules"
        yield _choice(
            f"{p}.max_modules",
            f"{s.name}: available",
            "Sites",
            "toggle",
            True,
            help=f"Off: the plan may build nothing here (max_modules 0); on: the scenario's {cap}.",
        )
        own = s.subsidy_share_of_capex
        yield _number(
            f"{p}.subsidy_share_of_capex",
            f"{s.name}: subsidy",
            "% of capex",
            "Sites",
            own if own is not None else _site_subsidy(s.name),
            0.0,
            SUBSIDY_MAX,
            scale=PERCENT,
            step=SUBSIDY_STEP,
            help=(
                "Share of a module's capex paid by the state; default from "
                + ("the scenario." if own is not None else "data/sites.csv.")
            ),
        )


def _disruption(sc: Scenario) -> Iterator[Control]:
    if not sc.disruptions:
        return
    names = tuple(e.name for e in sc.disruptions)
    yield _choice(
        DISRUPTION,
        "Disruption",
        "Disruption",
        "select",
        NO_DISRUPTION,
        options=(NO_DISRUPTION, *names),
        help=(
            "One of the scenario's named events (docs/risk.md, 'Disruptions'): the view "
            "shows the plan re-optimised after it, and the plan as made."
        ),
    )


def _seg(name: str) -> str:
    """A name as one path segment (in brackets if it holds a dot or a bracket)."""
    return f"[{name}]" if any(c in name for c in ".[]") else name


#: Builders of the scenario groups' controls, in :data:`GROUPS` order: the data-table
#: groups (:mod:`tigris.serve.control_data`) come between them and the disruption's.
BUILDERS = (_investor, _capital, _demand, _tools, _sites)
#: Builder of the disruption's control, the last group.
DISRUPTION_BUILDER = _disruption

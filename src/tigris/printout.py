"""Tables of a plan that both ``tigris plan``'s text and ``tigris report`` show: the
accelerators made by product, HBM by year, and the investor's fab water.

Each is built once here, as text cells with the numbers behind them, and set by each
front end in its own way: a rich table on the terminal, an HTML table and a text page
in the report. Before (user test 2026-12-07, report reader #1) the report lacked all
three, though docs/report.md says it never shows less than the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tigris.fmt import year_span

__all__ = [
    "HBM_CAPTION",
    "HBM_SALES_CAPTION",
    "MAX_PRODUCT_ROWS",
    "RELAXED_NOTE",
    "PrintedTable",
    "compute_scale",
    "fab_water_line",
    "hbm_table",
    "production_table",
]

#: Compute below this is a float residue of the solver (numerical tolerance, as the
#: compute table's) [H100e].
H100E_TOL = 1.0
#: Products listed by name in the production table, most H100e first (display choice).
MAX_PRODUCT_ROWS = 10
#: Display scales of the HBM table [GB per million GB, wafers per thousand].
_MILLION, _THOUSAND = 1e6, 1e3
#: The HBM table's caption (UT-HBM #6; the full note is ``--json``'s headline.hbm.note,
#: :data:`tigris.plan.summary.HBM_NOTE`).
HBM_CAPTION = (
    "GB, stacks: in the parts made (units x the catalog's stacks x GB a stack, "
    "data/hbm.csv); the stacks lost at packaging are in the wafers. wspm: DRAM wafer "
    "starts a month on HBM lines (capacity table). made: the GB split by the wafer "
    "starts each owner's lines used; the plan pools the incumbents' HBM makers (no "
    "maker, no qualification modelled: tigris hindcast has them). capacity GB: the lines "
    "at the year's mix. No GB unmet: the plan makes a part only with its HBM."
)
#: Added to :data:`HBM_CAPTION` when new lines make HBM: their "made" is a pro rata share
#: of use, not their sales (user test 2026-12-07, claims #1: the investor's lines "made"
#: 1,326M GB, 85 % used, while its cash flows billed about a quarter of its line).
HBM_SALES_CAPTION = (
    " A new line's 'made' is its pro rata share of the year's use, not what its owner "
    "sells: sales, and so revenue, follow the merit order, the incumbents' lines first "
    "(docs/finance.md, 'Cash flows', who sells; --json cash_flows)."
)
#: Said under the title of a ``--relax`` run (README user test 2026-12-05: its "199.4M
#: H100e added, besides 338.3M re-timed" read as the investor's, four times the plan's
#: 48.4M, while the relaxation served 14.1M in 2034 against 231.5M without the investor).
RELAXED_NOTE = (
    "Note: a bound, not a plan. The LP relaxation lets modules be fractional and drops "
    "the integer rules (the timing rule among them: docs/plan.md), so its objective "
    "is a bound no whole plan beats, and its builds, deliveries by year and 'added' are "
    "the relaxation's, not an investor's: compute may move between years as no whole "
    "plan's can. Plan without --relax for what to build."
)
#: An HBM owner's column head where the name is long (the caption says who they are).
_HBM_OWNER_HEADS = {"incumbents": "incumb."}
#: Compute columns' scales: divisor and word [H100e].
_SCALES = ((1e6, "million"), (1e3, "thousand"))


@dataclass(frozen=True)
class PrintedTable:
    """A table as the terminal prints it: title, column heads, the text of each cell
    with the number behind it (None for text or a dash), the numeric columns and the
    caption.

    Attributes
    ----------
    title : str
        The table's title.
    header : tuple of str
        Column heads.
    rows : list of list of (str, float or None)
        Each cell's text and exact value.
    numeric : frozenset of int
        Columns set right-aligned.
    caption : str
        What the table counts and where its numbers come from.
    """

    title: str
    header: tuple[str, ...]
    rows: list[list[tuple[str, float | None]]]
    numeric: frozenset[int] = field(default_factory=frozenset)
    caption: str = ""


def _ok(result: Any) -> bool:
    """Whether ``result`` holds a plan: ``PlanResult.ok``, or for a report's tables
    :func:`tigris.report.headline.has_plan` (the same test)."""
    ok = getattr(result, "ok", None)
    if isinstance(ok, bool):
        return ok
    from tigris.report.headline import has_plan

    return has_plan(result)


def compute_scale(peak: float) -> tuple[float, str]:
    """Divisor and word for a column of compute up to ``peak`` [H100e].

    Parameters
    ----------
    peak : float
        The column's largest value [H100e].

    Returns
    -------
    tuple of (float, str)
        The divisor [H100e per unit shown] and its word (``million``, ``thousand`` or
        ``""``).

    Examples
    --------
    >>> compute_scale(2.5e6), compute_scale(900.0)
    ((1000000.0, 'million'), (1.0, ''))
    """
    for div, word in _SCALES:
        if abs(peak) >= div:
            return div, word
    return 1.0, ""


def production_table(result: Any) -> PrintedTable | None:
    """Accelerators made over the horizon by product, every fab's (existing capacity,
    incumbents' and the investor's): units, H100e and each product's share of the
    H100e (the result's ``production`` table, summed over years;
    ``docs/plan-result.md``); the :data:`MAX_PRODUCT_ROWS` products with the most
    H100e by name, the rest in one row, the products made not at all in the caption.

    The compute a plan delivers is what it makes in that year (H100e delivered,
    ``docs/plan-result.md``), so the H100e column sums to the compute table's served
    total. User test D2: without it the text output never said which accelerator made
    the compute (a "100x per watt" part's plan could not be quoted from it).

    Parameters
    ----------
    result : PlanResult or ReportTables
        Any result with ``production`` [units, H100e] and ``horizon``.

    Returns
    -------
    PrintedTable or None
        None for a run without production (no plan, or nothing made).
    """
    prod = getattr(result, "production", None)
    if prod is None or not len(prod) or not {"product", "units", "h100e"} <= set(prod.columns):
        return None
    by = prod.groupby("product", sort=False)[["units", "h100e"]].sum()
    made = by[by["h100e"] > H100E_TOL].sort_values("h100e", ascending=False)
    total = float(made["h100e"].sum())
    if not len(made) or total <= 0:
        return None
    first, last = result.horizon
    div, word = compute_scale(float(made["h100e"].max()))
    digits = 1 if div > 1 else 0  # as the compute table: 0.1 of its unit

    def row(label: str, units: float, h: float) -> list[tuple[str, float | None]]:
        return [
            (label, None),
            (f"{units:,.0f}", units),
            (f"{h / div:,.{digits}f}", h),
            (f"{h / total:.1%}", h / total),
        ]

    items = list(made.itertuples())
    rows = [row(str(r.Index), float(r.units), float(r.h100e)) for r in items[:MAX_PRODUCT_ROWS]]
    rest = items[MAX_PRODUCT_ROWS:]
    if rest:
        h = sum(float(r.h100e) for r in rest)
        units = sum(float(r.units) for r in rest)
        rows.append(row(f"{len(rest)} more (--json production)", units, h))
    caption = "every fab's: existing capacity, incumbents' and the investor's"
    none = [str(p) for p in by.index if p not in made.index]
    if none:
        caption += "; made none: " + ", ".join(none)
    return PrintedTable(
        title=f"Accelerators made by product, {year_span(first, last)}",
        header=("product", "units", f"{word} H100e".strip(), "share of H100e"),
        rows=rows,
        numeric=frozenset({1, 2, 3}),
        caption=caption,
    )


def hbm_table(result: Any) -> PrintedTable | None:
    """HBM by year: GB and stacks the parts made carry, DRAM wafer starts used and
    available, the GB made by owner and the GB the lines could make
    (:func:`tigris.plan.summary.plan_hbm`, ``--json`` ``headline.hbm``).

    UT-HBM #6: the text said nothing of HBM.

    Parameters
    ----------
    result : PlanResult or ReportTables
        Any result with ``capacity`` and ``production``.

    Returns
    -------
    PrintedTable or None
        None without HBM capacity or production, or without a plan.
    """
    from tigris.plan.summary import plan_hbm

    hbm = plan_hbm(result) if _ok(result) else None  # headline()["hbm"], not recomputed
    if not hbm or not hbm.get("by_year"):
        return None
    years = hbm["by_year"]
    owners: list[str] = []
    for r in years:
        owners += [o for o in r["wspm_used_by_owner"] if o not in owners]

    def num(x: Any, div: float, digits: int = 0) -> tuple[str, float | None]:
        return ("–", None) if x is None else (f"{float(x) / div:,.{digits}f}", float(x))

    rows = []
    for r in years:
        share = r["used_share"]
        rows.append(
            [
                (str(r["year"]), None),
                num(r["gb"], _MILLION),
                num(r["stacks"], _MILLION, 1),
                num(r["wspm_used"], _THOUSAND, 1),
                num(r["wspm_available"], _THOUSAND, 1),
                ("–", None) if share is None else (f"{share:.0%}", float(share)),
                *(num(r["gb_made_by_owner"].get(o, 0.0), _MILLION) for o in owners),
                num(r["gb_capacity"], _MILLION),
            ]
        )
    header = (
        "year",
        "GB in parts",
        "stacks",
        "wspm used",
        "of avail.",
        "used",
        *(f"made {_HBM_OWNER_HEADS.get(o, o)}" for o in owners),
        "capacity GB",
    )
    return PrintedTable(
        title="HBM by year (M GB, M stacks, k DRAM wspm)",
        header=header,
        rows=rows,
        numeric=frozenset(range(len(header))),
        caption=_hbm_caption(years, owners),
    )


def _hbm_caption(years: list[dict[str, Any]], owners: list[str]) -> str:
    """:data:`HBM_CAPTION`, the pool's lines by maker, the sales note and the parts whose
    HBM is not known."""
    caption = HBM_CAPTION
    makers = [r for r in years if r.get("wspm_available_by_maker")]
    if makers:
        a, b = makers[0], makers[-1]
        names = list(dict.fromkeys([*a["wspm_available_by_maker"], *b["wspm_available_by_maker"]]))
        parts = [
            f"{m} {a['wspm_available_by_maker'].get(m, 0.0) / _THOUSAND:,.1f}"
            f" -> {b['wspm_available_by_maker'].get(m, 0.0) / _THOUSAND:,.1f}"
            for m in names
        ]
        caption += (
            f" The pool's lines by maker, k wspm available {a['year']} -> {b['year']} "
            f"(data/incumbent_capacity.csv, year means): {', '.join(parts)}."
        )
    else:
        caption += " The pool's makers: not known (its capacity is not the baseline's lines)."
    if any(o != "incumbents" for o in owners):
        caption += HBM_SALES_CAPTION
    unknown = sorted({p for r in years for p in r.get("products_unknown", [])})
    if unknown:
        caption += f" HBM per part not known (not counted): {', '.join(unknown)}."
    return caption


def fab_water_line(result: Any) -> str | None:
    """The investor's fabs' water in one line (:func:`tigris.plan.summary.fab_water`,
    ``--json`` ``headline.fab_water``; UT-ESG #6: the plan reported no fab water).

    Parameters
    ----------
    result : PlanResult or ReportTables
        Any result with ``capacity`` and ``horizon``.

    Returns
    -------
    str or None
        None without a plan or without the tables the water is counted from.
    """
    from tigris.plan.summary import fab_water

    w = fab_water(result) if _ok(result) else None  # headline()["fab_water"]
    if not w:
        return None
    first, last = result.horizon
    span = year_span(first, last)
    row = "data/fab_parameters.csv water_m3_per_wafer_mask_layer"
    where = f"source: {row}, as of {w['as_of']}; --json headline.fab_water"
    rest = ", ".join(k for k in w["not_counted"] if not k.startswith("datacenter"))
    skipped = f"{rest} lines and data centres" if rest else "data centres"
    if not w["by_fab"]:
        return (
            f"Fab water: the investor has no logic fab online in {span}, so none is "
            f"counted ({where}); {skipped}: water not modelled."
        )
    by = w["m3_by_year"]
    at_last = float(by.get(last, by.get(str(last), 0.0)))
    fabs = "; ".join(
        f"{f['node']} at {f['site']}: {f['mask_layers']} mask layers x "
        f"{f['m3_per_wafer_mask_layer']:g} m3 per wafer per layer"
        for f in w["by_fab"]
    )
    return (
        f"Fab water: the investor's logic fabs withdraw {at_last / _MILLION:,.2f}M m3 in "
        f"{last}, {w['total_m3'] / _MILLION:,.2f}M m3 over {span} (wafer starts online x 12 "
        f"x {fabs}; {where}); {skipped}: water not modelled."
    )

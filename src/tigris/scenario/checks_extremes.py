"""Warnings on extreme but legal finance inputs (user test 2026-12-04, UT-MONEY #9).

Part of the warnings of :mod:`tigris.scenario.advice` (``warning: file:line: field:
message``, the scenario still planned): a value the schema accepts but that very
likely does not say what its author meant, or makes the headline read oddly:

- a facility's ``subsidy_share`` of 1 (:data:`SUBSIDY_SHARE_WARN`): the facility is
  paid for entirely by others, so the investor's capital spent on it is $0, its IRR
  is undefined (no negative flow) and the headline's "no payback within the cash
  flows" reads as a failure although the cumulative flow is never negative;
- a ``discount_rate`` of 0.5 or more (:data:`DISCOUNT_RATE_WARN`);
- a site's ``corporate_tax_rate`` of 0.6 or more (:data:`TAX_RATE_WARN`);
- a money input below :data:`UNIT_SLIP_RATIO` of the smallest shipped figure of its
  kind: a facility's ``capex_usd`` or a capital source's money under a thousandth of
  the cheapest shipped module, a ``capex_usd_per_mw`` under a thousandth of the
  cheapest shipped data centre's (:func:`money_unit_slips`; user test 2026-12-05:
  ``capex_usd: 1.5`` meant as $1.5B planned three CoWoS lines at $5.33 and an IRR of
  23 billion percent, with no word).

The thresholds are data (data/finance_warnings.csv, each with its source), read by
:func:`threshold`. Each check returns ``(location, message)`` pairs, as the checks do.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tigris import units
from tigris.data import load_rows
from tigris.fmt import money, share

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Loc, Parts
    from tigris.scenario.schema import Facility, Site

__all__ = [
    "DISCOUNT_RATE_WARN",
    "GROWTH_WARN",
    "POWER_LIMIT_SLIP_RATIO",
    "SUBSIDY_SHARE_WARN",
    "TAX_RATE_WARN",
    "UNIT_SLIP_RATIO",
    "demand_all_zero",
    "demand_unit_slips",
    "extreme_discount_rate",
    "extreme_tax_rates",
    "full_subsidies",
    "growth_past_the_horizon",
    "growth_slips",
    "min_modules_past_power_limit",
    "money_unit_slips",
    "power_limit_slips",
    "threshold",
]

#: The table of the thresholds, each row with its reason and source (``parameter``,
#: ``value``, ``unit``, ``source``, ``as_of``): ``subsidy_share`` [-], ``discount_rate``
#: [1/year], ``corporate_tax_rate`` [-] and ``highest_statutory_corporate_tax_rate`` [-]
#: (the one the tax warning quotes).
TABLE = "finance_warnings"


def threshold(parameter: str) -> float:
    """A threshold of data/finance_warnings.csv (its ``value``) [the row's ``unit``].

    Parameters
    ----------
    parameter : str
        The row's ``parameter`` name (``"discount_rate"``).

    Returns
    -------
    float
        The row's ``value``, in the row's ``unit``.

    Raises
    ------
    KeyError
        When the table has no such row, or more than one.

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


#: A money input below this share of the smallest shipped figure of its kind is warned
#: of as a unit slip [-] (data/finance_warnings.csv: a thousandth).
UNIT_SLIP_RATIO = threshold("unit_slip_ratio")
#: A demand's or workload's ``growth_per_year`` above this is said to be likelier a
#: percent written as a number [1/year] (data/finance_warnings.csv: 4, i.e. x5 a year,
#: the top of Epoch AI's 4-5x a year of frontier training compute).
GROWTH_WARN = threshold("growth_per_year")
#: A site's power limit below this share of the smallest module it may build is said
#: to be likelier GW written in MW [-] (data/finance_warnings.csv: a tenth; the plan's
#: explanation, :func:`tigris.plan.explain._too_big_text`).
POWER_LIMIT_SLIP_RATIO = threshold("power_limit_slip_ratio")
#: MW in a GW [MW/GW] (the unit a slipped power limit was most likely written in).
_MW_PER_GW = units.MW_PER_GW


def _cheapest_shipped() -> tuple[float, str, float, str]:
    """The smallest shipped module capex [USD] and data-centre capex per MW [USD/MW],
    each with the row it comes from (data/facility_types.csv ``capex_usd``;
    data/datacenter_types.csv ``module_mw`` x ``capex_usd_per_mw``)."""
    modules: list[tuple[float, str]] = []
    for row in load_rows("facility_types"):
        try:
            value = float(row.get("capex_usd"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(value) and value > 0:  # logic: priced by the fab layer
            modules.append((value, f"data/facility_types.csv {row['kind']}"))
    per_mw: list[tuple[float, str]] = []
    for row in load_rows("datacenter_types"):
        mw, usd = float(row["module_mw"]), float(row["capex_usd_per_mw"])
        where = f"data/datacenter_types.csv {row['facility']}"
        modules.append((mw * usd, f"{where}: {mw:g} MW x {money(usd)}/MW"))
        per_mw.append((usd, where))
    (module, m_row), (mw_usd, w_row) = min(modules), min(per_mw)
    return module, m_row, mw_usd, w_row


def _cheapest_own(parts: Parts) -> tuple[float, str] | None:
    """The smallest shipped module capex [USD] among the scenario's own facility kinds,
    with its row: a CoWoS or HBM module from data/facility_types.csv, a data centre's
    from data/datacenter_types.csv by its power (``module_mw`` x ``capex_usd_per_mw``);
    a logic module's is the fab layer's (not read here). None when no facility of the
    scenario has a shipped capex (logic only, or none): the caller falls back to the
    shipped modules. User test s48 API #5: a scenario of logic, CoWoS and HBM had its
    capital compared with a data-centre module it could not build."""
    from tigris.scenario.checks import facility_id

    rows: dict[str, tuple[float, str]] = {}
    for row in load_rows("facility_types"):
        try:
            value = float(row.get("capex_usd"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(value) and value > 0:
            rows[str(row["kind"])] = (value, f"data/facility_types.csv {row['kind']}")
    for row in load_rows("datacenter_types"):
        mw, usd = float(row["module_mw"]), float(row["capex_usd_per_mw"])
        where = f"data/datacenter_types.csv {row['facility']}: {mw:g} MW x {money(usd)}/MW"
        rows[str(row["facility"])] = (mw * usd, where)
    own = []
    for _, f in parts.facilities:
        key = facility_id(f.kind, f.node, f.power) if f.kind == "datacenter" else f.kind
        if key in rows:
            own.append(rows[key])
    return min(own) if own else None


def money_unit_slips(parts: Parts) -> Found:
    """Money inputs below :data:`UNIT_SLIP_RATIO` of the smallest shipped figure of
    their kind: a facility's ``capex_usd`` against the cheapest shipped module's capex,
    a capital source's ``amount_usd`` or ``usd_by_year`` value against the cheapest
    shipped module of the scenario's own facilities (:func:`_cheapest_own`; else any
    shipped module's), a facility's
    ``capex_usd_per_mw`` against the cheapest shipped data centre's. Legal (a price may
    fall), but so far below any module that the value is almost surely written in
    millions or billions; the plan would otherwise buy modules for a few dollars.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per money value (US$) above 0 and below
        :data:`UNIT_SLIP_RATIO` of its floor, at the field (a ``usd_by_year`` value at its
        year).
    """
    module, m_row, mw_usd, w_row = _cheapest_shipped()
    out: Found = []
    unit = "money is in USD, not thousands, millions or billions"

    def slip(loc: tuple[object, ...], value: float, floor: float, what: str, row: str) -> None:
        if 0 < value < UNIT_SLIP_RATIO * floor:
            msg = (
                f"{value:,.6g} USD is below 1/{1 / UNIT_SLIP_RATIO:,.0f} of {what} "
                f"({money(floor)}, {row}): {unit} (1.5e9 for $1.5B)"
            )
            out.append((loc, msg))

    for i, f in parts.facilities:
        if f.capex_usd is not None:
            slip(("facilities", i, "capex_usd"), f.capex_usd, module,
                 "the cheapest shipped module", m_row)  # fmt: skip
        if f.capex_usd_per_mw is not None:
            slip(("facilities", i, "capex_usd_per_mw"), f.capex_usd_per_mw, mw_usd,
                 "the cheapest shipped data centre's capex per MW", w_row)  # fmt: skip
    # capital against the cheapest module the scenario can build, where shipped
    own = _cheapest_own(parts) if parts.capital else None
    floor, row, what = module, m_row, "the cheapest shipped module"
    if own is not None:
        (floor, row), what = own, "the cheapest shipped module of the scenario's facilities"
    for i, c in parts.capital:
        if c.amount_usd is not None:
            slip(("capital", i, "amount_usd"), c.amount_usd, floor, what, row)
        for year, usd in (c.usd_by_year or {}).items():
            slip(("capital", i, "usd_by_year", year), float(usd), floor, what, row)
    return out


def _fewest_shipped() -> tuple[float, int]:
    """The fewest AI accelerators shipped in a whole year of
    ``data/accelerator_shipments.csv`` (every product of that year) and the year
    [accelerators]; the table's last year is left out, its figures being a part year
    (the whole years' minimum: 2022, ~0.94M)."""
    totals: dict[int, float] = {}
    for row in load_rows("accelerator_shipments"):
        year = int(row["year"])
        totals[year] = totals.get(year, 0.0) + float(row["units"])
    whole = {y: v for y, v in totals.items() if y != max(totals)} or totals
    year = min(whole, key=whole.__getitem__)
    return whole[year], year


def demand_unit_slips(parts: Parts) -> Found:
    """Demand below :data:`UNIT_SLIP_RATIO` of the fewest accelerators the world shipped
    in a year (:func:`_fewest_shipped`): legal (a small lab's), but so far below any
    year of the market that it is almost surely millions written as units
    (``h100e_by_year: {2026: 4}`` for 4 million; user test 2026-12-06 #3: accepted
    without a word, while capital written in billions was warned of).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` per demand class with such values, at its
        ``h100e_by_year`` or ``accelerators_by_year``, naming the years.
    """
    if not parts.demand:
        return []
    fewest, year = _fewest_shipped()
    floor = UNIT_SLIP_RATIO * fewest
    out: Found = []
    for i, d in parts.demand:
        maps = (("h100e_by_year", d.h100e_by_year, "H100e"),)
        if d.accelerators_by_year:
            totals = {y: float(sum(u.values())) for y, u in d.accelerators_by_year.items()}
            maps += (("accelerators_by_year", totals, "accelerators"),)
        for field, values, unit in maps:
            low = sorted(int(y) for y, v in (values or {}).items() if 0 < float(v) < floor)
            if not low:
                continue
            shown = ", ".join(f"{y}: {float(values[y]):,.6g}" for y in low[:3])
            more = f" and {len(low) - 3} more years" if len(low) > 3 else ""
            msg = (
                f"{shown}{more} {unit} is below 1/{1 / UNIT_SLIP_RATIO:,.0f} of the fewest "
                f"accelerators the world shipped in a year ({fewest:,.0f} in {year}, "
                "data/accelerator_shipments.csv): demand is counted one by one, not in "
                "thousands or millions (4e6 for 4 million)"
            )
            out.append((("demand", i, field), msg))
    return out


def growth_slips(parts: Parts) -> Found:
    """A demand's or workload's ``growth_per_year`` above :data:`GROWTH_WARN`: legal,
    but faster every year than the fastest published growth of AI compute, so likelier
    a percent written as a number (``growth_per_year: 15`` for 15 %, read as x16 a year;
    user test 2026-12-06: accepted without a word).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` per such ``growth_per_year``.
    """
    out: Found = []
    for i, d in parts.demand or []:
        found = [(("demand", i, "growth_per_year"), d.growth_per_year)]
        found += [
            (("demand", i, "workloads", j, "growth_per_year"), w.growth_per_year)
            for j, w in enumerate(d.workloads or [])
        ]
        for loc, g in found:
            if g is None or g <= GROWTH_WARN:
                continue
            msg = (
                f"{g:g} is growth of x{1 + g:g} a year, above the fastest published growth "
                f"of AI compute (x{1 + GROWTH_WARN:g} a year, data/finance_warnings.csv): "
                f"the field is a fraction ({g / 100:g} for {g:g} %)"
            )
            out.append((loc, msg))
    return out


def _module_mw(fac: Facility, site: Site) -> tuple[float, str] | None:
    """The MW of one module of facility ``fac`` at ``site`` as the plan takes it, with
    the facility type's name; None for a logic module without its own ``power_mw`` (the
    fab layer's, not read here) or a module of no power.

    A data centre's is the site's ``module_capacity`` for its type, else the facility's,
    else data/datacenter_types.csv's ``module_mw`` (docs/energy.md, "Scenario"); a CoWoS
    or HBM module's its facility's ``power_mw``, else data/facility_types.csv's."""
    from tigris.energy.data import datacenter_type
    from tigris.scenario.checks import facility_id

    fid = facility_id(fac.kind, fac.node, fac.power)
    if fac.kind == "datacenter":
        default = fac.module_capacity or datacenter_type(fid)["module_mw"]
        return float(site.module_capacity.get(fid, default)), fid
    mw = fac.power_mw
    if mw is None:
        rows = {str(r["kind"]): r for r in load_rows("facility_types")}
        try:
            mw = float(rows[fac.kind]["power_mw"])
            # a module sized by module_capacity draws in proportion (the plan's rule:
            # tigris.plan.assemble_sites._scale_to_size)
            if fac.module_capacity is not None:
                mw *= float(fac.module_capacity) / float(rows[fac.kind]["module_capacity"])
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return None
    return (float(mw), fid) if math.isfinite(float(mw)) and mw > 0 else None


def min_modules_past_power_limit(parts: Parts) -> Found:
    """A site whose ``min_modules`` of its smallest module draw more than its
    ``power_limit_mw``: each module takes its full MW from its start and the minimum
    counts the modules started by the last year (:mod:`tigris.plan.model`, the site
    rows), so no plan meets both; the solve said "infeasible" and blamed limits that
    played no part (user test 2026-12-07, scenario author #7: 6 HBM modules of 300 MW at
    a 1,500 MW site). Skipped where a module's MW is not known before the solve (a
    logic module without its own ``power_mw``: the fab layer's).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per such site, at ``sites[i].min_modules``.
    """
    if not {"sites", "facilities"} <= parts.complete:
        return []
    out: Found = []
    for i, site in parts.sites:
        limit = site.power_limit_mw
        if limit is None or not site.min_modules:
            continue
        sizes, unknown = _module_sizes(parts, site)
        if unknown or not sizes:  # a module of unknown MW: the least is not known
            continue
        mw, fid = min(sizes)
        need = site.min_modules * mw
        if need > limit:
            msg = (
                f"{site.min_modules} modules of at least {mw:,.6g} MW each (its "
                f"smallest, {fid}) draw {need:,.6g} MW from their start, above the "
                f"site's power_limit_mw of {limit:,.6g}: no plan meets both; lower "
                "min_modules or raise the limit"
            )
            out.append((("sites", i, "min_modules"), msg))
    return out


def _module_sizes(parts: Parts, site: Site) -> tuple[list[tuple[float, str]], bool]:
    """The MW and type of a module of each facility ``site`` may build (its
    ``facilities``, if given, list it), as :func:`_module_mw` reads it, and whether any
    such facility's module is of unknown MW (or none)."""
    from tigris.scenario.checks import facility_id

    sizes, unknown = [], False
    for _, fac in parts.facilities:
        fid = facility_id(fac.kind, fac.node, fac.power)
        if site.facilities is not None and fid not in site.facilities:
            continue
        size = _module_mw(fac, site)
        if size is None:
            unknown = True
        else:
            sizes.append(size)
    return sizes, unknown


def power_limit_slips(parts: Parts) -> Found:
    """A site's ``power_limit_mw`` above 0 and below :data:`POWER_LIMIT_SLIP_RATIO` of
    the smallest module it may build: legal, but no module fits, and so far below one
    that GW were most likely written where MW are asked (``power_limit_mw: 0.5`` for
    500 MW). The plan said so only after the solve (:func:`tigris.plan.explain.
    _too_big_text`); a scenario check said nothing (user test 2026-12-06).

    A site may build a facility when its ``max_modules`` is not 0 and its
    ``facilities`` (if given) list it; a module's MW is as :func:`_module_mw` reads it.
    A limit of 0 (no new power) is said plainly and is not warned of.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per such site, at ``sites[i].power_limit_mw``.
    """
    if not {"sites", "facilities"} <= parts.complete:
        return []
    out: Found = []
    for i, site in parts.sites:
        limit = site.power_limit_mw
        if limit is None or not limit > 0 or site.max_modules == 0:
            continue
        sizes, _ = _module_sizes(parts, site)
        if not sizes:
            continue
        mw, fid = min(sizes)
        if limit < POWER_LIMIT_SLIP_RATIO * mw:
            msg = (
                f"{limit:g} MW is below {share(POWER_LIMIT_SLIP_RATIO, 0)} of the smallest "
                f"module this site may build ({fid}, {mw:,.0f} MW), so no module fits: the "
                f"field is in MW ({limit:g} GW is {limit * _MW_PER_GW:,.0f})"
            )
            out.append((("sites", i, "power_limit_mw"), msg))
    return out


def full_subsidies(parts: Parts) -> Found:
    """Facilities whose ``subsidy_share`` is :data:`SUBSIDY_SHARE_WARN` or more.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per facility, at ``facilities[i].subsidy_share``.
    """
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
    """A ``discount_rate`` of :data:`DISCOUNT_RATE_WARN` or more.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` at ``discount_rate`` when it is too high, else empty
        (also without a validated scenario).
    """
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
    """Sites whose ``corporate_tax_rate`` is :data:`TAX_RATE_WARN` or more.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per site, at ``sites[i].corporate_tax_rate``.
    """
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


def demand_all_zero(parts: Parts) -> Found:
    """Every demand class written as numbers, and all of them 0: legal (a world that asks
    for nothing), but then the plan serves nothing and says all demand is met, which a
    demand slip (the 0 left by an edit) reads as an answer (user test 2026-12-07,
    scenario author #6: ``h100e_by_year: {2026: 0, 2035: 0}`` gave no word, where 100
    was warned of by :func:`demand_unit_slips`). A class with workloads, a calibrated
    share or any value above 0 asks for something, and nothing is said.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` at ``demand`` when every class asks for 0 in every
        year, else empty.
    """
    if not parts.demand:
        return []
    for _, d in parts.demand:
        if d.workloads or d.calibrated_share is not None:
            return []
        values = list((d.h100e_by_year or {}).values())
        values += [float(sum(u.values())) for u in (d.accelerators_by_year or {}).values()]
        if not values or any(float(v) > 0 for v in values):
            return []
    msg = (
        "every demand class asks for 0 in every year it gives: the plan has nothing to "
        "serve, builds only what pays for itself, and reads as all demand met; a slip? "
        "(demand is counted in H100e or accelerators a year, one by one)"
    )
    return [(("demand",), msg)]


def growth_past_the_horizon(parts: Parts) -> Found:
    """A ``growth_per_year`` whose series already reaches the horizon's last year: it
    extends a series past its last given year, so it changes nothing, where the author
    most likely meant it to (user test 2026-12-07, scenario author #9: 2035 demand was
    1,500M with or without it).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` per such ``growth_per_year``.
    """
    from tigris.scenario.checks import _growth_series

    years = parts.years
    if not len(years):
        return []
    end = int(years[-1])
    out: Found = []
    seen: set[Loc] = set()
    for loc, _, growth, n_years in _growth_series(parts):
        if n_years > 0 or loc in seen:
            continue
        seen.add(loc)
        msg = (
            f"{growth:g} a year changes nothing: it extends a series past its last given "
            f"year, and this one is given to {end - n_years}, the horizon's last year "
            f"being {end}; give fewer years, or leave it out"
        )
        out.append((loc, msg))
    return out

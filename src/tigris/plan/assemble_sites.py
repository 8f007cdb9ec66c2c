"""Sites and modules of a plan: the investor's and, when incumbents respond, theirs.

Part of :mod:`tigris.plan.assemble` (which strings the jobs together): one
:class:`_SiteSpec` per site the plan may build at, the :class:`_Module` of each
(site, facility type) allowed, priced by the fab layer (logic) or
``data/facility_types.csv`` (CoWoS, HBM: quoted at the row's ``priced_at_site`` and moved
to the site by its construction-cost multiplier and build and ramp months,
:func:`capex_at_site`, :func:`moved_profiles`), and their (S, K) and (S, K, L) arrays.
:func:`tigris.scenario.advice.override_unreached` says which site overrides reach which
module kinds.
Also the small helpers both modules use (the assumptions table, number parsing).

Every cost taken from the fab layer (a logic module's capex, fixed opex, subsidy and
the variable cost of a logic wafer) is in US dollars of the scenario's
``currency_year`` (:func:`plan_dollars_of`: ``fab_model(..., dollars_of=currency_year)``,
tools by the BLS PPI for semiconductor machinery, building, hook-up and running costs
by the CPI-U; :mod:`tigris.fab.dollars`). The facility table's CoWoS and HBM figures
carry no price year and are taken as quoted (``docs/finance.md``, "Money of which
year").
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tigris.data import data_cache, list_tables, load_table
from tigris.plan.inputs import CAPACITY_UNITS, INVESTOR, MONTHS_PER_YEAR
from tigris.scenario import Scenario, facility_id, resolve_site


def _profile(text: Any) -> list[float] | None:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    return [float(x) for x in str(text).split("|")]


def _facility_table() -> dict[str, dict[str, Any]]:
    return {str(r["kind"]): r for r in load_table("facility_types").to_dict("records")}


def _site_rows() -> dict[str, dict[str, Any]]:
    if "sites" not in list_tables():
        return {}
    return {str(r["site"]).lower(): r for r in load_table("sites").to_dict("records")}


def _num(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _given(value: Any, default: Any) -> Any:
    """The scenario's value when given (not None), else the layer's default."""
    return default if value is None else value


class _Assumptions:
    def __init__(self) -> None:
        self.rows: list[tuple[str, Any, str, str]] = []

    def add(self, parameter: str, value: Any, unit: str, source: str) -> None:
        self.rows.append((parameter, value, unit, source))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["parameter", "value", "unit", "source"])


def _kind_and_node(fid: str) -> tuple[str, str]:
    if fid.startswith("datacenter"):  # datacenter, datacenter-gas, datacenter-solar
        return "datacenter", ""
    return ("logic", fid[len("logic-") :]) if fid.startswith("logic-") else (fid, "")


# --- modules per site -----------------------------------------------------------------


@dataclass(frozen=True)
class _Module:
    """One module of a facility type at a site, as the plan sees it."""

    capacity: float
    line_yield: float
    capex_usd: float
    subsidy_usd: float
    spend: np.ndarray
    output: np.ndarray
    opex_usd_per_year: float
    power_mw: float
    euv_tools: float
    high_na_tools: float
    equipment_share: float = 1.0
    #: The part of ``opex_usd_per_year`` that is a data-centre module's energy premium
    #: over the pool's at full use [USD/year] (0 for fabs; negative when its own energy
    #: is cheaper): the assumptions print the fixed opex without it (user test #5).
    energy_premium_usd_per_year: float = 0.0


def plan_dollars_of(sc: Scenario) -> int:
    """The year whose US dollars the plan's fab-layer costs are in [year]: the
    scenario's ``currency_year``.

    Refused (one line naming ``currency_year``) outside the years every price index of
    :mod:`tigris.fab.dollars` has a value for (:func:`~tigris.fab.dollars.published_years`):
    a plan does not extrapolate an index past its last published year.

    Parameters
    ----------
    sc : Scenario
        The validated scenario.

    Returns
    -------
    int
        The currency year [year].

    Raises
    ------
    InputError
        If ``currency_year`` is outside the indices' years (field ``currency_year``).

    References
    ----------
    ``docs/finance.md``, "Money of which year"; U.S. Bureau of Labor Statistics CPI-U and
    PPI PCU333242333242 (``data/fab_price_index.csv``,
    ``data/fab_equipment_price_index.csv``).
    """
    from tigris.fab.dollars import check_published_year

    return check_published_year(int(sc.currency_year), field="currency_year")


#: Site whose fab-layer costs price the variable cost of a logic wafer, for every site
#: and existing line alike (the contract of issue 11: the world's leading-edge wafers
#: are made there; ``docs/finance.md``).
VARIABLE_COST_SITE = "taiwan"
#: The fab layer's cash opex that does not scale with wafers out [USD/year]; the rest of
#: its cash opex (:data:`VARIABLE_OPEX`) is charged per finished wafer.
FIXED_OPEX = ("labour", "maintenance")
#: The fab layer's cash opex that scales with wafers out: per finished wafer, the
#: plan's variable cost of a logic wafer (``docs/finance.md``, "Cash flows").
VARIABLE_OPEX = ("materials", "energy", "water")


@data_cache  # the data tables' numbers only: computed once per overlay
def logic_variable_cost(node: str, wspm: float, dollars_of: int) -> float:
    """Variable cash cost of one finished logic wafer [USD of ``dollars_of``/wafer]: the
    fab layer's materials, energy and water of a module of ``wspm`` at
    :data:`VARIABLE_COST_SITE`, per finished wafer at full output, in US dollars of
    ``dollars_of`` (``fab_model(..., dollars_of=...)``: CPI-U from each figure's price
    year; ``docs/finance.md``, "Cash flows" and "Money of which year")."""
    from tigris.fab import fab_model

    r = fab_model(node, wspm, VARIABLE_COST_SITE, dollars_of=dollars_of)
    return sum(r.opex_breakdown_usd_per_year[x] for x in VARIABLE_OPEX) / r.wafers_per_year


def fixed_opex(r: Any, variable_cost_usd_per_wafer: float) -> float:
    """Fixed cash opex of a logic module [USD/year]: the fab layer's cash opex at its
    site (depreciation left out: the plan counts capex itself) less what the plan
    charges per finished wafer at full output.

    That is labour + maintenance (:data:`FIXED_OPEX`), plus the site's premium (or
    discount) on materials, energy and water over the per-wafer variable cost the plan
    charges every wafer of the node (priced at :data:`VARIABLE_COST_SITE`): at
    ``taiwan`` exactly labour + maintenance, and at any site fixed + variable cost x
    wafers at full output is the fab layer's cash opex there, so a site's electricity
    and water prices still reach the plan.

    Parameters
    ----------
    r : tigris.fab.FabResult
        The fab layer's module at its site.
    variable_cost_usd_per_wafer : float
        The plan's variable cost of one finished wafer of the node [USD/wafer].
    """
    cash = r.opex_breakdown_usd_per_year
    site_variable = sum(cash[x] for x in VARIABLE_OPEX)
    premium = site_variable - variable_cost_usd_per_wafer * r.wafers_per_year
    return float(sum(cash[x] for x in FIXED_OPEX) + premium)


def _module_from_fab(
    node: str, wspm: float, site: Any, variable: float, dollars_of: int | None = None
) -> dict[str, Any]:
    """The fab layer's logic module in US dollars of ``dollars_of`` (tools by the PPI for
    semiconductor machinery, building and hook-up by the CPI-U, :mod:`tigris.fab.dollars`;
    None: all of it in dollars of the node's capex price year, as ``fab_model``'s default;
    the plan always passes its :func:`plan_dollars_of`): every field the plan may take
    from it; its fixed opex given the plan's ``variable`` cost per finished wafer of the
    node [USD/wafer] (:func:`fixed_opex`)."""
    from tigris.fab import fab_model

    r = fab_model(node, wspm, site, dollars_of=dollars_of)
    equipment = r.capex_usd - r.capex_breakdown_usd["building"]
    return {
        "capex_usd": float(r.capex_usd),
        "spend": np.asarray(r.capex_spend_fraction_by_year, dtype=float),
        "output": np.asarray(r.output_fraction_by_year, dtype=float),
        "opex": fixed_opex(r, variable),
        "equipment_share": float(equipment / r.capex_usd),
        "power": float(r.power_mw),
        "euv": float(r.euv_tools),
        "high_na": float(r.high_na_tools),
        "subsidy": float(r.subsidy_usd),
        # finished wafers out per wafer started: the fab layer's own output number
        "yield": float(r.wafers_per_year) / (MONTHS_PER_YEAR * wspm),
    }


@data_cache
def _fab_module_of_tables(
    node: str, wspm: float, site: str, variable: float, dollars_of: int
) -> dict[str, Any]:
    return _module_from_fab(node, wspm, site, variable, dollars_of)


def _shipped_fab_module(
    node: str, wspm: float, site: str, variable: float, dollars_of: int
) -> dict[str, Any]:
    """:func:`_module_from_fab` at a site without overrides: a function of the data
    tables only, so computed once per overlay (a sweep asks for the same modules in
    every member); arrays copied, so no caller can change the cached module."""
    cached = _fab_module_of_tables(node, wspm, site, variable, dollars_of)
    return {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in cached.items()}


#: ``data/sites.csv`` fields that move a CoWoS or HBM module away from the site its
#: ``data/facility_types.csv`` row is priced at (``priced_at_site``).
TABLE_MODULE_SITE_FIELDS = ("construction_cost_multiplier", "construction_months", "ramp_months")


def capex_at_site(
    capex_usd: float,
    equipment_share: float,
    hookup_share: float,
    multiplier: float,
    reference_multiplier: float,
) -> tuple[float, float]:
    """A module's capex quoted at one site, moved to another [USD], and its equipment
    share there [-], by the fab layer's rule for a logic module.

    The building part ``(1 - e) C`` scales with the sites' construction-cost multipliers,
    ``m / m0``; the equipment part ``e C`` is tools at the world price plus their hook-up,
    whose premium over Taiwan is ``(m - 1) h`` of the tool price
    (:func:`tigris.fab.model.installation_premium`), so it scales by
    ``(1 + h (m - 1)) / (1 + h (m0 - 1))``::

        C(m) = C [(1 - e) m / m0 + e (1 + h (m - 1)) / (1 + h (m0 - 1))]

    Parameters
    ----------
    capex_usd : float
        The module's capex at the site it is quoted at [USD].
    equipment_share : float
        Equipment (tools and their installation) share of that capex, ``e`` [-].
    hookup_share : float
        Tool installation and hook-up at Taiwan cost as a share of tool price, ``h`` [-].
    multiplier : float
        Construction cost of the site the module is built at, relative to Taiwan,
        ``m`` [-].
    reference_multiplier : float
        The same of the site the capex is quoted at, ``m0`` [-].

    Returns
    -------
    capex_usd : float
        The module's capex at the site [USD].
    equipment_share : float
        Equipment share of it [-].

    References
    ----------
    .. [1] Exyte (H. Blaschitz, SEMI ISS 2025): fab construction costs by region, tools
       priced the same worldwide (``data/sites.csv`` ``construction_cost_multiplier``).
    .. [2] ``tigris.fab.model.installation_premium`` and the
       ``tool_hookup_share_of_equipment`` row of ``data/fab_parameters.csv``.

    Examples
    --------
    A Taiwan-priced 1.5 B USD module, 70 % equipment, in a 2x site with 10 % hook-up:

    >>> capex, e = capex_at_site(1.5e9, 0.7, 0.1, 2.0, 1.0)
    >>> round(capex / 1e6, 1), round(e, 4)
    (2055.0, 0.562)
    """
    from tigris.fab.model import installation_premium

    building = (1.0 - equipment_share) * capex_usd * multiplier / reference_multiplier
    tools = equipment_share * capex_usd / (1.0 + hookup_share * (reference_multiplier - 1.0))
    equipment = tools + installation_premium(tools, hookup_share, multiplier)
    total = building + equipment
    return float(total), float(equipment / total) if total > 0 else float(equipment_share)


def _cumulative(profile: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Integral of a yearly profile, constant within each year and its last value
    after it, from 0 to ``u`` [years x profile unit]."""
    edges = np.concatenate([[0.0], np.cumsum(profile)])
    n = len(profile)
    inside = np.interp(np.clip(u, 0.0, n), np.arange(n + 1.0), edges)
    return inside + np.clip(u - n, 0.0, None) * profile[-1]


def moved_profiles(
    spend: np.ndarray, output: np.ndarray, build_delta_years: float, ramp_delta_years: float
) -> tuple[np.ndarray, np.ndarray]:
    """A module's yearly spend and output profiles from groundbreaking, moved to a site
    whose build is ``build_delta_years`` and whose ramp is ``ramp_delta_years`` longer
    (negative: shorter) than those of the site they are quoted at.

    The fab layer's rule (:func:`tigris.fab.curves.annual_output_fraction`): output
    starts when the build ends and reaches full output a ramp later, so a site whose
    build is longer by ``dB`` starts output ``dB`` later, and one whose ramp is longer
    by ``dR`` reaches full output ``dB + dR`` later. The quoted profile's build is its
    years before the first with output, ``b0``, and its ramp the years from there to
    the first at full output, ``r0``; time is mapped piecewise linearly, ``[0, b0 + dB]``
    onto ``[0, b0]`` and ``[b0 + dB, b0 + dB + r0 + dR]`` onto ``[b0, b0 + r0]``, one to one
    after. Spend is stretched with the build (money spent by a time of the quoted build
    is spent by the mapped time), output is the quoted profile (constant within each
    year) at the mapped time, averaged over each year. With ``dB = dR = 0`` the profiles
    are the quoted ones. A build or ramp shortened to nothing (``b0 + dB <= 0``,
    ``r0 + dR <= 0``) happens at an instant: what the quoted profile spent during it is
    spent then, counted in the year that instant starts, and output jumps past it. A
    quoted ramp of nothing (``r0 = 0``, the profile full from its first year of output)
    lengthened by ``dR > 0`` rises linearly from 0 to full output over ``dR`` (its mean
    1/2, as the fab layer's point-symmetric S-curve's); a quoted build of nothing
    lengthened by ``dB`` puts nothing out during it.

    Parameters
    ----------
    spend : numpy.ndarray
        Share of capex spent in each year from groundbreaking [-], summing to 1.
    output : numpy.ndarray
        Share of full output in each year from groundbreaking [-].
    build_delta_years : float
        The site's construction time less the quoted site's [years].
    ramp_delta_years : float
        The site's ramp time less the quoted site's [years].

    Returns
    -------
    spend, output : numpy.ndarray
        The moved profiles (output's last value holds after it) [-].

    References
    ----------
    .. [1] ``tigris.fab.curves.annual_output_fraction`` and ``capex_spend_fractions``
       (build then logistic ramp; Fisher and Pry 1971), the fab layer's rule.

    Examples
    --------
    A build three months longer and a ramp six months longer (Taiwan to Arizona,
    ``data/sites.csv``) of the CoWoS profiles 0.4|0.6 and 0|0|0.5|1:

    >>> s, o = moved_profiles(np.array([0.4, 0.6]), np.array([0, 0, 0.5, 1.0]), 0.25, 0.5)
    >>> s.round(4).tolist(), o.round(4).tolist()
    ([0.3556, 0.5111, 0.1333], [0.0, 0.0, 0.375, 0.625, 1.0])
    """
    spend = np.asarray(spend, dtype=float)
    output = np.asarray(output, dtype=float)
    on = np.nonzero(output > 0)[0]
    full = np.nonzero(output >= output.max())[0]
    if not len(on) or (build_delta_years == 0 and ramp_delta_years == 0):
        return spend.copy(), output.copy()
    b0, f0 = float(on[0]), float(full[0])
    b = max(b0 + build_delta_years, 0.0)
    f = max(b + (f0 - b0) + ramp_delta_years, b)

    def to_quoted(t: np.ndarray, right: bool) -> np.ndarray:
        """phi: the site's time -> the quoted time, its limit from the right or the
        left where it jumps (a build or a ramp shortened to nothing)."""
        build = b0 * t / b if b > 0 else np.zeros_like(t)
        ramp = b0 + (t - b) * (f0 - b0) / (f - b) if f > b else np.full_like(t, f0)
        after = f0 + (t - f)
        if right:
            return np.where(t < b, build, np.where(t < f, ramp, after))
        return np.where(t <= b, build, np.where(t <= f, ramp, after))

    end = max(f + (len(spend) - f0), f + (len(output) - f0), 1.0)
    n = math.ceil(end - 1e-9)
    edges = np.arange(n + 1.0)
    # spent before each year's start: what the quoted profile spent before phi's left limit
    cum_spend = np.interp(
        to_quoted(edges, right=False), np.arange(len(spend) + 1.0), np.r_[0, np.cumsum(spend)]
    )
    moved_spend = np.diff(cum_spend)
    # output: integrate the quoted profile over the mapped time, segment by segment
    # (on a segment of slope c > 0, int o(phi(t)) dt = (O(phi(y)) - O(phi(x))) / c)
    knots = np.unique(np.concatenate([edges, [x for x in (b, f) if 0 < x < n]]))
    lo, hi = knots[:-1], knots[1:]
    q_lo, q_hi = to_quoted(lo, right=True), to_quoted(hi, right=False)
    d_quoted = q_hi - q_lo
    # slope 0: a build longer than a quoted one of 0 (no output), or a ramp longer than a
    # quoted one of 0, rising linearly to the quoted full output (its mean 1/2, as the
    # fab layer's point-symmetric S-curve, annual_output_fraction)
    rise = np.clip(((lo + hi) / 2 - b) / (f - b), 0.0, 1.0) if f > b else np.ones_like(lo)
    flat = np.where(hi <= b, 0.0, rise * output[int(f0)])
    piece = np.where(
        d_quoted > 1e-12,
        (_cumulative(output, q_hi) - _cumulative(output, q_lo))
        * (hi - lo)
        / np.where(d_quoted > 1e-12, d_quoted, 1.0),
        flat * (hi - lo),
    )
    moved_output = np.array([piece[(lo >= j) & (hi <= j + 1)].sum() for j in range(n)])
    last = int(np.nonzero(moved_spend > 1e-12)[0][-1]) + 1
    return moved_spend[:last], moved_output


def _site_number(values: dict[str, Any], key: str) -> float | None:
    return _num(values.get(key)) if values else None


def _quoted_site_row(site: str) -> dict[str, Any] | None:
    """The shipped ``data/sites.csv`` row of a quote's ``priced_at_site``: the values
    the quoted capex and profiles are normalised to, part of the quote itself. A
    ``--data`` overlay or a risk draw of that site's row (``data.sites.taiwan...``)
    moves the modules built there, as at any site, not the quote's baseline (else a
    longer Taiwan build would leave the CoWoS line at taiwan as quoted and speed up
    every other site's)."""
    from tigris.data import using_overlay

    with using_overlay(None):
        return _site_rows().get(site.lower())


def _module_from_table(
    row: dict[str, Any], site_values: dict[str, Any] | None = None, own: Any = None
) -> dict[str, Any]:
    """A CoWoS or HBM module from ``data/facility_types.csv``: its fixed cash opex is the
    table's opex x (1 - ``variable_share_of_opex``) and its equipment share
    ``equipment_share_of_capex`` (``data/finance_parameters.csv``).

    ``site_values`` (the ``data/sites.csv`` row of the site it is built at, with the
    scenario's overrides) moves it from the row's ``priced_at_site`` (its shipped row,
    :func:`_quoted_site_row`): capex by
    :func:`capex_at_site` (the two sites' ``construction_cost_multiplier``), spend and
    output by :func:`moved_profiles` (their ``construction_months`` and
    ``ramp_months``). Its opex, power and tools stay the table's: the row's opex is one
    figure, with no sourced labour or energy share, so a site's labour and electricity
    prices do not reach it (``docs/scenario-files.md``, "What a site's overrides reach").

    ``own`` (the scenario's facility) replaces the row's ``capex_usd``,
    ``spend_profile`` and ``output_profile`` where it gives them: they are the module as
    quoted at ``priced_at_site``, moved to the site as the row's are (so a facility that
    restates the row's values plans as one that does not).
    """
    from tigris.finance.prices import finance_parameter

    kind = str(row["kind"])
    variable = finance_parameter("variable_share_of_opex", kind)
    capex = float(_given(getattr(own, "capex_usd", None), row["capex_usd"]))
    equipment_share = finance_parameter("equipment_share_of_capex", kind)
    spend = np.asarray(
        getattr(own, "spend_profile", None) or _profile(row["spend_profile"]), dtype=float
    )
    output = np.asarray(
        getattr(own, "output_profile", None) or _profile(row["output_profile"]), dtype=float
    )
    priced_at = row.get("priced_at_site")
    quoted = _quoted_site_row(priced_at) if isinstance(priced_at, str) else None
    if site_values and quoted:
        from tigris.fab import fab_param

        m = _site_number(site_values, "construction_cost_multiplier")
        m0 = _site_number(quoted, "construction_cost_multiplier")
        if m is not None and m0:
            h = fab_param("tool_hookup_share_of_equipment")
            capex, equipment_share = capex_at_site(capex, equipment_share, h, m, m0)
        months = [
            (_site_number(site_values, k), _site_number(quoted, k))
            for k in ("construction_months", "ramp_months")
        ]
        if all(a is not None and b is not None for a, b in months):
            (b, b0), (r, r0) = months
            spend, output = moved_profiles(
                spend, output, (b - b0) / MONTHS_PER_YEAR, (r - r0) / MONTHS_PER_YEAR
            )
    return {
        "capex_usd": capex,
        "spend": spend,
        "output": output,
        "opex": (1.0 - variable) * float(row["opex_usd_per_year"]),
        "equipment_share": equipment_share,
        "power": float(row["power_mw"]),
        "euv": float(row["euv_tools"]),
        "high_na": float(row["high_na_tools"]),
        "subsidy": None,
        "yield": 1.0,
    }


def _module(f: Any, size: float, base: dict[str, Any], site_share: float) -> _Module:
    """A module from the layer's defaults ``base`` with the scenario's overrides ``f``.

    The subsidy is the facility's own share of capex if given; else the fab layer's
    (site share × its capex) unless the scenario overrides capex; else the site's share
    of the capex used.
    """
    capex = float(_given(f.capex_usd, base["capex_usd"]))
    if f.subsidy_share is not None:
        subsidy = f.subsidy_share * capex
    elif base["subsidy"] is not None and f.capex_usd is None:
        subsidy = base["subsidy"]
    else:
        subsidy = site_share * capex
    return _Module(
        capacity=size,
        line_yield=base["yield"],
        capex_usd=capex,
        subsidy_usd=min(subsidy, capex),
        spend=np.asarray(f.spend_profile or base["spend"], dtype=float),
        output=np.asarray(f.output_profile or base["output"], dtype=float),
        opex_usd_per_year=float(_given(f.opex_usd_per_year, base["opex"])),
        power_mw=float(_given(f.power_mw, base["power"])),
        euv_tools=float(_given(f.euv_tools, base["euv"])),
        high_na_tools=float(_given(f.high_na_tools, base["high_na"])),
        equipment_share=float(base["equipment_share"]),
    )


_OVERRIDE_UNITS = {
    "construction_months": "months",
    "ramp_months": "months",
    "electricity_usd_per_kwh": "USD/kWh",
    "labour_usd_per_fte_year": "USD/FTE/year",
}


#: ``sites.csv`` prices a scenario may override (``SITE_OVERRIDES``): the fab layer reads
#: them in dollars of ``site_prices_price_year``, a scenario gives them in dollars of its
#: ``currency_year`` (``docs/finance.md``, "Money of which year").
_SITE_PRICES = ("electricity_usd_per_kwh", "labour_usd_per_fte_year")


def _fab_site(site: str, overrides: dict[str, float], dollars_of: int) -> Any:
    """The fab layer's site (``sites.csv`` row) with the scenario's overrides applied.

    A price the scenario gives (:data:`_SITE_PRICES`) is in US dollars of its
    ``currency_year`` (``dollars_of``), while ``fab_model`` reads a site's prices in
    dollars of ``site_prices_price_year`` and converts them to ``dollars_of`` by the
    CPI-U ratio: the override is put into that year's dollars by the inverse ratio, so
    the plan charges the amount the scenario wrote (else a 2021 scenario's labour
    override would come out x CPI(2021)/CPI(2024) = 0.86 of it).
    """
    if not overrides:
        return site
    from tigris.fab import fab_param, get_site
    from tigris.fab.dollars import dollars_factor

    row = get_site(site)
    to_table = dollars_factor(
        dollars_of, int(fab_param("site_prices_price_year", site=row.name)), "currency_year"
    )
    given = {k: v * to_table if k in _SITE_PRICES else v for k, v in overrides.items()}
    return dataclasses.replace(row, **given)


@dataclass(frozen=True)
class _SiteSpec:
    """One site as the plan sees it: an investor's (``sites[]``) or an incumbent's."""

    name: str  # the plan's name: "taiwan", "tsmc@taiwan"
    site: str  # the data/sites.csv name
    owner: str
    facilities: tuple[str, ...] | None  # facility ids allowed (None: every one)
    kinds: tuple[str, ...] | None  # facility kinds allowed (None: every one)
    overrides: dict[str, float]
    module_capacity: dict[str, float]
    max_modules: float
    min_modules: float
    power_limit_mw: float


def _slug(owner: str) -> str:
    """An owner as the first part of its sites' names: ``"SK hynix"`` -> ``"sk-hynix"``."""
    return "-".join(owner.lower().split())


def _site_specs(sc: Scenario, notes: _Assumptions) -> list[_SiteSpec]:
    """The investor's sites (``sites[]``), then, with ``incumbents.respond``, each
    incumbent's own sites (:func:`tigris.world.incumbents.owner_sites`)."""
    out = [
        _SiteSpec(
            name=resolve_site(s.name) or s.name,
            site=resolve_site(s.name) or s.name,
            owner=INVESTOR,
            facilities=None if s.facilities is None else tuple(s.facilities),
            kinds=None,
            overrides=s.table_overrides(),
            module_capacity=dict(s.module_capacity),
            max_modules=float(_given(s.max_modules, np.inf)),
            min_modules=float(s.min_modules),
            power_limit_mw=float(_given(s.power_limit_mw, np.inf)),
        )
        for s in sc.sites
    ]
    if not sc.incumbents.respond:
        return out
    from tigris.world.incumbents import incumbent_owners, owner_sites

    kinds: set[str] = set()
    for owner in incumbent_owners():
        for row in owner_sites(owner):
            kinds.update(str(k) for k in row["kinds"])
            site = resolve_site(str(row["site"])) or str(row["site"])
            out.append(
                _SiteSpec(
                    name=f"{_slug(owner)}@{site}",
                    site=site,
                    owner=owner,
                    facilities=None,
                    kinds=tuple(row["kinds"]),
                    overrides={},
                    module_capacity={},
                    max_modules=float(_given(_num(row.get("max_modules")), np.inf)),
                    min_modules=0.0,
                    power_limit_mw=np.inf,
                )
            )
    notes.add(
        "incumbents respond",
        "incumbents are owners too: their sites and capital, the same facility menu",
        "-",
        sc.incumbents.source
        or "data/incumbent_sites.csv, data/incumbent_capital.csv (tigris.world.incumbents); "
        "a cooperative world (docs/plan.md)",
    )
    # what their sites may host, '|'-separated facility kinds (read by the headline's
    # sentence on incumbents that build nothing: tigris.plan.summary)
    notes.add(
        "incumbents may build",
        "|".join(sorted(kinds)),
        "-",
        "data/incumbent_sites.csv (tigris.world.incumbents.owner_sites)",
    )
    return out


@dataclass(frozen=True)
class _Power:
    """What a datacenter module needs beyond its facility entry: each site's region,
    the planning years and the pool's mean electricity price [USD/MWh]."""

    regions: list[str]
    years: np.ndarray
    pool_usd_per_mwh: float
    site_pue: dict[str, float] = dataclasses.field(default_factory=dict)  # by plan name
    plan_pue: float | None = None  # the unit of datacenter rows (MW at this PUE)
    price_multiplier: float = 1.0  # datacenters.electricity_price_multiplier (grid modules)


def _datacenter(f: Any, fid: str, spec: _SiteSpec, region: str, power: _Power) -> _Module:
    """A datacenter module at a site (:func:`tigris.plan.assemble_energy.datacenter_module`),
    spend and output profiles overridable as any module's; no subsidy unless the
    facility gives its own share (the sites' subsidies are fab grants)."""
    from tigris.plan.assemble_energy import datacenter_module

    base = datacenter_module(
        f,
        fid,
        spec.module_capacity.get(fid),
        region,
        power.years,
        power.pool_usd_per_mwh,
        site_pue=power.site_pue.get(spec.name),
        plan_pue=power.plan_pue,
        price_multiplier=power.price_multiplier,
    )
    capex = base["capex_usd"]
    return _Module(
        capacity=base["capacity"],
        line_yield=1.0,
        capex_usd=capex,
        subsidy_usd=float(f.subsidy_share or 0.0) * capex,
        spend=np.asarray(f.spend_profile or base["spend"], dtype=float),
        output=np.asarray(f.output_profile or base["output"], dtype=float),
        opex_usd_per_year=base["opex"],
        power_mw=base["power"],
        euv_tools=0.0,
        high_na_tools=0.0,
        equipment_share=base["equipment_share"],
        energy_premium_usd_per_year=base["energy_premium"],
    )


def _modules(
    sc: Scenario,
    specs: list[_SiteSpec],
    fac_ids: list[str],
    notes: _Assumptions,
    power: _Power | None = None,
) -> dict[tuple[int, int], _Module]:
    """The module of every (site, facility type) allowed; datacenter modules need
    ``power`` (each site's region, the years and the pool's price). Logic modules are
    priced in US dollars of the scenario's ``currency_year`` (:func:`plan_dollars_of`)."""
    dollars_of = plan_dollars_of(sc)
    site_rows = _site_rows()
    table = _facility_table()
    by_id = {facility_id(f.kind, f.node, f.power): f for f in sc.facilities}
    fab_cache: dict[tuple[str, float, str], dict[str, Any]] = {}
    modules: dict[tuple[int, int], _Module] = {}
    for s, spec in enumerate(specs):
        site, overrides = spec.site, spec.overrides
        allowed_ids = spec.facilities if spec.facilities is not None else tuple(by_id)
        site_values = {**site_rows.get(site, {}), **overrides}
        share = _num(site_values.get("subsidy_share_of_capex"))
        fab_site = _fab_site(site, overrides, dollars_of)
        for key, value in overrides.items():
            unit = _OVERRIDE_UNITS.get(key, "-")
            notes.add(f"{site}: {key}", value, unit, "scenario (overrides data/sites.csv)")
        for k, fid in enumerate(fac_ids):
            f = by_id.get(fid)
            if f is None or fid not in allowed_ids:
                continue
            if spec.kinds is not None and f.kind not in spec.kinds:
                continue
            if f.kind == "datacenter":
                if power is None:
                    continue
                mod = modules[s, k] = _datacenter(f, fid, spec, power.regions[s], power)
                first = int(np.argmax(mod.output > 0)) if np.any(mod.output > 0) else -1
                # facility MW (what is built and priced) and, where the plan's PUE is not
                # the module's, the MW the rows count it as (IT MW x the plan's pue)
                size = f"{mod.power_mw:g} MW"
                if power.plan_pue is not None and abs(mod.capacity - mod.power_mw) > 1e-9:
                    unit = f"{power.plan_pue:g}" + ("" if "." in f"{power.plan_pue:g}" else ".0")
                    size += f" ({mod.capacity:.1f} at PUE {unit}, the plan's rows)"
                notes.add(
                    f"{spec.name} {fid}: module",
                    f"{size} ({power.regions[s]}), {mod.capex_usd / 1e9:.2f}B USD "
                    f"({mod.equipment_share:.0%} equipment), first output {first} yr after "
                    f"start, fixed opex "
                    f"{(mod.opex_usd_per_year - mod.energy_premium_usd_per_year) / 1e6:,.1f}M "
                    "USD/yr; energy premium over the pool's at full use "
                    f"{mod.energy_premium_usd_per_year / 1e6:+,.1f}M USD/yr (docs/energy.md)",
                    "per module",
                    "data/datacenter_types.csv, data/grid.csv lead time (tigris.energy.data); "
                    "no site cost multiplier (docs/energy.md, Scenario)",
                )
                continue
            row = table[f.kind]
            size = float(
                spec.module_capacity.get(fid) or f.module_capacity or row["module_capacity"]
            )
            if f.kind == "logic":
                # always the fab layer's module: its output (starts x line yield) is the
                # plan's capacity, and it fills any field the scenario leaves out
                node = f.node or _kind_and_node(fid)[1]
                key = (node, size, site)
                if overrides or key not in fab_cache:
                    # the facility type's variable cost per wafer (its module size)
                    variable = logic_variable_cost(
                        node, float(f.module_capacity or row["module_capacity"]), dollars_of
                    )
                    fab_cache[key] = (
                        _module_from_fab(node, size, fab_site, variable, dollars_of)
                        if overrides
                        else _shipped_fab_module(node, size, site, variable, dollars_of)
                    )
                base = fab_cache[key]
                src = f"tigris.fab.fab_model (dollars_of={dollars_of}, the currency_year)"
            else:
                base = _module_from_table(row, site_values, own=f)
                # the facility's capex and profiles are the quoted module's, now moved
                f = f.model_copy(
                    update={"capex_usd": None, "spend_profile": None, "output_profile": None}
                )
                quoted = str(row.get("priced_at_site"))
                where = (
                    f"quoted at {site}"
                    if quoted == site and not set(overrides) & set(TABLE_MODULE_SITE_FIELDS)
                    else f"moved from {quoted} to {site} by its construction_cost_multiplier, "
                    "construction_months, ramp_months (docs/scenario-files.md)"
                )
                src = f"facility_types.csv, {where} ({str(row['source'])[:100]}...)"
            mod = _module(f, size, base, share or 0.0)
            modules[s, k] = mod
            first = int(np.argmax(mod.output > 0)) if np.any(mod.output > 0) else -1
            notes.add(
                f"{spec.name} {fid}: module",
                f"{size:g} {CAPACITY_UNITS[f.kind]}, {mod.capex_usd / 1e9:.2f}B USD "
                f"({mod.equipment_share:.0%} equipment), first output {first} yr after "
                f"start, {mod.euv_tools:g} EUV, fixed opex "
                f"{mod.opex_usd_per_year / 1e6:,.0f}M USD/yr",
                "per module",
                src,
            )
    return modules


def _module_arrays(
    modules: dict[tuple[int, int], _Module], n_s: int, n_k: int
) -> dict[str, np.ndarray]:
    """Stack modules into the (S, K) and (S, K, L) arrays of :class:`PlanInputs`.

    A slot with no module (not allowed) keeps capacity 1, cost 0 and a spend profile of
    1 in the start year, so every profile is well formed; its build is bounded to 0.
    """
    n_lag = max([max(len(m.spend), len(m.output)) for m in modules.values()] or [1])
    scalars = {
        "module_capacity": ("capacity", 1.0),
        "module_yield": ("line_yield", 1.0),
        "capex_usd": ("capex_usd", 0.0),
        "subsidy_usd": ("subsidy_usd", 0.0),
        "opex_usd_per_year": ("opex_usd_per_year", 0.0),
        "power_mw": ("power_mw", 0.0),
        "euv_tools": ("euv_tools", 0.0),
        "high_na_tools": ("high_na_tools", 0.0),
        "equipment_share": ("equipment_share", 1.0),
    }
    out = {name: np.full((n_s, n_k), fill) for name, (_, fill) in scalars.items()}
    out["allowed"] = np.zeros((n_s, n_k), dtype=bool)
    out["spend"] = np.zeros((n_s, n_k, n_lag))
    out["spend"][..., 0] = 1.0
    out["output"] = np.zeros((n_s, n_k, n_lag))
    for key, mod in modules.items():
        out["allowed"][key] = True
        for name, (attr, _) in scalars.items():
            out[name][key] = getattr(mod, attr)
        out["spend"][key] = 0.0
        out["spend"][key][: len(mod.spend)] = mod.spend
        out["output"][key][: len(mod.output)] = mod.output
        out["output"][key][len(mod.output) :] = mod.output[-1]
    return out


def _site_limits(specs: list[_SiteSpec]) -> dict[str, np.ndarray]:
    """(S,) module limits, commitments and power limits of the sites."""
    return {
        "max_modules": np.array([x.max_modules for x in specs], dtype=float),
        "min_modules": np.array([x.min_modules for x in specs], dtype=float),
        "power_limit_mw": np.array([x.power_limit_mw for x in specs], dtype=float),
    }

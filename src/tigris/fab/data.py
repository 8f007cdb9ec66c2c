"""Fab-layer data: candidate sites, lithography tools and fab parameters.

Read from ``tigris/data/sites.csv``, ``fab_tools.csv``, ``fab_parameters.csv`` and
``subsidy_programmes.csv`` (the published totals that bound a site's subsidy)
(every row with ``source`` and ``as_of``); sites also from a user data overlay in force
(:func:`tigris.data.using_overlay`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from tigris.data import data_cache, load_rows
from tigris.errors import TigrisError, unknown_name

__all__ = [
    "Site",
    "SubsidyRow",
    "Tool",
    "fab_param",
    "get_site",
    "get_tool",
    "largest_award",
    "list_sites",
    "param_source",
    "subsidy_cap",
    "subsidy_usd",
]


@dataclass(frozen=True)
class Site:
    """A candidate fab site, one row of ``sites.csv``.

    Attributes
    ----------
    name : str
        Key used on the command line (``"arizona-usa"``).
    label : str
        Long name.
    construction_cost_multiplier : float
        Building and cleanroom cost relative to Taiwan [-].
    permit_months, construction_months, ramp_months : float
        Permit and design before groundbreaking; groundbreaking to first wafer; first
        wafer to full output [months].
    electricity_usd_per_kwh : float
        Industrial electricity price [USD/kWh].
    labour_usd_per_fte_year : float
        Fully loaded cost of one fab employee [USD/FTE/year].
    water_usd_per_m3 : float
        Industrial water price [USD/m^3].
    subsidy_share_of_capex : float
        Announced public support as a share of capex [-].
    note, source, as_of : str
        Free text, where the row's numbers come from, and when.
    construction_days_multi_fab : float
        Average days from construction start to production of fabs in the site's region
        in a multi-fab study (CSET 2023); ``construction_months`` is this / 30.44. NaN
        when a user site does not give it [days].
    """

    name: str
    label: str
    construction_cost_multiplier: float
    permit_months: float
    construction_months: float
    ramp_months: float
    electricity_usd_per_kwh: float
    labour_usd_per_fte_year: float
    water_usd_per_m3: float
    subsidy_share_of_capex: float
    note: str
    source: str
    as_of: str
    construction_days_multi_fab: float = float("nan")


@dataclass(frozen=True)
class Tool:
    """A lithography scanner class, one row of ``fab_tools.csv``.

    Attributes
    ----------
    kind : str
        ``low_na_euv``, ``high_na_euv`` or ``duv_immersion``.
    model : str
        Reference product.
    price_usd : float
        Price per tool [USD].
    throughput_wafer_passes_per_hour : float
        Effective production throughput [wafer passes/h].
    availability : float
        Share of hours the tool is up [-].
    power_kw : float
        Electrical power per tool; NaN when not itemised [kW].
    source, as_of : str
        Where the row's numbers come from, and when.
    price_year : int or None
        Year whose US dollars ``price_usd`` is in; None when the row does not say
        [year].
    """

    kind: str
    model: str
    price_usd: float
    throughput_wafer_passes_per_hour: float
    availability: float
    power_kw: float
    source: str
    as_of: str
    price_year: int | None = None


@data_cache
def _sites() -> tuple[dict[str, Site], dict[str, str]]:
    sites: dict[str, Site] = {}
    aliases: dict[str, str] = {}
    for row in load_rows("sites"):
        kwargs = {f.name: row[f.name] for f in dataclasses.fields(Site) if f.name in row}
        kwargs["name"] = str(row["site"])
        kwargs["label"] = str(row["name"])
        site = Site(**kwargs)
        sites[site.name] = site
        for alias in str(row.get("aliases") or "").split("|"):
            if alias.strip():
                aliases[alias.strip().lower()] = site.name
    return sites, aliases


def list_sites() -> list[str]:
    """Names of the shipped candidate sites.

    Returns
    -------
    list of str
        Site names, in ``sites.csv`` order.

    Examples
    --------
    >>> "taiwan" in list_sites() and "arizona-usa" in list_sites()
    True
    """
    return list(_sites()[0])


def get_site(name: str | Site, field: str = "site") -> Site:
    """Look up a site by name or alias, case-insensitively.

    Parameters
    ----------
    name : str or Site
        Site name (``"taiwan"``) or alias (``"usa"``).
    field : str, optional
        Flag or field named in the error message.

    Returns
    -------
    Site
        The row of ``sites.csv`` (cost multiplier, months, prices, subsidy, source).

    Examples
    --------
    >>> get_site("USA").name
    'arizona-usa'
    """
    if isinstance(name, Site):
        return name
    sites, aliases = _sites()
    key = name.strip().lower()
    key = aliases.get(key, key)
    if key not in sites:
        raise unknown_name("site", name, list(sites), field=field, addable=True)
    return sites[key]


@cache
def _tools() -> dict[str, Tool]:
    out = {}
    for row in load_rows("fab_tools"):
        kwargs = {f.name: row[f.name] for f in dataclasses.fields(Tool) if f.name in row}
        kwargs["power_kw"] = float(kwargs["power_kw"])
        kwargs["price_year"] = _year_or_none(row.get("price_year"))
        out[str(row["kind"])] = Tool(**kwargs)
    return out


def get_tool(kind: str) -> Tool:
    """Return the scanner class ``kind`` from ``fab_tools.csv``.

    Parameters
    ----------
    kind : str
        ``"low_na_euv"``, ``"high_na_euv"`` or ``"duv_immersion"``.

    Returns
    -------
    Tool
        Price [USD], effective throughput [wafer passes/h], availability [-], power
        [kW], with the row's source.

    Examples
    --------
    >>> get_tool("low_na_euv").price_usd
    200000000.0
    """
    tools = _tools()
    if kind not in tools:
        raise unknown_name("tool kind", kind, list(tools), field="tool")
    return tools[kind]


@cache
def _params() -> dict[tuple[str, str, str], float]:
    return {
        (str(r["parameter"]), str(r["node"]).upper(), str(r["site"]).lower()): float(r["value"])
        for r in load_rows("fab_parameters")
    }


def _year_or_none(value: object) -> int | None:
    """A ``price_year`` cell as an int, or None when it is empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return int(float(text)) if text else None


@cache
def _price_years() -> dict[tuple[str, str, str], int | None]:
    return {
        (str(r["parameter"]), str(r["node"]).upper(), str(r["site"]).lower()): _year_or_none(
            r.get("price_year")
        )
        for r in load_rows("fab_parameters")
    }


def _key(name: str, node: str, site: str) -> tuple[str, str, str]:
    params = _params()
    n, s = node.upper(), site.lower()
    for key in ((name, n, s), (name, n, "all"), (name, "ALL", s), (name, "ALL", "all")):
        if key in params:
            return key
    msg = f"fab_parameters.csv has no parameter '{name}' for node {node}, site {site}"
    raise TigrisError(msg)


def param_source(name: str, node: str = "all", site: str = "all") -> tuple[str, str]:
    """The ``source`` and ``as_of`` of the ``fab_parameters.csv`` row :func:`fab_param`
    reads for ``name`` at ``node`` and ``site``.

    Parameters
    ----------
    name : str
        The parameter (``fab_parameters.csv`` ``parameter``).
    node, site : str, optional
        The node and site asked; a row for ``all`` answers when none is specific, as
        :func:`fab_param` reads it.

    Returns
    -------
    source : str
        The row's ``source`` text.
    as_of : str
        The row's ``as_of`` (``YYYY-MM``).

    References
    ----------
    ``data/fab_parameters.csv`` (every row's own source); docs/fab.md.

    Examples
    --------
    >>> src, as_of = param_source("water_m3_per_wafer_mask_layer", "N3", "arizona-usa")
    >>> "TSMC" in src, as_of
    (True, '2021-07')
    """
    key = _key(name, node, site)
    for r in load_rows("fab_parameters"):
        row_key = (str(r["parameter"]), str(r["node"]).upper(), str(r["site"]).lower())
        if row_key == key:
            return str(r["source"]), str(r["as_of"])
    msg = f"fab_parameters.csv has no row for {key}"  # unreachable: _key found it
    raise TigrisError(msg)


def price_year(name: str, node: str = "all", site: str = "all") -> int | None:
    """The ``price_year`` of a ``fab_parameters.csv`` row: the year whose US dollars its
    value is in (None for a row that is not money) [year].

    Parameters
    ----------
    name : str
        Parameter name (``"reference_fab_capex_usd"``).
    node, site : str, optional
        Node and site the value is wanted for (the row :func:`fab_param` reads).

    Returns
    -------
    int or None
        The year [year].

    References
    ----------
    The row's ``source`` (a figure's price year is the year its source published it in,
    unless the source says otherwise).

    Examples
    --------
    >>> price_year("reference_fab_capex_usd", "N5"), price_year("reference_fab_capex_usd", "N3")
    (2020, 2023)
    >>> price_year("equipment_life_years") is None
    True
    """
    return _price_years()[_key(name, node, site)]


def fab_param(name: str, node: str = "all", site: str = "all") -> float:
    """Return a shipped default from ``fab_parameters.csv``.

    A node- or site-specific row wins over the ``all`` row.

    Parameters
    ----------
    name : str
        Parameter name (``"equipment_life_years"``).
    node, site : str, optional
        Node and site the value is wanted for.

    Returns
    -------
    float
        The value, in the unit of the table's ``unit`` column.

    Examples
    --------
    >>> fab_param("equipment_life_years")
    5.0
    """
    return _params()[_key(name, node, site)]


def _reference_capex() -> dict[str, float]:
    """Published capex of a reference fab by node name (``reference_fab_capex_usd`` rows)."""
    return {n: v for (name, n, _), v in _params().items() if name == "reference_fab_capex_usd"}


def _benchmark(node: str, site: str) -> tuple[float, int | None] | None:
    """A public capex-per-WSPM benchmark and its price year, or None [USD per wspm]."""
    key = ("capex_per_wspm_benchmark_usd", node.upper(), site.lower())
    if key not in _params():
        return None
    return _params()[key], _price_years()[key]


@dataclass(frozen=True)
class SubsidyRow:
    """One row of ``subsidy_programmes.csv``: a public programme's total, or the
    largest single award it made, as published.

    Attributes
    ----------
    programme : str
        Row key (``"us-chips-act"``).
    kind : str
        ``programme`` (a total, which bounds a site's subsidy) or ``award`` (the
        largest single award on record, for context).
    sites : tuple of str
        Sites of ``sites.csv`` the row applies to.
    amount : float
        As published, in ``currency``.
    currency : str
        ISO code of ``amount``.
    amount_usd : float
        In US dollars as published or converted on the row, nominal: dollars of
        ``price_year`` [USD].
    note, source, as_of : str
        What the row counts, where it comes from and when.
    price_year : int
        The year whose dollars ``amount_usd`` is in: the row's ``price_year`` column,
        the year of ``as_of`` where it is empty (a total published in dollars is that
        year's; one converted is of the year of its exchange rate) [year].
    """

    programme: str
    kind: str
    sites: tuple[str, ...]
    amount: float
    currency: str
    amount_usd: float
    note: str
    source: str
    as_of: str
    price_year: int

    def usd_of(self, year: int | None) -> float:
        """``amount_usd`` in US dollars of ``year``, as a fab's building is moved to them.

        ``amount_usd x CPI-U(year) / CPI-U(price_year)`` (:func:`tigris.fab.dollars.
        dollars_factor`, kind ``"consumer"``; a year after the index's last takes its
        last value, no inflation forecast): the cap and the largest award are compared
        with a fab's or a plan's money in the dollars that money is in.

        Parameters
        ----------
        year : int or None
            The year whose dollars are wanted (a fab's ``dollars_of``, a plan's
            ``currency_year``) [year]; ``None``: ``amount_usd`` as it stands, in dollars
            of ``price_year``.

        Returns
        -------
        float
            The amount [USD of ``year``].

        References
        ----------
        .. [1] U.S. Bureau of Labor Statistics, Consumer Price Index for All Urban
           Consumers (CPI-U, series CUUR0000SA0), U.S. city average, all items, annual
           averages (``fab_price_index.csv``); BLS, "CPI Inflation Calculator" (value x
           index of the later year / index of the earlier year).

        Examples
        --------
        Germany's EUR 20B at 2023's exchange rate, US$21.626B of 2023, in dollars of 2015
        (CPI-U 237.017 / 304.702) and of 2024 (313.689 / 304.702):

        >>> ktf = subsidy_cap("germany")
        >>> ktf.price_year, round(ktf.usd_of(2015) / 1e9, 3), round(ktf.usd_of(2024) / 1e9, 3)
        (2023, 16.822, 22.264)
        >>> ktf.usd_of(2023) == ktf.usd_of(None) == ktf.amount_usd
        True
        """
        if year is None or int(year) == self.price_year:
            return self.amount_usd
        from tigris.fab.dollars import dollars_factor

        return self.amount_usd * dollars_factor(self.price_year, int(year), kind="consumer")

    def label(self, year: int | None = None) -> str:
        """The amount and whose it is: ``US$39.0B (us-chips-act, as of 2022-08)``, or in
        dollars of ``year``, ``US$41.8B of 2024 (us-chips-act, as of 2022-08: US$39.0B of
        2022)``.

        Parameters
        ----------
        year : int or None, optional
            The year whose dollars the amount is said in (:meth:`usd_of`) [year];
            ``None``: ``amount_usd`` as it stands.

        Returns
        -------
        str
            The amount in billions of US$ with the programme and its as-of date, and
            with ``year`` its year and the row's own amount and year.

        Examples
        --------
        >>> ktf = subsidy_cap("germany")
        >>> ktf.label(2015)
        'US$16.8B of 2015 (germany-ktf-chips, as of 2023-07: US$21.6B of 2023)'
        >>> ktf.label(2023)
        'US$21.6B of 2023 (germany-ktf-chips, as of 2023-07)'
        """
        if year is None:
            return f"US${self.amount_usd / 1e9:,.1f}B ({self.programme}, as of {self.as_of})"
        said = f"US${self.usd_of(year) / 1e9:,.1f}B of {int(year)} ({self.programme}, as of "
        if int(year) == self.price_year:
            return f"{said}{self.as_of})"
        return f"{said}{self.as_of}: US${self.amount_usd / 1e9:,.1f}B of {self.price_year})"

    def real_usd(self) -> float:
        """``amount_usd`` in dollars of the CPI-U table's last year, to rank rows of
        different years (the order is the same in any one year's dollars).

        Returns
        -------
        float
            The amount [USD of the CPI-U table's last year].
        """
        from tigris.fab.dollars import price_index_years

        return self.usd_of(price_index_years("consumer")[1])


@data_cache
def _subsidy_rows() -> tuple[SubsidyRow, ...]:
    out = []
    for i, row in enumerate(load_rows("subsidy_programmes"), start=2):
        kind = str(row["kind"]).strip()
        usd = float(row["amount_usd"])
        if kind not in ("programme", "award") or not math.isfinite(usd) or usd <= 0:
            msg = f"subsidy_programmes.csv row {i}: expected kind programme|award, amount_usd > 0"
            raise TigrisError(msg)
        sites = tuple(s.strip().lower() for s in str(row["sites"]).split("|") if s.strip())
        as_of = str(row["as_of"])
        year = row.get("price_year")
        if year is None or (isinstance(year, float) and not math.isfinite(year)):
            year = as_of[:4]  # a total in US$ as published is of the year it was published
        try:
            price_year = int(year)
        except (TypeError, ValueError):
            msg = f"subsidy_programmes.csv row {i}: expected a price_year, got {year!r}"
            raise TigrisError(msg) from None
        out.append(
            SubsidyRow(
                programme=str(row["programme"]),
                kind=kind,
                sites=sites,
                amount=float(row["amount"]),
                currency=str(row["currency"]),
                amount_usd=usd,
                note=str(row["note"]),
                source=str(row["source"]),
                as_of=as_of,
                price_year=price_year,
            )
        )
    return tuple(out)


def _rows_for(site: str | Site, kind: str) -> list[SubsidyRow]:
    """The ``kind`` rows of ``subsidy_programmes.csv`` naming ``site``; for a ``--data``
    site named by none, its ``based_on`` site's (the same country's programmes: a
    Magdeburg site based on germany escaped Germany's programme cap, user test s57, fab
    siting #3)."""
    name = site.name if isinstance(site, Site) else get_site(site).name
    rows = [r for r in _subsidy_rows() if r.kind == kind and name in r.sites]
    if rows:
        return rows
    base = _based_on(name)
    return [r for r in _subsidy_rows() if r.kind == kind and base in r.sites] if base else []


def _based_on(name: str) -> str | None:
    """The site a ``--data`` site ``name`` was based on (``tigris.overlay`` keeps it in
    the row), or None (a shipped site, or a data site given whole)."""
    from tigris.data import load_rows

    for row in load_rows("sites"):
        if str(row.get("site", "")).lower() == name.lower():
            base = row.get("based_on")
            return str(base).lower() if isinstance(base, str) and base.strip() else None
    return None


def subsidy_cap(site: str | Site) -> SubsidyRow | None:
    """The smallest published programme total that pays a site's subsidy, if any.

    A site's subsidy is ``subsidy_share_of_capex`` x capex (``sites.csv``, one award
    over the investment it paid for); no fab can be given more than the whole programme
    it comes from, so the subsidy is at most this row's ``amount_usd``, moved from
    dollars of its ``price_year`` to the fab's (:meth:`SubsidyRow.usd_of`, CPI-U). The
    least total is the least in the same year's dollars.

    Parameters
    ----------
    site : str or Site
        Site name or alias.

    Returns
    -------
    SubsidyRow or None
        The ``programme`` row of ``subsidy_programmes.csv`` with the least total among
        those naming the site; ``None`` when none does (the site's share is then
        uncapped: taiwan, uae, china and singapore count no subsidy).

    References
    ----------
    ``subsidy_programmes.csv`` (each row's source: the CHIPS and Science Act, Germany's
    Climate and Transformation Fund allocation, the European Chips Act, Japan's and
    Korea's packages, the India Semiconductor Mission).

    Examples
    --------
    >>> subsidy_cap("germany").programme
    'germany-ktf-chips'
    >>> subsidy_cap("taiwan") is None
    True
    """
    rows = _rows_for(site, "programme")
    return min(rows, key=SubsidyRow.real_usd) if rows else None


def largest_award(site: str | Site) -> SubsidyRow | None:
    """The largest single award on record of the programmes paying a site, if listed.

    Parameters
    ----------
    site : str or Site
        Site name or alias.

    Returns
    -------
    SubsidyRow or None
        The ``award`` row of ``subsidy_programmes.csv`` with the most ``amount_usd``
        (in the same year's dollars, :meth:`SubsidyRow.usd_of`) among those naming the
        site, or ``None``; its amount is compared with a fab's subsidy in the fab's
        dollars (:func:`tigris.fab.checks.subsidy_warnings`).

    References
    ----------
    ``subsidy_programmes.csv`` (US Department of Commerce's award to Intel, 2024-11;
    Germany's agreement with Intel for Magdeburg, 2023-06).

    Examples
    --------
    >>> largest_award("usa").programme
    'us-chips-intel'
    """
    rows = _rows_for(site, "award")
    return max(rows, key=SubsidyRow.real_usd) if rows else None


def subsidy_usd(site: Site, capex_usd: ArrayLike, dollars_of: int | None = None) -> Any:
    """A fab's subsidy: its site's share of the capex, at most its programme's total.

    ``min(s x capex, P)``, ``s`` the site's ``subsidy_share_of_capex`` and ``P`` the
    total of the smallest programme that pays it (:func:`subsidy_cap`; no cap where
    none is listed) in dollars of the capex's year (:meth:`SubsidyRow.usd_of`: the
    row's ``amount_usd`` x CPI-U(``dollars_of``) / CPI-U(its ``price_year``)). The share
    is one award over the investment it paid for (``sites.csv``); the total is the
    programme's published budget (``subsidy_programmes.csv``), so a $7T fab in Germany
    is given at most the EUR 20B Germany set aside, not $3.5T.

    Parameters
    ----------
    site : Site
        The site (its share may be a scenario's override).
    capex_usd : float or array_like
        Capex before subsidy [USD of ``dollars_of``].
    dollars_of : int or None, optional
        The year whose dollars ``capex_usd`` is in (``fab_model``'s money year) [year];
        ``None``: the programme's total as it stands, in dollars of its ``price_year``.

    Returns
    -------
    float or numpy.ndarray
        Subsidy [USD of ``dollars_of``], shaped as ``capex_usd``.

    References
    ----------
    ``sites.csv`` (each site's award over its investment) and
    ``subsidy_programmes.csv`` (the programme totals, as published); U.S. Bureau of
    Labor Statistics CPI-U annual averages (``fab_price_index.csv``).

    Examples
    --------
    >>> g = get_site("germany")
    >>> subsidy_usd(g, 10e9), subsidy_usd(g, 1e12) == subsidy_cap(g).amount_usd
    (5000000000.0, True)
    >>> subsidy_usd(g, 1e12, dollars_of=2015) == subsidy_cap(g).usd_of(2015)
    True
    """
    share = site.subsidy_share_of_capex * capex_usd
    cap = subsidy_cap(site) if site.subsidy_share_of_capex > 0 else None
    if cap is None:
        return share
    out = np.minimum(share, cap.usd_of(dollars_of))
    return float(out) if np.ndim(out) == 0 else out

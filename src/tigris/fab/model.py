"""The fab model: :func:`fab_model` (cost, timing and output of one fab) and
:func:`capacity_for_budget` (the largest fab a budget buys).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tigris.errors import InputError, TigrisError, checked_array, require_positive
from tigris.fab.curves import (
    annual_output_fraction,
    defect_density_learning,
    fab_timeline,
    levelised_cost_per_wafer,
    tools_needed,
)
from tigris.fab.data import (
    Site,
    Tool,
    _benchmark,
    fab_param,
    get_site,
    get_tool,
    price_year,
    subsidy_usd,
)
from tigris.fab.dollars import dollars_factor
from tigris.nodes import Node, get_node
from tigris.silicon.chip import basis_text, chip_bill
from tigris.units import HOURS_PER_YEAR, KW_PER_MW, KWH_PER_MWH, MONTHS_PER_YEAR

if TYPE_CHECKING:  # pandas is imported where a frame is built, not at start-up
    import pandas as pd

__all__ = [
    "FabResult",
    "building_taiwan_usd",
    "capacity_for_budget",
    "capex_price_year",
    "construction_multiplier",
    "fab_employees",
    "fab_model",
    "installation_premium",
    "other_equipment_rate",
    "scanner_price_usd",
    "size_scale",
]


@dataclass(frozen=True)
class _Capex:
    building: float
    euv: float
    high_na: float
    duv: float
    other: float
    installation: float
    euv_tools: int
    high_na_tools: int
    duv_tools: int

    @property
    def tools(self) -> float:
        """Tool prices: lithography and other equipment, as bought (no site premium)."""
        return self.lithography + self.other

    @property
    def lithography(self) -> float:
        return self.euv + self.high_na + self.duv

    @property
    def equipment(self) -> float:
        """Capitalised equipment: tools plus the site premium on their hook-up."""
        return self.tools + self.installation

    @property
    def total(self) -> float:
        return self.building + self.equipment


def _whole_tools(layers: float, wspm: Any, tool: Tool) -> Any:
    """Whole tools, rounded up (an int; an int array for an array ``wspm``): at least one
    for any capacity that needs the tool (a 1e-6-wspm fab had 0 scanners, user test
    2026-12-06 #7; the 1e-9 slack only keeps 3.0000000001 from rounding to 4)."""
    if layers <= 0:
        return 0 if np.ndim(wspm) == 0 else np.zeros(np.shape(wspm), dtype=int)
    n = tools_needed(layers, wspm, tool.throughput_wafer_passes_per_hour, tool.availability)
    whole = np.maximum(np.ceil(np.asarray(n) - 1e-9), np.asarray(n) > 0)
    if np.ndim(n) > 0:
        return whole.astype(int)
    return int(whole)


def _col(x: Any) -> Any:
    """``x`` with a trailing year axis when it is an array (broadcasts against years)."""
    return x if np.ndim(x) == 0 else np.asarray(x)[..., None]


def installation_premium(tools_usd: float, hookup_share: float, multiplier: float) -> float:
    """Site premium on moving in and hooking up tools, over the Taiwan cost [USD].

    ``premium = (multiplier - 1) x hookup_share x tools``. Hook-up (last-metre gas,
    chemical, water, exhaust and power connections, done by construction trades) is
    priced in every published Taiwan fab cost as a share ``hookup_share`` of the tool
    price; away from Taiwan it costs what construction costs there, so it carries the
    site's construction-cost multiplier. The tools themselves are priced the same
    worldwide (Exyte, SEMI ISS 2025: US fabs cost ~2x to build "despite similar
    equipment costs"; TechInsights, Hutcheson 2025: tool makers price the same
    everywhere).

    Parameters
    ----------
    tools_usd : float
        Price of the fab's tools (lithography and other equipment) [USD].
    hookup_share : float
        Taiwan cost of tool installation and hook-up as a share of tool price [-].
    multiplier : float
        Site construction cost relative to Taiwan [-].

    Returns
    -------
    float
        The premium (0 at Taiwan) [USD].

    References
    ----------
    .. [1] SEMATECH, "Guide for Documenting Tool Installation Time and Cost",
       98013447A-STD (1998): installation = design, pre-facilitation and hook-up.
    .. [2] Exyte (H. Blaschitz, SEMI ISS 2025), via Semiconductor Digest.

    Examples
    --------
    >>> installation_premium(1e9, 0.1, 2.0)
    100000000.0
    >>> installation_premium(1e9, 0.1, 1.0)
    0.0
    """
    return (multiplier - 1.0) * hookup_share * tools_usd


def _scanners(node: Node, wspm: float) -> tuple[int, int, int]:
    """Whole Low-NA EUV, High-NA EUV and ArF-immersion scanners for ``node`` at ``wspm``."""
    non_euv = node.mask_layers - node.euv_layers - node.high_na_euv_layers
    imm_layers = fab_param("duv_immersion_share_of_non_euv_layers", node.name) * non_euv
    return (
        _whole_tools(node.euv_layers, wspm, get_tool("low_na_euv")),
        _whole_tools(node.high_na_euv_layers, wspm, get_tool("high_na_euv")),
        _whole_tools(imm_layers, wspm, get_tool("duv_immersion")),
    )


def _to_year(from_year: int | None, to_year: int, kind: str, what: str) -> float:
    """Factor from dollars of a data row's ``from_year`` to dollars of ``to_year`` with
    the index of cost kind ``kind`` [-]; a money row without a price year is refused."""
    if from_year is None:
        msg = f"{what} has no price_year, so it cannot be put in dollars of {to_year}"
        raise TigrisError(msg)
    return dollars_factor(from_year, to_year, kind=kind)


def scanner_price_usd(kind: str, year: int) -> float:
    """Price of one scanner of class ``kind`` in US dollars of ``year`` [USD].

    ``price_usd x PPI(year) / PPI(price_year)``: the ``fab_tools.csv`` price is in
    dollars of its row's ``price_year`` and is deflated (or inflated) with the BLS
    producer price index for semiconductor machinery manufacturing, the index
    :mod:`tigris.fab.dollars` uses for every tool. The fab model adds scanners to the
    rest of a node's capex in dollars of the node's :func:`capex_price_year`, so they
    are priced in that year first.

    Parameters
    ----------
    kind : str
        ``"low_na_euv"``, ``"high_na_euv"`` or ``"duv_immersion"``.
    year : int
        Price year wanted [year].

    Returns
    -------
    float
        The price [USD of ``year``].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, PPI PCU333242333242, annual means
       (``fab_equipment_price_index.csv``); constant-dollar conversion by a component's
       own price index (OECD/Eurostat practice).

    Examples
    --------
    A Low-NA EUV tool of US$200M in 2024 dollars is US$172M in 2020 dollars (PPI 89.24 /
    103.5):

    >>> round(scanner_price_usd("low_na_euv", 2020) / 1e6, 1)
    172.4
    >>> scanner_price_usd("low_na_euv", 2024)
    200000000.0
    """
    tool = get_tool(kind)
    k = _to_year(tool.price_year, year, "equipment", f"fab_tools.csv {kind}")
    return tool.price_usd * k


def _scanner_usd(counts: tuple[int, int, int], year: int) -> tuple[float, float, float]:
    """Price of the scanners ``counts`` in US dollars of ``year`` [USD]."""
    kinds = ("low_na_euv", "high_na_euv", "duv_immersion")
    euv, hna, duv = (n * scanner_price_usd(k, year) for n, k in zip(counts, kinds, strict=True))
    return euv, hna, duv


def building_taiwan_usd(
    node: Node,
    wspm: float,
    campus_wspm: float | None = None,
    *,
    year: int | None = None,
    scale: Any = 1.0,
) -> float:
    """Building and cleanroom of a fab at Taiwan cost [USD of ``year``].

    ``fixed x wspm / campus_wspm + per_wspm x wspm x mask_layers / reference_mask_layers``:
    the part that scales with capacity also scales with the node's mask layers, because
    cleanroom area follows the tool count and the tool count follows the process steps
    per wafer (ITRS Factory Integration: fab floor space ~ tools ~ process steps). The
    fixed part (central utility plant, substations, ultrapure-water and waste-water
    plants, gas yards, offices) is sized once per site, so a phase of a campus of
    ``campus_wspm`` carries its pro-rata share; by default the fab is its own campus.
    Sharing it is a tigris assumption, because those systems are built as site
    infrastructure that later phases tie into (TSMC's Nanjing campus: two fabs designed
    together for 80,000 wspm, the first phase 20,000; Digitimes 2017-09-13).

    Parameters
    ----------
    node : Node
        Process node (its ``mask_layers``).
    wspm : float
        Capacity [wafer starts/month].
    campus_wspm : float, optional
        Capacity of the whole campus the fab belongs to, ``>= wspm`` [wafer
        starts/month]; default ``wspm`` (the fab alone).
    year : int, optional
        Price year of the result: the ``building_fixed_usd`` and
        ``building_usd_per_wspm`` rows are converted from their ``price_year`` with the
        BLS CPI-U (the index :mod:`tigris.fab.dollars` uses for the building); default
        the node's :func:`capex_price_year`, the year the model adds it in [year].
    scale : float or array_like, optional
        Factor on the part that scales with capacity (the model passes
        :func:`size_scale` of the fab's WSPM; the campus-wide fixed part is not scaled)
        [-]; default 1.

    Returns
    -------
    float
        Building cost before the site multiplier [USD of ``year``].

    References
    ----------
    .. [1] International Technology Roadmap for Semiconductors, 2013 edition, Factory
       Integration chapter (cleanroom footprint driven by tool count).
    .. [2] TSMC Fab 18 phases, 58,000 m^2 of cleanroom each for ~28k wspm of N5 (TSMC
       2018-01-26 via evertiq 43443).
    .. [3] HDR, "Semiconductor Facility Design Optimisation" (hdrinc.com, c. 2020): base
       facility ~30 % of chipmakers' capital spending (tools ~65 %, hook-up ~5 %; no
       node, year or land stated; tigris reads it as a new fab's split). The fixed and
       per-WSPM rows are the least-squares fit of the six reference fabs' building
       shares to it (F, P >= 0; docs/fab.md, rule of 2026-12-03), which puts the fixed
       part at 0 (docs/fab.md known limits: an artefact of one share at every node).

    Examples
    --------
    >>> from tigris.nodes import get_node
    >>> n5 = get_node("N5")
    >>> building_taiwan_usd(n5, 10_000) < building_taiwan_usd(n5, 20_000)
    True

    A phase of a campus four times its size carries a quarter of the fixed part (zero
    since the fit of 2026-12-03, docs/fab.md, so the phase costs what the fab alone does):

    >>> fixed = fab_param("building_fixed_usd", "N5")
    >>> alone, shared = building_taiwan_usd(n5, 20_000), building_taiwan_usd(n5, 20_000, 80_000)
    >>> abs((alone - shared) - 0.75 * fixed) < 1e-6 * alone
    True
    """
    if year is None:
        year = capex_price_year(node)

    def money(name: str) -> float:
        k = _to_year(price_year(name, node.name), year, "consumer", f"fab_parameters.csv {name}")
        return fab_param(name, node.name) * k

    ref_layers = fab_param("building_reference_mask_layers", node.name)
    per = money("building_usd_per_wspm") * node.mask_layers / ref_layers
    share = 1.0 if campus_wspm is None else wspm / campus_wspm
    return money("building_fixed_usd") * share + per * wspm * scale


def _reference_node(node: Node) -> Node | None:
    """The node whose published fab cost sets ``node``'s other-equipment rate: its own
    row, else a row of its family, else the newest row whose HVM year is not later."""
    from tigris.fab.data import _reference_capex

    refs: list[Node] = []
    for name in _reference_capex():
        try:
            refs.append(get_node(name))
        except InputError:  # a published node not (yet) in nodes.csv
            continue
    for pick in (
        [r for r in refs if r.name == node.name],
        [r for r in refs if r.family == node.family],
        [r for r in refs if r.hvm_year <= node.hvm_year],
    ):
        if pick:
            return max(pick, key=lambda r: (r.hvm_year, r.mask_layers))
    return None


def other_equipment_rate(node: str | Node) -> tuple[float, str]:
    """Non-lithography equipment per WSPM per mask layer for ``node`` [USD/wspm/layer].

    Derived from a published cost of a reference fab of ``reference_fab_wspm`` on the
    node (DigiTimes 2020: 28/14/7/5 nm; IBS 2023: 3/2 nm; fab_parameters.csv):
    ``rate = (published capex - building - scanners) / (mask layers x wspm)``, with
    the building (:func:`building_taiwan_usd`) and scanners priced as the model prices
    them, so the model returns the published capex of that reference fab. A node without
    a published figure takes the rate of its family's, else of the newest published node
    not later than it (A14 and 14A: N2's; their higher cost comes through their mask
    layers and High-NA scanners); a node older than all of them takes the
    ``other_equipment_usd_per_wspm_per_mask_layer`` row.

    Parameters
    ----------
    node : str or Node
        Process node.

    Returns
    -------
    (float, str)
        The rate [USD/wspm/mask layer] and the node it was derived from (or ``"table"``).

    References
    ----------
    .. [1] DigiTimes Asia (2020), via TechPowerUp: a 50,000-wspm 12-inch fab costs
       US$6B at 28 nm, US$10B at 14 nm, over US$12B at 7 nm, US$16B at 5 nm.
    .. [2] IBS (H. Jones), via Nikkei and Tom's Hardware (Dec 2023): US$20B at 3 nm and
       US$28B at 2 nm for 50,000 wspm.

    Examples
    --------
    The reference fab comes back at its published cost:

    >>> rate, ref = other_equipment_rate("N5")
    >>> ref
    'N5'
    >>> r = fab_model("N5", fab_param("reference_fab_wspm"), "taiwan")
    >>> abs(r.capex_usd / 16e9 - 1) < 1e-9
    True
    """
    nd = get_node(node)
    ref = _reference_node(nd)
    if ref is None:
        return fab_param("other_equipment_usd_per_wspm_per_mask_layer", nd.name), "table"
    return _derived_rate(ref), ref.name


@functools.lru_cache(maxsize=64)
def _derived_rate(ref: Node) -> float:
    from tigris.fab.data import _reference_capex

    w = fab_param("reference_fab_wspm", ref.name)
    year = price_year("reference_fab_capex_usd", ref.name)
    if year is None:  # a user overlay row without a price year
        msg = f"fab_parameters.csv: reference_fab_capex_usd for {ref.name} has no price_year"
        raise TigrisError(msg)
    # building and scanners in dollars of the published figure's year, so the residual is
    rest = _reference_capex()[ref.name] - building_taiwan_usd(ref, w, year=year)
    rest -= sum(_scanner_usd(_scanners(ref, w), year))
    if rest <= 0:
        msg = (
            f"fab_parameters.csv: reference_fab_capex_usd for {ref.name} does not cover "
            "the modelled building and scanners of the reference fab"
        )
        raise TigrisError(msg)
    return rest / (ref.mask_layers * w)


def size_scale(wspm: Any) -> Any:
    """Scale factor of a fab's building and non-lithography tools per WSPM [-].

    ``s(W) = g(max(W, W0)) / g(W_ref)``, ``g(W) = 1 + a (W0 / W)^k``. The Chip Insider
    (VLSI Research, 2008) states the whole cost per wafer against fab size - 5k to 10k
    saves roughly 25 %, 10k to 20k about 10 %, 20k to 40k about 4-5 %, 40k to 80k or more
    under 1 % - and ``a`` and ``k`` (``fab_parameters.csv`` ``size_scale_a``,
    ``size_scale_exponent``; ``W0`` = ``size_scale_wspm``, its smallest fab) are chosen
    so that the model's own levelised cost per wafer (staff by :func:`fab_employees`,
    whole scanners included) follows it at N28 and N5 in Taiwan: a constrained least
    squares (docs/fab.md, "Scale and staffing, second rule", FAB-2). It is 1 at the
    reference fabs' ``reference_fab_wspm`` (50,000), so the published reference fabs and
    each node's non-lithography rate are unchanged; below ``W0`` the factor is held (the
    source stops there). That the size economy beyond staff and whole scanners sits in
    the building and non-lithography tools is a tigris reading.

    Floor: ``s(W) = max(g(w), g(W0) W0 / w) / g(W_ref)``, ``w = max(W, W0)``, so the
    scaled parts of a fab, ``W s(W)``, never cost less than those of a ``W0`` fab. With
    ``a (k - 1) > 1`` (the fitted 0.58, 2.97 since ef0528a; 0.61, 2.87 before) ``W g(W)``
    falls from ``W0`` to ``W0 (a (k - 1))^(1/k)`` (5,230 wspm); the floor binds from ``W0``
    to where ``W g(W)`` regains ``W0 g(W0)`` (5,473 wspm) and nowhere else, so no point
    the fit reads moves and capex never falls with WSPM (docs/fab.md, "Scale and staffing,
    second rule: review", REVIEW-FAB2; the same intent as the hold below ``W0``).

    Parameters
    ----------
    wspm : float or array_like
        Fab capacity [wafer starts/month].

    Returns
    -------
    float or numpy.ndarray
        The factor [-].

    References
    ----------
    .. [1] The Chip Insider (VLSI Research), 2008-01-17, "Megafabs: Why they build
       them?" (archived at chiphistory.org/690).

    Examples
    --------
    >>> size_scale(50_000)
    1.0
    >>> round(float(size_scale(10_000) / size_scale(5_000)), 3)  # 1.0740 / 1.58
    0.68
    >>> float(5_200 * size_scale(5_200)) == float(5_000 * size_scale(5_000))  # the floor
    True
    """
    a = fab_param("size_scale_a")
    k = fab_param("size_scale_exponent")
    w0 = fab_param("size_scale_wspm")
    ref = fab_param("reference_fab_wspm")
    w = np.maximum(wspm, w0)

    def g(x: Any) -> Any:
        return 1.0 + a * (w0 / x) ** k

    # floor: W s(W) >= W0 s(W0), the scaled parts never cheaper than a W0 fab's
    out = np.maximum(g(w), g(w0) * w0 / w) / g(ref)
    return float(out) if np.ndim(out) == 0 else out


def fab_employees(node: str | Node, wspm: Any, site: str = "all") -> Any:
    """Direct staff of one operating fab at full output [FTE].

    ``e x W_ref x (W / W_ref)^b x mask_layers / L_ref``: the level ``e`` (0.08 per WSPM)
    is TSMC Arizona fab 1's, 1,600 direct jobs for ``W_ref`` = 20,000 wspm of N5
    (``L_ref`` = 81 mask layers); staff follow the tool count, so they scale with the
    node's mask layers (a tigris assumption, as the building); and they grow less than
    in proportion to the fab's size, with ``b`` (0.27) from McKinsey's engineers plus
    technicians of a leading-edge fab of 20,000 (2,050) and 45,000 wspm (2,550)
    (``fab_parameters.csv`` ``employees_*`` rows; docs/fab.md, "Scale and staffing",
    rule of 2026-12-03, third). The power law holds only over McKinsey's 20,000-45,000
    wspm (``employees_size_min_wspm``, ``employees_size_max_wspm``); outside, staff per
    WSPM is held at the edge value (docs/fab.md, "Scale and staffing, second rule",
    FAB-2: above 45k The Chip Insider leaves under 1 % for the whole cost per wafer).
    ``wspm`` is the whole fab's: a fab of two node lines is one fab (weight this by each
    line's share), two fabs are two calls.

    Parameters
    ----------
    node : str or Node
        Process node (its ``mask_layers``).
    wspm : float or array_like
        The fab's capacity [wafer starts/month].
    site : str, optional
        Site whose ``fab_parameters.csv`` rows are read (all sites share them).

    Returns
    -------
    float or numpy.ndarray
        Direct employees [FTE].

    References
    ----------
    .. [1] TSMC, 2020-05-15 (via convergedigest.com): Arizona fab 1, 20,000 wspm, "over
       1,600 high-tech professional jobs directly".
    .. [2] McKinsey, "New tactics for new talent: Closing US semiconductor labor gaps"
       (2024), via Computerworld (2024-05): a leading-edge fab of 20,000 to 45,000 wspm
       employs 1,100-1,350 engineers and 950-1,200 technicians.

    Examples
    --------
    >>> round(fab_employees("N5", 20_000))
    1600
    >>> round(float(fab_employees("N5", 45_000) / fab_employees("N5", 20_000)), 2)
    1.24
    >>> round(float(fab_employees("N5", 90_000) / fab_employees("N5", 45_000)), 2)
    2.0
    """
    nd = get_node(node)

    def p(name: str) -> float:
        return fab_param(name, nd.name, site)

    ref = p("employees_reference_wspm")
    w = np.asarray(wspm, dtype=float)
    # the power law inside McKinsey's range, staff per WSPM held at its edges outside
    inside = np.clip(w, p("employees_size_min_wspm"), p("employees_size_max_wspm"))
    size = ref * (inside / ref) ** p("employees_size_exponent") * (w / inside)
    out = p("employees_per_wspm") * size * nd.mask_layers / p("employees_reference_mask_layers")
    return float(out) if np.ndim(out) == 0 else out


def construction_multiplier(site: Site, *, first_of_a_kind: bool = False, field: str = "") -> float:
    """Construction cost of ``site`` relative to Taiwan, for building and tool hook-up [-].

    By default the site's ``construction_cost_multiplier`` (``sites.csv``: Exyte's
    many-project 2x for the US). For the outturn of a firm's first fab in a country
    (``first_of_a_kind=True``) the ``first_of_a_kind_construction_multiplier`` row of
    ``fab_parameters.csv`` for the site: TSMC's CFO put the construction cost of
    building and facilities in the US at 4-5x Taiwan's (Q4 2022 call), citing permits,
    labour, inflation and "people and learning curve" costs of a first US fab. Only
    sites with such a row can be asked for it.

    Parameters
    ----------
    site : Site
        The fab's site.
    first_of_a_kind : bool, optional
        Price the realised cost of a firm's first fab in the site's country.
    field : str, optional
        Field named in the error when the site has no first-of-a-kind row.

    Returns
    -------
    float
        Multiplier on the Taiwan building cost and on tool hook-up [-].

    Raises
    ------
    InputError
        If ``first_of_a_kind`` and the site has no sourced first-of-a-kind multiplier.

    References
    ----------
    .. [1] TSMC Q4 2022 earnings call (W. Huang, 2023-01-12): US construction cost of
       building and facilities 4-5x Taiwan's for the Arizona fab.
    .. [2] Exyte (H. Blaschitz, SEMI ISS 2025): US fab construction ~2x Taiwan over
       many projects (the site default).

    Examples
    --------
    >>> from tigris.fab.data import get_site
    >>> construction_multiplier(get_site("arizona-usa"))
    2.0
    >>> construction_multiplier(get_site("arizona-usa"), first_of_a_kind=True)
    4.5
    """
    if not first_of_a_kind:
        return site.construction_cost_multiplier
    try:
        return fab_param("first_of_a_kind_construction_multiplier", "all", site.name)
    except TigrisError:
        msg = (
            f"no sourced first-of-a-kind construction multiplier for site {site.name} "
            "(fab_parameters.csv has one for US sites only)"
        )
        raise InputError(msg, field=field or "first_of_a_kind") from None


def _capex(
    node: Node,
    wspm: float,
    site: Site,
    campus_wspm: float | None = None,
    *,
    first_of_a_kind: bool = False,
    building_exists: bool = False,
    field_prefix: str = "",
) -> _Capex:
    def p(name: str) -> float:
        return fab_param(name, node.name, site.name)

    foak_field = f"{field_prefix}first-of-a-kind" if field_prefix else ""
    mult = construction_multiplier(site, first_of_a_kind=first_of_a_kind, field=foak_field)
    # every part in US dollars of the node's equipment basis year (capex_price_year)
    year = capex_price_year(node)
    n_euv, n_hna, n_duv = _scanners(node, wspm)
    euv_usd, hna_usd, duv_usd = _scanner_usd((n_euv, n_hna, n_duv), year)
    # the building's per-capacity part and non-lithography tools per WSPM fall with the
    # fab's size (size_scale, 1 at the reference fabs' 50k); scanners are whole tools and
    # carry their own steps; a campus's fixed part is a site cost, not scaled
    scale = size_scale(wspm)
    if building_exists:  # a line fitted into a standing building pays for no building
        building = 0.0 * wspm
    else:
        building = mult * building_taiwan_usd(node, wspm, campus_wspm, year=year, scale=scale)
    other = other_equipment_rate(node)[0] * node.mask_layers * wspm * scale
    tools = euv_usd + hna_usd + duv_usd + other
    installation = installation_premium(tools, p("tool_hookup_share_of_equipment"), mult)
    return _Capex(
        building=building,
        euv=euv_usd,
        high_na=hna_usd,
        duv=duv_usd,
        other=other,
        installation=installation,
        euv_tools=n_euv,
        high_na_tools=n_hna,
        duv_tools=n_duv,
    )


@dataclass(frozen=True, eq=False)
class FabResult:
    """What one fab costs and makes. Money in USD, time in years from groundbreaking.

    Attributes
    ----------
    node, site : str
        Process node and site names.
    wspm : float
        Capacity [wafer starts/month].
    capex_usd : float
        Capex before subsidy, site multiplier applied [USD].
    capex_breakdown_usd : dict
        ``building``, ``lithography``, ``other_equipment`` and ``installation`` (the
        site's premium on tool hook-up over Taiwan; sum = ``capex_usd``) [USD].
    lithography_breakdown_usd : dict
        ``low_na_euv``, ``high_na_euv``, ``duv_immersion`` [USD].
    subsidy_usd, net_capex_usd : float
        Announced public support, and capex less it [USD].
    capex_per_wspm_usd : float
        ``capex_usd / wspm`` [USD/wspm].
    benchmark_capex_per_wspm_usd : float or None
        Public figure for this node and site, if one is shipped [USD/wspm].
    euv_tools, high_na_tools, duv_tools : int
        Whole scanners (rounded up) [-].
    permit_years, build_years, ramp_years : float
        Permit and design before groundbreaking; groundbreaking to first wafer; first
        wafer to full output [years].
    capex_spend_fraction_by_year : numpy.ndarray
        Share of capex spent in each year from groundbreaking; sums to 1 [-].
    output_fraction_by_year : numpy.ndarray
        Share of full output in each year from groundbreaking; 0 from the end of the
        fab's life (``fab_life_years`` after first wafer), the years the levelised cost
        counts; the default table ends at the first year of full output [-].
    d0_per_cm2_by_year : numpy.ndarray
        Defect density in each year (learning after first wafer) [defects/cm^2].
    cost_per_wafer_usd : float
        Levelised life-cycle cost per wafer out, net of subsidy (the capex spent is
        ``net_capex_usd``) [USD/wafer].
    cost_per_wafer_gross_usd : float
        The same before subsidy (the capex spent is ``capex_usd``) [USD/wafer].
    opex_usd_per_year : float
        Annual cost at full output incl. depreciation [USD/year].
    opex_breakdown_usd_per_year : dict
        Depreciation (equipment, building), labour, materials, maintenance, energy,
        water [USD/year].
    wafers_per_year : float
        Wafers out per year at full output (after line yield) [wafers/year].
    power_mw : float
        Electrical power draw at full output [MW].
    energy_mwh_per_year, water_m3_per_year, employees : float
        At full output [MWh/year], [m^3/year], [FTE].
    start_year : int or None
        Calendar year of groundbreaking.
    product : str or None
        Accelerator the output is counted in.
    accelerators_per_year : float or None
        Accelerators per year at full output and mature yield that the fab's logic
        wafers make: good logic dies x package yield, i.e. packaged units if interposers
        and HBM are not limiting (``product_inputs`` says how many they need)
        [units/year].
    accelerators_by_year : numpy.ndarray or None
        Good accelerators in each year, with ramp and yield learning [units].
    equipment_reference : str
        Node whose published 50k-wspm fab cost set the non-lithography equipment rate
        (:func:`other_equipment_rate`), or ``"table"`` for the fallback row.
    capex_price_year : int or None
        Year whose US dollars every money field except the benchmark is in (the node's
        :func:`capex_price_year`, or ``dollars_of``) [year].
    dollars_of : int or None
        The year all money was converted to on request, or None (then the node's
        :func:`capex_price_year`).
    benchmark_price_year : int or None
        Year whose US dollars ``benchmark_capex_per_wspm_usd`` is in (its row's
        ``price_year``, or ``dollars_of``); None without a benchmark [year].
    product_note : str or None
        With a product made on another node than the fab's (``recost_die=True``): that
        its die is counted as drawn on its own node, not rescaled; else None.
    product_inputs : dict or None
        With a product: the interposer wafers, HBM stacks and base-die wafers a year of
        ``accelerators_per_year`` needs, which the fab does not make
        (:func:`_product_inputs`) [wafers/year, stacks/year]; else None.
    product_package, product_hbm_generation : str or None
        With a product: its package (``packaging.csv``) and HBM generation.
    product_package_yield : float or None
        With a product: the package yield in ``accelerators_per_year`` [-].
    product_basis : str or None
        With a product: the yield basis of its count and inputs, one line
        (:func:`tigris.silicon.chip.basis_text` of the mature bill, the bill ``tigris
        chip PRODUCT --node NODE --mature`` prints); else None.
    building_exists : bool
        The line goes into a standing building: no building cost, and ``build_years``
        is the tool move-in to first wafer (``tool_install_months``), not a
        construction.
    life_years : float or None
        Operating life from first wafer that the levelised cost counts and after which
        the year table's output is 0 (``fab_life_years``) [years].
    """

    node: str
    site: str
    wspm: float
    capex_usd: float
    capex_breakdown_usd: dict[str, float]
    lithography_breakdown_usd: dict[str, float]
    subsidy_usd: float
    net_capex_usd: float
    capex_per_wspm_usd: float
    benchmark_capex_per_wspm_usd: float | None
    euv_tools: int
    high_na_tools: int
    duv_tools: int
    permit_years: float
    build_years: float
    ramp_years: float
    capex_spend_fraction_by_year: npt.NDArray[np.float64]
    output_fraction_by_year: npt.NDArray[np.float64]
    d0_per_cm2_by_year: npt.NDArray[np.float64]
    cost_per_wafer_usd: float
    cost_per_wafer_gross_usd: float
    opex_usd_per_year: float
    opex_breakdown_usd_per_year: dict[str, float]
    wafers_per_year: float
    power_mw: float
    energy_mwh_per_year: float
    water_m3_per_year: float
    employees: float
    start_year: int | None = None
    product: str | None = None
    accelerators_per_year: float | None = None
    accelerators_by_year: npt.NDArray[np.float64] | None = None
    equipment_reference: str = ""
    capex_price_year: int | None = None
    dollars_of: int | None = None
    benchmark_price_year: int | None = None
    product_note: str | None = None
    product_inputs: dict[str, Any] | None = None
    product_package: str | None = None
    product_package_yield: float | None = None
    product_hbm_generation: str | None = None
    product_basis: str | None = None
    building_exists: bool = False
    life_years: float | None = None

    def to_frame(self) -> pd.DataFrame:
        """The year table: capex spend, output, wafers, defect density, accelerators.

        Returns
        -------
        pandas.DataFrame
            One row per year from groundbreaking: ``year_index`` (and ``year``),
            ``capex_spend_usd`` [USD], ``output_fraction`` [-], ``wafers`` [wafers],
            ``d0_per_cm2`` [defects/cm^2] and, with a product, ``accelerators`` [units].
        """
        import pandas as pd

        return pd.DataFrame(self._year_columns())

    def _year_columns(self) -> dict[str, npt.NDArray[Any]]:
        """The columns of :meth:`to_frame` as arrays (no pandas needed)."""
        n = len(self.output_fraction_by_year)
        spend = np.zeros(n)
        m = min(n, len(self.capex_spend_fraction_by_year))
        spend[:m] = self.capex_spend_fraction_by_year[:m] * self.capex_usd
        cols: dict[str, npt.NDArray[Any]] = {"year_index": np.arange(n)}
        if self.start_year is not None:
            cols["year"] = self.start_year + cols["year_index"]
        cols["capex_spend_usd"] = spend
        cols["output_fraction"] = np.asarray(self.output_fraction_by_year)
        cols["wafers"] = self.output_fraction_by_year * self.wafers_per_year
        cols["d0_per_cm2"] = np.asarray(self.d0_per_cm2_by_year)
        if self.accelerators_by_year is not None:
            cols["accelerators"] = np.asarray(self.accelerators_by_year)
        return cols

    def to_dict(self) -> dict[str, Any]:
        """All fields as plain Python values, plus ``by_year`` (the year table).

        Returns
        -------
        dict
            Field name to value (arrays as lists), ``lead_years`` (permit + build)
            [years] and ``by_year``, the rows of :meth:`to_frame`.
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.tolist() if isinstance(value, np.ndarray) else value
        out["lead_years"] = self.permit_years + self.build_years
        cols = {k: v.tolist() for k, v in self._year_columns().items()}
        rows = zip(*cols.values(), strict=True)
        out["by_year"] = [dict(zip(cols, row, strict=True)) for row in rows]
        return out


def _check_wspm(wspm: Any, field: str = "wspm") -> Any:
    """``wspm`` as a float (or a float array, each > 0); InputError naming ``field``."""
    if np.ndim(wspm) > 0:
        try:
            return checked_array(wspm, field, unit="wafer starts/month")
        except (TypeError, ValueError):
            msg = "expected numbers of wafer starts per month > 0"
            raise InputError(msg, field=field) from None
    try:
        value = float(wspm)
    except (TypeError, ValueError):
        msg = f"expected a number of wafer starts per month > 0, got {wspm!r}"
        raise InputError(msg, field=field) from None
    require_positive(value, field)
    return value


def _check_campus(campus_wspm: Any, wspm: Any, field: str) -> Any:
    """``campus_wspm`` as a float (array) >= ``wspm``, or None; InputError naming ``field``."""
    if campus_wspm is None:
        return None
    value = _check_wspm(campus_wspm, field)
    if np.any(value < wspm):
        v, w = np.broadcast_arrays(value, wspm)
        i = np.flatnonzero(v < w)[0]
        msg = (
            f"expected the campus capacity >= the fab's {float(w.flat[i]):,.0f} wspm, "
            f"got {float(v.flat[i]):,.0f}"
        )
        raise InputError(msg, field=field)
    return value


def _dollars_field(field_prefix: str) -> str:
    return f"{field_prefix}dollars-of" if field_prefix else "dollars_of"


def capex_price_year(node: str | Node) -> int:
    """The year whose US dollars ``node``'s capex is in [year].

    A node's capex is a decomposition of the published cost of its reference fab
    (:func:`other_equipment_rate`): it is in dollars of that figure's ``price_year``
    (DigiTimes 2020 for N28 to N5 and N4; IBS 2023 for N3 and later), or of the
    fallback rate's row for a node older than every reference.

    Parameters
    ----------
    node : str or Node
        Process node.

    Returns
    -------
    int
        The price year [year].

    References
    ----------
    .. [1] DigiTimes Asia (2020) and IBS (Dec 2023), as :func:`other_equipment_rate`.

    Examples
    --------
    >>> capex_price_year("N4"), capex_price_year("N3"), capex_price_year("14A")
    (2020, 2023, 2023)
    """
    nd = get_node(node)
    ref = other_equipment_rate(nd)[1]
    if ref == "table":
        year = price_year("other_equipment_usd_per_wspm_per_mask_layer", nd.name)
    else:
        year = price_year("reference_fab_capex_usd", ref)
    if year is None:  # a user overlay row without a price year
        msg = f"fab_parameters.csv: the equipment basis of {nd.name} has no price_year"
        raise TigrisError(msg)
    return year


def _dollars(
    from_year: int | None,
    dollars_of: int | None,
    field_prefix: str = "",
    kind: str = "consumer",
    what: str = "",
) -> float:
    """Factor from dollars of ``from_year`` to dollars of ``dollars_of`` with the index of
    cost kind ``kind`` (1 without ``dollars_of``: no conversion) [-]. A figure ``what``
    without a price year is refused rather than left unconverted."""
    if dollars_of is None:
        return 1.0
    if from_year is None:
        msg = f"fab_parameters.csv: {what} has no price_year, so it cannot be converted"
        raise TigrisError(msg)
    return dollars_factor(from_year, dollars_of, field=_dollars_field(field_prefix), kind=kind)


@dataclass(frozen=True)
class _Factors:
    """Conversion factors of capex parts to dollars of ``dollars_of`` [-]: ``equipment``
    for tools (PPI semiconductor machinery), ``construction`` for the building and the
    hook-up premium (CPI-U)."""

    equipment: float = 1.0
    construction: float = 1.0

    @classmethod
    def of(cls, node: Node, dollars_of: int | None, field_prefix: str = "") -> _Factors:
        year = capex_price_year(node)
        return cls(
            equipment=_dollars(year, dollars_of, field_prefix, kind="equipment"),
            construction=_dollars(year, dollars_of, field_prefix, kind="consumer"),
        )

    def building(self, cx: _Capex) -> Any:
        return cx.building * self.construction

    def tools(self, cx: _Capex) -> Any:
        return cx.tools * self.equipment

    def installation(self, cx: _Capex) -> Any:
        return cx.installation * self.construction

    def total(self, cx: _Capex) -> Any:
        """Capex in dollars of ``dollars_of`` (the same floating-point steps everywhere)."""
        return self.building(cx) + (self.tools(cx) + self.installation(cx))


def _benchmark_in(
    node: str, site: str, dollars_of: int | None, field_prefix: str
) -> tuple[float, int | None] | None:
    """The public capex-per-WSPM benchmark [USD/wspm] and its price year: in dollars of
    ``dollars_of`` if given, else of its own year. A whole-fab figure, converted with the
    equipment index (tools are most of a fab's capex; no split of the published figure is
    known)."""
    bench = _benchmark(node, site)
    if bench is None:
        return None
    value, year = bench
    factor = _dollars(year, dollars_of, field_prefix, "equipment", "capex_per_wspm_benchmark_usd")
    return value * factor, year if dollars_of is None else int(dollars_of)


#: Wafer diameter every fab cost of the fab layer is for: its reference fabs, tools
#: counts, materials, power and water per wafer are of 300 mm lines [mm].
FAB_WAFER_MM = 300.0


def _check_wafer_size(nd: Node, field: str) -> None:
    """Refuse a node whose wafers are not 300 mm: the fab layer's costs, tool counts,
    power and water are per 300 mm wafer start (``fab_parameters.csv``, its reference
    fabs), and a 200 mm line would have been costed as a 300 mm one (user test
    2026-12-06 #3: a custom 200 mm node's fab matched N3's to the byte while its dies
    were counted on 200 mm wafers)."""
    dia = float(getattr(nd, "wafer_diameter_mm", FAB_WAFER_MM))
    if dia != FAB_WAFER_MM:
        msg = (
            f"{nd.name} is made on {dia:g} mm wafers; a fab is costed per {FAB_WAFER_MM:g} "
            "mm wafer start (its reference fabs, tools, materials, power and water: "
            "data/fab_parameters.csv), so a fab of it cannot be costed: give the node "
            f"wafer_diameter_mm {FAB_WAFER_MM:g}, or cost its dies with tigris die or chip"
        )
        raise InputError(msg, field=field)


def _node_d0_on_calendar(nd: Node, when: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The node's own defect density at calendar times ``when`` [defects/cm^2].

    A new fab copies a running process, so it starts at ``new_fab_d0_multiple`` times
    the node's mature density; but it cannot run better than the node itself does on
    that date: a fab whose first wafer comes soon after the node's HVM is held to the
    node's learning curve, ``D0(t)`` of :func:`tigris.silicon.defect_density` at the
    node's age on that date (:func:`tigris.silicon.months_since_hvm`, whose year is
    read at its middle: ``when - 1/2``; 0 before HVM; user test 2026-12-06: an N3 fab
    started in 2021 was at 0.054 in 2022, the node at 0.10).

    References
    ----------
    C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (exponential
    defect-density learning from the start of volume production).
    """
    from tigris.silicon.yields import MID_YEAR, defect_density, months_since_hvm, node_hvm_month

    at = np.asarray(when, dtype=float) - MID_YEAR  # the calendar time as a year's middle
    months = months_since_hvm(at, nd.hvm_year, node_hvm_month(nd))
    return np.asarray(
        defect_density(months, nd.d0_per_cm2, nd.d0_mature_per_cm2, nd.d0_learning_months),
        dtype=float,
    )


def fab_model(
    node: str | Node,
    wspm: float,
    site: str | Site,
    *,
    start_year: int | None = None,
    product: Any = None,
    years: int | None = None,
    accelerators_file: Any = None,
    field_prefix: str = "",
    campus_wspm: float | None = None,
    first_of_a_kind: bool = False,
    building_exists: bool = False,
    dollars_of: int | None = None,
    recost_die: bool = False,
) -> FabResult:
    """Cost, timing and output of one fab of ``wspm`` wafer starts/month at ``site``.

    Capex = site multiplier x (fixed x wspm / campus_wspm + per-WSPM building) + whole
    scanners x price (Low-NA and High-NA EUV from the node's layers, ArF immersion from
    its other layers) + other equipment per WSPM per mask layer + the site's premium on tool
    hook-up (:func:`installation_premium`); the building's per-capacity part and the
    other equipment carry :func:`size_scale` of the fab's WSPM (The Chip Insider, 2008;
    1 at the 50k reference fabs). Subsidy = site share x capex, at most the smallest
    programme total naming the site moved to the capex's dollars by the CPI-U
    (:func:`tigris.fab.data.subsidy_usd`).
    Time: construction then a logistic ramp (:func:`annual_output_fraction`); spend
    profile from :func:`capex_spend_fractions`. Opex at full output: straight-line
    depreciation of net equipment and building capex over their lives (grants deducted
    from the asset, IAS 20), labour (:func:`fab_employees`: Arizona fab 1's staff per
    WSPM x the node's mask layers over the reference node's, staff following the tool
    count as the building does, ITRS Factory Integration; and growing as WSPM^0.27
    over McKinsey's 20,000-45,000 wspm, in proportion to WSPM outside, McKinsey 2024),
    maintenance, materials, energy (per mask layer without the EUV
    scanners, from TSMC's 2020 use less its EUV scanners', plus EUV tool power around the
    clock) and water. Cost per wafer: levelised over the fab life
    (:func:`levelised_cost_per_wafer`).

    Parameters
    ----------
    node : str or Node
        Process node (``"N5"``).
    wspm : float or array_like
        Capacity [wafer starts/month].
    site : str or Site
        Candidate site (``"taiwan"``).
    start_year : int, optional
        Calendar year of groundbreaking (labels the year table) [year].
    product : str or Accelerator, optional
        Count output in good packaged accelerators via ``tigris.silicon.chip_bill``.
        A part the catalog makes on another node is refused (a line of this node
        cannot make it) unless ``recost_die``.
    years : int, optional
        Length of the year table; default until full output [years].
    accelerators_file : str or Path, optional
        YAML file of extra accelerators for ``product`` (see :mod:`tigris.catalog`).
    field_prefix : str, optional
        Prefix for error field names (``"--"`` on the command line).
    campus_wspm : float or array_like, optional
        Capacity of the campus this fab is a phase of, ``>= wspm``: the fixed site
        building (``building_fixed_usd``) is charged pro rata ``wspm / campus_wspm``
        (:func:`building_taiwan_usd`) [wafer starts/month]; default the fab alone.
    first_of_a_kind : bool, optional
        Price the realised (outturn) cost of a firm's first fab in the site's country:
        building and tool hook-up at the site's first-of-a-kind construction multiplier
        (:func:`construction_multiplier`) instead of its many-project one. Default
        False (a plan, or a fab after the first).
    building_exists : bool, optional
        The line is fitted into a cleanroom building and site utilities that already
        stand (a brownfield line): no building cost, tools and their hook-up only.
        Default False.
    dollars_of : int, optional
        Report money in US dollars of this year, each cost kind by its own index
        (:mod:`tigris.fab.dollars`; a year after an index's last takes the last): tools
        (lithography, other equipment) and maintenance with the BLS PPI for semiconductor
        machinery (PCU333242333242), the building and the hook-up premium with the BLS
        CPI-U, all from the node's :func:`capex_price_year` (depreciation follows its
        asset); labour, energy and water with the CPI-U from ``site_prices_price_year``
        (2024), materials from their row's ``price_year``. Default None: every part in
        dollars of the node's :func:`capex_price_year` (the capex unconverted; labour,
        energy, water and materials converted to that year by the CPI-U), so that the
        levelised cost and the year's opex add dollars of one year.
    recost_die : bool, optional
        Count a ``product`` the catalog makes on another node anyway: its logic die as
        drawn (the catalog's area, not rescaled to this node's density) at this node's
        defect density and wafer; ``product_note`` says so. Default False (refused).

    Returns
    -------
    FabResult
        With arrays for ``wspm`` or ``campus_wspm`` (broadcast together), every field
        that depends on them is an array of that shape (scanner counts int arrays;
        the spend, cost and accelerator year tables gain a trailing year axis), equal
        elementwise to the scalar calls; ``to_frame``/``to_dict`` are for scalar fabs.

    References
    ----------
    .. [1] Exyte (H. Blaschitz, SEMI ISS 2025): US construction ~2x Taiwan cost,
       similar equipment cost; build months by region.
    .. [2] DigiTimes Asia (2020) and IBS (2023): published cost of a 50,000-wspm fab by
       node, which sets each node's non-lithography equipment rate
       (:func:`other_equipment_rate`).
    .. [3] IAS 20, *Accounting for Government Grants* (grant deducted from the asset).
    .. [4] U.S. Bureau of Labor Statistics, CPI-U annual averages and PPI
       PCU333242333242 annual means (price years, :mod:`tigris.fab.dollars`).

    Examples
    --------
    A 50,000-wspm N5 fab in Taiwan costs what DigiTimes (2020) published for it (the
    reference fab that sets N5's equipment rate; capex in 2020 dollars), and about
    US$10.7B at Arizona for 20,000 wspm (TSMC announced US$12B in 2020):

    >>> r = fab_model("N5", 50_000, "taiwan")
    >>> abs(r.capex_usd / 16e9 - 1) < 1e-9
    True
    >>> az = fab_model("N5", 20_000, "arizona-usa", dollars_of=2020)
    >>> abs(az.capex_usd / 12e9 - 1) < 0.35
    True
    >>> r = fab_model("N5", 50_000, "taiwan", dollars_of=2024)  # tools PPI, building CPI-U
    >>> 16e9 * 103.5 / 89.24 < r.capex_usd < 16e9 * 313.689 / 258.811
    True
    >>> r = fab_model("N5", 83_000, "taiwan")
    >>> abs(r.euv_tools / (14 * 83_000 / 45_000) - 1) < 0.15  # ASML: 1 per layer per 45k
    True
    """
    nd = get_node(node, field=f"{field_prefix}node")
    _check_wafer_size(nd, f"{field_prefix}node")
    st = get_site(site, field=f"{field_prefix}site")
    w = _check_wspm(wspm, f"{field_prefix}wspm")
    campus = _check_campus(
        campus_wspm, w, f"{field_prefix}campus-wspm" if field_prefix else "campus_wspm"
    )
    if campus is not None and np.ndim(campus) + np.ndim(w) > 0:
        w, campus = (np.array(x) for x in np.broadcast_arrays(w, campus))
    if years is not None and (int(years) != years or years < 1):
        msg = f"expected a whole number of years >= 1, got {years}"
        raise InputError(msg, field=f"{field_prefix}years")

    def p(name: str) -> float:
        return fab_param(name, nd.name, st.name)

    cap_year = capex_price_year(nd)
    kx = _Factors.of(nd, dollars_of, field_prefix)  # capex parts, each by its own index
    # every other money stream in the same year as the capex: dollars_of, else the
    # node's basis year (site prices and materials are 2024 figures; a levelised cost
    # or a year's opex adds them to the capex and its depreciation)
    money_year = cap_year if dollars_of is None else dollars_of
    k_site = _dollars(int(p("site_prices_price_year")), money_year, field_prefix)
    materials_year = price_year("materials_usd_per_wafer_mask_layer", nd.name, st.name)
    k_mat = _dollars(
        materials_year, money_year, field_prefix, what="materials_usd_per_wafer_mask_layer"
    )

    cx = _capex(
        nd,
        w,
        st,
        campus,
        first_of_a_kind=first_of_a_kind,
        building_exists=building_exists,
        field_prefix=field_prefix,
    )
    capex = kx.total(cx)  # in dollars of dollars_of from here on
    building = kx.building(cx)
    equipment = kx.tools(cx) + kx.installation(cx)
    # share x capex, at most its programme's total in the capex's dollars (money_year)
    subsidy = subsidy_usd(st, capex, money_year)
    net = capex - subsidy
    keep = 1.0 - st.subsidy_share_of_capex
    if np.any(subsidy != st.subsidy_share_of_capex * capex):  # capped by its programme
        keep = 1.0 - subsidy / capex

    permit_y = st.permit_months / MONTHS_PER_YEAR
    build_y = st.construction_months / MONTHS_PER_YEAR
    if building_exists:
        # no building to put up: from tool move-in to first wafer only, the window the
        # equipment is installed in before first wafer in a new fab too
        build_y = p("tool_install_months") / MONTHS_PER_YEAR
    ramp_y = st.ramp_months / MONTHS_PER_YEAR
    steep = p("ramp_logistic_steepness")
    life_y = p("fab_life_years")

    n_table = math.ceil(build_y + ramp_y - 1e-9) + 1
    if years is not None:
        n_table = int(years)
    # the year table counts from groundbreaking: the timeline the plan uses from the
    # start of permit and design (fab_timeline), with permit_y = 0
    spend, output = fab_timeline(
        0.0,
        build_y,
        ramp_y,
        steep,
        p("tool_install_months") / MONTHS_PER_YEAR,
        _col(building / capex),
        n_years=n_table,
        life_years=life_y,
    )

    # opex at full output
    starts_per_year = w * MONTHS_PER_YEAR
    wafers_per_year = starts_per_year * p("line_yield")
    euv_kw = cx.euv_tools * get_tool("low_na_euv").power_kw
    euv_kw += cx.high_na_tools * get_tool("high_na_euv").power_kw
    # every layer's non-exposure steps and the fab's overhead (the row excludes the EUV
    # scanners, fab_parameters.csv), then the EUV scanners around the clock
    base_kwh = p("energy_kwh_per_wafer_mask_layer") * nd.mask_layers * starts_per_year
    energy_mwh = base_kwh / KWH_PER_MWH + euv_kw * HOURS_PER_YEAR / KW_PER_MW
    power_mw = energy_mwh / HOURS_PER_YEAR
    water_m3 = p("water_m3_per_wafer_mask_layer") * nd.mask_layers * starts_per_year
    employees = fab_employees(nd, w, site=st.name)
    materials = p("materials_usd_per_wafer_mask_layer") * nd.mask_layers * starts_per_year
    cash = {
        "labour": employees * st.labour_usd_per_fte_year * k_site,
        "maintenance": p("maintenance_share_of_equipment_per_year") * kx.tools(cx),
        "materials": materials * k_mat,
        "energy": energy_mwh * KWH_PER_MWH * st.electricity_usd_per_kwh * k_site,
        "water": water_m3 * st.water_usd_per_m3 * k_site,
    }
    opex = {
        "depreciation_equipment": keep * equipment / p("equipment_life_years"),
        "depreciation_building": keep * building / p("building_life_years"),
        **cash,
    }

    # life-cycle cost per wafer: years from groundbreaking to end of life
    n_life = math.ceil(build_y + life_y - 1e-9)
    out_life = annual_output_fraction(n_life, build_y, ramp_y, steep, life_years=life_y)
    operating = np.diff(np.clip(np.arange(n_life + 1.0), build_y, build_y + life_y))
    fixed = cash["labour"] + cash["maintenance"]
    variable = cash["materials"] + cash["energy"] + cash["water"]
    running = _col(fixed) * operating + _col(variable) * out_life
    wafers_life = out_life * _col(wafers_per_year)

    def lcow(capex_paid: Any) -> Any:
        cost_by_year = running.copy()
        cost_by_year[..., : spend.shape[-1]] += spend * _col(capex_paid)
        return levelised_cost_per_wafer(cost_by_year, wafers_life, p("discount_rate"))

    cpw = lcow(net)  # the investor's: net of subsidy
    cpw_gross = lcow(capex)  # before subsidy, to compare sites with and without one

    # yield learning from first wafer, at the middle of each year's operating part
    d0_floor = float(getattr(nd, "d0_mature_per_cm2", nd.d0_per_cm2))
    d0_start = p("new_fab_d0_multiple") * d0_floor
    mid = (np.maximum(np.arange(n_table), build_y) + np.arange(1, n_table + 1)) / 2.0 - build_y
    d0_by_year = np.asarray(
        defect_density_learning(
            mid, d0_start, d0_floor, p("new_fab_d0_learning_months") / MONTHS_PER_YEAR
        )
    )
    if start_year is not None:
        d0_by_year = np.maximum(d0_by_year, _node_d0_on_calendar(nd, start_year + build_y + mid))

    acc_year: float | None = None
    acc_by_year = None
    product_name = product_note = None
    product_inputs: dict[str, Any] | None = None
    package: tuple[str | None, float | None, str | None] = (None, None, None)
    basis: str | None = None
    if product is not None:

        def wafers_per_unit(d0: float) -> float:
            bill = chip_bill(product, node=nd.name, d0_per_cm2=d0, custom=accelerators_file)
            return float(bill.logic_wafers_per_unit)

        try:
            first = chip_bill(product, node=nd.name, custom=accelerators_file)
        except InputError as exc:
            # a problem of the catalog's part (no file: not of --accelerators) is one
            # of the option that named it, whatever field of the part it is about
            problems = [
                dataclasses.replace(pr, field=f"{field_prefix}product")
                if pr.field in ("", "accelerator") or pr.file is None
                else pr
                for pr in exc.problems
            ]
            raise InputError(problems) from None
        product_name = str(first.accelerator)
        product_note = _product_node_note(first, nd.name, recost_die, field_prefix)
        # one basis for the whole product bill: every yield at its learning curve's end,
        # the logic at the node's floor (this fab's D0 after learning, d0_floor) and the
        # HBM, base dies and package alike (UT-ANALYST 2026-12-04 #8: the HBM was read
        # at its launch yield beside mature logic); = tigris chip PRODUCT --node NODE --mature
        mature = chip_bill(product, node=nd.name, mature=True, custom=accelerators_file)
        acc_year = wafers_per_year / float(mature.logic_wafers_per_unit)
        product_inputs = _product_inputs(mature, acc_year)
        basis = basis_text(mature)
        package = (str(mature.package), float(mature.package_yield), mature.hbm_generation)
        pairs = zip(d0_by_year, output, strict=True)
        per_wafer = np.array([1.0 / wafers_per_unit(float(d)) if o > 0 else 0.0 for d, o in pairs])
        acc_by_year = output * _col(wafers_per_year) * per_wafer

    bench = _benchmark_in(nd.name, st.name, dollars_of, field_prefix)
    return FabResult(
        node=nd.name,
        site=st.name,
        wspm=w,
        capex_usd=capex,
        capex_breakdown_usd={
            "building": building,
            "lithography": cx.lithography * kx.equipment,
            "other_equipment": cx.other * kx.equipment,
            "installation": kx.installation(cx),
        },
        lithography_breakdown_usd={
            "low_na_euv": cx.euv * kx.equipment,
            "high_na_euv": cx.high_na * kx.equipment,
            "duv_immersion": cx.duv * kx.equipment,
        },
        subsidy_usd=subsidy,
        net_capex_usd=net,
        capex_per_wspm_usd=capex / w,
        benchmark_capex_per_wspm_usd=None if bench is None else bench[0],
        euv_tools=cx.euv_tools,
        high_na_tools=cx.high_na_tools,
        duv_tools=cx.duv_tools,
        permit_years=permit_y,
        build_years=build_y,
        ramp_years=ramp_y,
        capex_spend_fraction_by_year=spend,
        output_fraction_by_year=output,
        d0_per_cm2_by_year=d0_by_year,
        cost_per_wafer_usd=cpw,
        cost_per_wafer_gross_usd=cpw_gross,
        opex_usd_per_year=sum(opex.values()) if np.ndim(w) else float(sum(opex.values())),
        opex_breakdown_usd_per_year=opex,
        wafers_per_year=wafers_per_year,
        power_mw=power_mw,
        energy_mwh_per_year=energy_mwh,
        water_m3_per_year=water_m3,
        employees=employees,
        start_year=start_year,
        product=product_name,
        accelerators_per_year=acc_year,
        accelerators_by_year=acc_by_year,
        equipment_reference=other_equipment_rate(nd)[1],
        capex_price_year=cap_year if dollars_of is None else int(dollars_of),
        dollars_of=None if dollars_of is None else int(dollars_of),
        benchmark_price_year=None if bench is None else bench[1],
        product_note=product_note,
        product_inputs=product_inputs,
        product_package=package[0],
        product_package_yield=package[1],
        product_hbm_generation=package[2],
        product_basis=basis,
        building_exists=bool(building_exists),
        life_years=life_y,
    )


def _product_inputs(bill: Any, units_per_year: Any) -> dict[str, Any]:
    """What else ``units_per_year`` packaged accelerators need besides this fab's logic
    wafers (user test 2026-12-04 D6: the count read as finished accelerators).

    The fab's count is logic-limited: good logic dies per wafer over logic dies per
    unit, times the package yield (:func:`tigris.silicon.chip_bill`
    ``logic_wafers_per_unit``). Each of those units also needs its share of interposer
    wafers on the product's package line (CoWoS), its HBM stacks and any base-die
    wafers, none of which the fab makes: they are counted here from the same bill.

    Parameters
    ----------
    bill : ChipBill
        The product's bill with every yield mature (:func:`tigris.silicon.chip_bill`
        ``mature``): the logic at the fab's mature defect density, the HBM, base dies
        and package on the same basis.
    units_per_year : float or numpy.ndarray
        Accelerators the fab's logic wafers make at full output [units/year].

    Returns
    -------
    dict
        ``interposer_wafers_per_year`` [wafers/year], ``hbm_stacks_per_year``
        [stacks/year], ``hbm_dram_wafers_per_year`` (DRAM wafer starts on HBM lines,
        the bill's ``hbm_wafers_per_unit``) [wafers/year], ``base_die_wafers_per_year``
        [wafers/year], each shaped as ``units_per_year``.
    """
    return {
        "interposer_wafers_per_year": units_per_year * float(bill.interposer_wafers_per_unit),
        "hbm_stacks_per_year": units_per_year * float(bill.hbm_stacks_per_unit),
        "hbm_dram_wafers_per_year": units_per_year * float(bill.hbm_wafers_per_unit),
        "base_die_wafers_per_year": units_per_year * float(bill.base_wafers_per_unit),
    }


def _product_node_note(bill: Any, node: str, recost_die: bool, field_prefix: str) -> str | None:
    """Refuse a product whose logic die the catalog makes on another node than the
    fab's, or (``recost_die``) the note that it is counted as drawn there.

    A fab of one node cannot make another node's die, and tigris has no die-shrink
    model: :func:`tigris.silicon.chip_bill` with a node override keeps the catalog's
    die area (``catalog_node`` on the bill). An N2 line counting B300s (N4) would give
    a confident number for a part it cannot make (user test 2026-12-03 #3).

    Parameters
    ----------
    bill : ChipBill
        The product's bill on the fab's node.
    node : str
        The fab's node.
    recost_die : bool
        Count it anyway (the caller asked for the die re-costed at this node).
    field_prefix : str
        Prefix for the error's field name.

    Returns
    -------
    str or None
        None when the part is made on ``node`` (or its node is not given); else the
        note (a node of the same family, ``nodes.csv`` ``family``, is made without
        ``recost_die``: N4 in an N5 fab).

    Raises
    ------
    InputError
        On another node without ``recost_die``, naming the part's node and what to do.
    """
    made_on = bill.catalog_node
    if made_on is None or made_on == node:
        return None
    family = get_node(made_on).family
    if family == get_node(node).family:
        # one family shares tools and design rules (nodes.csv family), and the plan's
        # logic line of a family makes its members' parts (N4 on logic-N5; user test
        # 2026-12-06 #4: an N5 fab refused H100's N4 die)
        return (
            f"{bill.accelerator}'s logic die is made on {made_on}, a node of the {family} "
            f"family (nodes.csv), which {node} fabs make, as the plan's logic-{family} "
            f"line does: counted as drawn ({bill.logic_die_area_mm2:g} mm^2) at {node}'s "
            "defect density and wafer size"
        )
    flag = f"{field_prefix}recost-die" if field_prefix == "--" else "recost_die=True"
    node_field = f"{field_prefix}node"
    if not recost_die:
        msg = (
            f"{bill.accelerator}'s logic die is made on {made_on} (catalog), which the {node} "
            f"fab cannot make: use {node_field} {made_on}, drop the product, or add {flag} "
            f"to count its {made_on} die as drawn at {node}'s yield"
        )
        raise InputError(msg, field=f"{field_prefix}product")
    return (
        f"{bill.accelerator}'s logic die is made on {made_on}: counted here as drawn there "
        f"({bill.logic_die_area_mm2:g} mm^2, not rescaled to {node}'s density; tigris has "
        f"no die-shrink model) at {node}'s defect density and wafer size"
    )


def capacity_for_budget(
    budget_usd: float,
    node: str | Node,
    site: str | Site,
    *,
    include_subsidy: bool = True,
    field_prefix: str = "",
    **kwargs: Any,
) -> FabResult:
    """The largest fab a budget buys: ``fab_model`` at the largest WSPM that fits.

    Capex grows strictly with WSPM from ``min_wspm`` (10,000) on (it never falls, and
    is flat between whole-scanner steps only below 5,473 wspm, :func:`size_scale`'s
    floor), so the answer is found by bisection over whole steps of
    ``budget_wspm_resolution`` between ``min_wspm`` and a bracket that no longer fits.
    The budget pays the capex net of subsidy (``include_subsidy=True``, the subsidy adds
    to the investor's money) or the whole capex.

    Parameters
    ----------
    budget_usd : float
        Money available for capex [USD].
    node : str or Node
        Process node.
    site : str or Site
        Candidate site.
    include_subsidy : bool, optional
        Count the site's subsidy towards the capex.
    field_prefix : str, optional
        Prefix for error field names.
    **kwargs
        Passed to :func:`fab_model` (``start_year``, ``product``, ``years``,
        ``dollars_of``: the budget is in dollars of that year; default: of the node's
        :func:`capex_price_year`; ``campus_wspm``: the fab is a phase of that campus,
        paying its share of the fixed building, and at most the whole campus).

    Returns
    -------
    FabResult
        The fab; its ``net_capex_usd`` (or ``capex_usd``) is at most ``budget_usd``.

    Raises
    ------
    InputError
        If the budget does not pay for a fab of ``min_wspm``.

    References
    ----------
    Capex as in :func:`fab_model` (its references); bisection on a monotone function,
    e.g. W. H. Press et al., *Numerical Recipes*, 3rd ed., 2007, sec. 9.1.

    Examples
    --------
    The largest fab that fits: one more capacity step would not.

    >>> r = capacity_for_budget(20e9, "N5", "taiwan")
    >>> step = fab_param("budget_wspm_resolution")
    >>> r.net_capex_usd <= 20e9 < fab_model("N5", r.wspm + step, "taiwan").net_capex_usd
    True
    """
    field = f"{field_prefix}budget-usd" if field_prefix else "budget_usd"
    try:
        budget = float(budget_usd)
    except (TypeError, ValueError):
        msg = f"expected an amount in USD > 0, got {budget_usd!r}"
        raise InputError(msg, field=field) from None
    require_positive(budget, field)
    nd = get_node(node, field=f"{field_prefix}node")
    st = get_site(site, field=f"{field_prefix}site")
    step = fab_param("budget_wspm_resolution", nd.name, st.name)
    w_min = fab_param("min_wspm", nd.name, st.name)
    keep = (1.0 - st.subsidy_share_of_capex) if include_subsidy else 1.0
    kx = _Factors.of(nd, kwargs.get("dollars_of"), field_prefix)
    # the capex's dollars, as fab_model's money_year: the programme's cap is moved to them
    money_year = capex_price_year(nd) if kwargs.get("dollars_of") is None else kwargs["dollars_of"]
    options = {
        "first_of_a_kind": bool(kwargs.get("first_of_a_kind", False)),
        "building_exists": bool(kwargs.get("building_exists", False)),
        "field_prefix": field_prefix,
    }

    campus_field = f"{field_prefix}campus-wspm" if field_prefix else "campus_wspm"
    campus = kwargs.get("campus_wspm")
    if campus is not None:
        campus = _check_wspm(campus, campus_field)
        if np.any(campus < w_min):  # the user gave no fab size: name the search's floor
            msg = (
                f"expected the campus capacity >= {w_min:,.0f} wspm, the smallest fab the "
                f"budget search tries (fab_parameters.csv min_wspm): the campus must hold "
                f"it, got {float(np.min(campus)):,.0f}"
            )
            raise InputError(msg, field=campus_field)

    def cost(w: float) -> float:
        # the same floating-point steps as fab_model's net_capex_usd (capex - subsidy);
        # capped at the programme's total, net capex still grows with capex
        total = kx.total(_capex(nd, w, st, campus, **options))
        return total - subsidy_usd(st, total, money_year) if include_subsidy else total

    lo = math.ceil(w_min / step)
    if cost(lo * step) > budget:
        need = cost(lo * step)
        what = " net of subsidy" if include_subsidy and keep < 1.0 else ""
        msg = (
            f"US${budget:,.0f} is less than the smallest fab a budget is answered with: "
            f"{w_min:,.0f} wspm of {nd.name} at {st.name} (fab_parameters.csv min_wspm, "
            f"the search's floor) needs US${need / 1e9:,.2f}B of capex{what}; a smaller "
            "fab is priced with --wspm"
        )
        raise InputError(msg, field=field)
    # a phase of a campus is at most the campus: the bracket stops there
    top = None if campus is None else max(lo, math.floor(float(campus) / step))
    if top is not None and cost(top * step) <= budget:
        return fab_model(nd, top * step, st, field_prefix=field_prefix, **kwargs)
    hi = lo * 2 if top is None else min(lo * 2, top)
    while cost(hi * step) <= budget:  # below top: the check above
        lo, hi = hi, hi * 2 if top is None else min(hi * 2, top)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if cost(mid * step) <= budget:
            lo = mid
        else:
            hi = mid
    return fab_model(nd, lo * step, st, field_prefix=field_prefix, **kwargs)

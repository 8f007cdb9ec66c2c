"""What a reader of one fab should be told besides its numbers.

Two things a figure from :func:`tigris.fab.fab_model` cannot say by itself:

- whether the fab is one the world could build: its scanners against a year of the
  scanner maker's output (``data/lithography_shipments.csv``) and its capacity against
  the largest fab with a published budget (``data/fab_budgets.csv``). The model scales
  linearly past both and answers any capacity; these checks turn that into a warning
  (user test 2026-12-04 D4: 1e9 wspm gave 507,010 EUV scanners and 4.7 TW, silently);
- where its money is calibrated: the published fab cost that sets the node's
  non-lithography equipment rate and the scanners' unit prices, each with its source
  row, and whether the case asked is that calibration fab, whose capex the model then
  returns by construction (D12).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from tigris.data import load_rows
from tigris.fab.data import (
    _params,
    _price_years,
    fab_param,
    get_site,
    get_tool,
    largest_award,
    subsidy_cap,
)
from tigris.fab.model import FabResult, scanner_price_usd
from tigris.units import MONTHS_PER_YEAR

__all__ = [
    "ScannerSupply",
    "calibration",
    "fab_warnings",
    "largest_published_fab",
    "product_world_share",
    "scanner_supply",
    "world_share_warnings",
]

#: Scanner classes of a :class:`FabResult` and their names in the table and JSON.
SCANNER_KINDS: tuple[tuple[str, str], ...] = (
    ("low_na_euv", "Low-NA EUV"),
    ("high_na_euv", "High-NA EUV"),
    ("duv_immersion", "ArF-immersion"),
)


@dataclass(frozen=True)
class ScannerSupply:
    """One row of ``lithography_shipments.csv``: scanners of a class sold in a year.

    Attributes
    ----------
    tool_class : str
        ``euv`` (Low-NA and High-NA) or ``all_lithography`` (every class).
    year : int
        Calendar year of the sales [year].
    units : int
        Scanners sold that year [scanners/year].
    source, as_of : str
        Where the figure comes from, and when.
    """

    tool_class: str
    year: int
    units: int
    source: str
    as_of: str


@cache
def scanner_supply() -> dict[str, ScannerSupply]:
    """The newest row of each class in ``lithography_shipments.csv``.

    Returns
    -------
    dict of str to ScannerSupply
        ``"euv"`` and ``"all_lithography"`` [scanners/year].

    References
    ----------
    Each row's ``source`` (ASML's annual results).

    Examples
    --------
    >>> scanner_supply()["all_lithography"].units
    421
    """
    out: dict[str, ScannerSupply] = {}
    for row in load_rows("lithography_shipments"):
        s = ScannerSupply(
            tool_class=str(row["tool_class"]),
            year=int(row["year"]),
            units=int(row["units"]),
            source=str(row["source"]),
            as_of=str(row["as_of"]),
        )
        if s.tool_class not in out or s.year > out[s.tool_class].year:
            out[s.tool_class] = s
    return out


def largest_published_fab() -> tuple[str, float]:
    """The largest single-fab capacity with a published budget in ``fab_budgets.csv``.

    Returns
    -------
    (str, float)
        The case name and its capacity [wafer starts/month]. A row of several fabs
        (``separate_fabs``) is skipped: its capacity is not one fab's.

    References
    ----------
    Each ``fab_budgets.csv`` row's ``source`` (company announcements and press reports).

    Examples
    --------
    >>> case, wspm = largest_published_fab()
    >>> wspm >= 50_000
    True
    """
    from tigris.fab.budgets import budget_cases

    cases = [c for c in budget_cases() if not c.separate_fabs]
    best = max(cases, key=lambda c: c.wspm)
    return best.case, best.wspm


def _wspm(w: float) -> str:
    """Wafer starts a month as a warning quotes them: whole from 10 up, else three
    significant figures (``1.5``, not ``2``: user test 2026-12-07 read 0.5 as "0")."""
    return f"{w:,.0f}" if w >= 10 else f"{w:.3g}"


def fab_warnings(r: FabResult) -> list[str]:
    """Warnings for a fab outside what has been built or can be supplied in a year.

    - its EUV scanners (Low-NA and High-NA) exceed one year of ASML's EUV sales, or all
      its scanners one year of ASML's lithography sales (``lithography_shipments.csv``):
      the fab could not be tooled in a year whatever its budget;
    - its capacity exceeds the largest single fab with a published budget
      (``fab_budgets.csv``): capex, staff, power and water are extrapolated past every
      fab the model is checked on.

    Parameters
    ----------
    r : FabResult
        One fab (scalar capacity).

    Returns
    -------
    list of str
        One sentence per warning; empty for a fab inside both ranges.

    References
    ----------
    .. [1] ASML, Q4 and full-year 2023 results (press release 2024-01-24) and Annual
       Report 2023: lithography and EUV systems sold (``lithography_shipments.csv``).
    .. [2] ``fab_budgets.csv``: announced fab capacities and budgets.

    Examples
    --------
    >>> from tigris.fab import fab_model
    >>> fab_warnings(fab_model("N2", 50_000, "taiwan"))
    []
    >>> len(fab_warnings(fab_model("N2", 1e9, "taiwan")))
    3
    """
    out: list[str] = []
    supply = scanner_supply()
    euv = int(r.euv_tools) + int(r.high_na_tools)
    every = euv + int(r.duv_tools)
    for n, key, what in (
        (euv, "euv", "EUV"),
        (every, "all_lithography", "lithography"),
    ):
        s = supply.get(key)
        if s is None or n <= s.units:
            continue
        out.append(
            f"this fab needs {n:,} {what} scanners, {n / s.units:,.2f} years of ASML's "
            f"{what} output ({s.units} sold in {s.year}, lithography_shipments.csv): it "
            "could not be tooled in a year at any budget"
        )
    case, biggest = largest_published_fab()
    w = float(r.wspm)
    if w > biggest:
        # "1.0x" read as at the largest, not above it (user test 2026-12-05 chain #11)
        ratio = w / biggest
        above = f"{ratio:,.1f}x" if ratio >= 2.0 else f"{(ratio - 1.0):.1%} above"
        out.append(
            f"{_wspm(w)} wspm is {above} the largest single fab with a published "
            f"budget ({case}, {biggest:,.0f} wspm, fab_budgets.csv): capex, staff, power "
            "and water are extrapolated linearly past every fab the model is checked on"
        )
    smallest = fab_param("size_scale_wspm")
    if w < smallest:
        # below the source's smallest fab the size factor is held (size_scale), so the
        # building and other tools scale linearly down (user test 2026-12-05 chain #10)
        out.append(
            f"{_wspm(w)} wspm is below {smallest:,.0f}, the smallest fab the size economy of "
            "capex is fitted on (fab_parameters.csv size_scale_wspm, The Chip Insider "
            "2008): its building and non-lithography tools are scaled linearly below it, "
            "so its capex, staff and cost per wafer are extrapolated"
        )
    return out + subsidy_warnings(r)


def subsidy_warnings(r: FabResult) -> list[str]:
    """Warnings for a subsidy at its programme's total or above the largest award.

    - the site's share of the capex would pass the whole programme that pays it: the
      subsidy is that total (:func:`tigris.fab.data.subsidy_usd`), and this says so;
    - the subsidy is above the largest single award on record of that programme: the
      site's share, one award over its investment, is read as holding at this size.

    Both amounts are said and compared in the fab's dollars (``r.capex_price_year``:
    its ``dollars_of``, else its node's price year), each row's ``amount_usd`` moved
    there from its ``price_year`` by the CPI-U (:meth:`tigris.fab.data.SubsidyRow.usd_of`).

    Parameters
    ----------
    r : FabResult
        One fab (its site one of ``sites.csv``).

    Returns
    -------
    list of str
        One sentence per warning.

    References
    ----------
    ``subsidy_programmes.csv``: programme totals and the largest awards, as published;
    BLS CPI-U annual averages (``fab_price_index.csv``).

    Examples
    --------
    >>> from tigris.fab import fab_model
    >>> subsidy_warnings(fab_model("N3", 20_000, "germany"))
    []
    >>> [w.split(":")[0] for w in subsidy_warnings(fab_model("N3", 2e6, "germany"))]
    ['the subsidy is capped at US$21.6B of 2023, the whole of germany-ktf-chips (as of 2023-07)']
    >>> big = fab_model("N3", 2e6, "germany", dollars_of=2015)
    >>> subsidy_warnings(big)[0].split(":")[0]  # EUR 20B at 2023's rate, CPI-U to 2015
    'the subsidy is capped at US$16.8B of 2015, the whole of germany-ktf-chips (as of 2023-07'
    """
    out: list[str] = []
    site = get_site(r.site)
    share = float(site.subsidy_share_of_capex)
    subsidy = float(r.subsidy_usd)
    if share <= 0 or subsidy <= 0:
        return out
    cap = subsidy_cap(site)
    wanted = share * float(r.capex_usd)
    year = int(r.capex_price_year)  # the fab's dollars: every amount said is in them
    if cap is not None and wanted > subsidy:
        own = (
            ""
            if cap.price_year == year
            else f": US${cap.amount_usd / 1e9:,.1f}B of {cap.price_year}, CPI-U"
        )
        out.append(
            f"the subsidy is capped at US${subsidy / 1e9:,.1f}B of {year}, the whole of "
            f"{cap.programme} (as of {cap.as_of}{own}): {share:.0%} of "
            f"US${r.capex_usd / 1e9:,.1f}B of capex would be US${wanted / 1e9:,.1f}B; no "
            "site is given more than its programme (subsidy_programmes.csv)"
        )
        return out
    award = largest_award(site)
    most = None if award is None else award.usd_of(year)
    if award is not None and most is not None and subsidy > most:
        out.append(
            f"US${subsidy / 1e9:,.1f}B of subsidy is {subsidy / most:,.1f}x the "
            f"largest single award on record here, {award.label(year)}: the site's "
            f"{share:.0%} of capex is read as holding at this size (subsidy_programmes.csv)"
        )
    return out


def _row_as_of(parameter: str, node: str) -> tuple[str, str]:
    """``source`` and ``as_of`` of a ``fab_parameters.csv`` row for ``node``."""
    for row in load_rows("fab_parameters"):
        if row["parameter"] == parameter and str(row["node"]).upper() == node.upper():
            return str(row["source"]), str(row["as_of"])
    return "", ""


def calibration(
    r: FabResult, *, campus_wspm: float | None = None, building_exists: bool = False
) -> dict[str, Any]:
    """Where the fab's money is calibrated, in the result's dollars.

    ``equipment_reference`` names the node whose published cost of a fab of
    ``reference_fab_wspm`` in Taiwan sets the non-lithography equipment rate
    (:func:`tigris.fab.other_equipment_rate`): the model returns that published capex
    for that fab, so a Taiwan fab of that node and size is in-sample by construction
    and cannot confirm the figure. The scanners are priced per tool from
    ``fab_tools.csv`` (in dollars of the result's year by the equipment index,
    :func:`tigris.fab.scanner_price_usd`).

    Parameters
    ----------
    r : FabResult
        One fab.
    campus_wspm : float or None
        The campus capacity the fab was priced as a phase of, if any [wspm].
    building_exists : bool
        Whether it was priced without a building.

    Returns
    -------
    dict
        ``reference_node``, ``reference_fab_wspm`` [wspm], ``reference_capex_usd``
        [USD of ``reference_price_year``], ``reference_price_year`` [year],
        ``reference_source``, ``reference_as_of``, ``in_sample`` (bool),
        ``in_sample_reason`` (str or None), and ``scanner_unit_price_usd``: per class
        ``price_usd`` [USD of the result's year], ``model``, ``source``, ``as_of``.
        The reference keys are None for a node priced by the fallback row.

    References
    ----------
    .. [1] DigiTimes Asia (2020) and IBS (Dec 2023): published costs of a 50,000-wspm
       fab by node (``fab_parameters.csv`` ``reference_fab_capex_usd``).
    .. [2] ``fab_tools.csv``: scanner prices (ASML guidance and press reports).

    Examples
    --------
    >>> from tigris.fab import fab_model
    >>> c = calibration(fab_model("N2", 50_000, "taiwan"))
    >>> c["reference_node"], c["in_sample"], c["reference_capex_usd"]
    ('N2', True, 28000000000.0)
    >>> calibration(fab_model("N2", 30_000, "taiwan"))["in_sample"]
    False
    """
    year = r.capex_price_year
    tools: dict[str, Any] = {}
    for kind, _label in SCANNER_KINDS:
        t = get_tool(kind)
        price = scanner_price_usd(kind, year) if year is not None else t.price_usd
        tools[kind] = {
            "price_usd": float(price),
            "model": t.model,
            "source": t.source,
            "as_of": t.as_of,
        }
    ref = r.equipment_reference
    out: dict[str, Any] = {
        "reference_node": None,
        "reference_fab_wspm": None,
        "reference_capex_usd": None,
        "reference_price_year": None,
        "reference_source": None,
        "reference_as_of": None,
        "in_sample": False,
        "in_sample_reason": None,
        "scanner_unit_price_usd": tools,
    }
    key = ("reference_fab_capex_usd", ref.upper(), "all")
    if ref in ("", "table") or key not in _params():
        return out
    w_ref = fab_param("reference_fab_wspm", ref)
    source, as_of = _row_as_of("reference_fab_capex_usd", ref)
    out.update(
        reference_node=ref,
        reference_fab_wspm=w_ref,
        reference_capex_usd=_params()[key],
        reference_price_year=_price_years()[key],
        reference_source=source,
        reference_as_of=as_of,
    )
    same = r.node == ref and r.site == "taiwan" and math.isclose(float(r.wspm), w_ref)
    same = same and campus_wspm is None and not building_exists
    if same:
        out["in_sample"] = True
        out["in_sample_reason"] = (
            f"a {w_ref:,.0f}-wspm {ref} fab in Taiwan is the calibration fab: its capex is "
            f"the published US${_params()[key] / 1e9:g}B by construction (in US$ of "
            f"{_price_years()[key]}), so it cannot confirm that figure"
        )
    return out


def _source_name(text: str) -> str:
    """Who a data row's ``source`` says it is: its text before the first colon."""
    head = text.split(":", 1)[0].strip()
    return head if head else text


#: ``incumbent_capacity.csv`` kinds the product's inputs are compared with, and the
#: ``product_inputs`` key each is compared against.
_WORLD_KINDS: tuple[tuple[str, str], ...] = (
    ("cowos", "interposer_wafers_per_year"),
    ("hbm", "hbm_dram_wafers_per_year"),
)


def product_world_share(r: FabResult) -> dict[str, dict[str, float]] | None:
    """The product's interposer and HBM wafers a year against the world's capacity.

    World capacity of a kind is the sum over owners of ``incumbent_capacity.csv``'s
    rows of the latest year whose rows are all ``history`` (reported, not announced),
    at that year's end-of-year rate (``capacity`` [wspm] x 12). A fab's logic count
    that needs most of the world's CoWoS or HBM wafers is a ceiling, not an output
    (user test 2026-12-04 D6).

    Parameters
    ----------
    r : FabResult
        A fab with a ``product`` (scalar capacity).

    Returns
    -------
    dict or None
        ``{"cowos": {...}, "hbm": {...}}``, each with ``year`` [year],
        ``world_wafers_per_year`` [wafers/year], ``needed_wafers_per_year``
        [wafers/year] and ``share`` (needed / world) [-]; None without a product.

    References
    ----------
    ``incumbent_capacity.csv``: TSMC and OSAT CoWoS capacity (TrendForce, DigiTimes,
    company statements) and SK hynix, Samsung and Micron HBM wafer capacity, each row
    with its source.

    Examples
    --------
    >>> from tigris.fab import fab_model
    >>> share = product_world_share(fab_model("N4", 50_000, "taiwan", product="h100"))
    >>> sorted(share), share["cowos"]["year"] >= 2025
    (['cowos', 'hbm'], True)
    """
    if r.product_inputs is None:
        return None
    rows = load_rows("incumbent_capacity")
    out: dict[str, dict[str, float]] = {}
    for kind, key in _WORLD_KINDS:
        mine = [x for x in rows if x["kind"] == kind]
        years = sorted({int(x["year"]) for x in mine})
        done = [
            y for y in years if all(x["status"] == "history" for x in mine if int(x["year"]) == y)
        ]
        if not done:
            continue
        year = done[-1]
        wspm = sum(float(x["capacity"]) for x in mine if int(x["year"]) == year)
        world = wspm * MONTHS_PER_YEAR
        needed = float(r.product_inputs[key])
        out[kind] = {
            "year": year,
            "world_wafers_per_year": world,
            "needed_wafers_per_year": needed,
            "share": needed / world,
        }
    return out


#: How a warning names each kind of :data:`_WORLD_KINDS`: the wafers counted and the
#: capacity they are compared with.
_WORLD_WORDS = {
    "cowos": ("interposer wafers", "CoWoS"),
    "hbm": ("HBM DRAM wafers", "HBM DRAM wafer"),
}


def world_share_warnings(r: FabResult) -> list[str]:
    """Warnings for a ``--product`` count whose interposer or HBM wafers exceed the
    world's whole capacity of that kind (a share of :func:`product_world_share` above
    100 %): the accelerator count is then a ceiling the world's packaging or memory
    could not supply, not an output (user test 2026-12-04: 376 % of the world's CoWoS
    appeared only as a table cell).

    Parameters
    ----------
    r : FabResult
        A fab (scalar capacity); without a product there is nothing to warn about.

    Returns
    -------
    list of str
        One sentence per kind above the world's capacity, naming the share, the year
        of the capacity and its table; empty otherwise.

    References
    ----------
    :func:`product_world_share` (``incumbent_capacity.csv``).

    Examples
    --------
    >>> from tigris.fab import fab_model
    >>> world_share_warnings(fab_model("N4", 1_000, "taiwan", product="h100"))
    []
    """
    from tigris.fmt import share

    out = []
    for kind, w in (product_world_share(r) or {}).items():
        if w["share"] <= 1.0:  # at most the whole world's capacity
            continue
        wafers, capacity = _WORLD_WORDS[kind]
        year = int(w["year"])
        out.append(
            f"{r.product} from this fab needs {share(w['share'])} of the world's {wafers} "
            f"at its end-{year} rate: more than the world's {capacity} capacity in "
            f"{year} (incumbent_capacity.csv); the accelerator count is a ceiling the "
            "world could not package or supply, not an output"
        )
    return out

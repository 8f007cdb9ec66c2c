"""Public fab budgets (``data/fab_budgets.csv``) against :func:`tigris.fab.fab_model`.

Each row is an announced fab: country, site, node mix, capacity, capex, year, source,
a relative tolerance and a flag saying whether any default was fitted to it. The model's
capex of a row is the share-weighted capex of a fab of the full capacity on each node
of its mix (a fab of two lines is priced at the average cost per wafer start of its
node classes), or, for a row of several fabs (``separate_fabs``), the sum of one fab per
node of its mix at its share of the capacity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tigris.data import load_rows
from tigris.fab.model import fab_model

__all__ = ["FabBudget", "budget_cases", "model_capex", "nearest_budgets"]


@dataclass(frozen=True)
class FabBudget:
    """One row of ``fab_budgets.csv``.

    Attributes
    ----------
    case, country, site : str
        Case name, country, and the ``sites.csv`` site it is priced at.
    node_mix : tuple of (str, float)
        Nodes and their shares of capacity (shares sum to 1) [-].
    wspm : float
        Announced capacity [wafer starts/month].
    campus_wspm : float or None
        Planned or existing capacity of the campus the fab is a phase of, where a
        source states it [wafer starts/month]; None for the fab alone.
    first_of_a_kind : bool
        The capex is the outturn of a firm's first fab in the country (priced with
        ``fab_model(first_of_a_kind=True)``); False for plans and later fabs.
    building_exists : bool
        A source states the line is fitted into a fab building that already stands
        (priced with ``fab_model(building_exists=True)``).
    separate_fabs : bool
        The row is several fabs, one per node of ``node_mix``, each of ``share x wspm``
        (priced one by one and summed); False for one fab (of one or more lines).
    capex_usd : float
        Announced capex [USD of ``year``].
    year : int
        Year of the announcement.
    tolerance : float
        Relative tolerance of the model against ``capex_usd`` [-].
    in_sample : bool
        Whether a default was fitted to this case.
    known_miss : str
        Why the model is outside the tolerance, if it is (empty otherwise).
    source : str
        Where the figures come from.
    """

    case: str
    country: str
    site: str
    node_mix: tuple[tuple[str, float], ...]
    wspm: float
    capex_usd: float
    year: int
    tolerance: float
    in_sample: bool
    known_miss: str
    source: str
    campus_wspm: float | None = None
    first_of_a_kind: bool = False
    building_exists: bool = False
    separate_fabs: bool = False


def budget_cases() -> list[FabBudget]:
    """The rows of ``fab_budgets.csv``.

    Returns
    -------
    list of FabBudget

    References
    ----------
    Each row's ``source`` column (company announcements and press reports).

    Examples
    --------
    >>> len(budget_cases()) >= 8
    True
    """
    out = []
    for r in load_rows("fab_budgets"):
        mix = []
        for part in str(r["node_mix"]).split("|"):
            node, share = part.split(":")
            mix.append((node.strip(), float(share)))
        out.append(
            FabBudget(
                case=str(r["case"]),
                country=str(r["country"]),
                site=str(r["site"]),
                node_mix=tuple(mix),
                wspm=float(r["wspm"]),
                capex_usd=float(r["capex_usd"]),
                year=int(r["year"]),
                tolerance=float(r["tolerance"]),
                in_sample=str(r["in_sample"]).strip().lower() == "true",
                known_miss=r["known_miss"].strip() if isinstance(r["known_miss"], str) else "",
                source=str(r["source"]),
                campus_wspm=_optional_float(r.get("campus_wspm")),
                first_of_a_kind=_flag(r.get("first_of_a_kind")),
                building_exists=_flag(r.get("building_exists")),
                separate_fabs=_flag(r.get("separate_fabs")),
            )
        )
    return out


def _flag(value: object) -> bool:
    """A CSV cell as a bool: ``true`` (any case) is True, anything else (empty) False."""
    return str(value).strip().lower() == "true"


def _optional_float(value: object) -> float | None:
    """A CSV cell as a float, or None when it is empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return float(text) if text else None


def model_capex(case: FabBudget) -> float:
    """The model's capex for a budget row [USD]: ``sum_n share_n x capex(n, wspm, site)``.

    A row of several fabs (``separate_fabs``) is ``sum_n capex(n, share_n x wspm, site)``
    instead: one fab per node at its own capacity, since a fab's capex per WSPM depends
    on its size (:func:`tigris.fab.size_scale`, whole scanners). Where the row states a
    campus capacity, each fab carries its pro-rata share of the fixed site building
    (``campus_wspm`` of :func:`tigris.fab.fab_model`); a row that is the outturn of a
    firm's first fab in a country is priced ``first_of_a_kind``, and a line fitted into a
    standing building ``building_exists``. The capex is in US dollars of the row's year
    (``dollars_of=case.year``), as the announced figure is.

    Parameters
    ----------
    case : FabBudget
        A row of :func:`budget_cases`.

    Returns
    -------
    float
        Capex before subsidy [USD of ``case.year``].

    References
    ----------
    Capex as in :func:`tigris.fab.fab_model` (its references).

    Examples
    --------
    >>> c = next(b for b in budget_cases() if b.case == "tsmc-arizona-fab1-2020")
    >>> abs(model_capex(c) / c.capex_usd - 1) <= c.tolerance
    True
    """

    def capex(node: str, wspm: float) -> float:
        return fab_model(
            node,
            wspm,
            case.site,
            campus_wspm=case.campus_wspm,
            first_of_a_kind=case.first_of_a_kind,
            building_exists=case.building_exists,
            dollars_of=case.year,
        ).capex_usd

    if case.separate_fabs:
        return sum(capex(node, share * case.wspm) for node, share in case.node_mix)
    return sum(share * capex(node, case.wspm) for node, share in case.node_mix)


def nearest_budgets(
    node: str, site: str, wspm: float, count: int = 2, *, building_exists: bool = False
) -> list[FabBudget]:
    """The published budgets of fabs of ``node`` alone nearest a fab of ``wspm`` at
    ``site``: for a table with no public capex benchmark of the node and site (user test
    2026-12-03 #15h: ``fab --node N28 --site japan`` printed "-" beside JSMC's and four
    SMIC N28 fabs).

    Rows of one fab whose whole capacity is ``node`` (a mixed-node row's capex is not one
    node's), ranked by: like for like first, the rows of a line fitted into a standing
    building (whose capex lacks the building) for a fab with ``building_exists`` and
    greenfield rows (which include one) for a greenfield fab (user test s49 #2: a line in
    a standing building was set beside two greenfield fabs while two same-site lines in
    standing buildings were published); then at ``site``; then the nearest capacity in
    ratio, ``|ln(wspm / row wspm)|`` (a fab's capex per wspm falls with its size, so a
    ratio, not a difference, is the distance). Each row's ``building_exists`` says which
    kind it is.

    Parameters
    ----------
    node, site : str
        Node and ``sites.csv`` site name of the fab.
    wspm : float
        Its capacity [wafer starts/month].
    count : int, optional
        Most rows returned [-].
    building_exists : bool, optional
        The fab is a line in a standing building (default False: greenfield).

    Returns
    -------
    list of FabBudget
        Nearest first; empty when no row is of ``node`` alone.

    References
    ----------
    ``data/fab_budgets.csv`` (each row's published budget and source); the size
    distance in ratio follows the capex-size scaling of docs/fab.md ("Scale and
    staffing"), where capex per wspm is a power of the size.

    Examples
    --------
    >>> [b.case for b in nearest_budgets("N28", "japan", 40_000)][:1]
    ['jsmc-miyagi']
    >>> [b.building_exists for b in nearest_budgets("N28", "china", 40_000, building_exists=True)]
    [True, True]
    """
    rows = [
        b
        for b in budget_cases()
        if not b.separate_fabs and len(b.node_mix) == 1 and b.node_mix[0][0] == node
    ]
    rows.sort(
        key=lambda b: (
            b.building_exists != bool(building_exists),
            b.site != site,
            abs(math.log(float(wspm) / b.wspm)),
        )
    )
    return rows[:count]

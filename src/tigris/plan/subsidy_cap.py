"""A plan's subsidies against the public programmes that pay them.

A module's subsidy is its site's share of its capex (``sites.csv``, or the scenario's
share), and a logic module's is at most the smallest programme total naming its site
(:func:`tigris.fab.data.subsidy_usd`). The plan builds many modules at a site, and
CoWoS and HBM modules are priced from ``data/facility_types.csv`` (share x capex, not
capped): summed over a site's modules, the subsidy can pass the whole programme that
pays it (a US$7T investor booking many times Germany's EUR 20B). This module says so;
the model does not bound it (``docs/plan.md``, "Subsidies against their programmes").

- :func:`site_caps`: the programme of each site of a plan (the smallest total of
  ``data/subsidy_programmes.csv`` naming the site, as ``tigris fab`` caps a fab);
- :func:`programme_overruns`: after a solve, each programme whose sites' subsidies in
  the plan's ``subsidies`` table (fab modules: logic, CoWoS, HBM) sum past its total;
- :func:`cap_warnings`: those as ``warning:`` sentences;
- :func:`module_subsidies`: before a solve, the subsidy of one module of each
  (site, facility type) a scenario allows (for
  :func:`tigris.scenario.checks_subsidy.modules_may_pass_cap`).

Programme totals are compared in US dollars of the plan's ``currency_year``, as the
fab layer compares them in a fab's dollars: each row's ``amount_usd`` (dollars of its
``price_year``) is moved there by the CPI-U (:meth:`tigris.fab.data.SubsidyRow.usd_of`).
A plan's ``subsidies`` table carries the caps in those dollars (:data:`CAP_COLUMN`).
:func:`plan_cap_warnings` reads the year from the plan's ``currency_year`` assumption,
so ``tigris plan``, the API, a sweep's members, the report and the dashboard say the same;
:func:`programme_overruns` given a table alone reads it from the caps
(:func:`table_dollars_of`, a run stored before the assumption row was written).

A ``--data`` site based on a shipped one is paid by its base's programmes
(:func:`tigris.fab.data.subsidy_cap`, which ``tigris fab`` caps by), so its subsidies
are summed with the base's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from tigris.fab.data import SubsidyRow
    from tigris.scenario import Scenario

__all__ = [
    "CAP_COLUMN",
    "Overrun",
    "cap_warnings",
    "data_site",
    "module_subsidies",
    "plan_cap_warnings",
    "plan_currency_year",
    "programme_overruns",
    "site_caps",
    "table_dollars_of",
]

#: Column of the ``subsidies`` table: the total of the smallest programme naming the
#: row's site [USD of the plan's ``currency_year``]; NaN where none does and on
#: data-centre rows (the programmes are chip-manufacturing grants).
CAP_COLUMN = "programme_cap_usd"
#: Facility ids of data centres start with this; their subsidy (a facility's own
#: share only) is no chip programme's.
_DATACENTER = "datacenter"


def data_site(plan_site: str) -> str | None:
    """The ``sites.csv`` name of a plan's site (``"tsmc@arizona-usa"`` ->
    ``"arizona-usa"``), ``None`` when ``sites.csv`` has no such site.

    Parameters
    ----------
    plan_site : str
        A plan's site name, ``owner@site`` or a ``sites.csv`` name or alias.

    Returns
    -------
    str or None
        The ``sites.csv`` name, or None.

    Examples
    --------
    >>> data_site("tsmc@arizona-usa"), data_site("usa"), data_site("atlantis")
    ('arizona-usa', 'arizona-usa', None)
    """
    from tigris.errors import TigrisError
    from tigris.fab.data import get_site

    try:
        return get_site(plan_site.rsplit("@", 1)[-1]).name
    except (TigrisError, KeyError, ValueError):
        return None


def _programme_site(plan_site: str) -> str | None:
    """The ``sites.csv`` name whose programmes pay a plan's site: its own, or for a
    ``--data`` site no programme names, the site it is ``based_on`` (as
    :func:`tigris.fab.data.subsidy_cap` caps a fab there); None for an unknown site."""
    from tigris.fab.data import _based_on, _subsidy_rows

    name = data_site(plan_site)
    if name is None or any(name in r.sites for r in _subsidy_rows()):
        return name
    return _based_on(name) or name


def site_caps(sites: Sequence[str]) -> list[SubsidyRow | None]:
    """The programme that caps each site's subsidy (:func:`tigris.fab.data.subsidy_cap`).

    Parameters
    ----------
    sites : sequence of str
        A plan's site names (an incumbent's ``owner@site`` too).

    Returns
    -------
    list of SubsidyRow or None
        The ``programme`` row of ``subsidy_programmes.csv`` with the least total
        among those naming the site, or ``None``; its amount in a plan's dollars is
        ``row.usd_of(currency_year)``.

    References
    ----------
    ``data/subsidy_programmes.csv`` (each row's source); ``docs/fab.md``, "Subsidy".

    Examples
    --------
    >>> [None if c is None else c.programme for c in site_caps(["germany", "taiwan"])]
    ['germany-ktf-chips', None]
    """
    from tigris.fab.data import subsidy_cap

    out: list[SubsidyRow | None] = []
    for s in sites:
        name = data_site(str(s))
        out.append(subsidy_cap(name) if name is not None else None)
    return out


@dataclass(frozen=True)
class Overrun:
    """A programme whose sites' subsidies in a plan sum past its total.

    Attributes
    ----------
    programme : SubsidyRow
        The ``programme`` row of ``subsidy_programmes.csv``.
    by_site : tuple of (str, float)
        The plan's sites it names with a subsidy, and each one's [USD of
        ``dollars_of``].
    dollars_of : int or None
        The year whose dollars the plan's money is in (its ``currency_year``), the
        programme's total moved to them (:meth:`tigris.fab.data.SubsidyRow.usd_of`);
        ``None``: the total as it stands [year].
    """

    programme: SubsidyRow
    by_site: tuple[tuple[str, float], ...]
    dollars_of: int | None = None

    @property
    def total_usd(self) -> float:
        """The programme's total in dollars of :attr:`dollars_of` [USD]."""
        return self.programme.usd_of(self.dollars_of)

    @property
    def subsidy_usd(self) -> float:
        """The sites' subsidies summed [USD]."""
        return sum(v for _, v in self.by_site)

    def sentence(self) -> str:
        """The overrun in words: the numbers, the programme and its source.

        Returns
        -------
        str
            One sentence (lower-case start, no final stop) with the subsidy by site [US$B],
            its multiple of the programme, and the programme's source.
        """
        p = self.programme
        total = f"US${self.subsidy_usd / 1e9:,.1f}B"
        if len(self.by_site) == 1:
            (site, _), where = self.by_site[0], "site's"
            said = f"at {site}, {total},"
        else:
            parts = ", ".join(f"{s} US${v / 1e9:,.1f}B" for s, v in self.by_site)
            said, where = f"at {parts}, {total} in all,", "sites'"
        return (
            f"the plan's subsidy {said} is {self.subsidy_usd / self.total_usd:,.2f}x the "
            f"whole of {p.label(self.dollars_of)}, which pays the {where} fab grants: the "
            "solve counts "
            "every module's share of capex and does not bound their sum by the "
            f"programme (source: {p.source}; data/subsidy_programmes.csv; docs/plan.md)"
        )


def table_dollars_of(subsidies: pd.DataFrame) -> int | None:
    """The year whose US dollars a plan's ``subsidies`` table is in, read from its caps.

    :func:`tigris.plan.result.subsidy_table` writes each fab row's :data:`CAP_COLUMN` as
    ``row.usd_of(currency_year)``; the year a plan may take
    (:func:`tigris.fab.dollars.published_years`) whose conversion gives a row's cap (to
    1e-9) is that year. A table stored before the caps were moved
    (they were the rows' ``amount_usd``) reads as the cap's own ``price_year``.

    Parameters
    ----------
    subsidies : pandas.DataFrame
        A plan's ``subsidies`` table (``site`` and :data:`CAP_COLUMN`).

    Returns
    -------
    int or None
        The year [year]; ``None`` without a finite cap of a known site's programme.

    References
    ----------
    BLS CPI-U annual averages (``data/fab_price_index.csv``), as
    :meth:`tigris.fab.data.SubsidyRow.usd_of`.

    Examples
    --------
    >>> import pandas as pd
    >>> from tigris.fab.data import subsidy_cap
    >>> cap = subsidy_cap("germany").usd_of(2019)
    >>> table_dollars_of(pd.DataFrame({"site": ["germany"], CAP_COLUMN: [cap]}))
    2019
    >>> table_dollars_of(pd.DataFrame({"site": ["taiwan"], CAP_COLUMN: [float("nan")]}))
    """
    from tigris.fab.data import subsidy_cap
    from tigris.fab.dollars import published_years

    if subsidies is None or CAP_COLUMN not in subsidies.columns or "site" not in subsidies:
        return None
    first, last = published_years()  # the years a plan's currency_year may take
    for site, value in zip(subsidies["site"], subsidies[CAP_COLUMN], strict=True):
        cap = float(value)
        name = data_site(str(site)) if math.isfinite(cap) and cap > 0 else None
        row = subsidy_cap(name) if name is not None else None
        if row is None:
            continue
        for year in sorted({row.price_year, *range(first, last + 1)}):
            if math.isclose(row.usd_of(year), cap, rel_tol=1e-9):
                return year
    return None


def programme_overruns(
    subsidies: pd.DataFrame, rel_tol: float = 1e-9, dollars_of: int | None = None
) -> list[Overrun]:
    """Each programme whose sites' subsidies in a plan sum past its total.

    For every ``programme`` row ``P`` of ``subsidy_programmes.csv`` (total ``A_P`` in
    dollars of the plan's ``currency_year``, :meth:`tigris.fab.data.SubsidyRow.usd_of`)
    and the plan's sites ``s`` it names::

        Σ_s Σ_k subsidy_usd[s, k] > A_P

    over the ``subsidies`` table's fab rows (logic, CoWoS, HBM; a data centre's
    subsidy is a facility's own share, no chip programme's), every owner's. A site
    named by one programme only is checked against the smallest total naming it, as
    ``tigris fab`` caps one fab; a programme naming several sites (the CHIPS Act:
    Arizona and Texas) against their sum.

    Parameters
    ----------
    subsidies : pandas.DataFrame
        A plan's ``subsidies`` table (:func:`tigris.plan.result.subsidy_table`):
        ``site``, ``facility``, ``subsidy_usd`` [USD].
    rel_tol : float, optional
        Relative tolerance above the total before it counts as passed [-].
    dollars_of : int, optional
        The year whose dollars the table's money is in (the plan's ``currency_year``)
        [year]; default read from the table's caps (:func:`table_dollars_of`), else
        the shipped tables' price year (:func:`tigris.fab.dollars.data_price_year`, the
        reference's ``currency_year``).

    Returns
    -------
    list of Overrun
        In the table's order of programmes; empty when none is passed.

    References
    ----------
    ``data/subsidy_programmes.csv`` (the totals and their sources); BLS CPI-U annual
    averages (``data/fab_price_index.csv``).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"site": ["germany", "germany"], "facility": ["logic-N3"] * 2,
    ...                   "subsidy_usd": [15e9, 10e9]})
    >>> [(o.programme.programme, o.subsidy_usd) for o in programme_overruns(t)]
    [('germany-ktf-chips', 25000000000.0)]
    >>> [round(o.total_usd / 1e9, 2) for o in programme_overruns(t, dollars_of=2015)]
    [16.82]
    """
    from tigris.fab.data import _subsidy_rows
    from tigris.fab.dollars import data_price_year

    if subsidies is None or len(subsidies) == 0:
        return []
    if dollars_of is None:
        dollars_of = table_dollars_of(subsidies)
    year = data_price_year() if dollars_of is None else int(dollars_of)
    by_site: dict[str, float] = {}
    where: dict[str, str | None] = {}
    for site, fid, sub in zip(
        subsidies["site"], subsidies["facility"], subsidies["subsidy_usd"], strict=True
    ):
        v = float(sub)
        if str(fid).startswith(_DATACENTER) or not math.isfinite(v) or v <= 0:
            continue
        name = str(site)
        by_site[name] = by_site.get(name, 0.0) + v
        if name not in where:
            where[name] = _programme_site(name)
    out = []
    for p in _subsidy_rows():
        if p.kind != "programme":
            continue
        named = tuple((s, v) for s, v in by_site.items() if where[s] in p.sites)
        if named and sum(v for _, v in named) > p.usd_of(year) * (1 + rel_tol):
            out.append(Overrun(p, named, year))
    return out


def cap_warnings(subsidies: pd.DataFrame, dollars_of: int | None = None) -> list[str]:
    """:func:`programme_overruns` as sentences, one per programme (no ``warning:``).

    Parameters
    ----------
    subsidies : pandas.DataFrame
        A plan's ``subsidies`` table.
    dollars_of : int, optional
        The year whose dollars its money is in; default read from the table
        (:func:`programme_overruns`) [year].

    Returns
    -------
    list of str
        One sentence per programme passed, the programme's total in the table's dollars.
    """
    return [o.sentence() for o in programme_overruns(subsidies, dollars_of=dollars_of)]


def plan_cap_warnings(result: Any) -> list[str]:
    """:func:`cap_warnings` of a solved plan, in dollars of its ``currency_year``.

    The year is the plan's assumptions row ``currency_year``
    (:data:`tigris.plan.summary.CURRENCY_ROW`, written by every solve); a stored run
    without it falls back to :func:`table_dollars_of`.

    Parameters
    ----------
    result : PlanResult
        The plan (``ok``, ``subsidies`` and ``assumptions``).

    Returns
    -------
    list of str
        One sentence per programme passed (no ``warning:``); empty for a plan without
        a solution or without a subsidies table.

    References
    ----------
    ``data/subsidy_programmes.csv``; BLS CPI-U annual averages
    (``data/fab_price_index.csv``), as :func:`programme_overruns`.
    """
    subsidies = getattr(result, "subsidies", None)
    if not getattr(result, "ok", False) or subsidies is None:
        return []
    return cap_warnings(subsidies, dollars_of=plan_currency_year(result))


def plan_currency_year(result: Any) -> int | None:
    """The year whose US dollars a plan's money is in: its ``currency_year`` assumption.

    Parameters
    ----------
    result : PlanResult or ReportTables
        Anything with the plan's ``assumptions`` table (``parameter``, ``value``).

    Returns
    -------
    int or None
        The year [year]; None when the table has no ``currency_year`` row.
    """
    from tigris.plan.summary import CURRENCY_ROW, _number_assumption

    year = _number_assumption(result, CURRENCY_ROW)
    return int(year) if math.isfinite(year) else None


def module_subsidies(sc: Scenario) -> dict[str, dict[str, tuple[float, float]]]:
    """The subsidy and capex of one module of each fab facility type each investor
    site allows.

    Priced as the plan prices it (:func:`tigris.plan.assemble_sites._modules`: a logic
    module by ``fab_model``, capped per module; CoWoS and HBM from
    ``data/facility_types.csv`` moved to the site, share x capex), before any solve.

    Parameters
    ----------
    sc : Scenario
        A valid scenario.

    Returns
    -------
    dict
        ``{site (sites.csv name): {facility id: (subsidy, capex) of one module
        [USD of the scenario's currency_year]}}`` for the scenario's ``sites[]`` (data
        centres left out: no chip programme pays them); the subsidy at most the capex.

    References
    ----------
    ``docs/plan.md``, "Subsidies against their programmes".
    """
    from tigris.plan.assemble_sites import _modules, _site_specs
    from tigris.plan.inputs import INVESTOR
    from tigris.plan.module_costs import _Assumptions
    from tigris.scenario import facility_id

    notes = _Assumptions()
    specs = [x for x in _site_specs(sc, notes) if x.owner == INVESTOR]
    fac_ids = list(dict.fromkeys(facility_id(f.kind, f.node, f.power) for f in sc.facilities))
    modules = _modules(sc, specs, fac_ids, notes, power=None)
    out: dict[str, dict[str, tuple[float, float]]] = {x.name: {} for x in specs}
    for (s, k), mod in modules.items():
        if fac_ids[k].startswith(_DATACENTER):
            continue
        capex = float(mod.capex_usd)
        out[specs[s].name][fac_ids[k]] = (float(min(mod.subsidy_usd, capex)), capex)
    return out

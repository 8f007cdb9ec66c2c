"""Warnings on a scenario's subsidies: those an edit by ``--set`` brings (user test
UT-POLICY of 2026-12-04, defect 2), and a site whose modules could be given more than
the programme that pays them (S35, SUBSIDY-CAP; :func:`modules_may_pass_cap`).

A scenario file's warnings (:func:`tigris.scenario.advice.scenario_warnings`: legal
input that likely does not say what was meant) are written when the file is read,
``warning: file:line: field: message``. A value given on the command line (``tigris
plan --set sites.texas-usa.subsidy_share_of_capex=0.9``) edits the scenario after
that: without :func:`set_warnings` the same value written in the file warns ("changes
nothing at texas-usa: ... the sites' subsidies are fab grants", texas-usa hosting data
centres only: ``docs/scenario-files.md``, "What a site's overrides reach") while given
by ``--set`` it was taken in silence.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts
    from tigris.scenario.schema import Scenario

__all__ = ["modules_may_pass_cap", "set_warning_lines", "set_warnings"]


def modules_may_pass_cap(parts: Parts) -> Found:
    """Sites whose modules could be given more subsidy than the programme that pays
    them.

    For a site ``s`` of ``sites[]`` with a programme (the smallest total ``A`` of
    ``data/subsidy_programmes.csv`` naming it, as ``tigris fab`` caps one fab, in dollars
    of the scenario's ``currency_year``: :meth:`tigris.fab.data.SubsidyRow.usd_of`), ``g_k``
    and ``c_k`` the subsidy and capex of one module of each fab facility type ``k`` it
    may build (:func:`tigris.plan.subsidy_cap.module_subsidies`, as the plan prices
    them) and ``C`` the scenario's capital, the plan's subsidy at ``s`` is at most::

        G = min(max_modules x max_k g_k,  C x max_k g_k / (c_k - g_k))

    the second because the investor's capital pays the net capex (``c - g``) of every
    module (``capital-balance``), so ``C`` buys at most that much subsidy. ``G > A`` is
    said: the solve does not bound a site's summed subsidy by its programme, so such a
    plan can book more than the whole programme. A site without ``max_modules`` is left
    to the check after the solve (``tigris plan``'s warning,
    :func:`tigris.plan.subsidy_cap.cap_warnings`): its author asked for no limit, and
    the capital bound alone is loose (a facility's ``subsidy_share`` of 0.99 makes each
    dollar of capital buy 99 of subsidy, on paper, at every site).

    Parameters
    ----------
    parts : Parts
        The scenario's accepted sections (:func:`tigris.scenario.checks.parts_of`);
        nothing is said unless the whole scenario was accepted.

    Returns
    -------
    list of (location, message)
        At ``("sites", i, "max_modules")``.

    References
    ----------
    ``data/subsidy_programmes.csv`` (the totals and their sources); ``docs/plan.md``,
    "Subsidies against their programmes".
    """
    from tigris.errors import TigrisError
    from tigris.plan.module_costs import plan_dollars_of
    from tigris.plan.subsidy_cap import module_subsidies, site_caps
    from tigris.scenario import resolve_site

    sc = parts.scenario
    if sc is None or not parts.sites:
        return []
    try:
        per_module = module_subsidies(sc)
        year = plan_dollars_of(sc)  # the modules' dollars: the caps are moved to them
    except TigrisError:  # the assembly says what is wrong when it runs
        return []
    capital = float(sum(c.total_usd for c in sc.capital))
    out: Found = []
    for i, site in parts.sites:
        name = resolve_site(site.name) or site.name
        mods = {k: v for k, v in per_module.get(name, {}).items() if v[0] > 0}
        [cap] = site_caps([name])
        if cap is None or not mods or site.max_modules is None:
            continue
        fid = max(mods, key=lambda k: mods[k][0])
        each = mods[fid][0]
        # subsidy per dollar of the investor's capital (net capex), the most of any type
        rid, ratio = max(
            ((k, g / (c - g) if c > g else math.inf) for k, (g, c) in mods.items()),
            key=lambda kv: kv[1],
        )
        n = int(site.max_modules)
        by_modules = n * each
        by_capital = capital * ratio if capital > 0 else 0.0
        most = min(by_modules, by_capital)
        total = cap.usd_of(year)
        if not most > total:
            continue
        if by_modules <= by_capital:
            how = (
                f"{n} module{'' if n == 1 else 's'} of {fid} at US${each / 1e9:,.2f}B of "
                "subsidy each"
            )
        else:
            how = (
                f"{n} modules, paid by the scenario's US${capital / 1e9:,.1f}B of capital "
                f"at US${ratio:,.2f} of subsidy for each dollar of a {rid} module's net "
                f"capex ({name}'s share),"
            )
        msg = (
            f"{how} could come to US${most / 1e9:,.1f}B of subsidy at {name}, "
            f"{most / total:,.2f}x the whole of {cap.label(year)}, which pays "
            f"{name}'s fab grants; the solve does not bound a site's subsidy by its "
            f"programme (tigris plan warns when the plan's does; source: {cap.source})"
        )
        out.append((("sites", i, "max_modules"), msg))
    return out


#: Said of a ``--set`` of a disruption's field in a plan or a sweep.
DISRUPTION_UNREAD = (
    "changes nothing in a plan: a plan, and each member of a sweep, solves without its "
    "disruptions; tigris risk --disruption NAME applies one as the scenario then writes it "
    "(docs/risk.md, 'Disruptions')"
)


def set_warning_lines(
    base: Scenario,
    edited: Scenario,
    changes: Mapping[str, Any],
    field: str = "--set",
    before: list[tuple[str, str]] | None = None,
    withdrawn: bool = True,
    cell_lines: bool = True,
) -> list[str]:
    """The warnings ``edited`` has and ``base`` has not, as ``--set: PATH=VALUE:
    field.path: message`` lines (the changes named, as ``--set``'s errors name them),
    and a line for each of ``base``'s warnings the changes withdraw (``... : the
    warning at sites.india-gujarat.max_modules above no longer holds``: it was written
    when the file was read; user test s57, fab siting #1).

    Parameters
    ----------
    base : Scenario
        The scenario before the changes (its own warnings were written when it was read).
    edited : Scenario
        The scenario with the changes (:func:`tigris.scenario.edit.set_paths`).
    changes : mapping of str to Any
        The changes, dotted path to value, as given; a data-table cell among them
        that no module reads is a line too
        (:func:`tigris.scenario.checks_cells.cell_warning_lines`).
    field : str, optional
        The option that gave them.
    before : list of (str, str), optional
        ``base``'s warnings as :func:`tigris.scenario.advice.scenario_warnings` gives
        them, computed before data-table cells among the changes were put in force
        (the caller's; else computed here, with whatever tables are in force).
    withdrawn : bool, default True
        Also the lines of ``base``'s warnings the changes withdraw (for a command that
        wrote them when it read the file; the dashboard never showed them).
    cell_lines : bool, default True
        Also the lines of data-table cells among the changes that no module reads
        (:func:`tigris.scenario.checks_cells.cell_warning_lines`; ``tigris plan``
        writes them when it puts the cells in force).

    Returns
    -------
    list of str
        One line per new warning or withdrawn one, without the ``warning: `` prefix.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> from tigris.scenario.edit import set_paths
    >>> ref = reference_scenario()
    >>> ch = {"sites.texas-usa.subsidy_share_of_capex": 0.9}
    >>> [line] = set_warning_lines(ref, set_paths(ref, ch), ch)
    >>> line.split(": ")[2]
    'sites.texas-usa.subsidy_share_of_capex'
    """
    from tigris.risk.cells import split_changes
    from tigris.scenario.advice import by_name, scenario_warnings
    from tigris.scenario.checks_cells import cell_warning_lines
    from tigris.scenario.checks_money import currency_year_set

    edits, cells = split_changes(changes)
    was = list(scenario_warnings(base) if before is None else before)
    now = list(scenario_warnings(edited))
    new = [w for w in now if w not in was]
    # a data-table cell (data.sites.germany.subsidy_share_of_capex) moves warnings as a
    # scenario path does (user test s57, fab siting #2: only the latter warned)
    given = ", ".join(f"{path}={value}" for path, value in changes.items())
    # the items named by name, as the changes name them (not sites.6 for texas-usa)
    out = [f"{field}: {given}: {at}: {msg}" for at, msg in by_name(edited, new)]
    gone = [w for w in was if w not in now] if withdrawn else []
    out += [
        f"{field}: {given}: the warning at {at} above no longer holds"
        for at, _msg in by_name(base, gone)
    ]
    # the file's own amounts re-read in another year's dollars (user test s49 #8)
    moved = currency_year_set(base, edited) if "currency_year" in edits else None
    if moved is not None:
        out.append(f"{field}: {given}: currency_year: {moved}")
    # a disruption's field changes no plan: only tigris risk applies one (user test
    # 2026-12-07, export controls #3: a sweep of it gave the same members, no word)
    out += [
        f"{field}: {given}: {path}: {DISRUPTION_UNREAD}"
        for path, value in edits.items()
        # a disruption removed whole (disruptions.X=null) is no field changed
        if path.split(".", 1)[0] == "disruptions" and (value is not None or path.count(".") > 1)
    ]
    # a data-table cell the scenario's facility restates (user test s49 #1)
    return out + (cell_warning_lines(edited, cells, field) if cell_lines else [])


def set_warnings(
    base: Scenario,
    edited: Scenario,
    changes: Mapping[str, Any],
    field: str = "--set",
    before: list[tuple[str, str]] | None = None,
) -> list[str]:
    """Write :func:`set_warning_lines` on standard error, ``warning: `` first; return
    them.

    Parameters
    ----------
    base : Scenario
        The scenario before the changes.
    edited : Scenario
        The scenario with the changes.
    changes : mapping of str to Any
        The changes, dotted path to value, as given.
    field : str, default "--set"
        The option that gave them.
    before : list of (str, str), optional
        ``base``'s warnings before any data-table cell was put in force
        (:func:`set_warning_lines`).

    Returns
    -------
    list of str
        The lines written (:func:`set_warning_lines`), without ``warning: ``; each is also
        noted for :func:`tigris.scenario.advice.said_lines`.
    """
    from tigris.scenario.advice import note_said

    # the cells' own lines were written as they were put in force (warn_cells)
    lines = set_warning_lines(base, edited, changes, field, before, cell_lines=False)
    for line in lines:
        note_said(line)
        sys.stderr.write(f"warning: {line}\n")
    return lines

"""Cross-field check of the horizon against the years products can be made.

Part of :mod:`tigris.scenario.checks` (which runs it with the others, on the typed
:class:`~tigris.scenario.checks.Parts`). A planning year in which no product of the
scenario can be made delivers nothing: the whole world serves 0 H100e that year, every
class is unmet and the investor's cash flows count a dead year (user test 6, #1: a
horizon to 2040 on ``products: roadmap``, whose last ship year is 2035). The rule,
fixed before looking at any plan: with ``products: roadmap``, a horizon with a year no
product ships in is refused, at ``horizon.last_year`` (years after the last product)
or ``horizon.first_year`` (years before the first); a scenario that lists its own
products chose their years, and a year it leaves empty gets a warning line
(:mod:`tigris.scenario.advice`).

:func:`set_horizon_backwards` checks the horizon that ``--set`` values give together,
before each value is tried alone (user test UT-SWF, #11).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts
    from tigris.scenario.schema import Horizon

__all__ = [
    "check_product_years",
    "commitments_past_horizon",
    "empty_years",
    "product_spans",
    "set_horizon_backwards",
]

#: How messages name the roadmap's products and their table.
_ROADMAP_WORDS = "any product of `products: roadmap` ships (data/roadmap.csv)"
_LIST_WORDS = "any product of the scenario's `products` list is made"


def _year(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _runs(years: list[int]) -> str:
    """Sorted years as runs: ``2029–2030, 2033``."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _as_year(value: Any) -> int | None:
    """A whole year, or ``None`` for what is not one (the schema reports it)."""
    if isinstance(value, bool):
        return None
    try:
        year = float(value)
    except (TypeError, ValueError):
        return None
    return int(year) if year.is_integer() else None


def set_horizon_backwards(horizon: Horizon, changes: Mapping[str, Any]) -> str | None:
    """The one line for ``--set`` values that together make the horizon run backwards.

    ``--set horizon.first_year=2030 --set horizon.last_year=2028`` on a 2026-2035
    scenario: each value tried alone (as ``tigris.runs.sweep`` checks them, to name
    the one refused) gives a legal horizon whose other fields are wrong (2030-2035:
    EUV years and disruptions before 2030), and that long line never named the
    reversed range (user test UT-SWF, #11). Checked first, on the values together, it
    is the only problem said.

    Parameters
    ----------
    horizon : Horizon
        The scenario's horizon before the changes.
    changes : mapping of str to Any
        ``--set``'s dotted paths and values (``horizon.first_year``,
        ``horizon.last_year``, or ``horizon`` as a mapping); other paths are ignored.

    Returns
    -------
    str or None
        ``horizon.first_year=2030, horizon.last_year=2028: horizon.last_year: must be
        >= first_year (2030)`` (the file's message, with the values that give it), or
        ``None`` when the horizon runs forwards, is not changed, or a value is not a
        year (refused as the schema refuses it).

    Examples
    --------
    >>> from tigris.scenario.schema import Horizon
    >>> h = Horizon(first_year=2026, last_year=2035)
    >>> line = set_horizon_backwards(h, {"horizon.first_year": 2030, "horizon.last_year": 2028})
    >>> given, problem = line.split(": ", 1)
    >>> given
    'horizon.first_year=2030, horizon.last_year=2028'
    >>> problem
    'horizon.last_year: must be >= first_year (2030)'
    >>> set_horizon_backwards(h, {"horizon.first_year": 2030}) is None
    True
    """
    first: Any = horizon.first_year
    last: Any = horizon.last_year
    given: list[str] = []
    for path, value in changes.items():
        if path == "horizon" and isinstance(value, Mapping):
            first = value.get("first_year", first)
            last = value.get("last_year", last)
        elif path == "horizon.first_year":
            first = value
        elif path == "horizon.last_year":
            last = value
        else:
            continue
        given.append(f"{path}={value}")
    fy, ly = _as_year(first), _as_year(last)
    if not given or fy is None or ly is None or fy <= ly:
        return None
    return f"{', '.join(given)}: horizon.last_year: must be >= first_year ({fy})"


def product_spans(parts: Parts) -> list[tuple[str, int | None, int | None]] | None:
    """Each product of the scenario that overlaps the horizon, with its years.

    Parameters
    ----------
    parts : Parts
        The typed scenario.

    Returns
    -------
    list of (name, first_year, last_year) or None
        ``None`` when the products cannot be known here (no valid horizon, a refused
        ``products`` entry); a year of ``None`` is open (the product is made from the
        horizon's start, or to its end). ``products: roadmap`` gives the rows of
        ``data/roadmap.csv`` shipping in the horizon
        (:func:`tigris.world.roadmap.roadmap_products`).
    """
    years = parts.years
    if not len(years):
        return None
    first, last = int(years[0]), int(years[-1])
    if parts.roadmap:
        from tigris.world.roadmap import roadmap_products

        rows = roadmap_products(first, last)
        return [
            (str(r["name"]), _year(r.get("first_year")), _year(r.get("last_year"))) for r in rows
        ]
    if "products" not in parts.complete:
        return None
    out = []
    for _, p in parts.products:
        fy, ly = p.first_year, p.last_year
        if (fy is not None and fy > last) or (ly is not None and ly < first):
            continue  # never made in the horizon: check_products reports it
        if fy is not None and ly is not None and fy > ly:
            continue  # reported by check_products
        out.append((p.name, fy, ly))
    return out


def check_product_years(parts: Parts) -> Found:
    """With ``products: roadmap``, every planning year has a product that ships in it
    (:func:`empty_years`; refused otherwise).

    The roadmap's years are not the author's: a horizon past its last ship year
    is a mistake nothing in the file shows. A scenario's own ``products`` list states
    its years, so a year it leaves without a product is legal (the plan names it among
    its reasons, ``no_product``) and is a warning
    (:func:`tigris.scenario.advice.scenario_warnings`), not an error.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        :func:`empty_years`'s lines with ``products: roadmap``, else empty.
    """
    return empty_years(parts) if parts.roadmap else []


def empty_years(parts: Parts) -> Found:
    """Planning years in which no product of the scenario can be made, one line per
    stretch: after the last product (at ``horizon.last_year``), before the first (at
    ``horizon.first_year``), between two (at ``products``).

    Skipped when the horizon is refused already (``check_horizon``: years backwards or
    too many) or the products are (an entry refused, none in the horizon: reported by
    ``check_products`` or the assembly), so one mistake gives one line.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        Up to three ``(location, message)``: at ``horizon.last_year``,
        ``horizon.first_year`` and ``products`` (the gaps between), as described above.
    """
    from tigris.scenario.checks import check_horizon

    if parts.horizon is None or check_horizon(parts):
        return []
    spans = product_spans(parts)
    if not spans:
        return []
    years = [int(y) for y in parts.years]
    first, last = years[0], years[-1]
    covered = {
        y
        for _, fy, ly in spans
        for y in years
        if (fy is None or fy <= y) and (ly is None or y <= ly)
    }
    words = _ROADMAP_WORDS if parts.roadmap else _LIST_WORDS
    out: Found = []
    made = sorted(covered)
    if not made:
        return []
    if made[-1] < last:
        msg = (
            f"{last} is after {made[-1]}, the last year {words}; set last_year <= "
            f"{made[-1]} or list products made later (no product could be made in "
            f"{_runs(list(range(made[-1] + 1, last + 1)))}: the world would serve nothing "
            "then)"
        )
        out.append((("horizon", "last_year"), msg))
    if made[0] > first:
        msg = (
            f"{first} is before {made[0]}, the first year {words}; set first_year >= "
            f"{made[0]} or list products made earlier (no product could be made in "
            f"{_runs(list(range(first, made[0])))}: the world would serve nothing then)"
        )
        out.append((("horizon", "first_year"), msg))
    gaps = [y for y in range(made[0], made[-1] + 1) if y not in covered]
    if gaps:
        msg = (
            f"no product of the list is made in {_runs(gaps)} (within the horizon "
            f"{parts.span}): the world would serve nothing then; list a product made "
            "in those years or widen a product's first_year/last_year"
        )
        out.append((("products",), msg))
    return out


def _dc_months(f: Any, fid: str, region: str | None) -> tuple[float, str] | None:
    """Months from a data-centre module's start to its coming online, and the words
    naming them (``48 months of grid connection (usa, data/grid.csv) + 125 months of
    construction (the facility's)``); None when the region's lead is not known."""
    from tigris.energy.data import datacenter_type, grid_lead_months
    from tigris.errors import TigrisError

    row = datacenter_type(fid)
    build = f.construction_months
    said = "the facility's" if build is not None else "data/datacenter_types.csv"
    build = float(build if build is not None else row["construction_months"])
    words = f"{build:g} months of construction ({said})"
    if not row["grid"]:
        return build, words
    if f.grid_lead_months is not None:
        return float(f.grid_lead_months) + build, (
            f"{float(f.grid_lead_months):g} months of grid connection (the facility's) + {words}"
        )
    if region is None:
        return None
    try:
        lead = float(grid_lead_months(region))
    except TigrisError:  # an unknown region: the region check reports it
        return None
    return lead + build, f"{lead:g} months of grid connection ({region}, data/grid.csv) + {words}"


def commitments_past_horizon(parts: Parts) -> Found:
    """A site that must host modules (``min_modules``) where it may build only data
    centres, none of which can come online within the horizon: the months from a start
    in the first year to a module's first output (a grid type's region lead, else the
    facility's ``grid_lead_months``, plus its ``construction_months``, the facility's
    else data/datacenter_types.csv's) run past the last year, so the plan will be
    infeasible (user test s49 e&f #4: 125 construction months from 2026). A module
    online after M whole months first produces in year ``first + floor(M / 12)``
    (12: :data:`tigris.units.MONTHS_PER_YEAR`)
    (:func:`tigris.plan.assemble_energy.datacenter_profiles`); a fab site is left to the
    plan's explanation (:func:`tigris.plan.infeasible.too_late_text`).

    Parameters
    ----------
    parts : Parts
        The typed scenario.

    Returns
    -------
    list of (location, message)
        At ``sites.<i>.min_modules``.

    References
    ----------
    docs/plan.md, "Builds must come online within the horizon".
    """
    from tigris.energy.data import DATACENTER_FACILITIES
    from tigris.scenario.checks import facility_id
    from tigris.scenario.checks_energy import _site_region

    sc = parts.scenario
    if sc is None or "facilities" not in parts.complete:
        return []
    first, last = int(sc.horizon.first_year), int(sc.horizon.last_year)
    by_id = {facility_id(f.kind, f.node, f.power): f for _, f in parts.facilities}
    out: Found = []
    for i, s in parts.sites:
        if not s.min_modules or s.max_modules == 0:
            continue
        ids = [x for x in (s.facilities if s.facilities is not None else by_id) if x in by_id]
        if not ids or any(x not in DATACENTER_FACILITIES for x in ids):
            continue
        late = []
        for fid in ids:
            got = _dc_months(by_id[fid], fid, _site_region(s))
            if got is None:
                break
            months, words = got
            year = first + int(months // MONTHS_PER_YEAR)
            if year <= last:
                break
            late.append(f"{fid}: {words}, so one started in {first} first produces in {year}")
        else:
            n = int(s.min_modules)
            msg = (
                f"{s.name} must host {n} module{'' if n == 1 else 's'}, but none of the "
                f"types it may build can come online by {last}, the horizon's last year: "
                f'{"; ".join(late)}; the plan will be infeasible (docs/plan.md, "Builds '
                'must come online within the horizon")'
            )
            out.append((("sites", i, "min_modules"), msg))
    return out

"""The money inputs of a plan as arrays, and the cash-flow tables' columns.

Part of :mod:`tigris.finance.cashflow` (split from it to keep modules short; every name
here is still importable from there): the column names of the cash-flow table
(:data:`MONEY_COLUMNS`, :data:`FLOW_COLUMNS`, :data:`REPLACEMENT_COLUMN`), the
terminal-value conventions (:data:`BOOK`, :data:`GOING_CONCERN`), and the small readers
the other finance modules share: a :class:`~tigris.plan.inputs.PlanInputs` (duck-typed:
a money field absent or ``None`` takes its default) turned into arrays of prices,
variable costs, tax rates, equipment shares, net capex, discount factors, lag profiles
and site owners.

References: ``docs/finance.md``, "Cash flows" (the accounting these feed); the
discounting is :func:`tigris.plan.inputs.discount_factors` and net capex
:func:`tigris.plan.model.net_capex_usd` (the planner's definitions, imported when
called: nothing here imports :mod:`tigris.plan` at module level).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs

#: Money columns of :func:`cash_flows`, in order [USD/year].
MONEY_COLUMNS = (
    "capex_usd",
    "revenue_usd",
    "variable_cost_usd",
    "opex_usd",
    "depreciation_usd",
    "tax_usd",
    "salvage_usd",
    "net_usd",
)
#: Money columns of the aggregated flows (``finance_flows``): no depreciation, which is
#: not a cash flow [USD/year].
FLOW_COLUMNS = tuple(c for c in MONEY_COLUMNS if c != "depreciation_usd")
#: The cash-flow column of the plant's steady replacement a year (:func:`cash_flows`,
#: after ``depreciation_usd``; not a cash flow, not in :data:`MONEY_COLUMNS`) [USD/year].
REPLACEMENT_COLUMN = "replacement_usd"
#: ``terminal_value`` conventions (:data:`tigris.scenario.schema.TERMINAL_VALUES`).
BOOK, GOING_CONCERN = "book", "going_concern"


def _filled(
    inp: PlanInputs, method: str, name: str, shape: tuple[int, ...], fill: float
) -> np.ndarray:
    """A money field of ``inp`` filled to ``shape``: ``inp.<method>()`` if the inputs
    have it, else the raw field ``inp.<name>`` with ``None`` (or absent) → ``fill``."""
    getter = getattr(inp, method, None)
    if callable(getter):
        return np.asarray(getter(), dtype=float)
    value = getattr(inp, name, None)
    if value is None:
        return np.full(shape, fill)
    return np.broadcast_to(np.asarray(value, dtype=float), shape).copy()


def _n_facilities(inp: PlanInputs) -> int:
    """K, from ``facilities`` or, on a duck-typed problem without them, ``facility_kind``."""
    names = getattr(inp, "facilities", None)
    return len(inp.facility_kind if names is None else names)


def _prices(inp: PlanInputs) -> np.ndarray:
    """(K, T) market price of a finished wafer, 0 if not given [USD/wafer]."""
    shape = (_n_facilities(inp), len(inp.years))
    return _filled(inp, "prices", "price_usd_per_wafer", shape, 0.0)


def _variable_costs(inp: PlanInputs) -> np.ndarray:
    """(K, T) variable cost of a finished wafer, 0 if not given [USD/wafer]."""
    shape = (_n_facilities(inp), len(inp.years))
    return _filled(inp, "variable_costs", "variable_cost_usd_per_wafer", shape, 0.0)


def _tax(inp: PlanInputs) -> np.ndarray:
    """(S,) corporate tax rate per site, 0 if not given [-]."""
    return _filled(inp, "tax", "tax_rate", (len(inp.sites),), 0.0)


def _equipment(inp: PlanInputs) -> np.ndarray:
    """(S, K) equipment share of capex, 1 if not given [-]."""
    shape = (len(inp.sites), len(inp.facilities))
    return _filled(inp, "equipment", "equipment_share", shape, 1.0)


def _net_capex(inp: PlanInputs) -> np.ndarray:
    from tigris.plan.model import net_capex_usd  # the planner's definition

    return net_capex_usd(inp)


def _discount(inp: PlanInputs, n_extra: int = 1) -> np.ndarray:
    """Discount factors of the planning years and ``n_extra`` years after them [-]."""
    from tigris.plan.inputs import discount_factors

    years = np.asarray(inp.years, dtype=int)
    ext = np.arange(years[0], years[-1] + 1 + n_extra)
    return discount_factors(ext, inp.base_year, inp.discount_rate)


def _lags(profile: np.ndarray, n: int, hold: bool) -> np.ndarray:
    """A lag profile over lags ``0 .. n−1``: the last value held (``hold``, the output
    ramp) or zeros after it (the spend profile)."""
    profile = np.asarray(profile, dtype=float)
    n_lag = profile.shape[-1]
    if hold:
        return profile[..., np.minimum(np.arange(n), n_lag - 1)]
    out = np.zeros((*profile.shape[:-1], n))
    out[..., : min(n_lag, n)] = profile[..., : min(n_lag, n)]
    return out


def _owners(inp: PlanInputs, name: str, index: str) -> tuple[str, ...]:
    """Owner of each site or source (``name`` ``site_owner``/``source_owner`` over
    ``index`` ``sites``/``sources``; all :data:`~tigris.plan.inputs.INVESTOR` if not
    given)."""
    from tigris.plan.inputs import INVESTOR

    return tuple(getattr(inp, name, None) or (INVESTOR,) * len(getattr(inp, index)))


def _site_owners(inp: PlanInputs) -> tuple[str, ...]:
    return _owners(inp, "site_owner", "sites")


def _investor_sites(inp: PlanInputs) -> np.ndarray:
    from tigris.plan.inputs import INVESTOR

    return np.array([o == INVESTOR for o in _site_owners(inp)], dtype=bool)


def _convention(inp: PlanInputs) -> str:
    """The plan's terminal-value convention, :data:`BOOK` when not given."""
    return str(getattr(inp, "terminal_value", None) or BOOK)

"""The network-planning MILP, built with linopy in small ``add_*`` functions.

Formulation (``docs/plan.md`` has it in full, with what changed from DESIGN.md):

- ``build[site, facility, year]`` integer modules started; ``modules`` their running
  total; ``prod[product, year]`` accelerators made; ``unmet[demand_class, year]``
  H100e of demand not served; ``draw[source, year]`` capital drawn per source.
- Capacity of facility type *k* in year *t*: existing plus, over sites and start years
  τ, ``build[s, k, τ] · module_capacity · output[t − τ]`` (0 during construction);
  the ramp's last value holds afterwards, written with ``modules`` so the matrix stays
  sparse.
- Capex spread over construction years by the fab spend profile; each source's
  cumulative draws never exceed its cumulative availability (carry-over).
- EUV and High-NA scanners needed by builds in their start year ≤ supply; per-site
  module and power limits.
- Objective: discounted capex (net of subsidy) + discounted opex + priority-weighted
  discounted penalty on unmet demand.

Internally money is in millions of USD and production, compute and wafers in
thousands, so that HiGHS sees coefficients of similar size; :mod:`tigris.plan.result`
converts back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from tigris.plan.inputs import FACILITY_KINDS, MONTHS_PER_YEAR, PlanInputs, discount_factors

if TYPE_CHECKING:
    import linopy

__all__ = [
    "COUNT_SCALE",
    "MONEY_SCALE",
    "build_model",
    "capex_by_year",
    "online_fraction",
]

#: USD per model money unit (the model counts money in millions of USD).
MONEY_SCALE = 1e6
#: Accelerators, H100e and wafers per model count unit (the model counts thousands).
COUNT_SCALE = 1e3

_TERM = "_term"


def _index(name: str, values: object) -> pd.Index:
    return pd.Index(list(values), name=name)  # type: ignore[call-overload]


def coords(inp: PlanInputs) -> dict[str, pd.Index]:
    """Named indexes of the model's dimensions."""
    return {
        "year": _index("year", np.asarray(inp.years, dtype=int)),
        "site": _index("site", inp.sites),
        "facility": _index("facility", inp.facilities),
        "product": _index("product", inp.products),
        "demand_class": _index("demand_class", inp.classes),
        "source": _index("source", inp.sources),
    }


def _pad_lags(profile: np.ndarray, n_years: int) -> np.ndarray:
    """Profile over lags 0..n_years-1, the last value held (extra lags dropped)."""
    n_lag = profile.shape[-1]
    idx = np.minimum(np.arange(n_years), n_lag - 1)
    return profile[..., idx]


def online_fraction(build: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Module-equivalents online in each year from a build schedule.

    ``online[s, k, t] = Σ_{τ ≤ t} build[s, k, τ] · output[s, k, t − τ]`` with the
    last value of ``output`` held for all later lags (a discrete convolution).

    Parameters
    ----------
    build : (S, K, T) array
        Modules started per year [modules].
    output : (S, K, L) array
        Share of a module's capacity available ``l`` years after its start [-].

    Returns
    -------
    numpy.ndarray
        (S, K, T) full-output module equivalents [modules].

    References
    ----------
    DESIGN.md, "Plan": capacity = existing + Σ builds finished × their ramp.

    Examples
    --------
    >>> b = np.zeros((1, 1, 4)); b[0, 0, 0] = 2
    >>> online_fraction(b, np.array([[[0.0, 0.5, 1.0]]]))[0, 0].tolist()
    [0.0, 1.0, 2.0, 2.0]
    """
    build = np.asarray(build, dtype=float)
    n_years = build.shape[-1]
    out = _pad_lags(np.asarray(output, dtype=float), n_years)
    result = np.zeros_like(build)
    for lag in range(n_years):
        result[..., lag:] += out[..., lag : lag + 1] * build[..., : n_years - lag]
    return result


def capex_by_year(build: np.ndarray, spend: np.ndarray, capex: np.ndarray) -> np.ndarray:
    """Capex spent per site, facility type and year from a build schedule.

    ``spent[s, k, t] = Σ_l build[s, k, t − l] · capex[s, k] · spend[s, k, l]``
    (spend profile of a module over its construction years; spending after the last
    planning year is dropped).

    Parameters
    ----------
    build : (S, K, T) array
        Modules started per year [modules].
    spend : (S, K, L) array
        Share of a module's capex spent ``l`` years after its start [-].
    capex : (S, K) array
        Capex of one module [USD].

    Returns
    -------
    numpy.ndarray
        (S, K, T) capex [USD/year].

    References
    ----------
    DESIGN.md, "Plan": capex spread over construction years.

    Examples
    --------
    >>> b = np.zeros((1, 1, 3)); b[0, 0, 1] = 1
    >>> capex_by_year(b, np.array([[[0.25, 0.75]]]), np.array([[8.0]]))[0, 0].tolist()
    [0.0, 2.0, 6.0]
    """
    build = np.asarray(build, dtype=float)
    n_years = build.shape[-1]
    spend = np.asarray(spend, dtype=float)
    result = np.zeros_like(build)
    for lag in range(min(spend.shape[-1], n_years)):
        result[..., lag:] += spend[..., lag : lag + 1] * build[..., : n_years - lag]
    return result * np.asarray(capex, dtype=float)[..., None]


def _terms(
    dims: dict[str, pd.Index], terms: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    shape = tuple(len(v) for v in dims.values())
    coeffs, labels = [], []
    for coef, lab in terms:
        coef = np.asarray(coef, dtype=float)
        lab = np.asarray(lab)
        n = max(coef.shape[-1] if coef.ndim else 1, lab.shape[-1] if lab.ndim else 1)
        coeffs.append(np.broadcast_to(coef, (*shape, n)))
        labels.append(np.broadcast_to(lab, (*shape, n)))
    c = np.concatenate(coeffs, axis=-1)
    v = np.concatenate(labels, axis=-1).astype(np.int64)
    keep = (v >= 0) & (c != 0)
    return np.where(keep, c, 0.0), np.where(keep, v, -1)


def _constraint(
    m: linopy.Model,
    dims: dict[str, pd.Index],
    terms: list[tuple[np.ndarray, np.ndarray]],
    sign: str,
    rhs: float | np.ndarray,
) -> linopy.Constraint:
    """A constraint ``Σ terms <sign> rhs`` built straight from numpy arrays.

    Each term is ``(coeffs, labels)``, both broadcastable to ``(*dims, n)``; terms are
    stacked along linopy's ``_term`` dimension. A label of -1 (or a coefficient of 0)
    is no term. Building rows this way skips xarray alignment in expression arithmetic,
    which is what makes large models quick to build (``benchmarks/bench_plan.py``).
    """
    import linopy

    c, v = _terms(dims, terms)
    names = [*dims, _TERM]
    shape = tuple(len(x) for x in dims.values())
    ds = xr.Dataset(
        {
            "coeffs": (names, c),
            "vars": (names, v),
            "sign": (list(dims), np.full(shape, sign)),
            "rhs": (list(dims), np.broadcast_to(np.asarray(rhs, dtype=float), shape).copy()),
        },
        coords=dict(dims),
    )
    return linopy.Constraint(ds, m)


def _shifted(labels: np.ndarray, n_lag: int) -> np.ndarray:
    """``out[..., t, l] = labels[..., t - l]`` (-1 where ``t - l < 0``); year axis last."""
    n_years = labels.shape[-1]
    out = np.full((*labels.shape, n_lag), -1, dtype=np.int64)
    for lag in range(min(n_lag, n_years)):
        out[..., lag:, lag] = labels[..., : n_years - lag]
    return out


def _labels(m: linopy.Model, name: str) -> np.ndarray:
    return np.asarray(m.variables[name].labels.values, dtype=np.int64)


def _da(values: np.ndarray, dims: dict[str, pd.Index]) -> xr.DataArray:
    return xr.DataArray(np.asarray(values, dtype=float), coords=dict(dims))


def add_variables(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index], relax: bool) -> None:
    """Add ``build``, ``modules``, ``prod``, ``unmet`` and ``draw``.

    Disallowed slots (a facility a site may not host, a product outside its years) get an
    upper bound of 0 rather than a mask, so no variable has absent slots.
    """
    skt = {"site": c["site"], "facility": c["facility"], "year": c["year"]}
    shape = tuple(len(v) for v in skt.values())
    b_up = np.where(np.broadcast_to(inp.allowed[:, :, None], shape), np.inf, 0.0)
    m.add_variables(lower=0, upper=_da(b_up, skt), name="build", integer=not relax)
    m.add_variables(lower=0, upper=_da(b_up, skt), name="modules")
    pt = {"product": c["product"], "year": c["year"]}
    p_up = np.where(np.asarray(inp.available, dtype=bool), np.inf, 0.0)
    m.add_variables(lower=0, upper=_da(p_up, pt), name="prod")
    ct = {"demand_class": c["demand_class"], "year": c["year"]}
    m.add_variables(lower=0, upper=_da(inp.demand / COUNT_SCALE, ct), name="unmet")
    ft = {"source": c["source"], "year": c["year"]}
    m.add_variables(lower=0, upper=_da(np.full(inp.capital_usd.shape, np.inf), ft), name="draw")


def add_module_balance(m: linopy.Model, c: dict[str, pd.Index]) -> None:
    """``modules-balance``: ``modules[t] = modules[t − 1] + build[t]``."""
    dims = {"site": c["site"], "facility": c["facility"], "year": c["year"]}
    mod = _shifted(_labels(m, "modules"), 2)
    build = _labels(m, "build")[..., None]
    terms = [(np.array([1.0, -1.0]), mod), (np.array([-1.0]), build)]
    m.add_constraints(_constraint(m, dims, terms, "=", 0.0), name="modules-balance")


def _online_terms(
    m: linopy.Model, inp: PlanInputs, weight: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Terms of ``Σ_l weight · output[l] · build[t − l]`` over (site, facility, year, lag).

    The ramp's last value holds for all later lags, written as one term on
    ``modules[t − L + 1]`` (modules started up to then) so the row stays short.
    """
    n_years = len(inp.years)
    n_lag = min(inp.output.shape[-1], n_years)
    out = _pad_lags(inp.output, n_years)[..., :n_lag] * weight[..., None]  # (S, K, L)
    head = _shifted(_labels(m, "build"), n_lag)[..., : n_lag - 1]  # (S, K, T, L-1)
    tail = _shifted(_labels(m, "modules"), n_lag)[..., n_lag - 1 :]  # (S, K, T, 1)
    return [(out[:, :, None, : n_lag - 1], head), (out[:, :, None, n_lag - 1 :], tail)]


def add_capacity(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``capacity-<kind>-upper``: wafers (stacks) used ≤ existing + new output.

    Rows in thousands of finished wafers (or stacks) per year, per facility type and
    year. Capacity is what leaves the line: ``existing_output`` and ``module_output``
    (for logic, the fab layer's ``wafers_per_year``: starts × line yield), since the
    silicon layer's wafers per accelerator count finished wafers.
    """
    scale = MONTHS_PER_YEAR / COUNT_SCALE
    n_s, n_k, n_t = len(c["site"]), len(c["facility"]), len(c["year"])
    prod = _labels(m, "prod")  # (P, T)
    # used: Σ_p use[p, k] · prod[p, t]  -> (K, T, P)
    used = (inp.use.T[:, None, :], prod.T[None, :, :])
    new = []
    for coef, lab in _online_terms(m, inp, inp.module_output * scale):
        # (S, K, T, L) -> (K, T, S*L)
        n_l = lab.shape[-1]
        coef = np.broadcast_to(coef, (n_s, n_k, n_t, n_l))
        new.append(
            (
                -coef.transpose(1, 2, 0, 3).reshape(n_k, n_t, n_s * n_l),
                lab.transpose(1, 2, 0, 3).reshape(n_k, n_t, n_s * n_l),
            )
        )
    kinds = np.asarray(inp.facility_kind)
    rhs = inp.existing_output * scale
    for kind in FACILITY_KINDS:
        idx = np.nonzero(kinds == kind)[0]
        if len(idx) == 0:
            continue
        dims = {"facility": c["facility"][idx], "year": c["year"]}
        terms = [(used[0][idx], used[1])] + [(co[idx], la[idx]) for co, la in new]
        con = _constraint(m, dims, terms, "<=", rhs[idx])
        m.add_constraints(con, name=f"capacity-{kind}-upper")


def add_demand(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``demand-balance``: compute delivered + unmet = demand, per year (all classes).

    An equality, not ``≥``: production has no cost in the objective, so with ``≥`` the
    solver may make more than is served (up to capacity). With ``unmet[c, t] ≤
    demand[c, t]`` the equality also makes each class's served compute
    ``demand − unmet`` lie in ``[0, demand]``, and production × H100e per unit equals
    the compute served exactly. Classes share the compute delivered; which class goes
    unserved is decided by the priority-weighted penalty alone.
    """
    dims = {"year": c["year"]}
    terms = [
        (inp.h100e[None, :], _labels(m, "prod").T),
        (np.ones((1, len(inp.classes))), _labels(m, "unmet").T),
    ]
    rhs = inp.demand.sum(axis=0) / COUNT_SCALE
    m.add_constraints(_constraint(m, dims, terms, "=", rhs), name="demand-balance")


def add_mix(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``mix-lower`` / ``mix-upper``: a product's share of compute delivered in a year.

    ``h100e_p · prod[p, t] − share[p, t] · Σ_q h100e_q · prod[q, t]`` ≥ 0 (≤ 0).
    """
    avail = np.asarray(inp.available, dtype=bool)
    # a share bound applies only in years the product can be made
    lo = np.where(avail, np.nan_to_num(np.asarray(inp.min_share, dtype=float), nan=0.0), 0.0)
    hi = np.where(avail, np.nan_to_num(np.asarray(inp.max_share, dtype=float), nan=1.0), 1.0)
    dims = {"product": c["product"], "year": c["year"]}
    prod = _labels(m, "prod")  # (P, T)
    n_p = len(inp.products)
    eye = np.eye(n_p)
    labels = np.broadcast_to(prod.T[None, :, :], (n_p, prod.shape[1], n_p))  # (P, T, Q)
    for name, share, sign, active in (
        ("mix-lower", lo, ">=", lo > 0),
        ("mix-upper", hi, "<=", hi < 1),
    ):
        if not np.any(active):
            continue
        coef = (eye[:, None, :] - share[:, :, None]) * inp.h100e[None, None, :]
        m.add_constraints(
            _constraint(m, dims, [(coef, labels)], sign, 0.0),
            name=name,
            mask=xr.DataArray(active, coords=dict(dims)),
        )


def add_tools(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``tools-euv-upper`` / ``tools-high_na-upper``: scanners for builds ≤ supply."""
    build = _labels(m, "build")  # (S, K, T)
    n_t = build.shape[-1]
    lab = build.reshape(-1, n_t).T  # (T, S*K)
    dims = {"year": c["year"]}
    for tool, need, supply in (
        ("euv", inp.euv_tools, inp.euv_supply),
        ("high_na", inp.high_na_tools, inp.high_na_supply),
    ):
        if not np.any(need > 0):
            continue
        con = _constraint(m, dims, [(need.reshape(1, -1), lab)], "<=", supply)
        m.add_constraints(con, name=f"tools-{tool}-upper")


def net_capex_usd(inp: PlanInputs) -> np.ndarray:
    """Capex one module costs the plan: capex less subsidy, never below 0 [USD]."""
    return np.maximum(inp.capex_usd - inp.subsidy_usd, 0.0)


def add_capital(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``capital-balance`` and ``capital-cumulative-upper`` (per-source ledger).

    Capex spent in a year equals the capital drawn from all sources that year; each
    source's draws to date never exceed what it has made available to date, so unspent
    money carries over.
    """
    n_t = len(c["year"])
    n_lag = min(inp.spend.shape[-1], n_t)
    coef = inp.spend[..., :n_lag] * (net_capex_usd(inp) / MONEY_SCALE)[..., None]  # (S,K,L)
    lab = _shifted(_labels(m, "build"), n_lag)  # (S, K, T, L)
    n_s, n_k = coef.shape[:2]
    coef_t = np.broadcast_to(coef[:, :, None, :], lab.shape).transpose(2, 0, 1, 3)
    lab_t = lab.transpose(2, 0, 1, 3).reshape(n_t, n_s * n_k * n_lag)
    draw = _labels(m, "draw")  # (F, T)
    dims = {"year": c["year"]}
    terms = [
        (np.ones((1, draw.shape[0])), draw.T),
        (-coef_t.reshape(n_t, -1), lab_t),
    ]
    m.add_constraints(_constraint(m, dims, terms, "=", 0.0), name="capital-balance")
    # Σ_{τ ≤ t} draw[f, τ] ≤ Σ_{τ ≤ t} capital[f, τ]
    cum = np.where(
        np.tril(np.ones((n_t, n_t), dtype=bool))[None, :, :], draw[:, None, :], -1
    )  # (F, T, T)
    fdims = {"source": c["source"], "year": c["year"]}
    rhs = np.cumsum(inp.capital_usd, axis=1) / MONEY_SCALE
    con = _constraint(m, fdims, [(np.ones(1), cum)], "<=", rhs)
    m.add_constraints(con, name="capital-cumulative-upper")


def add_sites(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``site-modules-upper``, ``site-modules-lower`` and ``site-power-upper``.

    Added only for sites with a finite limit or a commitment. Modules count those
    started by the last planning year.
    """
    sdims = {"site": c["site"]}
    last = _labels(m, "modules")[..., -1]  # (S, K)
    max_mod = np.asarray(inp.max_modules, dtype=float)
    finite = np.isfinite(max_mod)
    if np.any(finite):
        m.add_constraints(
            _constraint(m, sdims, [(np.ones(1), last)], "<=", np.where(finite, max_mod, 0.0)),
            name="site-modules-upper",
            mask=xr.DataArray(finite, coords=sdims),
        )
    min_mod = np.asarray(inp.min_modules, dtype=float)
    if np.any(min_mod > 0):
        m.add_constraints(
            _constraint(m, sdims, [(np.ones(1), last)], ">=", min_mod),
            name="site-modules-lower",
            mask=xr.DataArray(min_mod > 0, coords=sdims),
        )
    limit = np.asarray(inp.power_limit_mw, dtype=float)
    if np.any(np.isfinite(limit)) and np.any(inp.power_mw > 0):
        n_s, n_k, n_t = len(c["site"]), len(c["facility"]), len(c["year"])
        terms = []
        for coef, lab in _online_terms(m, inp, inp.power_mw):
            n_l = lab.shape[-1]
            coef = np.broadcast_to(coef, (n_s, n_k, n_t, n_l))
            terms.append(
                (
                    coef.transpose(0, 2, 1, 3).reshape(n_s, n_t, n_k * n_l),
                    lab.transpose(0, 2, 1, 3).reshape(n_s, n_t, n_k * n_l),
                )
            )
        dims = {"site": c["site"], "year": c["year"]}
        active = np.broadcast_to(np.isfinite(limit)[:, None], (n_s, n_t))
        rhs = np.broadcast_to(np.where(np.isfinite(limit), limit, 0.0)[:, None], (n_s, n_t))
        m.add_constraints(
            _constraint(m, dims, terms, "<=", rhs),
            name="site-power-upper",
            mask=xr.DataArray(active, coords=dims),
        )


def objective_coefficients(inp: PlanInputs, split: bool = False) -> tuple[np.ndarray, ...]:
    """Discounted cost of one module started per year, and of one unmet H100e.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    split : bool, optional
        Return capex and opex of a module separately (three arrays).

    Returns
    -------
    build_usd : (S, K, T) array
        Present value of the net capex (spread by the spend profile, also after the
        horizon) plus the opex of the module's output within the horizon [USD/module];
        with ``split``, two arrays: capex and opex.
    unmet_usd : (C, T) array
        Present value of the penalty of one unmet H100e [USD/H100e].
    """
    years = np.asarray(inp.years, dtype=int)
    n_years = len(years)
    n_lag = inp.spend.shape[-1]
    ext_years = np.arange(years[0], years[-1] + n_lag + 1)
    disc = discount_factors(ext_years, inp.base_year, inp.discount_rate)
    spend_pv = np.zeros((*inp.spend.shape[:2], n_years))
    for lag in range(n_lag):
        spend_pv += inp.spend[..., lag : lag + 1] * disc[lag : lag + n_years]
    capex_pv = spend_pv * net_capex_usd(inp)[..., None]
    out = _pad_lags(inp.output, n_years)
    opex_pv = np.zeros_like(capex_pv)
    disc_h = disc[:n_years]
    for start in range(n_years):
        n = n_years - start
        opex_pv[..., start] = (out[..., :n] * disc_h[start:]).sum(axis=-1)
    opex_pv *= inp.opex_usd_per_year[..., None]
    unmet = inp.penalty_usd_per_h100e * inp.priority[:, None] * disc_h[None, :]
    if split:
        return capex_pv, opex_pv, unmet
    return capex_pv + opex_pv, unmet


def add_objective(m: linopy.Model, inp: PlanInputs) -> None:
    """Minimise discounted capex + opex + priority-weighted unmet-demand penalty."""
    import linopy

    build_usd, unmet_usd = objective_coefficients(inp)
    coeffs = np.concatenate(
        [(build_usd / MONEY_SCALE).ravel(), (unmet_usd * COUNT_SCALE / MONEY_SCALE).ravel()]
    )
    labels = np.concatenate([_labels(m, "build").ravel(), _labels(m, "unmet").ravel()])
    ds = xr.Dataset({"coeffs": ((_TERM,), coeffs), "vars": ((_TERM,), labels)})
    m.add_objective(linopy.LinearExpression(ds, m))


def build_model(inp: PlanInputs, relax: bool = False) -> linopy.Model:
    """Build the planning model from arrays.

    Parameters
    ----------
    inp : PlanInputs
        The problem's coefficients.
    relax : bool, optional
        Continuous ``build`` (the LP relaxation) instead of integer modules.

    Returns
    -------
    linopy.Model
        Variables ``build``, ``modules``, ``prod``, ``unmet``, ``draw``; constraints
        ``modules-balance``, ``capacity-<kind>-upper``, ``demand-balance``,
        ``mix-lower``/``mix-upper``, ``tools-<tool>-upper``, ``capital-balance``,
        ``capital-cumulative-upper``, ``site-modules-upper``, ``site-power-upper``.

    References
    ----------
    DESIGN.md, "Plan"; ``docs/plan.md`` for the formulation in full.
    """
    import linopy

    m = linopy.Model(force_dim_names=True)
    c = coords(inp)
    add_variables(m, inp, c, relax)
    add_module_balance(m, c)
    add_capacity(m, inp, c)
    add_demand(m, inp, c)
    add_mix(m, inp, c)
    add_tools(m, inp, c)
    add_capital(m, inp, c)
    add_sites(m, inp, c)
    add_objective(m, inp)
    return m

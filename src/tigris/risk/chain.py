"""The workload -> silicon -> fab chain as array arithmetic, and its Monte Carlo (issue 15).

One training workload (compute ``C`` in FLOP, to finish in ``T`` days at a model FLOPs
utilisation and goodput) needs accelerators; each good packaged accelerator takes logic
wafers set by the node's defect density; the wafers take fabs, which cost capex and draw
power. :func:`chain_arrays` evaluates that chain for arrays of its inputs
(:data:`CHAIN_INPUTS`) with everything that does not vary (die geometry, harvesting
coefficients, package yield, the fab's output, capex and power) computed once per
accelerator, node, site and fab size (:func:`chain_constants`), so a sample costs a few
vectorised numpy operations. :func:`chain_monte_carlo` draws the inputs from
:mod:`tigris.risk.distributions` specs with one seeded :class:`numpy.random.Generator`.

The formulas are those of the scalar functions, which the tests re-solve:
:func:`tigris.workload.training.accelerators_for_days` (Narayanan et al. 2021, Eq. 4),
:func:`tigris.silicon.chip_bill` (Hennessy & Patterson 2011, sec. 1.6; harvesting by
:func:`tigris.silicon.harvested_yield`, Stapper et al. 1980), :func:`tigris.fab.model.
fab_model` (its capex, output and power) and
:func:`tigris.workload._common.facility_power_mw` (Patterson et al. 2021).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.data import data_cache
from tigris.errors import InputError, unknown_name
from tigris.units import SECONDS_PER_DAY, SECONDS_PER_HOUR, W_PER_MW

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHAIN_INPUTS",
    "CHAIN_OUTPUTS",
    "QUANTILES",
    "ChainConstants",
    "ChainMC",
    "chain_arrays",
    "chain_constants",
    "chain_monte_carlo",
]

#: The sampled inputs of the chain: name -> unit.
CHAIN_INPUTS: dict[str, str] = {
    "training_flop": "FLOP",
    "training_days": "day",
    "mfu": "-",
    "goodput": "-",
    "d0_per_cm2": "defects/cm^2",
    "pue": "-",
    "fab_capex_factor": "-",
}
#: Inputs that must be given (the others default: goodput and PUE from
#: ``workload_defaults.csv``, D0 the node's as :func:`tigris.silicon.chip_bill` takes
#: it, the capex factor 1, i.e. the capex as modelled).
REQUIRED_INPUTS: tuple[str, ...] = ("training_flop", "training_days", "mfu")
#: The chain's outputs: name -> unit, in chain order.
CHAIN_OUTPUTS: dict[str, str] = {
    "accelerators": "accelerators",
    "accelerator_hours": "h",
    "h100e": "H100e",
    "die_yield": "-",
    "wafers_per_accelerator": "wafers",
    "logic_wafers": "wafers",
    "fabs": "fab-years",
    "fab_capex_usd": "USD",
    "fab_power_mw": "MW",
    "compute_power_mw": "MW",
    "unit_cost_usd": "USD",
}
#: Quantiles reported (the contract's p5, p25, p50, p75, p95).
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Samples evaluated per block: the working set of one block of temporaries stays in
#: the CPU cache (a speed setting, not a property of the world).
BLOCK = 1 << 13


@dataclass(frozen=True)
class ChainConstants:
    """What does not vary between samples, computed once (:func:`chain_constants`).

    Attributes
    ----------
    accelerator, node, site, yield_model : str
        Names used.
    wspm : float
        Fab size [wafer starts/month].
    year : int or None
        Production year of the silicon (``None``: launch values, as ``chip_bill``).
    peak_flop_per_s : float
        Dense peak of one accelerator at the precision [FLOP/s].
    h100e_per_unit : float
        H100-equivalents per accelerator [H100e].
    system_power_w : float
        IT power per accelerator: its server share times the IT overhead of network,
        storage and management (``energy_parameters.csv`` ``it_overhead``, as ``train``,
        ``infer`` and the plan's fleet charge it), before PUE [W].
    logic_dies : int
        Logic dies per package [-].
    gross_dies_per_wafer, die_area_cm2 : float
        Candidate logic dies per wafer [-] and die area [cm^2].
    package_yield : float
        Good fraction of assembled packages in ``year`` [-].
    wafer_price_usd : float
        Logic wafer price [USD].
    other_cost_per_unit_usd : float
        Interposer, HBM, assembly and test per good package (``chip_bill``'s breakdown
        less logic) [USD].
    d0_default_per_cm2 : float
        The node's D0 as ``chip_bill`` takes it without a given one [defects/cm^2].
    unit_defects_per_d0 : float or None
        Mean defects per harvestable unit per unit D0, ``A·f/u`` [cm^2]; ``None``
        without harvesting.
    unit_area_fraction : float
        Share ``f`` of the die in harvestable units [-].
    harvest_coefficients : tuple of float or None
        ``C(u, j)`` for ``j = 0..k`` spare units [-].
    critical_layers, clustering_alpha, systematic_yield : float
        Yield-model parameters (``silicon_params.csv``) [-].
    fab_wafers_per_year, fab_capex_usd, fab_power_mw : float
        One fab of ``wspm`` at ``site`` at full output: wafers out [wafers/year], capex
        [USD of ``fab_capex_dollars_of``], power [MW].
    defaults : dict of str to float
        Values of the optional inputs when not given [units of :data:`CHAIN_INPUTS`].
    fab_capex_dollars_of : int or None
        The year whose US dollars ``fab_capex_usd`` is in: ``dollars_of`` if given, else
        the node's :func:`tigris.fab.capex_price_year` (its reference fab's year, 2020
        for N4/N5, 2023 for N3 and later) [year]. The chain has no currency year of its
        own (no scenario); the wafer price and the other parts of ``unit_cost_usd``
        are taken as quoted (``data/prices.csv`` rows carry no price year).
    """

    accelerator: str
    node: str
    site: str
    yield_model: str
    wspm: float
    year: int | None
    peak_flop_per_s: float
    h100e_per_unit: float
    system_power_w: float
    logic_dies: int
    gross_dies_per_wafer: float
    die_area_cm2: float
    package_yield: float
    wafer_price_usd: float
    other_cost_per_unit_usd: float
    d0_default_per_cm2: float
    # harvesting (None without): spare-unit polynomial coefficients C(u, j), j = 0..k
    unit_defects_per_d0: float | None
    unit_area_fraction: float
    harvest_coefficients: tuple[float, ...] | None
    critical_layers: float
    clustering_alpha: float
    systematic_yield: float
    fab_wafers_per_year: float
    fab_capex_usd: float
    fab_power_mw: float
    defaults: dict[str, float] = field(default_factory=dict)
    fab_capex_dollars_of: int | None = None


@data_cache  # one cache per data overlay in force (tigris --data, member overlays)
def chain_constants(
    accelerator: str,
    site: str,
    node: str | None = None,
    *,
    wspm: float | None = None,
    year: int | None = None,
    yield_model: str = "poisson",
    precision: str = "bf16",
    harvest: bool = True,
    dollars_of: int | None = None,
) -> ChainConstants:
    """The per-accelerator, per-node and per-fab figures of the chain, once.

    Parameters
    ----------
    accelerator : str
        Catalog name (``"h100"``).
    site : str
        Fab site (``sites.csv``).
    node : str, optional
        Process node; default the catalog's.
    wspm : float, optional
        Fab size [wafer starts/month]; default ``reference_fab_wspm``
        (``fab_parameters.csv``).
    year : int, optional
        Production year (package yield, default D0), as in ``chip_bill``.
    yield_model : str, optional
        Die-yield model (:func:`tigris.silicon.die_yield`).
    precision : str, optional
        Precision whose dense peak the workload runs at.
    harvest : bool, optional
        Apply SM/CU harvesting where the catalog allows it (as ``chip_bill``).
    dollars_of : int, optional
        Price the fab's capex in US dollars of this year (``fab_model(...,
        dollars_of=...)``: tools by the BLS PPI for semiconductor machinery, building
        and hook-up by the CPI-U, :mod:`tigris.fab.dollars`); default the node's own
        price year, :func:`tigris.fab.capex_price_year` [year]. Which year it is, is
        ``fab_capex_dollars_of``.

    Returns
    -------
    ChainConstants

    References
    ----------
    :func:`tigris.silicon.chip_bill` (gross dies, package yield, cost pieces),
    :func:`tigris.fab.model.fab_model` (wafers per year, capex, power at full output),
    :func:`tigris.workload._common.h100_equivalents`.
    """
    from tigris.energy.data import energy_parameter
    from tigris.fab.data import fab_param
    from tigris.fab.model import fab_model
    from tigris.silicon.chip import _parts, chip_bill
    from tigris.silicon.params import silicon_param
    from tigris.silicon.yields import _defaults, parse_yield_model
    from tigris.units import MM2_PER_CM2
    from tigris.workload._common import h100_equivalents, system_power, workload_default

    model = parse_yield_model(yield_model, "yield_model")
    bill = chip_bill(accelerator, node, year=year, yield_model=model, harvest=harvest)
    p = _parts(accelerator, node, None, harvest)
    n_layers, alpha, ys = (float(v) for v in _defaults(None, None, None))
    f = float(silicon_param("unit_area_fraction"))
    area_cm2 = p.area_mm2 / MM2_PER_CM2
    coef = per_d0 = None
    if p.units is not None:
        u, k = p.units
        coef = tuple(float(math.comb(u, j)) for j in range(k + 1))
        per_d0 = area_cm2 * f / u
    w = float(fab_param("reference_fab_wspm")) if wspm is None else float(wspm)
    fab = fab_model(bill.node, w, site, dollars_of=dollars_of)
    other = math.fsum(v for k, v in bill.cost_breakdown_usd.items() if k != "logic")
    return ChainConstants(
        accelerator=bill.accelerator,
        node=bill.node,
        site=fab.site,
        yield_model=model.value,
        wspm=w,
        year=year,
        peak_flop_per_s=p.acc.peak_flop_per_s(precision),
        h100e_per_unit=h100_equivalents(p.acc, precision),
        system_power_w=system_power(p.acc, None) * energy_parameter("it_overhead"),
        logic_dies=p.dies,
        gross_dies_per_wafer=bill.gross_dies_per_wafer,
        die_area_cm2=area_cm2,
        package_yield=bill.package_yield,
        wafer_price_usd=bill.wafer_price_usd,
        other_cost_per_unit_usd=other,
        d0_default_per_cm2=bill.d0_per_cm2,
        unit_defects_per_d0=per_d0,
        unit_area_fraction=f,
        harvest_coefficients=coef,
        critical_layers=n_layers,
        clustering_alpha=alpha,
        systematic_yield=ys,
        fab_wafers_per_year=fab.wafers_per_year,
        fab_capex_usd=fab.capex_usd,
        fab_power_mw=fab.power_mw,
        fab_capex_dollars_of=fab.capex_price_year,
        defaults={
            "goodput": workload_default("goodput"),
            "pue": workload_default("pue"),
            "d0_per_cm2": bill.d0_per_cm2,
            "fab_capex_factor": 1.0,
        },
    )


def _die_yield(c: ChainConstants, d0: np.ndarray) -> np.ndarray:
    """Die yield at ``d0`` (the closed forms of :func:`tigris.silicon.harvested_yield`).

    With ``u`` harvestable units of which ``k`` may be bad, ``z = e^{x_u} - 1`` (``x_u``
    mean defects per unit) and ``S = sum_{j<=k} C(u, j) z^j`` (by Horner's rule),
    Poisson defects give ``Y = Y_s e^{-A·D0} S`` exactly (Stapper et al. 1980: the
    non-repairable part defect-free times at most ``k`` of ``u`` units bad); the other
    models take their closed form at ``A·D0_eff = max(A·D0 - ln S, A·D0 (1 - f))``, as
    :func:`~tigris.silicon.harvested_yield` does. Without harvesting, ``Y_s f(A·D0)``
    (:func:`~tigris.silicon.die_yield`).
    """
    from tigris.silicon.yields import YIELD_MODELS, YieldModel

    x = d0 * c.die_area_cm2
    poisson = c.yield_model == YieldModel.POISSON.value
    s = None
    if c.harvest_coefficients is not None:
        z = np.multiply(d0, c.unit_defects_per_d0)
        np.expm1(z, out=z)
        coef = c.harvest_coefficients
        s = np.full_like(z, coef[-1])
        with np.errstate(over="ignore", invalid="ignore"):
            for cj in coef[-2::-1]:
                s *= z
                s += cj
            if not poisson:
                np.log(s, out=s)
                x = np.maximum(x - s, x * (1.0 - c.unit_area_fraction))
    if not poisson:
        y = YIELD_MODELS[YieldModel(c.yield_model)](
            x, np.asarray(c.critical_layers), np.asarray(c.clustering_alpha)
        )
        return c.systematic_yield * y
    np.negative(x, out=x)
    np.exp(x, out=x)
    x *= c.systematic_yield
    if s is not None:
        with np.errstate(invalid="ignore"):
            x *= s
        # beyond float range (mean defects per unit > ~50) S overflows; the yield is then
        # the limit e^{-A·D0 (1 - f)} of harvested_yield's log form
        bad = ~np.isfinite(x)
        if bad.any():
            x[bad] = c.systematic_yield * np.exp(
                -d0[bad] * c.die_area_cm2 * (1 - c.unit_area_fraction)
            )
    return x


def _check_values(name: str, a: np.ndarray, what: str = "") -> None:
    """InputError naming ``name`` unless every value of ``a`` is in its range: finite,
    > 0 (D0 >= 0), at most 1 for a fraction. Two reductions (min, max), no temporaries;
    a NaN fails ``min > 0``."""
    if a.size == 0:
        return
    lo, hi = float(np.min(a)), float(np.max(a))
    zero_ok = name == "d0_per_cm2"
    fraction = name in ("mfu", "goodput")
    if not ((lo >= 0.0 if zero_ok else lo > 0.0) and hi < math.inf):
        want = ">= 0" if zero_ok else "> 0"
        bad = lo if not (lo >= 0.0 if zero_ok else lo > 0.0) else hi
        msg = f"expected finite numbers {want} [{CHAIN_INPUTS[name]}], got{what} {bad:g}"
        raise InputError(msg, field=name)
    if fraction and hi > 1.0:
        raise InputError(f"expected a fraction in (0, 1], got{what} {hi:g}", field=name)


def _check_names(names: Any, where: str) -> None:
    unknown = [k for k in names if k not in CHAIN_INPUTS]
    if unknown:
        raise unknown_name("chain input", unknown[0], list(CHAIN_INPUTS), where)


def _with_defaults(given: Mapping[str, Any], c: ChainConstants) -> dict[str, np.ndarray]:
    """Every chain input: the given ones as float arrays, the optional ones defaulted."""
    missing = [k for k in REQUIRED_INPUTS if k not in given]
    if missing:
        need = ", ".join(REQUIRED_INPUTS)
        raise InputError(f"the chain needs {need}; missing {missing[0]}", field=missing[0])
    return {
        name: np.asarray(given[name] if name in given else c.defaults[name], dtype=float)
        for name in CHAIN_INPUTS
    }


def _evaluate(c: ChainConstants, size: int, block_inputs: Any, out: dict[str, np.ndarray]) -> None:
    """The chain over ``size`` samples in blocks of :data:`BLOCK`: ``block_inputs(sl)``
    gives every input for the slice ``sl`` as 1-D arrays; outputs go into ``out``."""
    # a yield underflowing to 0 gives inf wafers; draws out of range (then refused by the
    # caller) may give NaN on the way
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        for lo in range(0, size, BLOCK):
            sl = slice(lo, min(lo + BLOCK, size))
            _block(c, block_inputs(sl), {k: v[sl] for k, v in out.items()})


def chain_arrays(
    inputs: Mapping[str, Any],
    *,
    accelerator: str,
    site: str,
    node: str | None = None,
    wspm: float | None = None,
    year: int | None = None,
    yield_model: str = "poisson",
    precision: str = "bf16",
    harvest: bool = True,
    dollars_of: int | None = None,
) -> dict[str, np.ndarray]:
    r"""The workload -> silicon -> fab chain for arrays of its inputs, broadcast.

    With ``C`` training compute, ``T`` days, ``m`` MFU, ``g`` goodput, ``P`` the
    accelerator's dense peak, ``s_d`` and ``s_h`` the seconds in a day and an hour:

    - accelerators ``n = C / (T · s_d · P · m · g)`` (Narayanan et al. 2021, Eq. 4,
      :func:`~tigris.workload.training.accelerators_for_days`); accelerator-hours
      ``C / (P · m · g · s_h)``; H100e ``n · P / P_H100`` (docs/nomenclature.md);
    - die yield ``Y(A, D0)`` with harvesting (:func:`~tigris.silicon.harvested_yield`),
      good dies per wafer ``gross(A) · Y``, logic wafers per good package
      ``n_dies / (gross · Y · Y_p)`` and unit cost ``n_dies · wafer price /
      (gross · Y · Y_p)`` plus interposer, HBM, assembly and test per good package
      (Hennessy & Patterson 2011, sec. 1.6;
      :func:`~tigris.silicon.chip_bill`);
    - logic wafers ``n · wafers per accelerator``; fabs (fab-years at full output)
      ``wafers / wafers per fab-year``; fab capex ``fabs · capex per fab · factor``;
      fab power ``fabs · MW per fab`` (:func:`~tigris.fab.model.fab_model`);
      compute power ``n · P_sys · PUE`` (Patterson et al. 2021,
      :func:`~tigris.workload._common.facility_power_mw`).

    Parameters
    ----------
    inputs : mapping of str to array_like
        Values of :data:`CHAIN_INPUTS` (``training_flop``, ``training_days`` and ``mfu``
        required; the others default, see :data:`REQUIRED_INPUTS`), broadcast together
        [units of :data:`CHAIN_INPUTS`].
    accelerator : str
        Catalog accelerator the workload runs on and the fab makes.
    site : str
        Site of the fab (``sites.csv``).
    node, wspm, year, yield_model, precision, harvest, dollars_of
        As :func:`chain_constants` (``fab_capex_usd`` is in US dollars of ``dollars_of``,
        default of the node's :func:`tigris.fab.capex_price_year`).

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`CHAIN_OUTPUTS`, each of the inputs' broadcast shape [units of
        :data:`CHAIN_OUTPUTS`].

    Raises
    ------
    InputError
        An unknown or missing input, or a value out of its range (naming it).

    Examples
    --------
    GPT-4's 2.15e25 FLOP in 95 days at 34 % MFU on A100 took ~25,000 A100
    (SemiAnalysis 2023; goodput 1 to match that count):

    >>> out = chain_arrays({"training_flop": 2.15e25, "training_days": 95.0, "mfu": 0.34,
    ...                     "goodput": 1.0}, accelerator="a100", site="taiwan")
    >>> round(float(out["accelerators"]) / 25_000, 1)
    1.0
    """
    c = chain_constants(
        accelerator,
        site,
        node,
        wspm=wspm,
        year=year,
        yield_model=yield_model,
        precision=precision,
        harvest=harvest,
        dollars_of=dollars_of,
    )
    _check_names(inputs, "inputs")
    x = _with_defaults(inputs, c)
    for name, a in x.items():
        _check_values(name, a)
    shape = np.broadcast_shapes(*(a.shape for a in x.values()))
    size = math.prod(shape)
    flat = {k: np.broadcast_to(v, shape).reshape(-1) for k, v in x.items()}
    out = {k: np.empty(size) for k in CHAIN_OUTPUTS}
    _evaluate(c, size, lambda sl: {k: v[sl] for k, v in flat.items()}, out)
    return {k: v.reshape(shape) for k, v in out.items()}


def _block(c: ChainConstants, x: dict[str, np.ndarray], out: dict[str, np.ndarray]) -> None:
    """One block of the chain, written into ``out`` (formulas in :func:`chain_arrays`)."""
    rate = x["mfu"] * x["goodput"]
    rate *= c.peak_flop_per_s
    hours = np.divide(x["training_flop"], rate, out=out["accelerator_hours"])
    hours /= SECONDS_PER_HOUR
    n = out["accelerators"]
    np.multiply(x["training_days"], SECONDS_PER_DAY, out=n)
    n *= rate
    np.divide(x["training_flop"], n, out=n)
    np.multiply(n, c.h100e_per_unit, out=out["h100e"])
    y = _die_yield(c, x["d0_per_cm2"])
    out["die_yield"][...] = y
    good = y * c.gross_dies_per_wafer
    per_acc = np.divide(c.logic_dies, good, out=out["wafers_per_accelerator"])
    per_acc /= c.package_yield
    wafers = np.multiply(n, per_acc, out=out["logic_wafers"])
    fabs = np.divide(wafers, c.fab_wafers_per_year, out=out["fabs"])
    capex = np.multiply(fabs, c.fab_capex_usd, out=out["fab_capex_usd"])
    capex *= x["fab_capex_factor"]
    np.multiply(fabs, c.fab_power_mw, out=out["fab_power_mw"])
    power = np.multiply(n, c.system_power_w, out=out["compute_power_mw"])
    power *= x["pue"]
    power /= W_PER_MW
    cost = np.divide(c.logic_dies * c.wafer_price_usd, good, out=out["unit_cost_usd"])
    cost /= c.package_yield
    cost += c.other_cost_per_unit_usd


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def _plain(v: Any) -> Any:
    """A fixed argument as a JSON value (numpy scalars as Python ones, NaN as None)."""
    if isinstance(v, np.generic):
        v = v.item()
    return _finite(v) if isinstance(v, float) else v


@dataclass
class ChainMC:
    """A Monte Carlo of the chain: the draws, the outputs and their quantiles.

    Attributes
    ----------
    n, seed : int
        Samples and the generator's seed.
    samples : dict of str to numpy.ndarray
        Every chain input, ``(n,)`` each (the fixed ones repeated) [units of
        :data:`CHAIN_INPUTS`].
    outputs : dict of str to numpy.ndarray
        :data:`CHAIN_OUTPUTS`, ``(n,)`` each.
    specs : dict
        The distributions drawn from, by input.
    fixed : dict
        The keyword arguments of the chain (accelerator, node, site, ...).
    fab_capex_dollars_of : int or None
        The year whose US dollars ``fab_capex_usd`` is in
        (:attr:`ChainConstants.fab_capex_dollars_of`) [year]; its unit in
        :attr:`quantiles` says it (``"USD of 2020"``).
    """

    n: int
    seed: int
    samples: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    specs: dict[str, Any]
    fixed: dict[str, Any]
    fab_capex_dollars_of: int | None = None

    @property
    def units(self) -> dict[str, str]:
        """Unit of every output: :data:`CHAIN_OUTPUTS`, ``fab_capex_usd`` with its year."""
        out = dict(CHAIN_OUTPUTS)
        if self.fab_capex_dollars_of is not None:
            out["fab_capex_usd"] = f"USD of {self.fab_capex_dollars_of}"
        return out

    @property
    def quantiles(self) -> pd.DataFrame:
        """Quantiles of every output: [output, unit, p5, p25, p50, p75, p95, mean].

        numpy ``quantile(method="linear")`` (Hyndman & Fan 1996, definition 7).
        """
        import pandas as pd

        rows = []
        for name, unit in self.units.items():
            v = self.outputs[name]
            q = np.quantile(v, QUANTILES, method="linear")
            rows.append(
                {"output": name, "unit": unit}
                | {f"p{round(p * 100)}": float(x) for p, x in zip(QUANTILES, q, strict=True)}
                | {"mean": float(np.mean(v))}
            )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: ``samples``, ``seed``, ``fixed``, ``inputs`` (each drawn input's
        kind, source, p5/p50/p95) and ``quantiles`` (output -> unit and p5..p95, mean);
        NaN and infinities are ``None``.

        Returns
        -------
        dict
        """
        inputs = {}
        for name, spec in self.specs.items():
            q = np.quantile(self.samples[name], (0.05, 0.5, 0.95), method="linear")
            inputs[name] = {
                "dist": getattr(spec, "dist", None),
                "source": getattr(spec, "source", ""),
                "unit": CHAIN_INPUTS[name],
                "p5": _finite(q[0]),
                "p50": _finite(q[1]),
                "p95": _finite(q[2]),
            }
        quant = {}
        for row in self.quantiles.to_dict("records"):
            name = row.pop("output")
            quant[name] = {k: (_finite(v) if k != "unit" else v) for k, v in row.items()}
        return {
            "samples": self.n,
            "seed": self.seed,
            "fixed": {k: _plain(v) for k, v in self.fixed.items()},
            "inputs": inputs,
            "quantiles": quant,
        }


def chain_monte_carlo(specs: Mapping[str, Any], n: int, seed: int, **fixed: Any) -> ChainMC:
    """``n`` samples of the chain, inputs drawn from ``specs`` by one seeded generator.

    Each input of ``specs`` is drawn by :func:`tigris.risk.distributions.sample_array`
    from one ``numpy.random.default_rng(seed)``, block by block (:data:`BLOCK` samples,
    the inputs in :data:`CHAIN_INPUTS` order within a block, so draws and arithmetic
    stay in the CPU cache), so the same seed gives the same samples bit for bit; inputs
    are independent (no rank correlation is induced). Then the arithmetic of
    :func:`chain_arrays` on each block.

    Parameters
    ----------
    specs : mapping of str to distribution
        Input name (:data:`CHAIN_INPUTS`) -> a distribution of
        :mod:`tigris.risk.distributions` [unit of the input].
    n : int
        Samples (>= 1).
    seed : int
        Seed of the generator.
    **fixed
        Inputs held at one value (a chain input name -> number), and the keyword
        arguments of :func:`chain_arrays` (``accelerator`` and ``site`` required, ``node``,
        ``wspm``, ``year``, ``yield_model``, ``precision``, ``harvest``, ``dollars_of``).

    Returns
    -------
    ChainMC

    Raises
    ------
    InputError
        ``n`` < 1, an unknown input, an input both drawn and fixed, a bad distribution.

    References
    ----------
    Monte Carlo propagation of distributions: JCGM 101:2008, *Evaluation of measurement
    data -- Supplement 1 to the GUM -- Propagation of distributions using a Monte Carlo
    method*, sec. 7.

    Examples
    --------
    >>> from tigris.risk.distributions import Uniform
    >>> mc = chain_monte_carlo({"d0_per_cm2": Uniform(low=0.05, high=0.15)}, 1000, 7,
    ...     accelerator="h100", site="taiwan", training_flop=3.8e25, training_days=90.0, mfu=0.4)
    >>> q = mc.quantiles.set_index("output")
    >>> bool(q.loc["fabs", "p5"] <= q.loc["fabs", "p50"] <= q.loc["fabs", "p95"])
    True
    """
    from tigris.risk.distributions import sample_array

    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise InputError(f"expected a whole number of samples >= 1, got {n!r}", field="n")
    n = int(n)
    values = {k: v for k, v in fixed.items() if k in CHAIN_INPUTS}
    options = {k: v for k, v in fixed.items() if k not in CHAIN_INPUTS}
    _check_names(specs, "specs")
    for name in specs:
        if name in values:
            raise InputError(f"{name} is both drawn and fixed; give one", field=name)
        sample_array(specs[name], 0, np.random.default_rng(0))  # a bad spec fails here
    c = chain_constants(**_constant_args(options))
    given = _with_defaults({**dict.fromkeys(specs, 1.0), **values}, c)
    for name in values:
        _check_values(name, given[name])
    drawn = [name for name in CHAIN_INPUTS if name in specs]
    samples = {k: np.empty(n) if k in specs else np.broadcast_to(v, (n,)) for k, v in given.items()}
    rng = np.random.default_rng(seed)

    def block_inputs(sl: slice) -> dict[str, np.ndarray]:
        m = sl.stop - sl.start
        for name in drawn:  # block by block, inputs in CHAIN_INPUTS order: one stream
            part = samples[name][sl]
            part[...] = sample_array(specs[name], m, rng)
        return {k: v[sl] for k, v in samples.items()}

    outputs = {k: np.empty(n) for k in CHAIN_OUTPUTS}
    _evaluate(c, n, block_inputs, outputs)
    for name in drawn:  # a draw out of range (a normal below 0) fails the whole run
        _check_values(name, samples[name], " a draw of")
    return ChainMC(n, seed, samples, outputs, dict(specs), dict(fixed), c.fab_capex_dollars_of)


def _constant_args(options: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`chain_arrays` as :func:`chain_constants` takes them."""
    keys = (
        "accelerator",
        "node",
        "site",
        "wspm",
        "year",
        "yield_model",
        "precision",
        "harvest",
        "dollars_of",
    )
    unknown = [k for k in options if k not in keys]
    if unknown:
        raise unknown_name("chain option", unknown[0], list(keys) + list(CHAIN_INPUTS), "fixed")
    for need in ("accelerator", "site"):
        if need not in options:
            raise InputError(f"the chain needs an {need} (a name)", field=need)
    return dict(options)

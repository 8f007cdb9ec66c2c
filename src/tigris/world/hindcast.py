"""The hindcast: the planner run on 2023-2025 with no new builds, against what shipped.

For each history year the world as it stood is given to the *same* planner
(:func:`tigris.plan.model.build_model` through :func:`tigris.plan.solve.solve_inputs`):

- supply: the incumbents' AI capacity that made that year's *sales*: each kind's
  over the twelve months ending a lag before the year's end (:func:`lag_years`,
  ``data/hindcast_lags.csv``: logic 6, CoWoS 3, HBM 9 months from use to sale;
  :func:`tigris.world.incumbents.existing_supply_lagged` on the end-of-year tables),
  since the published shipments count units when sold; logic leaving the line at the
  fab layer's line yield for the node, as in a plan;
- products: those shipped in that year (``data/accelerator_shipments.csv``, a part
  stated as equivalent to another, such as H20, with that stand-in's silicon and its own
  H100e), each pinned to its published share of the year's H100e (:data:`MIX`
  ``"published"``, the default; ``"roadmap"`` gives instead the roadmap's products
  within its share bands, :func:`tigris.world.roadmap.roadmap_products`, the optimiser
  choosing the mix), and the silicon each takes when made that year
  (:func:`tigris.world.roadmap.bills_by_year`: D0 at the node's age, HBM stacks per
  DRAM wafer of that year, package and HBM bonding yields at their lines' ages:
  :func:`tigris.silicon.chip.package_yield_at`, :func:`tigris.silicon.hbm.bond_yield_at`);
- no investor: one site that may host nothing, no capital, no scanners;
- demand that cannot bind: twice the sum over products of the most each could deliver
  alone, ``2 * sum_p h100e_p * min_k(capacity_k / use_pk)``, an upper bound on what any
  mix can deliver (each product's output is bounded by every capacity it uses). The
  check after the solve that demand was left unmet in every year confirms it.

With nothing to build and only the unmet-demand penalty in the objective, the planner
makes as much compute as capacity and the mix bounds allow. With the published mix that
is the shipped mix scaled up until the first capacity runs out: only shares within a
year enter, never the published total. The utilisation of logic,
CoWoS and HBM capacity is then the model's outcome: nothing imposes "sold out". It is
compared with the published deliveries of ``data/accelerator_shipments.csv`` (the
in-sample figures :func:`tigris.world.demand.calibrated_demand` returns for history:
in-sample for demand, but unused by the hindcast, which sets its own demand), in total
and by vendor.

:func:`published_use` asks the question the other way round, with no planner: what the
published shipments would use of each capacity at the model's bills. Where that is well
below 1 in a year the industry called sold out, the capacity tables and the bills
disagree with the shipments, whatever the planner does.

References
----------
DESIGN.md, "Plan"; ``docs/plan.md``, "The hindcast".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, TigrisError
from tigris.units import MONTHS_PER_YEAR
from tigris.world.incumbents import KINDS

if TYPE_CHECKING:
    import pandas as pd

    from tigris.plan.inputs import PlanInputs

__all__ = [
    "DEMAND_MARGIN",
    "HINDCAST_YEARS",
    "hindcast",
    "hindcast_inputs",
    "hindcast_to_dict",
    "lag_years",
    "published_use",
]

#: The product mix the hindcast gives the planner: ``"published"`` (each product
#: shipped in a year, stand-ins such as H20 included, pinned to its published share of
#: that year's H100e: :func:`_shipped_products`) or ``"roadmap"`` (the roadmap's
#: products within its share bands, the optimiser choosing the mix).
MIX = "published"
#: The history years the hindcast reports by default.
HINDCAST_YEARS = (2023, 2024, 2025)
#: Demand is this many times an upper bound on what the capacity can deliver, so it
#: cannot bind (any factor above 1 gives the same plan) [-].
DEMAND_MARGIN = 2.0
#: Penalty of one unmet H100e: the objective's only term, so any positive value gives
#: the same plan (the most compute the capacity allows) [USD/H100e].
_PENALTY_USD_PER_H100E = 1_000.0
#: Table of lags from each capacity's use to the sale (:func:`lag_years`).
_LAGS = "hindcast_lags"
#: Longest lag the table may give: two years [months].
_MAX_LAG_MONTHS = 24
_CLASS = "hindcast"
_SITE = "no new builds"
_SOURCE = "no capital"


@data_cache
def lag_years() -> dict[str, float]:
    """Lag from each capacity's use to the sale of what it made, by kind [year].

    ``data/hindcast_lags.csv`` (logic, CoWoS, HBM; months, each row sourced): the
    published shipments count units when sold, so the capacity that made a year's
    sales is each kind's over the twelve months ending that lag before the year's end
    (:func:`tigris.world.incumbents.existing_supply_lagged`).

    Examples
    --------
    >>> sorted(lag_years()) == sorted(KINDS)
    True
    """
    out: dict[str, float] = {}
    for i, row in enumerate(load_rows(_LAGS), start=2):
        kind, months = str(row["kind"]).strip(), row["lag_months"]
        if kind not in KINDS or kind in out:
            msg = f"{_LAGS}.csv row {i}: kind '{kind}' unknown or repeated"
            raise TigrisError(msg)
        if not isinstance(months, int) or not 0 <= months <= _MAX_LAG_MONTHS:
            msg = (
                f"{_LAGS}.csv row {i}: lag_months must be whole months in "
                f"0-{_MAX_LAG_MONTHS}, got {months}"
            )
            raise TigrisError(msg)
        out[kind] = months / MONTHS_PER_YEAR
    return out


def _lag_text() -> str:
    """The lags as ``logic 6, cowos 3, hbm 9`` [months]."""
    return ", ".join(f"{k} {round(v * MONTHS_PER_YEAR):d}" for k, v in lag_years().items())


def _years(years: Any) -> np.ndarray:
    from tigris.world.demand import history_years
    from tigris.world.incumbents import HISTORY_END

    arr = np.atleast_1d(np.asarray(years, dtype=int))
    hist = history_years()
    last = min(hist[-1], HISTORY_END)
    if arr.size == 0 or np.any(np.diff(np.sort(arr)) != 1):  # a repeat differs by 0
        msg = f"expected consecutive years, got {arr.tolist()}"
        raise InputError(msg, field="years")
    bad = [int(y) for y in arr if y < hist[0] or y > last]
    if bad:
        msg = f"the hindcast covers history years {hist[0]}-{last}, got {bad[0]}"
        raise InputError(msg, field="years")
    return np.sort(arr)


def _products(years: np.ndarray) -> list[dict[str, Any]]:
    """The hindcast's products: the mix of :data:`MIX` (the default: as shipped)."""
    if MIX == "published":
        return _shipped_products(years)
    if MIX == "roadmap":
        return _roadmap_products(years)
    msg = f"hindcast.MIX: expected 'published' or 'roadmap', got {MIX!r}"
    raise TigrisError(msg)


def _shipped_products(years: np.ndarray) -> list[dict[str, Any]]:
    """The products shipped in the years, each pinned to its published share of H100e.

    One product per in-sample row group of ``accelerator_shipments.csv`` (vendor,
    product, catalog part, scale), made with its catalog part's bill by year (a part
    stated as equivalent to another, H20 or Trainium1, with that stand-in's silicon and
    its own stated H100e), its share of each year's H100e pinned (min = max) to the
    published share among the rows with a bill. Rows whose part has no bill (a catalog
    entry without a die area) are left out; the shares are of the rest.

    Pinning the mix removes the optimiser's freedom to fill capacity with the parts
    that give the most H100e per wafer where history spent it on others (H20 is H100's
    die and CoWoS-S package at 0.15 H100e); the total is still what capacity and bills
    allow, nothing of the published total enters (only shares within a year).
    """
    from tigris.catalog import get_accelerator
    from tigris.scenario.checks import facility_id
    from tigris.world.demand import shipments_h100e
    from tigris.world.roadmap import bills_by_year

    df = shipments_h100e(years)
    key = ["vendor", "product", "accelerator", "h100e_scale"]
    groups: dict[tuple, dict[int, float]] = {}
    for r in df.to_dict("records"):
        k = tuple(r[c] for c in key)
        by_year = groups.setdefault(k, {})
        by_year[int(r["year"])] = by_year.get(int(r["year"]), 0.0) + float(r["h100e"])
    out = []
    for (vendor, product, acc_name, scale), by_year in groups.items():
        try:
            bill = bills_by_year(acc_name, years)
        except InputError:  # the catalog lacks what a bill needs (die area, ...)
            continue
        acc = get_accelerator(acc_name)
        out.append(
            {
                "name": f"{vendor} {product}" + ("" if scale == 1 else f" (as {acc.name})"),
                "accelerator": acc.name,
                "vendor": vendor,
                "first_year": min(by_year),
                "last_year": max(by_year),
                "family": facility_id("logic", acc.node),
                "bill": bill,
                "h100e": float(bill["h100e"][0]) * float(scale),
                "system_power_w": float(acc.system_power_w or 0.0),
                "available": np.array([by_year.get(int(y), 0.0) > 0 for y in years]),
                "h100e_by_year": by_year,
                "source": "data/accelerator_shipments.csv (in-sample), shares pinned",
            }
        )
    total = {int(y): sum(p["h100e_by_year"].get(int(y), 0.0) for p in out) for y in years}
    for p in out:
        share = {y: p["h100e_by_year"].get(y, 0.0) / total[y] for y in total if total[y] > 0}
        p["min_share"] = p["max_share"] = share
    return out


def _roadmap_products(years: np.ndarray) -> list[dict[str, Any]]:
    """Roadmap products shipping in the years, with their bills by year."""
    from tigris.catalog import get_accelerator
    from tigris.scenario.checks import facility_id
    from tigris.world.roadmap import bills_by_year, roadmap_products, roadmap_table

    table = roadmap_table()
    vendor = dict(zip(table["product"], table["vendor"], strict=True))
    out = []
    for d in roadmap_products(int(years[0]), int(years[-1])):
        acc = get_accelerator(d["accelerator"])
        node = acc.node  # roadmap rows carry no node of their own
        bill = bills_by_year(d["accelerator"], years, node)
        out.append(
            {
                **d,
                "vendor": vendor.get(d["name"], ""),
                "family": facility_id("logic", node),
                "bill": bill,
                "h100e": float(bill["h100e"][0]),
                "system_power_w": float(acc.system_power_w or 0.0),
                "available": (years >= d["first_year"]) & (years <= d["last_year"]),
            }
        )
    return out


def _share(value: Any, years: np.ndarray) -> np.ndarray:
    """A share given as a number or ``{year: share}`` as a (T,) array (NaN: no bound)."""
    if isinstance(value, dict):
        return np.array([float(value.get(int(y), np.nan)) for y in years])
    return np.full(len(years), float(value))


def hindcast_inputs(years: Any = HINDCAST_YEARS, variant: str = "announced") -> PlanInputs:
    """The planner's inputs for the hindcast years: incumbents only, no builds.

    Parameters
    ----------
    years : array of int, optional
        Consecutive history years [year].
    variant : str, optional
        Incumbent baseline variant (``tigris.world.incumbents.VARIANTS``); history years
        are the same in all, the variants differ only after them.

    Returns
    -------
    PlanInputs
        One site that may host nothing, one capital source with nothing in it, a demand
        of :data:`DEMAND_MARGIN` times an upper bound on what the capacity can deliver.

    References
    ----------
    Module docstring; :func:`tigris.world.incumbents.existing_supply`,
    :func:`tigris.world.roadmap.bills_by_year`.

    Examples
    --------
    >>> inp = hindcast_inputs((2024,))
    >>> inp.facilities[-2:], bool(inp.allowed.any()), float(inp.capital_usd.sum())
    (('cowos', 'hbm'), False, 0.0)
    """
    return _inputs(years, variant)[0]


def _inputs(years: Any, variant: str) -> tuple[PlanInputs, list[dict[str, Any]]]:
    """:func:`hindcast_inputs` and the products it was built from."""
    from tigris.fab import fab_param
    from tigris.plan.inputs import MONTHS_PER_YEAR, PlanInputs
    from tigris.world.incumbents import existing_supply_lagged

    yrs = _years(years)
    supply = existing_supply_lagged(variant, yrs, lag_years())
    prods = _products(yrs)
    if not prods:
        msg = f"the roadmap ships no product in {yrs[0]}-{yrs[-1]}"
        raise InputError(msg, field="years")
    logic = sorted({f for f in supply if f.startswith("logic-")} | {p["family"] for p in prods})
    facilities = (*logic, "cowos", "hbm")
    kinds = tuple("logic" if f.startswith("logic-") else f for f in facilities)
    nodes = tuple(f[len("logic-") :] if f.startswith("logic-") else "" for f in facilities)
    n_p, n_k, n_t = len(prods), len(facilities), len(yrs)
    existing = np.array([supply.get(f, np.zeros(n_t)) for f in facilities], dtype=float)
    existing_yield = np.array([fab_param("line_yield", n) if n else 1.0 for n in nodes])
    use = np.zeros((n_p, n_k, n_t))
    for i, p in enumerate(prods):
        use[i, facilities.index(p["family"])] = p["bill"]["logic"]
        use[i, facilities.index("cowos")] = p["bill"]["interposer"]
        use[i, facilities.index("hbm")] = p["bill"]["hbm_wafers"]
    h100e = np.array([p["h100e"] for p in prods])
    available = np.array([p["available"] for p in prods], dtype=bool)
    # the most each product could make alone: every capacity it uses bounds it
    out_per_year = existing * existing_yield[:, None] * MONTHS_PER_YEAR  # (K, T)
    each = np.broadcast_to(out_per_year[None], use.shape)
    alone = np.divide(each, use, out=np.full(use.shape, np.inf), where=use > 0).min(axis=1)
    alone = np.where(available & np.isfinite(alone), alone, 0.0)
    bound = (alone * h100e[:, None]).sum(axis=0)
    demand = DEMAND_MARGIN * np.maximum(bound, 1.0)[None, :]
    z_k = np.zeros((1, n_k))
    inp = PlanInputs(
        years=yrs,
        sites=(_SITE,),
        facilities=facilities,
        facility_kind=kinds,
        facility_node=nodes,
        products=tuple(p["name"] for p in prods),
        classes=(_CLASS,),
        sources=(_SOURCE,),
        h100e=h100e,
        use=use,
        available=available,
        min_share=np.array([_share(p["min_share"], yrs) for p in prods]),
        max_share=np.array([_share(p["max_share"], yrs) for p in prods]),
        system_power_w=np.array([p["system_power_w"] for p in prods]),
        existing=existing,
        existing_yield=existing_yield,
        demand=demand,
        priority=np.ones(1),
        penalty_usd_per_h100e=_PENALTY_USD_PER_H100E,
        allowed=np.zeros((1, n_k), dtype=bool),
        module_capacity=np.ones((1, n_k)),
        capex_usd=z_k,
        subsidy_usd=z_k,
        spend=np.ones((1, n_k, 1)),
        output=np.ones((1, n_k, 1)),
        opex_usd_per_year=z_k,
        euv_tools=z_k,
        high_na_tools=z_k,
        power_mw=z_k,
        max_modules=np.zeros(1),
        power_limit_mw=np.full(1, np.inf),
        euv_supply=np.zeros(n_t),
        high_na_supply=np.zeros(n_t),
        capital_usd=np.zeros((1, n_t)),
        discount_rate=0.0,
        base_year=int(yrs[0]),
        notes=(
            f"hindcast: incumbents '{variant}', no new builds, demand {DEMAND_MARGIN:g}x "
            "an upper bound on what the capacity can deliver",
        ),
    )
    return inp, prods


def hindcast(years: Any = HINDCAST_YEARS, variant: str = "announced") -> pd.DataFrame:
    """Deliveries and capacity utilisation the planner gives for history years.

    Parameters
    ----------
    years : array of int, optional
        Consecutive history years (default 2023-2025) [year].
    variant : str, optional
        Incumbent baseline variant (``announced``, ``conservative``, ``aggressive``).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year``, ``delivered_h100e`` (the model's) and
        ``published_h100e`` (all vendors, ``accelerator_shipments.csv``) [H100e/year],
        ``published_source``, ``ratio`` (delivered / published) [-], ``in_sample``
        (True: the published figure is one :func:`~tigris.world.demand.calibrated_demand`
        is built on; the hindcast itself does not use it), ``utilisation_logic``,
        ``utilisation_cowos``, ``utilisation_hbm`` (capacity used / available, starts-
        weighted over logic families) and ``utilisation_logic-<family>`` per family [-];
        ``published_coverage`` and ``published_use_<kind>``: what the published
        shipments would use at the model's bills (:func:`published_use`) [-]. The
        frame's ``attrs["by_vendor"]`` holds ``year, vendor, delivered_h100e,
        published_h100e``.

    Raises
    ------
    InputError
        A year outside history, or an unknown variant.
    TigrisError
        The planner found no solution, or demand bound (a bug: it is set not to).

    References
    ----------
    Module docstring; ``docs/plan.md``, "The hindcast".
    """
    import pandas as pd

    from tigris.plan.solve import solve_inputs
    from tigris.world.demand import published_h100e

    inp, prods = _inputs(years, variant)
    res = solve_inputs(inp, name="hindcast", relax=True, explain_result=False, counterfactual=False)
    if res.status != "optimal":
        msg = f"hindcast: the planner returned '{res.status}', not an optimal plan"
        raise TigrisError(msg)
    yrs = np.asarray(inp.years, dtype=int)
    prod = res.production.groupby("year")["h100e"].sum().reindex(yrs, fill_value=0.0)
    unmet = res.demand.groupby("year")["unmet_h100e"].sum().reindex(yrs)
    if np.any(~(unmet.to_numpy() > 0)):
        msg = "hindcast: demand bound in some year; it is set to exceed what capacity allows"
        raise TigrisError(msg)
    cap = res.capacity[res.capacity["site"] == "existing"]
    rows = []
    for y in yrs:
        pub, src = published_h100e(int(y))
        delivered = float(prod[y])
        row: dict[str, Any] = {
            "year": int(y),
            "delivered_h100e": delivered,
            "published_h100e": pub,
            "published_source": src,
            "ratio": delivered / pub,
            "in_sample": True,
        }
        at = cap[cap["year"] == y]
        for kind in KINDS:
            part = at[at["facility"] == kind]
            row[f"utilisation_{kind}"] = _ratio(part["used"].sum(), part["available"].sum())
        for fam, part in at[at["facility"] == "logic"].groupby("node"):
            row[f"utilisation_logic-{fam}"] = _ratio(part["used"].sum(), part["available"].sum())
        rows.append(row)
    out = pd.DataFrame(rows)
    use = published_use(yrs, variant).set_index("year")
    out["published_coverage"] = use.loc[yrs, "coverage"].to_numpy()
    for kind in KINDS:
        out[f"published_use_{kind}"] = use.loc[yrs, kind].to_numpy()
    vendor = {p["name"]: p.get("vendor", "") for p in prods}
    out.attrs["by_vendor"] = _by_vendor(vendor, res.production, yrs)
    return out


def _by_vendor(vendor: dict[str, str], production: pd.DataFrame, years: np.ndarray) -> pd.DataFrame:
    """``year, vendor, delivered_h100e, published_h100e``: the model's compute by the
    vendor of each roadmap product against the in-sample shipments by vendor."""
    from tigris.world.demand import shipments_h100e

    made = production.assign(
        year=production["year"].astype(int),
        vendor=production["product"].map(vendor).fillna(""),
    )
    made = made.groupby(["year", "vendor"], as_index=False)["h100e"].sum()
    pub = shipments_h100e(years).astype({"year": int})
    pub = pub.groupby(["year", "vendor"], as_index=False)["h100e"].sum()
    both = made.merge(pub, on=["year", "vendor"], how="outer", suffixes=("_d", "_p"))
    both = both.fillna({"h100e_d": 0.0, "h100e_p": 0.0})
    both = both.rename(columns={"h100e_d": "delivered_h100e", "h100e_p": "published_h100e"})
    return both.sort_values(["year", "vendor"], ignore_index=True)


def published_use(
    years: Any = HINDCAST_YEARS, variant: str = "announced", *, stand_ins: bool = True
) -> pd.DataFrame:
    """What the published shipments would use of each capacity at the model's bills.

    No optimisation: each in-sample shipment row is costed with
    :func:`tigris.world.roadmap.bills_by_year` for its accelerator in that year,
    ``needed_k = sum_rows units x use_k``, against the same capacity the hindcast has
    (``existing x line yield x 12``). A share well below 1 where the industry reported
    "sold out" says the capacity table and the bills disagree with the shipments
    before any planner is involved.

    Rows with a stated equivalent (``h100e_scale`` not 1: H20, Trainium1, MI300A, ...)
    name a stand-in catalog part. Their H100e is small, but their wafers are not: H20
    is H100's die in H100's CoWoS-S package, so 0.96M H20 in 2024 take ~12 % of the
    year's CoWoS while counting for 3 % of its H100e. With ``stand_ins`` (the default)
    they are costed at their stand-in's bill, an approximation for the parts that
    differ from it (Trainium1 carries 2 HBM2e stacks, MI300A 8 HBM3 stacks, against
    H100's 5); without, they are left out, as rows with no bill always are.

    Parameters
    ----------
    years : array of int, optional
        Consecutive history years [year].
    variant : str, optional
        Incumbent baseline variant.
    stand_ins : bool, optional
        Cost rows with a stated equivalent at their stand-in's bill (True) or leave
        them out (False).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``coverage`` (share of the published H100e costed: rows with
        no bill, and with ``stand_ins=False`` rows with a stated equivalent, are left
        out) [-] and ``logic``, ``cowos``,
        ``hbm`` (wafers needed / finished wafers available; logic summed over the
        families the costed products use) [-].

    References
    ----------
    ``data/accelerator_shipments.csv``; :func:`tigris.world.roadmap.bills_by_year`;
    :func:`tigris.world.incumbents.existing_supply`.
    """
    import pandas as pd

    from tigris.catalog import get_accelerator
    from tigris.scenario.checks import facility_id
    from tigris.units import MONTHS_PER_YEAR
    from tigris.world.demand import shipments_h100e
    from tigris.world.roadmap import bills_by_year

    inp = hindcast_inputs(years, variant)
    yrs = np.asarray(inp.years, dtype=int)
    cap = inp.existing_output * MONTHS_PER_YEAR  # finished wafers per year (K, T)
    fac = list(inp.facilities)
    logic = [k for k, f in enumerate(fac) if f.startswith("logic-")]
    rows = []
    for t, year in enumerate(yrs):
        df = shipments_h100e(int(year))
        need = np.zeros(len(fac))
        costed = 0.0
        rows_costed = df if stand_ins else df[df["h100e_scale"] == 1]
        for r in rows_costed.to_dict("records"):
            family = facility_id("logic", get_accelerator(r["accelerator"]).node)
            if family not in fac:
                continue
            try:
                bill = bills_by_year(r["accelerator"], [int(year)])
            except InputError:  # the catalog lacks what a bill needs (die area, ...)
                continue
            need[fac.index(family)] += r["units"] * float(bill["logic"][0])
            need[fac.index("cowos")] += r["units"] * float(bill["interposer"][0])
            need[fac.index("hbm")] += r["units"] * float(bill["hbm_wafers"][0])
            costed += float(r["h100e"])
        row: dict[str, Any] = {"year": int(year), "coverage": costed / float(df["h100e"].sum())}
        row["logic"] = _ratio(need[logic].sum(), cap[logic, t].sum())
        for k in (fac.index("cowos"), fac.index("hbm"), *logic):
            row[fac[k]] = _ratio(need[k], cap[k, t])
        rows.append(row)
    return pd.DataFrame(rows)


def _ratio(used: float, available: float) -> float:
    return float(used) / float(available) if available > 0 else float("nan")


def hindcast_to_dict(df: pd.DataFrame, variant: str = "announced") -> dict[str, Any]:
    """The hindcast frame as ``tigris hindcast --json`` prints it.

    Returns
    -------
    dict
        ``{"variant", "method", "years": [{"year", "delivered_h100e", "published_h100e",
        "source", "ratio", "in_sample", "utilisation": {"logic", "cowos", "hbm",
        "logic-<family>"...}, "published_at_model_bills": {"coverage", "logic", "cowos",
        "hbm"}, "by_vendor": {vendor: {"delivered_h100e", "published_h100e"}}}]}``.
    """
    vendors: dict[int, list[dict[str, Any]]] = {}
    by_vendor = df.attrs.get("by_vendor")
    for v in [] if by_vendor is None else by_vendor.to_dict("records"):
        vendors.setdefault(int(v["year"]), []).append(v)
    years = []
    for rec in df.to_dict("records"):
        util = {k[len("utilisation_") :]: v for k, v in rec.items() if k.startswith("utilisation_")}
        years.append(
            {
                "year": int(rec["year"]),
                "delivered_h100e": rec["delivered_h100e"],
                "published_h100e": rec["published_h100e"],
                "source": rec["published_source"],
                "ratio": rec["ratio"],
                "in_sample": bool(rec["in_sample"]),
                "utilisation": util,
                "published_at_model_bills": {
                    "coverage": rec.get("published_coverage"),
                    **{k: rec.get(f"published_use_{k}") for k in KINDS},
                },
                "by_vendor": {
                    str(v["vendor"]): {
                        "delivered_h100e": v["delivered_h100e"],
                        "published_h100e": v["published_h100e"],
                    }
                    for v in vendors.get(int(rec["year"]), [])
                },
            }
        )
    return {
        "variant": variant,
        "method": (
            f"the planner on incumbent capacity and the products of each year ({MIX} mix: "
            "published = each product pinned to its published share of the year's H100e), "
            "capacity of the twelve months ending a lag before the year's end (months from "
            f"use to sale: {_lag_text()}), "
            f"no new builds, demand {DEMAND_MARGIN:g}x an upper bound on what capacity "
            "can deliver (never binding): delivered compute and utilisation are the "
            "model's; published figures are in-sample for demand calibration, unused here"
        ),
        "years": years,
    }

"""Cross-field checks of scenario documents, and the name tables they use.

Split from :mod:`tigris.scenario` (which re-exports :func:`facility_id` and
:func:`resolve_site`): pydantic checks one field at a time; these functions look at the
raw document as a whole (duplicate names, years outside the horizon, unknown sites,
products and nodes, mix shares, products no facility can make, keys given twice) and
return ``(location, message)`` pairs that :func:`tigris.scenario.scenario_from_dict`
turns into ``file:line: field.path: message`` problems.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from tigris.errors import Problem
from tigris.errors import did_you_mean as _did_you_mean

__all__ = ["duplicate_keys", "facility_id", "resolve_site", "semantic_problems"]


# --- name tables used by the checks -----------------------------------------------


@cache
def _site_table() -> dict[str, str]:
    """Site name or alias -> canonical name, from ``data/sites.csv``."""
    from tigris.data import list_tables, load_table

    if "sites" not in list_tables():
        return {}
    out: dict[str, str] = {}
    for row in load_table("sites").to_dict("records"):
        name = str(row["site"]).strip().lower()
        out[name] = name
        aliases = row.get("aliases")
        if isinstance(aliases, str):
            for a in aliases.split("|"):
                if a.strip():
                    out[a.strip().lower()] = name
    return out


def resolve_site(name: str) -> str | None:
    """Canonical site name for ``name`` (or an alias), or ``None`` if unknown."""
    return _site_table().get(name.strip().lower())


def _accelerator_names() -> set[str]:
    from tigris.catalog import load_catalog

    names: set[str] = set()
    for acc in load_catalog().values():
        names.add(acc.name)
        names.update(acc.aliases)
    return names


def _node_names() -> dict[str, str]:
    from tigris.nodes import get_node, list_nodes

    return {n.upper(): get_node(n).family for n in list_nodes()}


def facility_id(kind: str, node: str | None) -> str:
    """Facility type name: ``logic-<node family>``, ``cowos`` or ``hbm``.

    Parameters
    ----------
    kind : str
        ``logic``, ``cowos`` or ``hbm``.
    node : str or None
        Process node of a logic facility (any node of the family).

    Examples
    --------
    >>> facility_id("logic", "n4"), facility_id("cowos", None)
    ('logic-N5', 'cowos')
    """
    if kind != "logic":
        return kind
    family = _node_names().get((node or "").upper(), (node or "").upper())
    return f"logic-{family}"


# --- semantic checks on the raw document ------------------------------------------


def did_you_mean(name: str, choices: list[str]) -> str:
    """:func:`tigris.errors.did_you_mean`, suggesting the choice as it is spelt
    (``'logic-N5'``, not ``'logic-n5'``, which would not match)."""
    hint = _did_you_mean(name, choices)
    by_lower = {c.lower(): c for c in choices}
    for low, orig in by_lower.items():
        if hint == f" (did you mean '{low}'?)":
            return f" (did you mean '{orig}'?)"
    return hint


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def semantic_problems(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Cross-field checks pydantic cannot do field by field (all collected)."""
    from tigris.scenario import series  # tigris.scenario imports this module

    out: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(data, dict):
        return out
    horizon = data.get("horizon")
    first = last = None
    if isinstance(horizon, dict):
        first, last = horizon.get("first_year"), horizon.get("last_year")
        if isinstance(first, int) and isinstance(last, int) and first > last:
            out.append((("horizon", "last_year"), f"must be >= first_year ({first})"))
    in_horizon = isinstance(first, int) and isinstance(last, int) and first <= last
    span = f"{first}–{last}"

    def check_years(loc: tuple[Any, ...], year_map: Any) -> None:
        """Year-map keys must be planning years (a value outside them would be ignored
        or silently reshape the interpolation)."""
        if not in_horizon or not isinstance(year_map, dict):
            return
        for key in year_map:
            # JSON (and quoted YAML) keys are text; the schema reads "2040" as 2040 too
            year = int(key) if isinstance(key, str) and key.strip().isdigit() else key
            if isinstance(year, int) and not first <= year <= last:
                msg = f"year {year} is outside the horizon {span}; give values for planning years"
                out.append(((*loc, str(key)), msg))  # YAML line index keys are text

    accs = _accelerator_names()
    nodes = _node_names()
    node_list = sorted(nodes)

    def check_node(loc: tuple[Any, ...], node: Any) -> None:
        if isinstance(node, str) and node.upper() not in nodes:
            out.append((loc, f"unknown node '{node}'{did_you_mean(node, node_list)}"))

    def check_acc(loc: tuple[Any, ...], name: Any) -> None:
        if isinstance(name, str) and name.lower() not in accs:
            out.append((loc, f"unknown accelerator '{name}'{did_you_mean(name, sorted(accs))}"))

    seen: dict[str, int] = {}
    for i, d in _items(data, "demand"):
        name = d.get("name")
        if isinstance(name, str):
            if name in seen:
                out.append((("demand", i, "name"), f"duplicate demand class '{name}'"))
            seen[name] = i
        given = [k for k in ("h100e_by_year", "accelerators_by_year") if d.get(k) is not None]
        has_work = d.get("workloads") is not None
        if len(given) > 1 or (not given and not has_work):
            msg = "give exactly one of h100e_by_year or accelerators_by_year, and/or workloads"
            out.append((("demand", i), msg))
        if not given and has_work and d.get("growth_per_year") is not None:
            msg = (
                "growth_per_year extends h100e_by_year or accelerators_by_year; "
                "give it on each workload instead"
            )
            out.append((("demand", i, "growth_per_year"), msg))
        if in_horizon:
            out.extend(_workload_problems(d, i, check_years, np.arange(first, last + 1)))
        check_years(("demand", i, "h100e_by_year"), d.get("h100e_by_year"))
        check_years(("demand", i, "accelerators_by_year"), d.get("accelerators_by_year"))
        by_acc = d.get("accelerators_by_year")
        if isinstance(by_acc, dict):
            for year, units in by_acc.items():
                if isinstance(units, dict):
                    for acc in units:
                        check_acc(("demand", i, "accelerators_by_year", year, acc), acc)

    plan_years = np.arange(first, last + 1) if in_horizon else np.zeros(0, dtype=int)
    min_total = np.zeros(len(plan_years))
    seen = {}
    for i, p in _items(data, "products"):
        name = p.get("name")
        if isinstance(name, str):
            if name in seen:
                out.append((("products", i, "name"), f"duplicate product '{name}'"))
            seen[name] = i
        acc = p.get("accelerator", name)
        overrides = all(
            p.get(k) is not None
            for k in ("h100e", "logic_wafers_per_unit", "interposer_wafers_per_unit")
        )
        if not overrides:
            check_acc(("products", i, "accelerator" if "accelerator" in p else "name"), acc)
        check_node(("products", i, "node"), p.get("node"))
        lo, hi = p.get("min_share", 0.0), p.get("max_share", 1.0)
        for key, v in (("min_share", lo), ("max_share", hi)):
            vals = v.values() if isinstance(v, dict) else [v]
            for x in vals:
                if isinstance(x, int | float) and not 0 <= x <= 1:
                    out.append((("products", i, key), f"shares must be within [0, 1], got {x}"))
        for key in ("min_share", "max_share"):
            check_years(("products", i, key), p.get(key))
        fy, ly = p.get("first_year"), p.get("last_year")
        if isinstance(fy, int) and isinstance(ly, int) and fy > ly:
            out.append((("products", i, "last_year"), f"must be >= first_year ({fy})"))
        elif in_horizon and isinstance(fy, int) and fy > last:
            msg = f"{fy} is after the horizon {span}: the product could never be made"
            out.append((("products", i, "first_year"), msg))
        elif in_horizon and isinstance(ly, int) and ly < first:
            msg = f"{ly} is before the horizon {span}: the product could never be made"
            out.append((("products", i, "last_year"), msg))
        lo, hi = _year_keys(lo), _year_keys(hi)
        if in_horizon and _valid_shares(lo) and _valid_shares(hi):
            # a product's mix bounds apply in the years it is made (plan.model.add_mix)
            lo_t, hi_t = series(lo, plan_years), series(hi, plan_years)
            made = (plan_years >= (fy if isinstance(fy, int) else first)) & (
                plan_years <= (ly if isinstance(ly, int) else last)
            )
            bad = plan_years[made & (lo_t > hi_t + _SHARE_TOL)]
            if len(bad):
                msg = (
                    f"min_share is above max_share in {int(bad[0])}: no production could meet "
                    "both, so the plan would make nothing that year"
                )
                out.append((("products", i, "min_share"), msg))
            min_total += np.where(made, lo_t, 0.0)
    over = plan_years[min_total > 1 + _SHARE_TOL] if in_horizon else []
    if len(over):
        year = int(over[0])
        total = float(min_total[plan_years == year][0])
        msg = (
            f"min_share values of the products made in {year} add up to {total:g}, more "
            "than all compute delivered: the plan would make nothing that year"
        )
        out.append((("products",), msg))

    supply = data.get("supply")
    fams: dict[str, str] = {}
    if isinstance(supply, dict):
        for key in ("cowos_wspm", "hbm_stacks_per_month"):
            check_years(("supply", key), supply.get(key))
    if isinstance(supply, dict) and isinstance(supply.get("logic_wspm"), dict):
        for node in supply["logic_wspm"]:
            check_years(("supply", "logic_wspm", node), supply["logic_wspm"][node])
            check_node(("supply", "logic_wspm", node), node)
            fam = nodes.get(str(node).upper())
            if fam is not None and fam in fams:
                msg = f"'{node}' and '{fams[fam]}' are the same node family {fam}; give one"
                out.append((("supply", "logic_wspm", node), msg))
            if fam is not None:
                fams[fam] = str(node)

    fac_ids: list[str] = []
    for i, f in _items(data, "facilities"):
        kind, node = f.get("kind"), f.get("node")
        if kind == "logic":
            if node is None:
                out.append((("facilities", i, "node"), "a logic facility needs a node"))
            check_node(("facilities", i, "node"), node)
        elif node is not None and kind in ("cowos", "hbm"):
            out.append((("facilities", i, "node"), f"a {kind} facility has no node"))
        if isinstance(kind, str) and (kind != "logic" or isinstance(node, str)):
            fid = facility_id(kind, node)
            if fid in fac_ids:
                out.append((("facilities", i), f"facility type {fid} is given twice"))
            fac_ids.append(fid)
        for key in ("spend_profile", "output_profile"):
            prof = f.get(key)
            if isinstance(prof, list) and prof and all(isinstance(x, int | float) for x in prof):
                if any(x < 0 or x > 1 for x in prof):
                    out.append((("facilities", i, key), "values must be within [0, 1]"))
                if key == "spend_profile" and abs(sum(prof) - 1) > 1e-6:
                    out.append((("facilities", i, key), f"must sum to 1, sums to {sum(prof):g}"))

    sites = _site_table()
    seen = {}
    for i, s in _items(data, "sites"):
        name = s.get("name")
        if isinstance(name, str):
            canon = sites.get(name.strip().lower())
            if sites and canon is None:
                hint = did_you_mean(name, sorted(set(sites.values())))
                known = ", ".join(sorted(set(sites.values())))
                out.append((("sites", i, "name"), f"unknown site '{name}'{hint}; known: {known}"))
            key = canon or name
            if key in seen:
                out.append((("sites", i, "name"), f"site '{name}' is listed twice"))
            seen[key] = i
        allowed = s.get("facilities")
        if isinstance(allowed, list):
            for j, fid in enumerate(allowed):
                if isinstance(fid, str) and fid not in fac_ids:
                    hint = did_you_mean(fid, fac_ids)
                    msg = f"unknown facility type '{fid}'{hint}; known: {', '.join(fac_ids)}"
                    out.append((("sites", i, "facilities", j), msg))
        sizes = s.get("module_capacity")
        if isinstance(sizes, dict):
            for fid, size in sizes.items():
                if fid not in fac_ids:
                    hint = did_you_mean(str(fid), fac_ids)
                    msg = f"unknown facility type '{fid}'{hint}; known: {', '.join(fac_ids)}"
                    out.append((("sites", i, "module_capacity", fid), msg))
                elif isinstance(size, int | float) and size <= 0:
                    out.append((("sites", i, "module_capacity", fid), "must be > 0"))
        lo, hi = s.get("min_modules", 0), s.get("max_modules")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            out.append((("sites", i, "min_modules"), f"must be <= max_modules ({hi})"))

    tools = data.get("tools")
    if isinstance(tools, dict):
        for key in ("euv_per_year", "high_na_per_year"):
            check_years(("tools", key), tools.get(key))

    seen = {}
    for i, c in _items(data, "capital"):
        name = c.get("name")
        if isinstance(name, str):
            if name in seen:
                out.append((("capital", i, "name"), f"duplicate capital source '{name}'"))
            seen[name] = i
        fy, ly = c.get("first_year"), c.get("last_year")
        if isinstance(fy, int) and isinstance(ly, int) and fy > ly:
            out.append((("capital", i, "last_year"), f"must be >= first_year ({fy})"))
        elif in_horizon and isinstance(ly, int) and ly > last:
            # money released before the horizon is available from its first year, but
            # money released after it could never be spent
            msg = (
                f"{ly} is after the horizon {span}: money released after {last} could "
                "never be spent; end the source by then or extend the horizon"
            )
            out.append((("capital", i, "last_year"), msg))

    out.extend(_unmakeable_products(data, fams, fac_ids, nodes))
    return out


def _workload_problems(
    d: dict[str, Any], i: int, check_years: Any, years: np.ndarray
) -> list[tuple[tuple[Any, ...], str]]:
    """Problems of ``demand[i].workloads``: the entry's shape, then the workload layer's
    own checks (unknown model or accelerator, two of count/days/mfu...), run on each
    entry the schema accepts so that they are reported with the schema's problems."""
    from pydantic import ValidationError

    from tigris.errors import InputError
    from tigris.scenario import Workload, workload_fleet_h100e

    out: list[tuple[tuple[Any, ...], str]] = []
    for j, w in _items(d, "workloads"):
        loc = ("demand", i, "workloads", j)
        kinds = [k for k in ("train", "infer") if w.get(k) is not None]
        if len(kinds) != 1:
            out.append((loc, "give exactly one of train or infer"))
            continue
        loads = [k for k in ("tokens_per_day", "tokens_per_day_by_year") if w.get(k) is not None]
        if kinds == ["train"]:
            if w.get("runs_by_year") is None:
                out.append((loc, "a training workload needs runs_by_year (runs per year)"))
            for k in loads:
                out.append(((*loc, k), "a training workload has runs_by_year, not a token load"))
        else:
            if len(loads) != 1:
                msg = "an inference workload needs one of tokens_per_day or tokens_per_day_by_year"
                out.append((loc, msg))
            if w.get("runs_by_year") is not None:
                msg = "an inference workload has a token load, not runs_by_year"
                out.append(((*loc, "runs_by_year"), msg))
        check_years((*loc, "runs_by_year"), w.get("runs_by_year"))
        check_years((*loc, "tokens_per_day_by_year"), w.get("tokens_per_day_by_year"))
        if any(p[0][: len(loc)] == loc for p in out):
            continue
        try:
            work = Workload.model_validate(w)
        except ValidationError:
            continue  # reported by the schema
        try:
            workload_fleet_h100e(work, years)
        except InputError as exc:
            for p in exc.problems:
                path = tuple(x for x in p.field.split(".") if x)
                if path and path[-1] not in _dig(w, path[:-1]):
                    path = path[:-1]  # an input not given: the entry (or its part) is at fault
                out.append(((*loc, *path), p.message))
    return out


def _dig(data: Any, path: tuple[str, ...]) -> dict[str, Any]:
    """The mapping at ``path`` inside ``data`` (empty if there is none)."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


#: Tolerance when comparing mix shares [-].
_SHARE_TOL = 1e-9


def _year_keys(v: Any) -> Any:
    """A year map with text keys (JSON, quoted YAML) read as the schema reads it."""
    if not isinstance(v, dict):
        return v
    return {int(k) if isinstance(k, str) and k.strip().isdigit() else k: x for k, x in v.items()}


def _valid_shares(v: Any) -> bool:
    """A share or a year map of shares, every value a number within [0, 1]."""
    vals = list(v.values()) if isinstance(v, dict) else [v]
    ok = all(isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x <= 1 for x in vals)
    keys_ok = not isinstance(v, dict) or (bool(v) and all(isinstance(k, int) for k in v))
    return ok and keys_ok


def _product_node(p: dict[str, Any]) -> str | None:
    """The process node a product is made on: its ``node``, else its catalog entry's."""
    node = p.get("node")
    if isinstance(node, str):
        return node
    acc = p.get("accelerator", p.get("name"))
    if not isinstance(acc, str):
        return None
    from tigris.catalog import load_catalog

    for entry in load_catalog().values():
        if acc.lower() == entry.name or acc.lower() in entry.aliases:
            return entry.node
    return None


def _unmakeable_products(
    data: dict[str, Any], fams: dict[str, str], fac_ids: list[str], nodes: dict[str, str]
) -> list[tuple[tuple[Any, ...], str]]:
    """Products whose logic node family has neither existing supply nor a facility."""
    out: list[tuple[tuple[Any, ...], str]] = []
    have = {f"logic-{fam}" for fam in fams} | set(fac_ids)
    for i, p in _items(data, "products"):
        node = _product_node(p)
        if node is None or node.upper() not in nodes:
            continue  # unknown or missing nodes are reported elsewhere
        fid = facility_id("logic", node)
        if fid not in have:
            field = "node" if "node" in p else "name"
            msg = (
                f"no facility can make this product: it needs {fid} wafers ({node}) but "
                f"neither supply.logic_wspm nor facilities has that node family"
            )
            out.append((("products", i, field), msg))
    return out


def duplicate_keys(text: str, file: str) -> list[Problem]:
    """Keys given twice in one mapping (YAML keeps the last one silently)."""
    import yaml

    out: list[Problem] = []

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    field = ".".join((*path, key))
                    msg = f"given twice (first on line {seen[key]}); YAML would keep the last"
                    out.append(Problem(field, msg, file=file, line=line))
                else:
                    seen[key] = line
                walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, str(i)))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return out

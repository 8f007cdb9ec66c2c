"""Cross-field checks of ``fleet_lifetime_years`` given by class and product.

Part of :mod:`tigris.scenario.checks` (which runs it with the others, on the typed
:class:`~tigris.scenario.checks.Parts`): the schema checks each life (an integer in
range) and the word ``table``; here the *names* are checked, each against what the
scenario and the data know, with the closest name suggested:

- a ``by_class`` key is an accelerator class: a vendor of ``data/fleet_lifetimes.csv``
  (``other`` included) or of the catalog (case does not matter, ``google`` is
  ``Google``);
- a ``by_product`` key is a product of the scenario (of the roadmap's for the horizon
  with ``products: roadmap``).

docs/energy.md, "Service life by class"; docs/scenario-files.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from tigris.errors import TigrisError, did_you_mean
from tigris.scenario.schema import FleetLifetime, FleetLifetimes

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["check_fleet_lifetimes", "known_classes", "typed_lifetime"]

_FIELD = "fleet_lifetime_years"
_LIFETIME: TypeAdapter[Any] = TypeAdapter(FleetLifetime)


def typed_lifetime(value: Any) -> Any:
    """``value`` as the schema types ``fleet_lifetime_years``, ``None`` if it refuses it.

    Parameters
    ----------
    value : Any
        The raw ``fleet_lifetime_years`` value of the document.

    Returns
    -------
    int, str, FleetLifetimes or None
        A life [years], ``"table"`` or a :class:`FleetLifetimes`; None when refused.
    """
    try:
        return _LIFETIME.validate_python(value, strict=True)
    except ValidationError:
        return None


def known_classes() -> tuple[str, ...]:
    """Accelerator classes a life may be given for: the vendors of
    ``data/fleet_lifetimes.csv`` (``other`` included), then the catalog's others.

    Returns
    -------
    tuple of str
        The class names as spelt, without duplicates up to case.
    """
    from tigris.catalog import load_catalog
    from tigris.energy.fleet import class_lifetimes

    names = list(class_lifetimes())
    lower = {n.lower() for n in names}
    for acc in load_catalog().values():
        vendor = str(acc.vendor)
        if vendor and vendor.lower() not in lower:
            names.append(vendor)
            lower.add(vendor.lower())
    return tuple(names)


def _product_names(parts: Parts) -> tuple[str, ...] | None:
    """The scenario's product names, the roadmap's for ``products: roadmap``, or None
    when they are not all known (a product the schema refused, no horizon)."""
    if not parts.roadmap:
        if "products" not in parts.complete:
            return None
        return tuple(p.name for _, p in parts.products)
    h = parts.horizon
    if h is None or h.first_year > h.last_year:
        return None
    from tigris.world.roadmap import roadmap_products

    try:
        return tuple(str(r["name"]) for r in roadmap_products(h.first_year, h.last_year))
    except TigrisError:  # the roadmap's own problem is reported where it is assembled
        return None


def check_fleet_lifetimes(parts: Parts) -> Found:
    """A ``by_class`` key names a known class, once up to case (user test s47 #4:
    ``{google: 6, Google: 4}`` was accepted and the last won silently); a
    ``by_product`` key a product.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per ``by_class`` key unknown or repeated up to case, and
        per ``by_product`` key naming no product; empty unless the value is a mapping.
    """
    spec = getattr(parts, "fleet_lifetime", None)
    if not isinstance(spec, FleetLifetimes):
        return []
    out: Found = []
    if spec.by_class:
        classes = known_classes()
        lower = {c.lower() for c in classes}
        folded: dict[str, str] = {}
        for name in spec.by_class:
            first = folded.setdefault(name.casefold(), name)
            if first != name:  # classes are matched without case: the last would win
                msg = (
                    f"accelerator class '{name}' differs from '{first}' only in case; "
                    "classes are matched without case, so the two are one class: give it once"
                )
                out.append(((_FIELD, "by_class", name), msg))
            elif name.lower() not in lower:
                hint = did_you_mean(name, list(classes))
                msg = (
                    f"unknown accelerator class '{name}'{hint}; expected a vendor of "
                    f"data/fleet_lifetimes.csv or the catalog: {', '.join(classes)}"
                )
                out.append(((_FIELD, "by_class", name), msg))
    if spec.by_product:
        products = _product_names(parts)
        for name in spec.by_product:
            if products is not None and name not in products:
                hint = did_you_mean(name, list(products))
                where = "the roadmap's products" if parts.roadmap else "the scenario's products"
                msg = f"unknown product '{name}'{hint}; expected one of {where}"
                out.append(((_FIELD, "by_product", name), msg))
    return out

"""Lazy re-exports for a package's ``__init__`` (PEP 562 module ``__getattr__``).

A package lists its public names and the submodule defining each; the submodule is
imported only when a name is first asked for, so importing the package costs nothing
(the CLI's start-up is tested: ``tests/test_import_speed.py``). Imports only
:mod:`importlib`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: Mapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package that re-exports names lazily.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to str
        Public name -> submodule (relative to ``package``) defining it.
    namespace : mapping of str to object
        The package's ``globals()`` (listed by ``__dir__`` with the exports).

    Returns
    -------
    tuple of callable
        ``(__getattr__, __dir__)``, to assign at the package's top level.

    References
    ----------
    PEP 562, "Module __getattr__ and __dir__".

    Examples
    --------
    >>> get, names = lazy_exports("tigris", {"get_node": "nodes"}, {})
    >>> get("get_node").__name__, names()
    ('get_node', ['get_node'])
    """

    def get_attr(name: str) -> Any:
        """Import the submodule defining ``name`` on first use."""
        module = exports.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def dir_names() -> list[str]:
        return sorted([*namespace, *exports])

    return get_attr, dir_names

"""Lazy re-exports for a package's ``__init__`` (PEP 562 module ``__getattr__``).

A package lists its public names and the submodule defining each; the submodule is
imported only when a name is first asked for, so importing the package costs nothing
(the CLI's start-up is tested: ``tests/test_import_speed.py``). Imports only
:mod:`importlib`, :mod:`sys` and :mod:`types`.

:func:`callable_module` makes a package callable (``tigris.plan(sc)``,
``tigris.risk(sc)``): the package stays a module, and calling it calls one function
of a submodule, imported on the first call.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["callable_module", "lazy_exports"]


def _doc(self: types.ModuleType, func: Callable[..., Any]) -> str:
    """A callable module's docstring: the call's signature and docstring first (what
    ``help(tigris.plan)`` and ``tigris.plan?`` are asked for), then the package's."""
    import inspect

    head = f"{self.__name__}{inspect.signature(func)}"
    own = self.__dict__.get("__doc__") or ""
    return f"{head}\n\n{inspect.getdoc(func) or ''}\n\nThe package\n-----------\n{own}"


def callable_module(name: str, target: str) -> None:
    """Make the module ``name`` callable: ``module(...)`` calls ``target(...)``.

    The module's class is swapped for a subclass of :class:`types.ModuleType` with a
    ``__call__`` (the module object, its attributes and submodules are unchanged), so
    ``tigris.plan(sc)`` and ``tigris.plan.solve(sc)`` both work, in any import order.
    The module also passes for its function where a notebook, a process pool or Dask
    looks: ``inspect.signature`` gives the target's signature, ``__doc__`` (``help``,
    ``tigris.plan?``) starts with the target's signature and docstring, and it pickles
    by reference (unpickling imports the module by name), so ``client.submit(tigris.plan,
    sc)`` and ``ProcessPoolExecutor.submit(tigris.plan, sc)`` work (UT-API #2).

    Parameters
    ----------
    name : str
        The module's ``__name__`` (it must be in :data:`sys.modules`).
    target : str
        ``"package.module:function"``; the module is imported on the first call (or
        when the signature or docstring is first asked for).

    References
    ----------
    Python language reference, "Customizing module attribute access" (3.3.2.1):
    a module's ``__class__`` may be set to a subclass of ``types.ModuleType``.
    Python library reference, :mod:`pickle`, "Pickling Class Instances"
    (``__reduce__``); :func:`inspect.signature` (an object's ``__signature__``).

    Examples
    --------
    >>> import pickle
    >>> import tigris.plan
    >>> callable(tigris.plan)
    True
    >>> pickle.loads(pickle.dumps(tigris.plan)) is tigris.plan
    True
    """
    module_name, _, func_name = target.partition(":")

    def func() -> Callable[..., Any]:
        return getattr(importlib.import_module(module_name), func_name)

    def call(self: types.ModuleType, *args: Any, **kwargs: Any) -> Any:
        return func()(*args, **kwargs)

    def reduce(self: types.ModuleType) -> tuple[Callable[[str], Any], tuple[str]]:
        """Pickle by reference: the module is imported by name where it is loaded."""
        return importlib.import_module, (self.__name__,)

    def signature(self: types.ModuleType) -> Any:
        import inspect

        return inspect.signature(func())

    def get_doc(self: types.ModuleType) -> str:
        return _doc(self, func())

    def set_doc(self: types.ModuleType, value: str | None) -> None:
        self.__dict__["__doc__"] = value

    call.__doc__ = f"Call :func:`{module_name}.{func_name}` (see its docstring)."
    members = {
        "__call__": call,
        "__reduce__": reduce,
        "__signature__": property(signature),
        "__doc__": property(get_doc, set_doc),
    }
    cls = type("CallableModule", (types.ModuleType,), members)
    sys.modules[name].__class__ = cls


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

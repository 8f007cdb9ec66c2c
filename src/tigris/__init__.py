"""tigris: plan the chips, fabs, money and power behind AI compute.

The chain (see ``README.md``, "What it is for"): workload -> accelerator catalog -> silicon -> fab
-> plan -> finance/energy. Each layer is a module of pure, vectorised functions.

In a notebook (``docs/api.md``): ``tigris.load_scenario(path_or_text)``,
``sc.set(path, value)``, ``tigris.plan(sc)``, ``tigris.sweep(sc, {path: values})``,
``tigris.compare(a, b)`` and ``tigris.risk(sc)`` (docs/risk.md), and the workload
layer's ``tigris.train(...)`` and ``tigris.infer(...)`` (``tigris.workload``); each is
imported on first use, so ``import tigris`` stays cheap (``tests/test_import_speed.py``).
So are the submodules the documentation names as ``tigris.X`` (:data:`SUBMODULES`:
``tigris.overlay``, ``tigris.provenance``, ``tigris.report``, ``tigris.runs``, ...).
"""

import importlib
from typing import Any

from tigris._lazy import lazy_exports

__all__ = [
    "Accelerator",
    "InputError",
    "TigrisError",
    "compare",
    "get_accelerator",
    "infer",
    "load_catalog",
    "load_scenario",
    "plan",
    "risk",
    "sweep",
    "train",
]
__version__ = "0.1.0"

#: The lazy names and the submodule defining each. The catalog and the errors are
#: lazy too: they import numpy (~0.3 s), and the console script imports this package
#: before its Ctrl-C guard (:func:`tigris._entry.entry`), so a Ctrl-C in a command's
#: first tenths of a second was a ``KeyboardInterrupt`` traceback, exit status -2.
_EXPORTS = {
    "Accelerator": "catalog",
    "get_accelerator": "catalog",
    "load_catalog": "catalog",
    "InputError": "errors",
    "TigrisError": "errors",
    "sweep": "runs.sweep",
    "compare": "runs.compare",
    "train": "workload",
    "infer": "workload",
}
_get, _names = lazy_exports(__name__, _EXPORTS, globals())


#: Submodules reachable as attributes of ``tigris`` without importing them first
#: (``tigris.overlay.data_overlay(...)``, ``tigris.provenance.scenario_inputs_hash``,
#: ``tigris.runs.store.stored_tables()``, as docs/api.md writes them), each imported on
#: first access (user test s48 API #2: an AttributeError until something imported it).
SUBMODULES = (
    "catalog",
    "data",
    "energy",
    "errors",
    "fab",
    "finance",
    "nodes",
    "overlay",
    "plan",
    "provenance",
    "report",
    "risk",
    "runs",
    "scenario",
    "silicon",
    "units",
    "validation",
    "viz",
    "workload",
    "world",
)


def __getattr__(name: str) -> Any:
    """``tigris.plan`` and ``tigris.risk`` (callable packages), the other
    :data:`SUBMODULES` and the lazy names, on first use."""
    if name in SUBMODULES:
        return importlib.import_module(f"tigris.{name}")
    if name == "load_scenario":  # the scenario layer only: no planner, no pandas
        return importlib.import_module("tigris.scenario.edit").load_any
    return _get(name)


def __dir__() -> list[str]:
    return sorted({*_names(), *SUBMODULES, "load_scenario"})

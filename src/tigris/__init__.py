"""tigris: plan the chips, fabs, money and power behind AI compute.

The chain (see ``README.md``, "What it is for"): workload -> accelerator catalog -> silicon -> fab
-> plan -> finance/energy. Each layer is a module of pure, vectorised functions.

In a notebook (``docs/api.md``): ``tigris.load_scenario(path_or_text)``,
``sc.set(path, value)``, ``tigris.plan(sc)``, ``tigris.sweep(sc, {path: values})``,
``tigris.compare(a, b)`` and ``tigris.risk(sc)`` (docs/risk.md), and the workload
layer's ``tigris.train(...)`` and ``tigris.infer(...)`` (``tigris.workload``); each is
imported on first use, so ``import tigris`` stays cheap (``tests/test_import_speed.py``).
"""

import importlib
from typing import Any

from tigris._lazy import lazy_exports
from tigris.catalog import Accelerator, get_accelerator, load_catalog
from tigris.errors import InputError, TigrisError

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

_get, _names = lazy_exports(
    __name__,
    {"sweep": "runs.sweep", "compare": "runs.compare", "train": "workload", "infer": "workload"},
    globals(),
)


def __getattr__(name: str) -> Any:
    """``tigris.plan`` and ``tigris.risk`` (callable packages) and the lazy names, on
    first use."""
    if name in ("plan", "risk"):
        return importlib.import_module(f"tigris.{name}")
    if name == "load_scenario":  # the scenario layer only: no planner, no pandas
        return importlib.import_module("tigris.scenario.edit").load_any
    return _get(name)


def __dir__() -> list[str]:
    return sorted({*_names(), "plan", "risk", "load_scenario"})

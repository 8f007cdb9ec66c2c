"""Runs at scale: the DuckDB store of every run, sweeps, the Dask executor, compare.

Modules (imported on demand; ``import tigris.runs`` stays cheap and imports neither
duckdb nor dask):

- :mod:`tigris.runs.metrics`: the headline numbers that lists and comparisons show;
- :mod:`tigris.runs.store`: :class:`~tigris.runs.store.RunStore`, the embedded DuckDB
  file of runs (``docs/runs.md``);
- :mod:`tigris.runs.export`: a stored run to CSV, Parquet, Excel or NetCDF;
- :mod:`tigris.runs.sweep`, :mod:`tigris.runs.worker`, :mod:`tigris.runs.executor`:
  sweeps and the Dask executor (``docs/sweeps.md``, ``docs/dask.md``);
- :mod:`tigris.runs.compare`: two runs side by side (``docs/compare.md``).
"""

import importlib as _importlib
from typing import Any as _Any

#: The modules above, reachable as attributes without importing them first
#: (``tigris.runs.store.stored_tables()``, as docs/api.md writes it; user test s48 API
#: #2), each imported on first access.
SUBMODULES = (
    "compare",
    "executor",
    "export",
    "interrupts",
    "metrics",
    "progress",
    "provenance",
    "store",
    "sweep",
    "worker",
)


def __getattr__(name: str) -> _Any:
    """A module of :data:`SUBMODULES`, imported on first access."""
    if name in SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *SUBMODULES})

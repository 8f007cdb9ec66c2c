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

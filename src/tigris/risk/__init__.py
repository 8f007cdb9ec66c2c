"""How sure is a plan: uncertainty in its inputs (issue 15; docs/risk.md).

- :mod:`tigris.risk.distributions`: distributions on scenario inputs and data-table
  cells (by dotted path), rank correlation between them, seeded draws;
- :mod:`tigris.risk.montecarlo`: N plans over sampled inputs, quantile tables of
  their outputs, Spearman drivers;
- :mod:`tigris.risk.sensitivity`: Sobol indices (SALib); :mod:`tigris.risk.tornado`:
  a tornado (one input at a time);
- :mod:`tigris.risk.disruptions`: named events (a region's output removed for a
  period, an EUV cut, a capital source withdrawn, an export control) re-planned;
- :mod:`tigris.risk.stochastic`: a two-stage stochastic plan robust to sampled futures;
- :mod:`tigris.risk.api`: all of them behind one call, ``tigris.risk(...)``, which is
  also ``tigris risk`` on the command line.

The package is callable: ``tigris.risk(scenario, samples=64, seed=7)`` is
:func:`tigris.risk.api.risk`. Importing it is cheap: it imports nothing heavy (no
pandas, linopy, dask, SALib, scipy or plotly) until a function runs.
"""

from tigris._lazy import callable_module

# ``tigris.risk(scenario=None, *, samples=..., seed=None, ...)``: tigris.risk.api.risk
callable_module(__name__, "tigris.risk.api:risk")

"""Uncertainty in a plan's inputs (issue 15; docs/risk.md).

:mod:`tigris.risk.distributions` declares distributions on scenario inputs (by the
dotted paths of :mod:`tigris.scenario.edit`), with rank correlation between them, and
draws seeded samples of them (``tigris sweep --samples N``). Monte Carlo over plans,
Sobol indices, disruptions and a robust plan are to come under issue 15.

Importing this package is cheap: it imports nothing of its own.
"""

"""The dashboard: ``tigris serve`` (docs/serve.md).

A local web page to ask what-if questions of a scenario: controls for the key
assumptions, every report figure redrawn from the plan, a map of the sites, the answer
against the world without the investor, two what-ifs side by side, and the state in the
URL. Solves run in worker processes off the request path; identical what-ifs are
answered from the store of runs (docs/runs.md).

Importing this package imports nothing heavy; :mod:`tigris.serve.app` imports Dash.
"""

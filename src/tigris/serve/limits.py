"""Limits of the dashboard (``tigris serve``): every bound on what one page may ask.

The dashboard is a web server anyone who reaches its port can use (docs/serve.md,
"Safety"), so each input a page sends and each piece of work it starts is bounded
here, in one place. None of these is data about the world: they are engineering bounds,
each with the reason for its value. Importing this module imports nothing else.
"""

from __future__ import annotations

from tigris.yamlio import MAX_FILE_BYTES

__all__ = [
    "MAX_CHANGED_CONTROLS",
    "MAX_COMPARE",
    "MAX_QUERY_CHARS",
    "MAX_QUEUE",
    "MAX_UPLOAD_BYTES",
    "SOLVE_TIME_LIMIT_S",
    "VIEW_CACHE_SIZE",
]

#: Largest uploaded scenario [byte], checked before the upload is decoded: 1 MB, ~60x
#: the reference scenario (16 kB) and never more than the YAML reader's own limit
#: (:data:`tigris.yamlio.MAX_FILE_BYTES`, 1 MiB), so an upload the reader would refuse
#: is refused before it is decoded and parsed.
MAX_UPLOAD_BYTES = min(1_000_000, MAX_FILE_BYTES)
#: Longest URL query holding the page's state [character]: 8,000, under the 8 KiB of
#: request line that common servers and proxies accept (waitress's own limit is larger;
#: nginx's default large_client_header_buffers is 8 KiB), and room for ~200 changed
#: controls of ~40 characters each.
MAX_QUERY_CHARS = 8_000
#: Most controls a what-if may change [-]: the reference scenario has 61 controls, so
#: 200 covers every control of a larger scenario and bounds the work one URL asks for.
MAX_CHANGED_CONTROLS = 200
#: Most jobs waiting server-wide [-]: with 2 workers and ~3-5 s per reference what-if
#: in a warm worker (a plan and its counterfactual; docs/serve.md), 32 waiting jobs is
#: about a minute of work; beyond it the page says "server busy, try again in a minute"
#: rather than keep a visitor waiting minutes.
MAX_QUEUE = 32
#: What-ifs shown side by side [-]: A and B, the comparison the page offers.
MAX_COMPARE = 2
#: Views kept in the server's memory [-]: a view of the reference is ~225 kB of JSON
#: (docs/serve.md, "What a view shows"), so 64 views hold ~15 MB; older ones are read
#: back from the store of runs (docs/runs.md).
VIEW_CACHE_SIZE = 64
#: Longest plan solve [s]: 60, twice the reference's own 30 s solver limit (its solve
#: takes ~5 s), so a hostile scenario cannot hold a worker for long; a what-if's own
#: ``solver.time_limit_s`` is used when it is shorter.
SOLVE_TIME_LIMIT_S = 60.0

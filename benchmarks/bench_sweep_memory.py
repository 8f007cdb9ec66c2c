"""What one ``tigris sweep --samples`` member of the reference costs in memory and store.

The source of :data:`tigris.cli.sweep._MEMORY_BYTES_PER_MEMBER` and
:data:`tigris.cli.sweep._STORE_BYTES_PER_MEMBER` (the bound ``--samples`` above
:data:`tigris.cli.sweep.SAMPLES_WITHOUT_YES` needs ``--yes`` for). Each size runs as
``tigris sweep --samples N --seed 1 --workers 0 --store FILE`` in a fresh process (the
sweep in that process, as with ``/usr/bin/time -v``); its peak resident memory is the
child's ``ru_maxrss`` (:func:`os.wait4`) and the store is the file's size after it.
A member's cost is the difference between two sizes over the difference in members,
so the interpreter, the planner's imports and the store's fixed part cancel.

Run::

    python benchmarks/bench_sweep_memory.py              # 16 and 64 members
    python benchmarks/bench_sweep_memory.py --sizes 4 16 64 --json

About one to three seconds of one core a member on the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Bytes in a kibibyte: Linux reports ``ru_maxrss`` in KiB (getrusage(2)).
_BYTES_PER_KIB = 1024


def measure(n: int, folder: Path) -> dict[str, float]:
    """Peak RSS [bytes], store size [bytes] and wall time [s] of an ``n``-member sweep."""
    store = folder / f"s{n}.duckdb"
    run = "from tigris.cli import entry; entry()"
    cmd = [sys.executable, "-c", run, "sweep", "--samples", str(n), "--seed", "1"]
    cmd += ["--workers", "0", "--store", str(store), "--json"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"sweep of {n} failed ({proc.returncode}): {err[-500:]}")
    return {
        "members": n,
        "max_rss_bytes": usage.ru_maxrss * _BYTES_PER_KIB,
        "store_bytes": store.stat().st_size,
        "seconds": time.perf_counter() - start,
    }


def per_member(rows: list[dict[str, float]]) -> dict[str, float]:
    """A member's memory [bytes], store [bytes] and time [s]: the largest sweep's less
    the smallest's, over the difference in their members."""
    lo, hi = rows[0], rows[-1]
    span = hi["members"] - lo["members"]
    return {
        "memory_bytes_per_member": (hi["max_rss_bytes"] - lo["max_rss_bytes"]) / span,
        "store_bytes_per_member": (hi["store_bytes"] - lo["store_bytes"]) / span,
        "seconds_per_member": (hi["seconds"] - lo["seconds"]) / span,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(n, Path(tmp)) for n in sorted(args.sizes)]
    per = per_member(rows)
    if args.json:
        print(json.dumps({"runs": rows, **per}))
        return 0
    for r in rows:
        print(
            f"{r['members']:>5} members: max RSS {r['max_rss_bytes'] / 1e6:.1f} MB, "
            f"store {r['store_bytes'] / 1e6:.2f} MB, {r['seconds']:.0f} s"
        )
    print(
        f"a member: {per['memory_bytes_per_member'] / 1e6:.2f} MB of memory, "
        f"{per['store_bytes_per_member'] / 1e3:.0f} kB of store, "
        f"{per['seconds_per_member']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

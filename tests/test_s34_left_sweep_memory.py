"""The memory and store figures behind ``tigris sweep --samples``'s ``--yes`` bound
(:data:`tigris.cli.sweep._MEMORY_BYTES_PER_MEMBER`, ``_STORE_BYTES_PER_MEMBER``) are
what ``benchmarks/bench_sweep_memory.py``'s arithmetic gives on the measurement their
comment records (16 and 64 members of the reference: max RSS 338.8 -> 358.4 MB, store
12.07 -> 14.43 MB), by hand: 19.6 MB / 48 = 0.41 MB and 2.36 MB / 48 = 49 kB."""

from __future__ import annotations

import pytest

from tests.conftest import load_benchmark


def test_constants_are_the_recorded_measurement() -> None:
    from tigris.cli import sweep

    bench = load_benchmark("bench_sweep_memory")
    rows = [
        {"members": 16, "max_rss_bytes": 338.8e6, "store_bytes": 12.07e6, "seconds": 0.0},
        {"members": 64, "max_rss_bytes": 358.4e6, "store_bytes": 14.43e6, "seconds": 0.0},
    ]
    per = bench.per_member(rows)
    assert per["memory_bytes_per_member"] == pytest.approx(19.6e6 / 48)
    assert per["store_bytes_per_member"] == pytest.approx(2.36e6 / 48)
    # the constants, to the two digits they are written with
    mem, store = sweep._MEMORY_BYTES_PER_MEMBER, sweep._STORE_BYTES_PER_MEMBER
    assert per["memory_bytes_per_member"] == pytest.approx(mem, rel=0.01)
    assert per["store_bytes_per_member"] == pytest.approx(store, rel=0.01)

"""``tigris.sweep`` refuses a bad ``workers`` or ``sets`` by name (user test
2026-12-05 serve #6: ``workers='2'`` raised a TypeError, ``workers=1.5`` started a Dask
run, ``workers=True`` was taken, ``sets='a=1'`` raised a ValueError; docs/api.md
promises an InputError naming the keyword)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.errors import InputError

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.mark.parametrize("workers", ["2", 1.5, True, float("nan"), -1])
def test_bad_workers(workers: object) -> None:
    import tigris

    with pytest.raises(InputError) as info:
        tigris.sweep(SMALL, {"discount_rate": [0.06]}, workers=workers, store=False)
    (p,) = info.value.problems
    assert p.field == "workers" and "a whole number of worker processes" in p.message


@pytest.mark.parametrize("sets", ["capital.fund.amount_usd=1e9", 3, ["discount_rate=0.1"]])
def test_bad_sets(sets: object) -> None:
    import tigris

    with pytest.raises(InputError) as info:
        tigris.sweep(SMALL, sets, workers=0, store=False)
    (p,) = info.value.problems
    assert p.field == "sets" and "a list of mappings" in p.message


def test_good_keywords_still_run() -> None:
    import numpy as np

    import tigris

    res = tigris.sweep(SMALL, {"discount_rate": [0.06]}, workers=np.int64(0), store=False)
    assert len(res.members) == 1
    res = tigris.sweep(SMALL, [{"discount_rate": 0.07}], workers=0, store=False)
    assert len(res.members) == 1

"""Review of s50 #1: the dashboard's "default from" words for a published run's MFU
carried to another part at the run's own precision said "re-expressed from fp8 at
fp8" (the carry rule now re-expresses it by the two parts' peaks, user test s50 #1)."""

from __future__ import annotations

import tigris
from tigris.serve.control_groups import _mfu_origin


def test_another_part_at_the_runs_precision_is_named() -> None:
    res = tigris.train(model="deepseek-v3", accelerator="gaudi3")
    assert res.mfu_accelerator and res.mfu_converted_from == res.precision  # the case
    words = _mfu_origin(res)
    assert f"from {res.precision} at {res.precision}" not in words
    assert f"re-expressed to {res.accelerator} at {res.precision}" in words


def test_the_runs_own_part_is_applied_unchanged() -> None:
    res = tigris.train(model="deepseek-v3")
    assert not res.mfu_accelerator
    assert "re-expressed" not in _mfu_origin(res)

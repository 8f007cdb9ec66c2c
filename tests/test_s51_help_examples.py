"""``tigris die``, ``chip`` and ``catalog --help`` show example commands, as ``fab`` and
``hindcast`` do, and each runs (user test 2026-12-06 #5a: the three had none)."""

from __future__ import annotations

import shlex

import pytest


@pytest.mark.parametrize("verb", ["die", "chip", "catalog"])
def test_the_help_has_examples_and_each_runs(run_cli, verb: str) -> None:
    res = run_cli(verb, "--help")
    assert res.code == 0, res.err
    lines = [ln.strip(" │") for ln in res.out.splitlines()]
    assert "Examples:" in [ln.strip() for ln in lines]
    examples = [ln.strip() for ln in lines if ln.strip().startswith(f"tigris {verb}")]
    assert len(examples) >= 3, res.out
    for line in examples:
        out = run_cli(*shlex.split(line)[1:])
        assert out.code == 0, (line, out.err)

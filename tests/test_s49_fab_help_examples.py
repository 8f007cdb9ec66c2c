"""``tigris fab --help`` shows example commands, as the other verbs' help does, and
each runs (user test s49, minor: the fab help had none)."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

RunCli = Callable[..., Any]


def test_the_help_has_examples_and_each_runs(run_cli: RunCli) -> None:
    res = run_cli("fab", "--help")
    assert res.code == 0, res.err
    lines = [ln.strip(" │") for ln in res.out.splitlines()]
    assert "Examples:" in [ln.strip() for ln in lines]
    examples = [ln.strip() for ln in lines if ln.strip().startswith("tigris fab --")]
    assert len(examples) >= 2, res.out
    for line in examples:
        args = shlex.split(line)[1:]
        out = run_cli(*args)
        assert out.code == 0, (line, out.err)

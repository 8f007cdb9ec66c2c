"""``tigris runs show`` refuses flags that each print something else (user test s47
#8): ``runs show ID --yaml --json`` printed the YAML alone, exit 0, as if ``--json``
had not been given.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult, assert_one_line_error


@pytest.mark.parametrize(
    "flags",
    [["--yaml", "--json"], ["--json", "--yaml"], ["--data", "--json"], ["--yaml", "--data"]],
)
def test_show_refuses_two_outputs(
    run_cli: Callable[..., CliResult], small_store: tuple[Path, str], flags: list[str]
) -> None:
    """One line naming both flags, exit 2, nothing printed."""
    res = run_cli("runs", "show", small_store[1], *flags, "--store", small_store[0])
    assert res.code == 2, (res.out, res.err)
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in res.err, res.err
    named = sorted(flags, key=["--json", "--yaml", "--data"].index)
    assert lines[0].startswith(f"error: {named[-1]}: give one of --json, --yaml and --data"), lines
    assert f"not {named[0]} and {named[1]}" in lines[0]
    # nothing printed but the error (as JSON too when --json is given)
    assert res.out == "" or list(json.loads(res.out)) == ["error"], res.out


def test_show_takes_each_alone(
    run_cli: Callable[..., CliResult], small_store: tuple[Path, str]
) -> None:
    """Each flag alone still works."""
    assert run_cli("runs", "show", small_store[1], "--yaml", "--store", small_store[0]).code == 0
    assert run_cli("runs", "show", small_store[1], "--json", "--store", small_store[0]).json()["id"]
    res = run_cli("runs", "show", small_store[1], "--yaml", "--data", "--store", small_store[0])
    assert_one_line_error(res, "--data: give one of")

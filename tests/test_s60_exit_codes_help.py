"""Every verb's --help says its exit codes, and the codes it says are the ones it gives
(user test 2026-12-07, output robustness: the quick verbs' help said none).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from .conftest import CliResult

#: verb -> arguments that are bad input (exit 2 by the help's own words)
BAD = {
    ("catalog",): ["--hbm", "HBM9"],
    ("train",): ["--params", "-1", "--tokens", "1e12", "--count", "8", "--mfu", "0.4"],
    ("infer",): ["--tokens-per-day", "-5"],
    ("die",): ["--width", "-3", "--height", "10"],
    ("chip",): ["no-such-chip"],
    ("fab",): ["--node", "N3", "--site", "taiwan", "--wspm", "-1"],
    ("hindcast",): ["--baseline", "no-such-variant"],
    ("scenario", "show"): ["no-such-file.yaml"],
    ("scenario", "check"): ["no-such-file.yaml"],
    ("runs", "list"): ["--store", "/dev/null/x"],
    ("runs", "show"): ["--store", "/dev/null/x", "zzzz"],
    ("runs", "export"): [
        "--store",
        "/dev/null/x",
        "zzzz",
        "--format",
        "csv",
        "--out",
        "/tmp/x-never",
    ],
    ("runs", "rm"): ["--store", "/dev/null/x", "zzzz"],
}


def _help(run_cli: Callable[..., CliResult], verb: tuple[str, ...]) -> str:
    res = run_cli(*verb, "--help")
    assert res.code == 0, res.err
    return " ".join(res.out.split())


@pytest.mark.parametrize("verb", list(BAD), ids=" ".join)
def test_help_says_the_exit_codes_and_bad_input_is_2(
    run_cli: Callable[..., CliResult], verb: tuple[str, ...]
) -> None:
    said = _help(run_cli, verb)
    assert "Exit code: 0 " in said
    assert "; 2 " in said and "130 stopped with Ctrl-C" in said
    res = run_cli(*verb, *BAD[verb])
    assert res.code == 2, (res.out, res.err)
    assert res.err.startswith("error: ") and "Traceback" not in res.err
    assert "No such option" not in res.err and "Missing option" not in res.err  # a field


@pytest.mark.parametrize(
    "args", [["die", "--width", "10", "--height", "10", "--node", "N5"], ["catalog"]]
)
def test_a_full_stdout_is_exit_1_as_the_help_says(args: list[str]) -> None:
    """'1 standard output could not be written': a real process writing to /dev/full."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "tigris", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    assert "cannot write to standard output" in proc.stderr

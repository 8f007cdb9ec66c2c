"""A reader that stops early is not an error (README, exit codes; user test D8).

``tigris train --model gpt-4 | head -1`` exited 1 with an empty stderr: rich's
``Console.on_broken_pipe`` raised ``SystemExit(1)`` on the closed pipe, and the console
script mapped a ``BrokenPipeError`` to 1 too, so a script could not tell "the reader
left" from "tigris plan found no plan". Each case runs the installed console script
with its stdout a pipe whose read end is closed before tigris writes, so every write
meets ``EPIPE`` (no race with ``head``), and once more through a real ``| head``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TIGRIS = shutil.which("tigris") or ""
pytestmark = pytest.mark.skipif(not TIGRIS, reason="console script not on PATH")

#: Seconds one subprocess may take (start-up plus a reference plan's solve).
SUBPROCESS_SECONDS = 120


def _closed_reader(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``tigris *args`` writing into a pipe nobody reads; (exit code, stderr)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to write_end now fails with EPIPE
    try:
        proc = subprocess.run(
            [TIGRIS, *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=SUBPROCESS_SECONDS,
            env={**os.environ, **(env or {})},
            check=False,
        )
    finally:
        os.close(write_end)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--model", "gpt-4"],
        ["fab", "--node", "N2", "--wspm", "50000", "--site", "taiwan"],
        ["catalog"],
        ["die", "--width", "26", "--height", "31.3", "--node", "N4"],
        ["chip", "h100"],
        ["infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10",
         "--prompt-tokens", "1000", "--output-tokens", "300"],
        ["scenario", "show"],
        ["train", "--model", "gpt-4", "--json"],
    ],
    ids=lambda a: " ".join(a[:2]),
)  # fmt: skip
def test_closed_pipe_exits_0_quietly(args: list[str]) -> None:
    code, err = _closed_reader(args)
    assert (code, err) == (0, "")


def test_plan_with_closed_pipe_exits_0_and_still_stores(tmp_path: Path) -> None:
    """The plan's text meets the closed pipe; the run is stored all the same."""
    store = tmp_path / "runs.duckdb"
    code, err = _closed_reader(["plan", "docs/examples/small-plan.yaml", "--store", str(store)])
    assert (code, err) == (0, "")
    listed = subprocess.run(
        [TIGRIS, "runs", "list", "--store", str(store), "--json"],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_SECONDS,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"id"') == 1, listed.stdout


@pytest.mark.parametrize(
    "command",
    [
        "{t} train --model gpt-4 | head -1",
        "{t} fab --node N2 --wspm 50000 --site taiwan | head -2",
        "{t} plan --no-store | head -c 10",
    ],
)
def test_head_pipeline_exit_status_0(command: str) -> None:
    """README's own form: tigris's exit status (PIPESTATUS[0]) is 0, stderr empty."""
    proc = subprocess.run(
        ["bash", "-c", command.format(t=TIGRIS) + ' >/dev/null; echo "rc=${PIPESTATUS[0]}"'],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_SECONDS,
        check=False,
    )
    assert proc.stdout.strip() == "rc=0"
    assert proc.stderr == ""

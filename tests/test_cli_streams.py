"""Streams: any locale, a closed or full stdout, JSON errors for scripts, quiet stderr.

In-process through ``tigris.cli.main`` for speed; the stream set-up lives in the
console script's ``entry``, so the locale and closed/full stdout cases run the real
installed ``tigris`` in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest

from tests.conftest import CliResult

Run = Callable[..., CliResult]

TIGRIS = shutil.which("tigris") or ""
needs_script = pytest.mark.skipif(not TIGRIS, reason="console script not on PATH")
#: Seconds one subprocess may take (start-up plus a catalog or die answer).
SUBPROCESS_SECONDS = 60


def _sh(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in bash with the console script; ``env`` overrides variables."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    full_env.update(env)
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=full_env,
        timeout=SUBPROCESS_SECONDS,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (("catalog", "nosuchpart", "--json"), "InputError"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--seed", "-1", "--json"),
         "InputError"),
        (("train", "--json", "--no-such-option"), "UsageError"),
        (("fab", "--node", "N3", "--site", "taiwan", "--wspm", "x", "--json"), "UsageError"),
    ],
)  # fmt: skip
def test_json_error_object_on_stdout(run_cli: Run, args: tuple[str, ...], kind: str) -> None:
    res = run_cli(*args)
    assert res.code == 2
    doc = json.loads(res.out)
    assert doc["error"]["type"] == kind
    stderr_lines = [ln.removeprefix("error: ") for ln in res.err.strip().splitlines()]
    assert doc["error"]["messages"] == stderr_lines
    assert len(stderr_lines) == 1


def test_error_without_json_keeps_stdout_empty(run_cli: Run) -> None:
    res = run_cli("catalog", "nosuchpart")
    assert res.code == 2 and res.out == ""


@pytest.mark.parametrize(
    "args",
    [
        # a die over the reticle field warns on stderr since s45 (tests/test_s45_chain.py)
        ("die", "--width", "20", "--height", "20", "--d0", "0.1"),
        ("die", "--width", "25", "--height", "33", "--d0", "0.1", "--json"),
        ("train", "--flops", "1e24", "--count", "1000", "--mfu", "0.4", "-a", "trainium2"),
        ("infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10",
         "--prompt-tokens", "1000", "--output-tokens", "300"),
        ("chip", "h100"),
        ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--years", "3"),
        ("catalog",),
        ("scenario", "show"),
    ],
)  # fmt: skip
def test_successful_runs_are_quiet_on_stderr(run_cli: Run, args: tuple[str, ...]) -> None:
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert res.err == ""
    assert res.out.strip()


def test_plot_writes_quietly(run_cli: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    png = tmp_path / "map.png"
    res = run_cli("die", "--width", "20", "--height", "20", "--d0", "0.1", "--plot", str(png))
    assert res.code == 0, res.err
    assert res.err == ""
    assert png.read_bytes()[:4] == b"\x89PNG"


@needs_script
def test_ascii_locale_non_ascii_output_escaped() -> None:
    """A stdout that cannot encode '–' (en dash) prints it escaped instead of failing."""
    res = _sh(f"{TIGRIS} catalog", PYTHONIOENCODING="ascii")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert "\\u2013" in res.stdout  # the en dash of a missing value, escaped
    res = _sh(f"{TIGRIS} catalog", LC_ALL="C")
    assert res.returncode == 0, res.stderr


@needs_script
@pytest.mark.parametrize(
    ("redirect", "reason"),
    [(">&-", "standard output is closed"), ("> /dev/full", "No space left on device")],
)
@pytest.mark.parametrize("json_flag", ["", "--json"])
def test_unwritable_stdout_is_one_line_exit_1(redirect: str, reason: str, json_flag: str) -> None:
    res = _sh(f"{TIGRIS} catalog {json_flag} {redirect}")
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert res.stderr == f"error: cannot write to standard output: {reason}\n"


@needs_script
def test_bad_input_with_unwritable_stdout_stays_exit_2() -> None:
    res = _sh(f"{TIGRIS} catalog nosuchpart --json > /dev/full")
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "unknown accelerator" in res.stderr


@needs_script
def test_closed_pipe_ends_quietly() -> None:
    res = _sh(f"{TIGRIS} fab --node N3 --site taiwan --wspm 20000 --years 100 --json | head -c 1")
    assert res.stdout == "{"
    assert res.stderr == ""

"""``-`` reads the scenario from standard input (user test 2026-12-07, output
robustness: ``cat my.yaml | tigris plan -`` said "-: file not found").

Problems name ``<stdin>`` and the line; a terminal or an empty stream is refused in one
line; a command that reads its scenario twice gets the same text both times; the stored
run names no file (there is none).
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tigris import yamlio

from .conftest import CliResult


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Set this process's standard input to a text (and forget any read before)."""
    monkeypatch.setattr(yamlio, "_STDIN_TEXT", {})

    def give(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    return give


def _reference_yaml(run_cli: Callable[..., CliResult]) -> str:
    res = run_cli("scenario", "show")
    assert res.code == 0, res.err
    return res.out


def test_check_reads_standard_input(run_cli, stdin) -> None:
    stdin(_reference_yaml(run_cli))
    res = run_cli("scenario", "check", "-")
    assert res.code == 0, res.err
    assert res.out.startswith("<stdin>: valid scenario 'reference'")


def test_a_problem_names_stdin_and_its_line(run_cli, stdin) -> None:
    text = _reference_yaml(run_cli)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("pue:"))
    stdin(text.replace("\npue: ", "\npue: -", 1))
    res = run_cli("scenario", "check", "-")
    assert res.code == 2
    assert f"error: <stdin>:{line}: pue:" in res.err


@pytest.mark.parametrize("text, needle", [("", "no YAML content"), ("a: [", "<stdin>:")])
def test_empty_or_broken_input_is_one_line(run_cli, stdin, text: str, needle: str) -> None:
    stdin(text)
    res = run_cli("plan", "-", "--no-store")
    assert res.code == 2 and "Traceback" not in res.err
    assert res.err.startswith("error: <stdin>") and needle in res.err


def test_a_terminal_is_refused(run_cli, monkeypatch) -> None:
    class Tty(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(yamlio, "_STDIN_TEXT", {})
    monkeypatch.setattr(sys, "stdin", Tty(io.BytesIO(b"")))
    res = run_cli("scenario", "check", "-")
    assert res.code == 2
    assert "standard input, which is a terminal" in res.err


def test_plan_from_a_pipe_is_the_plan_from_the_file(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A real pipe into a real process: the same plan as from the file, stored with no
    scenario file named."""
    text = _reference_yaml(run_cli)
    file = tmp_path / "ref.yaml"
    file.write_text(text, encoding="utf-8")
    env_store = {"TIGRIS_STORE": str(tmp_path / "store")}
    import os

    env = {**os.environ, **env_store}
    piped = subprocess.run(
        [sys.executable, "-m", "tigris", "plan", "-", "--json"],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert piped.returncode == 0, piped.stderr
    import json

    a = json.loads(piped.stdout)
    res = run_cli("plan", str(file), "--no-store", "--json")
    b = res.json()
    assert a["objective_usd"] == pytest.approx(b["objective_usd"], rel=1e-9)
    from tigris.runs.store import RunStore

    runs = RunStore(tmp_path / "store").runs()
    assert len(runs) == 1 and runs["scenario_file"].isna().all()


def test_a_plan_result_on_stdin_is_named_stdin(run_cli, stdin) -> None:
    stdin('{"scenario_name": "x", "status": "optimal", "objective_usd": 1}\n')
    res = run_cli("scenario", "check", "-")
    assert res.code == 2
    assert res.err.startswith("error: <stdin>: ") and "error: -:" not in res.err


@pytest.mark.parametrize("verb", ["risk", "sweep"])
def test_a_sampled_run_names_stdin_and_the_line(run_cli, stdin, verb: str) -> None:
    """A value outside its distribution, refused before anything is planned, names
    <stdin> and the distribution's line (sweep named no file, risk named '-')."""
    text = _reference_yaml(run_cli)
    low = "    low: 3.0e12"
    assert text.count(low) == 1
    line = next(
        i
        for i, t in enumerate(text.splitlines(), 1)
        if t.startswith("  demand_forecast.spend_usd.2030:")
    )
    text = text.replace(low, "    low: 3.6e12").replace("    mode: 3.5e12", "    mode: 3.8e12", 1)
    stdin(text)
    res = run_cli(verb, "-", "--samples", "4", "--yes", "--no-store")
    assert res.code == 2, res.err
    assert res.err.startswith(
        f"error: <stdin>:{line}: distributions.demand_forecast.spend_usd.2030"
    )


def test_a_closed_stdin_is_an_input_error(monkeypatch) -> None:
    """A Python caller's closed stdin: one InputError, not "read of closed file"."""
    from tigris.errors import InputError

    stream = io.TextIOWrapper(io.BytesIO(b"name: x\n"))
    stream.close()
    monkeypatch.setattr(yamlio, "_STDIN_TEXT", {})
    monkeypatch.setattr(sys, "stdin", stream)
    with pytest.raises(InputError, match="which is closed"):
        yamlio.read_yaml("-")

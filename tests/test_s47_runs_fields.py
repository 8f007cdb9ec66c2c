"""Errors about a run id name the flag or argument as the user typed it (user test s47
#7): ``tigris plan --from-run zzzz`` said ``error: run: no run 'zzzz' ...``, and so did
``runs show`` and ``runs rm``; now ``--from-run``, and ``RUN``, the argument as
``--help`` shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tigris.runs.store import RunRecord, RunStore

from .conftest import SMALL, CliResult, assert_one_line_error
from .test_cli_output import tiny_result


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of one small run."""
    from tigris.scenario.edit import load_any, to_yaml

    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    RunStore(path).add(RunRecord("plan", to_yaml(load_any(SMALL)), "t"), tiny_result())
    return path


@pytest.mark.parametrize(
    ("args", "field", "said"),
    [
        (["plan", "--from-run", "zzzz", "--no-store"], "--from-run", "no run 'zzzz'"),
        (["plan", "--from-run", "zzzz"], "--from-run", "no run 'zzzz'"),
        (["plan", "--from-run", "zz", "--no-store"], "--from-run", "too short"),
        (["runs", "show", "zzzz"], "RUN", "no run 'zzzz'"),
        (["runs", "rm", "zzzz"], "RUN", "no run 'zzzz'"),
        (["runs", "rm"], "RUN", "give run ids to remove, or --sweep ID"),
        (["runs", "export", "zzzz", "--format", "csv", "--out", "x"], "RUN", "no run 'zzzz'"),
    ],
)
def test_a_run_id_error_names_what_was_typed(
    run_cli: Callable[..., CliResult], store: Path, args: list[str], field: str, said: str
) -> None:
    """One line, exit 2, naming ``--from-run`` or ``RUN``, never ``run``."""
    res = run_cli(*args, "--store", store)
    assert_one_line_error(res, f"error: {field}: ", said)


@pytest.mark.parametrize("verb", ["show", "export", "rm"])
def test_help_names_the_argument_run(run_cli: Callable[..., CliResult], verb: str) -> None:
    """The usage line shows the argument as the errors name it."""
    res = run_cli("runs", verb, "--help")
    usage = next(ln for ln in res.out.splitlines() if "Usage:" in ln)
    assert "RUN" in usage, usage

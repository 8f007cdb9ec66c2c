"""Numeric options: every one has a documented range, checked before any model runs."""

from __future__ import annotations

import inspect
import time
import typing
from collections.abc import Callable

import pytest
import typer

from tests.conftest import CliResult, assert_one_line_error
from tigris.cli import app
from tigris.cli._args import (
    MAX_TABLE_YEARS,
    MAX_WHOLE,
    MAX_YEAR,
    OPTION_RANGES,
)

Run = Callable[..., CliResult]

FAB = ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000")
DIE = ("die", "--width", "20", "--height", "20", "--d0", "0.1")
TRAIN = ("train", "-m", "llama-3.1-405b")
INFER = (
    "infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10",
    "--prompt-tokens", "1000", "--output-tokens", "300",
)  # fmt: skip
#: Seconds a refused option may take (the refusal comes before any model runs).
REFUSAL_SECONDS = 5.0


def _numeric_flags() -> list[tuple[str, str]]:
    """(verb, flag) of every int or float option of every verb: the flags typer
    declares, typed by the verb function's annotations."""
    command = typer.main.get_command(app)
    out = []
    for info in app.registered_commands:
        verb = info.name or ""
        hints = typing.get_type_hints(info.callback)  # type: ignore[arg-type]
        for param in command.commands[verb].params:  # type: ignore[attr-defined]
            kinds = set(typing.get_args(hints[param.name])) | {hints[param.name]}
            if kinds & {int, float} and param.opts[0].startswith("--"):
                out.append((verb, param.opts[0]))
                # check_params maps the Python name to the flag the same way
                assert "--" + param.name.replace("_", "-") == param.opts[0]
    return out


def test_every_numeric_option_has_a_range() -> None:
    flags = _numeric_flags()
    assert len(flags) > 40  # train, infer, die, chip, fab and plan all counted
    missing = sorted({f"{v} {f}" for v, f in flags if f not in OPTION_RANGES})
    assert not missing, missing


def test_every_verb_checks_its_options() -> None:
    """The verbs with numeric options call ``check_params`` (a range nobody checks is
    no range)."""
    from tigris.cli import fab, plan, silicon, workload

    for fn in (silicon.die, silicon.chip, fab.fab, plan.plan):
        assert "check_params(locals())" in inspect.getsource(fn), fn.__name__
    # train and infer check every flag at once, the ranges among them (s52)
    assert "check_params" in inspect.getsource(workload._check_flags)
    for fn in (workload.train, workload.infer):
        assert "_check_flags(locals())" in inspect.getsource(fn), fn.__name__


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        ((*FAB, "--years", "3000000"), "--years"),  # was a MemoryError / minutes of work
        ((*FAB, "--years", str(2**63)), "--years"),
        ((*FAB, "--years", "1e20"), "--years"),
        ((*FAB, "--years", "0"), "--years"),
        ((*FAB, "--start-year", str(2**63)), "--start-year"),  # was an OverflowError
        ((*FAB, "--start-year", "1e20"), "--start-year"),
        ((*FAB, "--start-year", "-1"), "--start-year"),
        ((*FAB, "--start-year", str(MAX_YEAR + 1)), "--start-year"),
        ((*FAB, "--wspm", "1e400"), "--wspm"),
        ((*TRAIN, "--layers", "1.5", "--seq-len", "8192", "--d-model", "16384"), "--layers"),
        ((*TRAIN, "--layers", "126", "--seq-len", "8192.5", "--d-model", "16384"), "--seq-len"),
        ((*TRAIN, "--layers", "126", "--seq-len", "8192", "--d-model", "0.5"), "--d-model"),
        ((*INFER, "--kv-heads", "7.5"), "--kv-heads"),
        ((*INFER, "--head-dim", "127.9"), "--head-dim"),
        ((*INFER, "--layers", "1e300"), "--layers"),
        ((*INFER, "--memory-fraction", "1.01"), "--memory-fraction"),
        ((*DIE, "--systematic-yield", "0"), "--systematic-yield"),
        ((*DIE, "--systematic-yield", "nan"), "--systematic-yield"),
        ((*DIE, "--units", "144", "--spares", "12", "--unit-fraction", "0"), "--unit-fraction"),
        ((*DIE, "--model", "bose-einstein", "--critical-layers", "0"), "--critical-layers"),
        ((*DIE, "--units", str(2**63), "--spares", "1"), "--units"),
        ((*DIE, "--seed", "-1"), "--seed"),
        (("chip", "h100", "--months", "inf"), "--months"),
        (("plan", "--time-limit", "nan"), "--time-limit"),
        (("plan", "--mip-gap", "1"), "--mip-gap"),
    ],
)
def test_out_of_range_is_one_line_naming_the_option(
    run_cli: Run, args: tuple[str, ...], flag: str
) -> None:
    start = time.perf_counter()
    res = run_cli(*args)
    assert time.perf_counter() - start < REFUSAL_SECONDS
    assert_one_line_error(res, flag)


def test_all_bad_options_reported_at_once(run_cli: Run) -> None:
    res = run_cli(*DIE, "--systematic-yield", "0", "--seed", "-3")
    assert res.code == 2
    lines = res.err.splitlines()
    assert len(lines) == 2
    assert "--systematic-yield" in lines[0] and "--seed" in lines[1]


def test_bounds_themselves_are_accepted(run_cli: Run) -> None:
    """The ends of each closed range are valid input: a fraction of exactly 1, the
    longest year table (which then has that many rows), the latest start year. (The
    earliest calendar year, MIN_YEAR, is below every node's first possible
    groundbreaking, which ``fab`` refuses on its own: tests/test_fab_cli*.)"""
    res = run_cli(*DIE, "--systematic-yield", "1", "--json")
    assert res.code == 0, res.err
    res = run_cli(*FAB, "--years", str(MAX_TABLE_YEARS), "--start-year", str(MAX_YEAR), "--json")
    assert res.code == 0, res.err
    rows = res.json()["by_year"]
    assert len(rows) == MAX_TABLE_YEARS
    assert rows[0]["year"] == MAX_YEAR
    assert rows[-1]["year"] == MAX_YEAR + MAX_TABLE_YEARS - 1


def test_whole_numbers_spelt_with_an_exponent_are_whole(run_cli: Run) -> None:
    """A sequence length of ``8.192e3`` is 8192: a whole number, whatever the spelling."""
    res = run_cli(*TRAIN, "--layers", "126", "--seq-len", "8.192e3", "--d-model", "16384", "--json")
    assert res.code == 0, res.err


def test_largest_whole_number_is_exact_in_float() -> None:
    assert float(MAX_WHOLE) == MAX_WHOLE
    assert float(MAX_WHOLE + 1) == MAX_WHOLE  # one more is no longer representable

"""Fuzzing the command line: malformed arguments for every verb, seeded and bounded.

Cases are generated from the CLI itself (every numeric and path option typer declares,
for every verb ``tigris --help`` lists), crossed with hostile values: numbers (0, -1,
nan, inf, 1e400, 2**63, fractions where whole numbers are due, empty, huge and
non-ASCII strings), unknown options and stray arguments, and bad paths (a FIFO, a
folder, ``/dev/full``, a missing file, a path under a regular file). Each case must end
with exit code 2 and one ``error:`` line per problem on stderr (or 0 where the value
happens to be valid, then with nothing on stderr), never a traceback, within
:data:`CASE_SECONDS`; ``--out`` never deletes or half-writes the files already there.

The default run takes a seeded, stratified sample of :data:`DEFAULT_CASES` cases
in-process (``tigris.cli.main``) plus a handful of real subprocesses; the whole set is
marked ``slow``. The planner's solve is replaced by a hand-made two-year result: the
fuzz targets argument handling, not the MILP.
"""

from __future__ import annotations

import functools
import json
import random
import shutil
import signal
import subprocess
import time
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from tests.conftest import CliResult
from tests.test_cli_output import snapshot, tiny_result
from tigris.cli import app
from tigris.fsio import TEMP_MARK

Run = Callable[..., CliResult]

#: Seed of the sample taken in the default run.
SEED = 20261201
#: Cases in the default (not ``slow``) run: >= 150 across every verb, in well under a
#: minute on one core.
DEFAULT_CASES = 200
#: Longest a single case may take [s] (a refusal is instant; a valid fab or die answer
#: takes well under a second; the bound catches hangs and runaway allocations).
CASE_SECONDS = 10
#: Verbs that must all be exercised (``tigris --help``).
VERBS = ("train", "infer", "die", "chip", "fab", "catalog", "plan", "report", "scenario")

#: A valid starting command line per verb (the fuzzed option is added or replaced).
BASE: dict[str, tuple[str, ...]] = {
    "train": ("train", "-m", "llama-3.1-405b"),
    "infer": (
        "infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10",
        "--prompt-tokens", "1000", "--output-tokens", "300",
    ),
    "die": ("die", "--width", "20", "--height", "20", "--d0", "0.1"),
    "chip": ("chip", "h100"),
    "fab": ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000"),
    "catalog": ("catalog",),
    "plan": ("plan",),
    "report": ("report", "{run}"),
    "scenario": ("scenario", "check", "{scenario}"),
    "compare": ("compare", "{scenario}", "{scenario}"),
    # every option parsed and checked, then a path the scenario lacks stops the sweep
    # before anything is solved or stored (a sweep that runs reports on stderr)
    "sweep": ("sweep", "{scenario}", "--set", "no-such-input=1", "--workers", "0"),
    # likewise: every option checked, then a disruption the scenario lacks stops the run
    "risk": ("risk", "{scenario}", "--disruption", "no-such-event", "--workers", "0"),
    # every option checked, then a host that is no address stops it before it listens
    "serve": ("serve", "{scenario}", "--host", "no_such_host!"),
}  # fmt: skip
#: Options an option needs beside it to be meaningful.
NEEDS: dict[str, tuple[str, ...]] = {
    "--spares": ("--units", "144"),
    "--units": ("--spares", "12"),
    "--unit-fraction": ("--units", "144", "--spares", "12"),
    "--critical-layers": ("--model", "bose-einstein"),
    "--alpha": ("--model", "negative-binomial"),
    "--layers": ("--seq-len", "8192", "--d-model", "16384"),
    "--seq-len": ("--layers", "126", "--d-model", "16384"),
    "--d-model": ("--layers", "126", "--seq-len", "8192"),
}

#: Values no numeric option accepts.
BAD_NUMBERS = (
    "-1", "nan", "inf", "-inf", "1e400", "", " ", "x" * 5000, "三", "1,5", "0x1p3", "1e",
    "--", "½", "NaN", "1e-400x",
)  # fmt: skip
#: Values some options accept and others refuse (exit 0 or 2, never anything else).
EDGE_NUMBERS = ("0", str(2**63), "1.5", "1e20", "3000000", "1e-300", "0.999999", "2025")
#: Options no verb has, stray words, malformed flags.
BAD_FLAGS = (
    ("--bogus", "1"), ("--JSON",), ("-z",), ("--json=yes",), ("stray",), ("--",  "x"),
    ("--help-me",), ("-\u00e9",),
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One command line and what must come of it."""

    kind: str  # stratum: number, edge, flag, path
    args: tuple[str, ...]
    must_fail: bool  # exit 2 required (else 0 or 2)
    names: str = ""  # text the error line must contain, if it fails

    def __str__(self) -> str:
        shown = " ".join(a if len(a) < 30 else a[:12] + "…" for a in self.args)
        return f"{self.kind}: {shown}"


def _options() -> Iterator[tuple[str, str, type]]:
    """(verb, flag, python type) of every option of every verb, from typer."""
    command = typer.main.get_command(app)
    for info in app.registered_commands:
        verb = info.name or ""
        hints = typing.get_type_hints(info.callback)  # type: ignore[arg-type]
        for param in command.commands[verb].params:  # type: ignore[attr-defined]
            flag = param.opts[0]
            if not flag.startswith("--"):
                continue
            kinds = set(typing.get_args(hints[param.name])) | {hints[param.name]}
            for kind in (int, float, Path):
                if kind in kinds:
                    yield verb, flag, kind


@functools.cache
def _flags(verb: str) -> set[str]:
    """Every option flag ``verb`` declares (once per verb: typer builds the whole command
    tree on each call, ~0.1 s, and the generator asks ~360 times)."""
    command = typer.main.get_command(app).commands[verb]  # type: ignore[attr-defined]
    return {opt for param in command.params for opt in param.opts}


def _with(verb: str, flag: str, value: str) -> tuple[str, ...]:
    args = list(BASE[verb])
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
        needs = NEEDS.get(flag, ())
        flags = [a for a in needs if a.startswith("--")]
        if all(f in _flags(verb) and f not in args for f in flags):
            args += list(needs)
    if flag == "--budget-usd":
        i = args.index("--wspm")
        del args[i : i + 2]
    return tuple(args)


def _bad_paths() -> dict[str, str]:
    """Placeholder -> description of each bad path (made real per test in tmp_path)."""
    return {
        "{fifo}": "a FIFO",
        "{dir}": "a folder",
        "/dev/full": "a device",
        "{missing}": "a missing file",
        "{under_file}": "a path under a regular file",
    }


#: Path options that name input files (must exist and be regular).
INPUT_PATHS = {"--accelerators", "--data"}


def all_cases() -> list[Case]:
    """Every generated case, in a fixed order."""
    cases: list[Case] = []
    for verb, flag, kind in _options():
        if kind is Path:
            for placeholder in _bad_paths():
                must = flag in INPUT_PATHS or placeholder in ("{fifo}", "/dev/full")
                must = must or placeholder == "{under_file}"
                if flag in ("--plot", "--report", "--html") and placeholder == "{dir}":
                    must = True
                cases.append(Case("path", _with(verb, flag, placeholder), must, flag))
            continue
        for value in BAD_NUMBERS:
            cases.append(Case("number", _with(verb, flag, value), True, flag))
        for value in EDGE_NUMBERS:
            cases.append(Case("edge", _with(verb, flag, value), False, flag))
    for verb in VERBS:
        for bad in BAD_FLAGS:
            if verb == "plan" and bad[0] in ("stray", "--"):
                continue  # plan's argument is a scenario file: covered by the path cases
            cases.append(Case("flag", (*BASE[verb], *bad), True))
            cases.append(Case("flag", (*BASE[verb], *bad, "--json"), True))
    for placeholder in _bad_paths():
        cases.append(Case("path", ("scenario", "check", placeholder), True))
        cases.append(Case("path", ("report", placeholder), True))
        cases.append(Case("path", ("catalog", "h100", "--accelerators", placeholder), True))
    return cases


def sample(cases: list[Case], n: int, seed: int) -> list[Case]:
    """A seeded sample of ``n`` cases, stratified so every verb and kind appears."""
    rng = random.Random(seed)
    strata: dict[tuple[str, str], list[Case]] = {}
    for case in cases:
        strata.setdefault((case.kind, case.args[0]), []).append(case)
    picked = [rng.choice(group) for group in strata.values()]
    rest = [c for c in cases if c not in picked]
    picked += rng.sample(rest, max(0, n - len(picked)))
    return picked


ALL = all_cases()
DEFAULT = sample(ALL, DEFAULT_CASES, SEED)


def test_generator_covers_every_verb_and_enough_cases() -> None:
    assert len(DEFAULT) >= 150
    assert {c.args[0] for c in DEFAULT} >= set(VERBS)
    assert {c.kind for c in DEFAULT} == {"number", "edge", "flag", "path"}
    assert len(ALL) >= 3 * DEFAULT_CASES


@pytest.fixture
def only_with_m_slow(request: pytest.FixtureRequest) -> None:
    """Skip (before any other fixture is set up) unless ``-m`` selects ``slow``."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("the full fuzz set runs with -m slow")


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Placeholders made real: a saved run, a scenario, a FIFO, a folder, a file..."""
    import os

    monkeypatch.chdir(tmp_path)  # a path of "" or "." lands here, never in the repo
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: tiny_result())
    # the report's rendering is tested elsewhere; here a stand-in writes one small file
    monkeypatch.setattr("tigris.report.write_html", lambda t, p, **k: Path(p).write_text("x"))
    monkeypatch.setattr(
        "tigris.report.write_pngs",
        lambda t, d, **k: [Path(d, "demand.png").write_bytes(b"x") and Path(d, "demand.png")],
    )
    run = tmp_path / "run"
    tiny_result().write(run)
    scenario = tmp_path / "scenario.yaml"
    from tigris.scenario import reference_scenario_text

    scenario.write_text(reference_scenario_text(), encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "folder").mkdir()
    (tmp_path / "afile").write_text("x")
    return {
        "{run}": str(run),
        "{scenario}": str(scenario),
        "{fifo}": str(fifo),
        "{dir}": str(tmp_path / "folder"),
        "{missing}": str(tmp_path / "missing" / "nothing.yaml"),
        "{under_file}": str(tmp_path / "afile" / "x.png"),
    }


class _HangError(Exception):
    """A case ran past its time bound."""


def _alarm(signum: int, frame: object) -> None:
    raise _HangError


def check_case(run_cli: Run, world: dict[str, str], case: Case) -> None:
    """Run ``case`` in-process and check the contract (see the module docstring)."""
    args = [world.get(a, a) for a in case.args]
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_SECONDS)
    start = time.perf_counter()
    try:
        res = run_cli(*args)
    except _HangError:
        pytest.fail(f"{case}: no answer within {CASE_SECONDS} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert time.perf_counter() - start < CASE_SECONDS, str(case)
    assert "Traceback" not in res.err + res.out, (str(case), res.err[-2000:])
    assert res.code in ((2,) if case.must_fail else (0, 2)), (str(case), res.code, res.err)
    lines = res.err.splitlines()
    if res.code == 0:
        assert res.err == "", (str(case), res.err)  # success is quiet on stderr
        return
    assert 1 <= len(lines) <= 3, (str(case), res.err)  # one per problem
    assert all(ln.startswith("error: ") for ln in lines), (str(case), res.err)
    if case.names and case.kind == "number":  # an edge value may fail downstream
        assert case.names in res.err, (str(case), res.err)
    if "--json" in args:
        doc = json.loads(res.out)
        assert doc["error"]["messages"] == [ln.removeprefix("error: ") for ln in lines]
    else:
        assert res.out == "", (str(case), res.out[:200])


@pytest.mark.parametrize("case", DEFAULT, ids=str)
def test_fuzz_cli(run_cli: Run, world: dict[str, str], case: Case) -> None:
    check_case(run_cli, world, case)


#: The default cases as a set: membership by hash, not a scan of the list per case.
_IN_DEFAULT = set(DEFAULT)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in ALL if c not in _IN_DEFAULT], ids=str)
def test_fuzz_cli_all(
    only_with_m_slow: None, run_cli: Run, world: dict[str, str], case: Case
) -> None:
    """The rest of the set (minutes): runs with ``-m slow`` only, as the default run
    (which does not deselect ``slow``) must stay bounded."""
    check_case(run_cli, world, case)


@pytest.mark.parametrize(
    "extra",
    [
        ("--time-limit", "nan"),
        ("--mip-gap", "1"),
        ("--report", "{dir}"),
        ("--png", "{under_file}"),
        ("--report", "/dev/full"),
        ("--bogus",),
        ("--relax", "--json", "--mip-gap", "-0.5"),
    ],
)
def test_out_never_touched_by_a_failing_run(
    run_cli: Run, world: dict[str, str], extra: tuple[str, ...]
) -> None:
    """An earlier run plus a user's file in ``--out DIR``: a run that fails leaves both
    byte-for-byte as they were, and no temporary litter."""
    out = Path(world["{run}"])
    (out / "my-notes.txt").write_text("keep me")
    before = snapshot(out)
    res = run_cli("plan", "--out", str(out), *[world.get(a, a) for a in extra])
    assert res.code == 2, res.err
    assert snapshot(out) == before
    assert not [p for p in out.parent.rglob("*") if TEMP_MARK in p.name]


TIGRIS = shutil.which("tigris") or ""


@pytest.mark.skipif(not TIGRIS, reason="console script not on PATH")
@pytest.mark.parametrize(
    "args",
    [
        ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--years", "3000000"),
        ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--start-year", "1e20"),
        ("plan", "{fifo}"),
        ("plan", "{dir}"),
        ("plan", "/dev/full"),
        ("report", "{dir}"),
        ("die", "--width", "1e400", "--height", "5", "--d0", "0.1", "--json"),
    ],
)
def test_fuzz_subprocess(world: dict[str, str], args: tuple[str, ...]) -> None:
    """The installed console script, end to end: exit 2, one line, no traceback."""
    argv = [TIGRIS, *[world.get(a, a) for a in args]]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ")
    assert "Traceback" not in proc.stderr

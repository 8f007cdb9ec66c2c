"""Shared fixtures: run the real CLI entry point and capture what it prints; the
hand-built plan of ``tests/test_report.py`` and its rendered report; the reference
solved once per session."""

from __future__ import annotations

import atexit
import csv
import json
import os
import pickle
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

try:
    import fcntl
except ImportError:  # not on Windows: each worker computes its own (once_per_run)
    fcntl = None  # type: ignore[assignment]

#: The terminal the suite runs in must not set the width of tigris's output: rich reads
#: ``COLUMNS`` (and ``LINES``) once, when a console is made at import, and pytest-xdist's
#: workers inherit ``COLUMNS=80``, which would freeze every console at 80 columns, so a
#: test's own ``monkeypatch.setenv("COLUMNS", ...)`` would change nothing. Removed here,
#: before anything imports ``tigris.cli`` (imported in the fixtures below, not at the top).
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

#: Property tests draw a seeded sample (the house rule: a bounded, seeded sample of long
#: fuzzing in the default run), so CI gives the same examples on every run: an unseeded
#: draw found a budget below N2's smallest fab at taiwan once in many runs, where an
#: out-of-date message assertion failed (2026-12-05). ``database=None``: nothing written
#: into a clean clone. A test's own ``@settings`` still sets its example count.
settings.register_profile("tigris", derandomize=True, database=None)
settings.load_profile("tigris")

#: Every run the tests store (``tigris plan``, sweeps) goes to a throw-away store, never
#: the user's (``docs/runs.md``); subprocesses inherit it. Tests of the default location
#: unset it themselves.
_TEST_STORE = Path(tempfile.mkdtemp(prefix="tigris-test-store-")) / "runs.duckdb"
os.environ["TIGRIS_STORE"] = str(_TEST_STORE)
atexit.register(shutil.rmtree, _TEST_STORE.parent, ignore_errors=True)  # none left in /tmp

if TYPE_CHECKING:
    from tests.test_report import HandResult

#: A small scenario (4 years, two candidate sites, given as text): solves in about a
#: second. The test modules that need a variant derive it with :func:`replaced`.
#: Its existing N5 logic is 19k wspm (20k until 2026-12): packaging.csv's mature CoWoS-L
#: yield went 0.90 -> 0.95 then, so a B200 takes 0.90/0.95 of the logic wafers it did,
#: and 19k keeps the logic output (and the high-demand future's late logic build in
#: tests/test_risk_cli.py) where it was.
SMALL = textwrap.dedent(
    """\
    name: small
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2029}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 2
        h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}
      - name: fine-tuning
        priority: 1
        h100e_by_year: {2026: 1.0e6}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 19000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}           # 2M HBM stacks a month at 20 good stacks per DRAM wafer
    facilities:
      - kind: logic
        node: N4
      - kind: cowos
      - kind: hbm
    sites:
      - name: taiwan
        max_modules: 3
      - name: japan
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


def replaced(text: str, *pairs: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` of ``pairs`` replaced in turn.

    Every ``old`` must occur, so a variant of :data:`SMALL` fails loudly rather than
    silently becoming the base scenario when the base changes.
    """
    for old, new in pairs:
        assert old in text, f"{old!r} is not in the scenario text"
        text = text.replace(old, new)
    return text


#: :data:`SMALL` over 3 years (2026-2028) with one candidate site (``japan``, up to 3
#: modules) and one demand class (``training``, 8e6 H100e in 2028): solves in well
#: under a second. Its existing CoWoS is 17k wspm (SMALL's 20k less 15 %), so 2028's
#: demand is ~14 % above what the existing lines make (6.9M H100e at packaging.csv's
#: CoWoS-L yields of 2026-12) and the plan must build; at 20k the margin was 4 %, and
#: 2026-12's mature CoWoS-L yield 0.90 -> 0.95 closed it.
SMALL_3Y = replaced(
    SMALL,
    ("last_year: 2029}", "last_year: 2028}"),
    ("cowos_wspm: {2026: 20000}", "cowos_wspm: {2026: 17000}"),
    ("{2026: 4.0e6, 2029: 8.0e6}", "{2026: 4.0e6, 2028: 8.0e6}"),
    ("  - name: fine-tuning\n    priority: 1\n    h100e_by_year: {2026: 1.0e6}\n", ""),
    (
        "  - name: taiwan\n    max_modules: 3\n  - name: japan\n",
        "  - name: japan\n    max_modules: 3\n",
    ),
)


#: :data:`SMALL_3Y` with two distributions, the discount rate uniform on 6-10 % and the
#: PUE triangular (1.1, 1.2, 1.4): the scenario of the risk tests whose member solves
#: are wrapped to stop or fail (tests/test_s38_risktl*.py, tests/test_s38_review_risktl.py,
#: tests/test_s39_risk*.py), read through :func:`uncertain_file`.
UNCERTAIN = (
    SMALL_3Y
    + """\
distributions:
  discount_rate: {dist: uniform, low: 0.06, high: 0.10, source: "test"}
  pue: {dist: triangular, low: 1.1, mode: 1.2, high: 1.4, source: "test"}
"""
)


@pytest.fixture
def uncertain_file(tmp_path: Path) -> Path:
    """:data:`UNCERTAIN` written to a scenario file."""
    path = tmp_path / "uncertain.yaml"
    path.write_text(UNCERTAIN)
    return path


@dataclass
class CliResult:
    """Exit code and captured output of one ``tigris`` invocation."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Parse stdout as one JSON document (fails the test if it is not)."""
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Call ``tigris.cli.main`` with the given arguments; return a :class:`CliResult`."""

    from tigris.cli import main

    def _run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run


def assert_one_line_error(res: CliResult, *needles: str) -> None:
    """Bad input: exit code 2, nothing on stdout, one line on stderr naming ``needles``."""
    assert res.code == 2, (res.code, res.out, res.err)
    assert res.out == ""
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    assert "Traceback" not in res.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


#: The repository's benchmark scripts (not a package: loaded by path).
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` imported as module ``name`` (registered in
    ``sys.modules``, where dataclasses look their module up), so tests can call the
    benchmarks' own functions."""
    spec = spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def kv_cells(out: str) -> dict[str, list[str]]:
    """Each row of a printed key-value table (``tigris fab``, ``die``, ``chip``) by its
    label (indent stripped), the cells of its wrapped lines joined."""
    rows: dict[str, list[str]] = {}
    last: list[str] | None = None
    for ln in out.splitlines():
        if "│" not in ln:
            continue
        cells = [c.strip() for c in ln.strip().strip("│").split("│")]
        if cells[0]:
            last = rows.setdefault(cells[0], cells)
        elif last is not None:
            for i, c in enumerate(cells):
                if c and i < len(last):
                    last[i] = f"{last[i]} {c}".strip()
    return rows


def data_table(name: str) -> list[dict[str, str]]:
    """The shipped ``data/<name>.csv`` read as text, independently of the code under test."""
    text = resources.files("tigris.data").joinpath(f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def write_scenario(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    """``text`` written to ``tmp_path/name``; its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of ``path`` containing ``needle``; lines end
    at LF alone, as a file's do (``str.splitlines`` also breaks at U+2028 and NEL)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, ln in enumerate(lines, start=1) if needle in ln)


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]
) -> Any:
    """``make(folder)`` once for the whole test run, not once per xdist worker.

    The first worker to ask computes it (holding a lock on the run's shared temporary
    folder, which every worker's own folder sits in) and leaves it pickled there; a
    worker asking later loads it (a reference solve takes seconds, and with
    ``--dist loadfile`` every worker asked for each of these fixtures: about 40 s of
    the suite's worker time, 2026-12-06). A worker that asks while the first computes
    waits, as it would have computed. ``folder`` is a folder of the shared temporary
    folder for the files ``make`` writes, kept until the run ends, emptied before
    ``make`` runs (a worker that failed or died there may have left files), with the
    store of the runs ``make`` makes in it (so every worker reads the same store's run
    ids in what it wrote, not the computing worker's own store). Every name carries
    the run's id (``PYTEST_XDIST_TESTRUNUID``): the parent folder is shared by all runs
    for workers xdist gives no temporary folder of their own (remote ones), and a
    pickle of an earlier run must never be read. Without xdist, without the run's id
    or without ``fcntl``, ``make`` runs in this process's own temporary folder.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if os.environ.get("PYTEST_XDIST_WORKER") is None or not run or fcntl is None:
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent  # the run's folder, shared by workers
    key = f"{name}-{run}"
    saved = root / f"{key}.pickle"
    with (root / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if saved.is_file():
            return pickle.loads(saved.read_bytes())
        folder = root / key
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TIGRIS_STORE", str(folder / "runs.duckdb"))
            value = make(folder)
        part = saved.with_suffix(".part")
        part.write_bytes(pickle.dumps(value))
        part.replace(saved)  # whole or absent: a failed make leaves nothing to load
        return value


@pytest.fixture(scope="session")
def reference_made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``tigris plan --out D/run --report D/report.html --json`` on the reference scenario
    (:func:`plan_with_report`), once per test run (:func:`once_per_run`) through the CLI
    entry point (a reference solve takes seconds): tests/test_report_reference.py reads
    the saved run and the report, :func:`reference_plan_json` the document on stdout."""
    return once_per_run(tmp_path_factory, "reference", lambda d: plan_with_report(d, png=False))


@pytest.fixture(scope="session")
def reference_plan_json(reference_made: dict[str, Any]) -> str:
    """What ``tigris plan --json`` prints for the reference scenario: the stdout of
    :func:`reference_made` (``--out`` and ``--report`` only write files; stdout holds the
    one JSON document, tests/test_report_reference.py::test_plan_json_only_on_stdout),
    so the session solves the reference through the CLI once: issue 11's and issue 12's
    must-shows read it (tests/test_finance_result.py, tests/test_power_result.py),
    tests/test_plan_cli.py, and the reference's baseline and plan in
    tests/test_readme_commands.py and tests/test_s35_journo_b_roadmap.py (each solved
    the reference again before). A failing run fails every test that reads it."""
    assert reference_made["code"] == 0, reference_made["err"]
    return reference_made["out"]


@pytest.fixture(scope="session")
def reference_plan_text(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """What ``tigris plan --no-store`` prints for the reference scenario (code, stdout,
    stderr), through ``tigris.cli.main`` once per test run (:func:`once_per_run`; a
    reference solve with its explanations takes ~6 s): the tests that read the
    reference's printout share it (tests/test_readme_commands.py,
    tests/test_s36_lead_gas_cli.py, tests/test_s36_lead_power_caption.py,
    tests/test_s36_mut_kills.py, tests/test_s36_newbie_terms.py,
    tests/test_w7_out_plan_text.py; each solved it again before, s39). Read it, never
    change it."""
    import contextlib
    import io

    from tigris.cli import main

    def make(_folder: Path) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["plan", "--no-store"])
        return CliResult(code, out.getvalue(), err.getvalue())

    return once_per_run(tmp_path_factory, "reference-text", make)


@pytest.fixture(scope="session")
def reference_solved(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``tigris.plan.solve(explain_result=False)``: the reference scenario solved as
    ``tigris plan`` solves it (the world without the investor too), without
    explanations; once per test run (:func:`once_per_run`; a reference solve takes
    seconds). Read it, never change it: tests/test_counterfactual.py,
    tests/test_plan_explain_headline.py and tests/test_plan_npv.py share it."""
    from tigris.plan import solve

    return once_per_run(tmp_path_factory, "reference-solved", lambda _: solve(explain_result=False))


@pytest.fixture(scope="session")
def reference_explained(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``tigris.plan.solve()``: the reference scenario solved with solve()'s defaults
    (explanations and the world without the investor), as ``tigris plan`` solves it;
    once per test run (:func:`once_per_run`; a reference solve takes seconds). Read it,
    never change it: tests/test_plan_explain_claims.py and tests/test_report_browser.py
    share it."""
    from tigris.plan import solve

    return once_per_run(tmp_path_factory, "reference-explained", lambda _: solve())


def plan_with_report(d: Path, *scenario: Path, png: bool) -> dict[str, Any]:
    """``tigris plan [SCENARIO] --out d/run --report d/report.html [--png d/png] --json``
    through ``tigris.cli.main``, stdout and stderr captured and the report's progress
    console made a terminal writing to a buffer (a real stderr in a terminal would show
    the bar; captured stderr shows none): ``dir``, ``code``, ``out``, ``err``, ``bar``,
    ``html`` and its plotly ``traces``."""
    import contextlib
    import io

    from rich.console import Console

    from tests.test_report import html_traces
    from tigris.cli import main

    out, err, bar = io.StringIO(), io.StringIO(), io.StringIO()
    args = ["plan", *scenario, "--out", d / "run", "--report", d / "report.html"]
    if png:
        args += ["--png", d / "png"]
    terminal = Console(file=bar, force_terminal=True, width=120)
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr("tigris.cli.report.err_console", terminal)
        code = main([str(a) for a in [*args, "--json"]])
    html = (d / "report.html").read_text(encoding="utf-8")
    return {
        "dir": d,
        "code": code,
        "out": out.getvalue(),
        "err": err.getvalue(),
        "bar": bar.getvalue(),
        "html": html,
        "traces": html_traces(html),
    }


#: The class of :data:`SMALL` renamed in a script DejaVu Sans lacks, for
#: :func:`small_png_run` (the PNGs draw it as boxes; matplotlib must not warn).
JAPANESE_CLASS = "日本"


@pytest.fixture(scope="session")
def small_png_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """:func:`plan_with_report` with ``--png`` of :data:`SMALL` with its fine-tuning class
    named :data:`JAPANESE_CLASS`, once per session (a solve and 15 PNGs, ~4 s):
    tests/test_report_reference.py checks its PNGs and progress bar,
    tests/test_plan_cli.py its quiet stderr. Read it, never change it."""
    text = replaced(SMALL, ("name: fine-tuning", f"name: {JAPANESE_CLASS}"))

    def make(d: Path) -> dict[str, Any]:
        return plan_with_report(d, write_scenario(d, text, "small.yaml"), png=True)

    return once_per_run(tmp_path_factory, "small-png", make)


@pytest.fixture(scope="module")
def hand() -> HandResult:
    """The hand-built plan of ``tests/test_report.py`` (one per test module)."""
    from tests.test_report import hand_result

    return hand_result()


@pytest.fixture(scope="session")
def html_text() -> str:
    """The HTML report of the hand-built plan (:func:`hand`'s), rendered once per test
    session (a render takes ~0.4 s; tests/test_report.py, test_report_supply.py and
    test_power_result.py read it, never change it)."""
    from tests.test_report import hand_result
    from tigris.report import render_html

    return render_html(hand_result())


#: A fixed building part for the campus tests only [USD of 2020]. The shipped
#: ``building_fixed_usd`` is 0 since the building fit of 2026-12-03 (docs/fab.md, rule
#: 975cacf), which makes campus sharing a no-op; these tests check the mechanism with the
#: pre-fit US$2B so that they can fail.
TEST_FIXED_BUILDING_USD = 2.0e9


@pytest.fixture
def a_fixed_building(monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:
    """The model's ``building_fixed_usd`` read as :data:`TEST_FIXED_BUILDING_USD`."""
    import tigris.fab.model as model

    real = model.fab_param

    def patched(name: str, node: str = "all", site: str = "all") -> float:
        return TEST_FIXED_BUILDING_USD if name == "building_fixed_usd" else real(name, node, site)

    model._derived_rate.cache_clear()  # rates are residuals of the building
    monkeypatch.setattr(model, "fab_param", patched)
    yield TEST_FIXED_BUILDING_USD
    monkeypatch.undo()
    model._derived_rate.cache_clear()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A run store holding one small run (SMALL's scenario, a tiny result): the store's
    path and the run's id."""
    from tests.test_cli_output import tiny_result
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    rid = RunStore(path).add(RunRecord("plan", to_yaml(load_any(SMALL)), "t"), tiny_result())
    return path, rid


@pytest.fixture
def edited_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped tables (``tigris.data``) the test may edit, read in place
    of the package's: the folder, its caches of shipped rows and parts cleared before
    and after (tests/test_s37_data_tables.py, test_s50_dev_*.py)."""
    import shutil

    import tigris.data
    from tigris.catalog import _shipped_parts

    root = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("tigris.data"))), root)

    class _Files:
        @staticmethod
        def files(_name: str) -> Path:
            return root

    def clear() -> None:
        tigris.data._shipped_rows.cache_clear()
        _shipped_parts.cache_clear()

    clear()
    monkeypatch.setattr(tigris.data, "resources", _Files)
    yield root
    monkeypatch.undo()
    clear()


@pytest.fixture
def one_run(tmp_path: Path) -> tuple[Path, str]:
    """A store of this test's own with one small run of :data:`SMALL`: its path and
    the run's id (tests/test_s62_bad_input.py, tests/test_s63_non_utf8.py)."""
    from tests.test_cli_output import tiny_result
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    path = tmp_path / "store" / "runs.duckdb"
    path.parent.mkdir()
    rid = RunStore(path).add(RunRecord("plan", to_yaml(load_any(SMALL)), "t"), tiny_result())
    return path, rid

"""Quick verbs start quickly: they do not import the heavy layers they do not use.

A wall-clock limit would be flaky on a shared machine; which modules a run imports is
not. Each verb runs in a fresh interpreter through the real entry point, which then
reports the top-level packages it loaded. Timing itself is in
``benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import load_benchmark

#: Packages the quick verbs must not import: the planner's (xarray, linopy, highspy),
#: the report's (plotly, matplotlib) and pandas (only for frames and the planner).
HEAVY = ("pandas", "xarray", "linopy", "highspy", "plotly", "matplotlib", "scipy")

_PROBE = """
import json, sys
from tigris.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


#: The benchmark's verbs (``benchmarks/bench_startup.py``, one list for both), and two
#: ``--json`` runs.
def _bench_verbs() -> dict[str, tuple[str, ...]]:
    return load_benchmark("bench_startup").VERBS


QUICK = {
    **_bench_verbs(),
    "fab --json": ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--json"),
    "train --json": ("train", "--model", "llama-3.1-405b", "--json"),
    # help registers every verb module (plan, report, ...): each must defer its layer
    "--help": ("--help",),
    "plan --help": ("plan", "--help"),
    "hindcast --help": ("hindcast", "--help"),
}


def _loaded(*args: str) -> tuple[int, set[str]]:
    """Exit code and top-level packages imported by one ``tigris`` run in a new process."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    last = proc.stdout.strip().splitlines()[-1]
    report = json.loads(last)
    return report["code"], set(report["modules"])


@pytest.mark.parametrize("verb", list(QUICK))
def test_quick_verbs_skip_heavy_packages(verb: str) -> None:
    code, modules = _loaded(*QUICK[verb])
    assert code == 0
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_probe_sees_heavy_packages_when_used(tmp_path) -> None:
    # The check above can fail: a verb that builds the planner's inputs loads pandas,
    # and the probe sees it.
    from tigris.scenario import reference_scenario_text

    path = tmp_path / "ref.yaml"
    path.write_text(reference_scenario_text(), encoding="utf-8")
    code, modules = _loaded("scenario", "check", str(path))
    assert code == 0
    assert "pandas" in modules


def test_world_package_import_is_lazy() -> None:
    # tigris.world re-exports lazily (contract of issue 10): importing the package loads
    # none of its submodules (incumbent tables, roadmap, demand, the hindcast's planner)
    # and no heavy package, so a verb that only names it starts quickly.
    code = "import json, sys, tigris.world\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "tigris.world" in modules
    assert not {m for m in modules if m.startswith("tigris.world.")}
    assert not {m for m in modules if m.startswith("tigris.plan")}
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)

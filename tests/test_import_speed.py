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

#: Packages the quick verbs must not import: the planner's (xarray, linopy, highspy),
#: the report's (plotly, matplotlib) and pandas (only for frames and the planner).
HEAVY = ("pandas", "xarray", "linopy", "highspy", "plotly", "matplotlib", "scipy")

_PROBE = """
import json, sys
from tigris.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""

QUICK = {
    "train": ("train", "--params", "405e9", "--tokens", "15.6e12", "--count", "16384"),
    "infer": (
        "infer",
        "-m",
        "llama-3.1-405b",
        "--tokens-per-day",
        "1e10",
        "--prompt-tokens",
        "1000",
        "--output-tokens",
        "300",
    ),
    "die": ("die", "--width", "26", "--height", "33", "--node", "N5"),
    "chip": ("chip", "h100"),
    "fab": ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--years", "4"),
    "catalog": ("catalog",),
    "fab --json": ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--json"),
    "train --json": ("train", "--model", "llama-3.1-405b", "--json"),
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
    args = list(QUICK[verb])
    if verb == "train":
        args += ["--mfu", "0.4"]
    code, modules = _loaded(*args)
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

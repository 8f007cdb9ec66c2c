"""A job manager (or ``create_app``) made at a script's unguarded top level is refused
with one line (user test s48 serve #2: docs/serve.md's ``JobManager`` example, run as
``python jm.py``, spawned workers that ran the script again, "An attempt has been made
to start a new process before the current process has finished its bootstrapping
phase", then ``TypeError: 'NoneType' object is not subscriptable``); the doc's example,
now under ``if __name__ == "__main__":``, runs as a script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y

ROOT = Path(__file__).resolve().parents[1]
#: Longest a script here may take: a worker's start and a small solve [s].
SCRIPT_TIMEOUT_S = 240

UNGUARDED_JOBS = """\
from tigris.serve.jobs import JobManager

jobs = JobManager(workers=1, compute="tigris.serve._stub:work")
key = jobs.submit("s", {"scenario_yaml": "tag: hi"})
print(jobs.wait(key, timeout=60)["view"]["tag"])
jobs.close()
"""
UNGUARDED_APP = """\
from tigris.serve.app import create_app

app = create_app(None, workers=1)
"""


def run_python(
    args: list[str], cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in ``cwd`` with a store of its own there (and ``env`` added),
    failing the test if it outlasts :data:`SCRIPT_TIMEOUT_S`."""
    env = {**os.environ, "TIGRIS_STORE": str(cwd / "runs.duckdb"), **(env or {})}
    try:
        return subprocess.run(
            [sys.executable, *args],
            cwd=cwd,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=SCRIPT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # the old failure could hang
        pytest.fail(f"the script did not end within {SCRIPT_TIMEOUT_S} s: {exc.stderr!r}")


@pytest.mark.parametrize(("script", "line"), [(UNGUARDED_JOBS, 3), (UNGUARDED_APP, 3)])
def test_an_unguarded_script_is_refused_in_one_line(tmp_path: Path, script: str, line: int) -> None:
    path = tmp_path / "jm.py"
    path.write_text(script, encoding="utf-8")
    res = run_python([str(path)], tmp_path)
    assert res.returncode != 0, res.stdout
    assert "bootstrapping" not in res.stderr
    assert "not subscriptable" not in res.stderr
    assert f"{path}:{line}:" in res.stderr
    assert "`if __name__ == '__main__':`" in res.stderr
    assert "JobManager" in res.stderr.splitlines()[-1]


def test_a_script_piped_in_is_refused(tmp_path: Path) -> None:
    res = run_python(["-"], tmp_path, stdin=UNGUARDED_JOBS)
    assert res.returncode != 0
    assert "bootstrapping" not in res.stderr
    assert "'<stdin>'" in res.stderr and "JobManager" in res.stderr.splitlines()[-1]


def test_the_docs_example_runs_as_a_script(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    head = doc.index("From Python (the page does the same through its callbacks)")
    code = re.search(r"```python\n(.*?)```", doc[head:], re.DOTALL)
    assert code is not None
    assert 'if __name__ == "__main__":' in code.group(1)
    (tmp_path / "my.yaml").write_text(SMALL_3Y, encoding="utf-8")
    (tmp_path / "jm.py").write_text(code.group(1), encoding="utf-8")
    res = run_python(["jm.py"], tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "bootstrapping" not in res.stderr
    state, sentence = res.stdout.splitlines()[:2]
    assert state in {"queued", "running"} and sentence

"""The job manager's main-guard checks hold whatever Dask's multiprocessing method:
its workers are always spawned, but the checks it reuses skip themselves when Dask is
set to ``fork`` (review of s48 serve #2: with
``DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD=fork`` the unguarded script failed
the old way, "bootstrapping" and "not subscriptable")."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.test_s48_serve_main_guard import UNGUARDED_APP, UNGUARDED_JOBS, run_python

FORK = {"DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD": "fork"}


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_python(args, cwd, stdin, env=FORK)


@pytest.mark.parametrize(("script", "line"), [(UNGUARDED_JOBS, 3), (UNGUARDED_APP, 3)])
def test_an_unguarded_script_is_refused_with_dask_set_to_fork(
    tmp_path: Path, script: str, line: int
) -> None:
    path = tmp_path / "jm.py"
    path.write_text(script, encoding="utf-8")
    res = _run([str(path)], tmp_path)
    assert res.returncode != 0, res.stdout
    assert "bootstrapping" not in res.stderr
    assert "not subscriptable" not in res.stderr
    assert f"{path}:{line}:" in res.stderr
    assert "JobManager" in res.stderr.splitlines()[-1]


def test_a_script_piped_in_is_refused_with_dask_set_to_fork(tmp_path: Path) -> None:
    res = _run(["-"], tmp_path, stdin=UNGUARDED_JOBS)
    assert res.returncode != 0
    assert "bootstrapping" not in res.stderr
    assert "'<stdin>'" in res.stderr and "JobManager" in res.stderr.splitlines()[-1]


def test_the_setting_is_left_as_it_was() -> None:
    import dask.config

    from tigris.serve.jobs import check_main_guard

    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
        check_main_guard()  # pytest's main module is not a script's top level
        assert dask.config.get("distributed.worker.multiprocessing-method") == "fork"

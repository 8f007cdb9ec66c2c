"""A stored run identifies its code and data (UT-REPRO #3): git commit, python and key
package versions, each data file's SHA-256 and a ``--data`` overlay's text.

Each expected value is found here independently of tigris: git run by the test, the
files' bytes hashed with hashlib, versions from importlib.metadata.
"""

from __future__ import annotations

import hashlib
import platform
import shutil
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

import tigris
from tigris.data import using_overlay
from tigris.overlay import load_overlay
from tigris.runs import provenance
from tigris.runs.store import RunRecord, RunStore

DATA = Path(tigris.__file__).resolve().parent / "data"
OVERLAY = """\
sites:
  - name: india
    based_on: taiwan
    source: "Example for a test"
    as_of: 2025-01-01
"""


def _record() -> RunRecord:
    return RunRecord(kind="plan", scenario_yaml="name: x\n", scenario_name="x")


def _shipped() -> dict[str, str]:
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in DATA.iterdir()
        if f.is_file() and f.suffix in (".csv", ".yaml")
    }


def test_stored_run_names_commit_versions_and_every_data_file(tmp_path: Path) -> None:
    st = RunStore(tmp_path / "s.duckdb")
    rec = st.record(st.add(_record()))
    prov = rec["provenance"]
    # the git commit, as git itself says (this test runs from a checkout)
    pkg = Path(tigris.__file__).resolve().parent
    if shutil.which("git") and (pkg.parents[1] / ".git").exists():
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=pkg, capture_output=True, text=True, check=True
        ).stdout.strip()
        assert prov["git_commit"] == head
        assert isinstance(prov["git_dirty"], bool)
    assert prov["python"] == platform.python_version()
    for name in ("numpy", "pandas", "linopy", "highspy", "pydantic"):
        assert prov["packages"][name] == metadata.version(name)
    # every shipped table, each with the SHA-256 of its bytes
    got = {f["name"]: f["sha256"] for f in prov["data_files"] if f["origin"] == "package"}
    assert got == _shipped()
    assert len(got) > 40
    assert prov["overlay"] is None


def test_overlay_text_is_stored_and_outlives_the_file(
    tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    ov = tmp_path / "ov.yaml"
    ov.write_text(OVERLAY, encoding="utf-8")
    st = RunStore(tmp_path / "s.duckdb")
    with using_overlay(load_overlay(ov)):
        rid = st.add(_record())
    ov.write_text("sites: []\n", encoding="utf-8")  # edited after the run: the store knows
    ov.unlink()
    prov = st.record(rid)["provenance"]
    assert prov["overlay"]["text"] == OVERLAY
    assert prov["overlay"]["sha256"] == hashlib.sha256(OVERLAY.encode()).hexdigest()
    assert prov["overlay"]["file"] == str(ov.resolve())
    files = {f["name"]: f for f in prov["data_files"]}
    assert files[str(ov.resolve())]["sha256"] == prov["overlay"]["sha256"]
    assert files[str(ov.resolve())]["origin"] == "overlay"
    # runs show --data prints it back as it was
    res = run_cli("runs", "show", rid, "--data", "--store", tmp_path / "s.duckdb")
    assert res.code == 0, res.err
    assert res.out == OVERLAY


def test_runs_show_prints_them(
    tmp_path: Path, run_cli: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # a hash per line, unwrapped
    st = RunStore(tmp_path / "s.duckdb")
    rid = st.add(_record())
    res = run_cli("runs", "show", rid, "--store", tmp_path / "s.duckdb")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    prov = st.record(rid)["provenance"]
    assert f"git_commit │ {prov['git_commit']}" in flat
    assert f"package.highspy │ {metadata.version('highspy')}" in flat
    sha = _shipped()["sites.csv"]
    assert f"data_file.sites.csv │ sha256 {sha}" in flat
    # no --data file: --data says so in one line
    res = run_cli("runs", "show", rid, "--data", "--store", tmp_path / "s.duckdb")
    assert res.code == 2 and "without a --data file" in res.err


def test_not_a_checkout_is_unknown_never_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "__init__.py").write_text("", encoding="utf-8")
    provenance.git_state.cache_clear()
    try:
        assert provenance.git_state(str(tmp_path)) == ("unknown", None)
        monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
        provenance.git_state.cache_clear()
        assert provenance.git_state() == ("unknown", None)
        assert provenance.run_provenance()["git_commit"] == "unknown"
    finally:
        provenance.git_state.cache_clear()

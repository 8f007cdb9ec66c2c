"""``tigris plan --from-run`` compares the inputs before the results (UT-REPRO #4).

It said "matches the stored result" after the ``--data`` file or a shipped table was
edited, with a different ``input_hash`` and no word about it. The inputs here are
really changed (a file edited on disk, a shipped table edited in a copy of the
package), and the expected phrases name what was edited.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import tigris

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
OVERLAY = """\
sites:
  - name: india
    based_on: taiwan
    source: "Example for a test"
    as_of: 2025-01-01
"""
MATCH = "matches the stored result"


def _bare(text: str) -> str:
    """``text`` without whitespace: a path longer than the console's width is folded
    inside itself (``ov.yam l``), wherever its length puts the fold."""
    return "".join(text.split())


def _stored_id(store: Path) -> str:
    from tigris.runs.store import RunStore

    ids = list(RunStore(store).runs()["id"])
    assert len(ids) == 1, ids
    return str(ids[0])


def test_same_inputs_match_edited_overlay_is_named(
    tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    ov = tmp_path / "ov.yaml"
    ov.write_text(OVERLAY, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    res = run_cli("plan", SMALL, "--data", ov, "--store", store, "--json")
    assert res.code == 0, res.err
    rid = _stored_id(store)
    stored_hash = res.json()["input_hash"]
    # nothing changed: the same inputs (the stored YAML hashes as the file did) and plan
    same = run_cli("plan", "--from-run", rid, "--store", store, "--no-store", "--json")
    assert same.code == 0, same.err
    assert same.json()["input_hash"] == stored_hash
    assert same.json()["from_run"]["matches"] is True
    text = run_cli("plan", "--from-run", rid, "--store", store, "--no-store").out
    assert MATCH in " ".join(text.split())
    assert "Inputs changed" not in text
    # the overlay edited (a source text: the plan itself cannot change): the re-solve
    # uses the text the run kept (UT-NEURO #5, S36 NEURO-FIX) and says the file changed
    ov.write_text(OVERLAY.replace("for a test", "for a test, edited"), encoding="utf-8")
    kept = run_cli("plan", "--from-run", rid, "--store", store, "--no-store", "--json")
    assert kept.json()["input_hash"] == stored_hash
    flat = " ".join(run_cli("plan", "--from-run", rid, "--store", store, "--no-store").out.split())
    assert "Inputs changed" not in flat and MATCH in flat
    # a path longer than the console's 80 columns is folded inside itself: compared
    # without whitespace (the temporary folder's number sets its length)
    assert _bare(f"--data {ov} as the run kept it (the file has changed since") in _bare(flat)
    # the edited file given again with --data: its inputs are named as changed
    edited = run_cli(
        "plan", "--from-run", rid, "--store", store, "--no-store", "--json", "--data", ov
    )
    doc = edited.json()
    assert doc["input_hash"] != stored_hash
    fr = doc["from_run"]
    if "inputs_match" in fr:  # cli/plan.py with the lead's patch: inputs apart
        assert fr["inputs_match"] is False
        assert (
            f"input_hash {doc['input_hash'][:12]} (stored: {stored_hash[:12]})"
            in (fr["input_differences"][0])
        )
    else:
        assert fr["matches"] is False
        assert fr["differences"][0] == (
            f"inputs differ from the stored run's (input_hash {doc['input_hash'][:12]} "
            f"(stored: {stored_hash[:12]}))"
        )
    flat = " ".join(
        run_cli("plan", "--from-run", rid, "--store", store, "--no-store", "--data", ov).out.split()
    )
    assert _bare(
        f"Inputs changed since the stored run: the --data overlay {ov.resolve()} changed."
    ) in _bare(flat)
    assert f"input_hash {doc['input_hash'][:12]} (stored: {stored_hash[:12]})" in flat
    assert f"Re-solved run {rid}: {MATCH}" not in flat or "Inputs differ" in flat


def test_a_directory_saved_with_out_knows_its_inputs(
    tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    ov = tmp_path / "ov.yaml"
    ov.write_text(OVERLAY, encoding="utf-8")
    out = tmp_path / "run"
    res = run_cli("plan", SMALL, "--data", ov, "--out", out, "--no-store")
    assert res.code == 0, res.err
    ov.write_text(OVERLAY.replace("for a test", "for a test, edited"), encoding="utf-8")
    # the run's kept text is used (UT-NEURO #5, S36 NEURO-FIX); the edited file, given
    # again with --data, is named as a changed input
    kept = " ".join(run_cli("plan", "--from-run", out, "--no-store").out.split())
    assert "Inputs changed" not in kept and "(the file has changed since" in kept
    flat = " ".join(run_cli("plan", "--from-run", out, "--no-store", "--data", ov).out.split())
    assert _bare(
        f"Inputs changed since the stored run: the --data overlay {ov.resolve()} changed."
    ) in _bare(flat)
    assert "input_hash" in flat


def test_an_edited_shipped_table_is_named(tmp_path: Path) -> None:
    # a copy of the package (not a git checkout) with sites.csv edited after the run
    src = tmp_path / "src"
    shutil.copytree(
        Path(tigris.__file__).resolve().parent,
        src / "tigris",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "200", "TIGRIS_STORE": ""}
    store = tmp_path / "s.duckdb"

    def cli(*args: object) -> subprocess.CompletedProcess[str]:
        code = "import sys; from tigris.cli import main; sys.exit(main(sys.argv[1:]))"
        return subprocess.run(
            [sys.executable, "-c", code, *map(str, args)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    made = cli("plan", SMALL, "--store", store)
    assert made.returncode == 0, made.stderr
    rid = _stored_id(store)
    shown = cli("runs", "show", rid, "--store", store)
    row = next(ln for ln in shown.stdout.splitlines() if "git_commit" in ln)
    assert "unknown" in row.split(), row
    sites = src / "tigris" / "data" / "sites.csv"
    text = sites.read_text(encoding="utf-8")
    assert "Reference site: cost" in text
    sites.write_text(text.replace("Reference site: cost", "Reference site (edited): cost"))
    again = cli("plan", "--from-run", rid, "--store", store, "--no-store")
    assert again.returncode == 0, again.stderr
    flat = " ".join(again.stdout.split())
    assert "Inputs changed since the stored run: sites.csv changed." in flat
    assert "input_hash" in flat

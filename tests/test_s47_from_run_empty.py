"""``--from-run DIR`` refuses a ``run.json`` that records no scenario hash or no
options (user test s47 scenario #4: with ``{}`` it re-solved without the saved
``--relax`` and said the run had changed, exit 0); a whole run folder still repeats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL_3Y, assert_one_line_error, write_scenario


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tigris.cli import main

    d = tmp_path_factory.mktemp("s47-from-run")
    scen = write_scenario(d, SMALL_3Y, "small.yaml")
    assert main(["plan", str(scen), "--no-store", "--relax", "--out", str(d / "run")]) == 0
    return d / "run"


@pytest.mark.parametrize(
    "doc", [{}, {"options": {"relax": True}}, {"scenario_hash": "x", "options": None}]
)
def test_a_run_json_without_hash_or_options_is_refused(
    saved: Path, tmp_path: Path, run_cli: Any, doc: dict[str, Any]
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(saved, bad)
    (bad / "run.json").write_text(json.dumps(doc))
    res = run_cli("plan", "--no-store", "--from-run", bad)
    assert_one_line_error(res, "--from-run", "run.json", "is not a complete run")


def test_the_whole_folder_still_repeats(saved: Path, run_cli: Any) -> None:
    res = run_cli("plan", "--no-store", "--from-run", saved)
    assert res.code == 0, res.err
    assert "matches the stored result" in " ".join(res.out.split())

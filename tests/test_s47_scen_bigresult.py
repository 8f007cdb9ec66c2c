"""User test s47 #2: ``tigris plan --json``'s output (~30,000 values) given as a
scenario or ``--data`` was refused as over the node limit, not named as a plan result;
the kind is told from the keys read before the limit (a bounded prefix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.yamlio import MAX_NODES


def _big_result(tmp_path: Path) -> Path:
    doc = {"scenario_name": "reference", "status": "optimal", "rows": list(range(MAX_NODES))}
    path = tmp_path / "planjson.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def test_scenario_check_names_a_big_plan_result(run_cli, tmp_path: Path) -> None:
    res = run_cli("scenario", "check", str(_big_result(tmp_path)))
    assert_one_line_error(res, "planjson.json: is a plan result, not a scenario")


def test_data_names_a_big_plan_result(run_cli, tmp_path: Path) -> None:
    res = run_cli("plan", "--no-store", "--data", str(_big_result(tmp_path)))
    assert_one_line_error(res, "--data", "is a plan result, not a --data overlay")


def test_a_big_file_of_no_kind_is_still_over_the_limit(tmp_path: Path) -> None:
    from tigris.scenario import load_scenario

    path = tmp_path / "big.yaml"
    path.write_text(json.dumps({"name": "x", "rows": list(range(MAX_NODES))}), encoding="utf-8")
    with pytest.raises(InputError, match=f"more than {MAX_NODES:,} values"):
        load_scenario(path)

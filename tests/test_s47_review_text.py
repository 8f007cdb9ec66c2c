"""Prose may span lines: a scenario's ``description`` written as a folded or literal
block is valid (review of s47: the control-character rule refused every multi-line
description, a folded block ending in a line break), while an escape character in it
is still refused, and a name still may not break a line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import assert_one_line_error

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _with(tmp_path: Path, extra: str) -> Path:
    text = SMALL.read_text(encoding="utf-8")
    out = tmp_path / "s.yaml"
    out.write_text(text + "\n" + extra, encoding="utf-8")
    return out


@pytest.mark.parametrize("block", [">", "|"])
def test_a_multi_line_description_is_valid(tmp_path: Path, run_cli: Any, block: str) -> None:
    path = _with(tmp_path, f"description: {block}\n  A small plan,\n  over two lines.\n")
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err


def test_an_escape_in_a_description_is_refused(tmp_path: Path, run_cli: Any) -> None:
    path = _with(tmp_path, 'description: "a \\e[31m red"\n')
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, "description", "\\x1b")


def test_a_name_still_may_not_break_a_line(tmp_path: Path, run_cli: Any) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("name: small", 'name: "sm\\nall"', 1)
    path = tmp_path / "n.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, "name", "\\n")

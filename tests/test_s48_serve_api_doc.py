"""docs/serve.md says plainly that the dashboard has no JSON API for scripts, that the
Python route is ``whatif()`` taking control ids (not scenario paths) and how to get an
id (user test s48 serve #7); its example runs and prints what its comments say.

The docs read are those beside the ``tigris`` imported (the tree under test)."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
from pathlib import Path

import pytest

import tigris

TREE = Path(tigris.__file__).resolve().parents[2]
DOC = TREE / "docs" / "serve.md"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.find("**There is no JSON API for scripts.**")
    assert start >= 0, "docs/serve.md does not say there is no JSON API"
    return text[start : text.index("Why Dash:", start)]


def test_the_doc_says_there_is_no_json_api_and_how_to_name_a_control() -> None:
    section = _section()
    for phrase in ("whatif(base, values)", "control ids", "control_id(path)", "controls_for"):
        assert phrase in section


def test_the_docs_example_prints_what_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n(.*?)```", _section(), re.DOTALL)
    assert code is not None
    monkeypatch.chdir(TREE)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), str(DOC), "exec"), {})
    printed = out.getvalue().splitlines()
    promised = [
        ast.literal_eval(line.split("# ", 1)[1].split("  ")[0].strip())
        for line in code.group(1).splitlines()
        if line.startswith("print(")
    ]
    assert [ast.literal_eval(p) for p in printed] == promised
    assert os.path.isfile(TREE / "docs" / "examples" / "small-plan.yaml")

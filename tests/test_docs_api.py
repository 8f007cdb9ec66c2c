"""The Python tutorial ``docs/api.md`` runs as written (doctest, from the repository's
root, where its example scenario lives)."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "api.md"


def test_docs_api_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert attempted >= 40, attempted  # every section's examples were found
    assert failed == 0, f"{failed} of {attempted} examples in docs/api.md failed (output above)"


README = ROOT / "README.md"


def readme_python() -> str:
    """The code block of the README's "Python" section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("\n## Python\n") :]
    return section[section.index("```python\n") + len("```python\n") : section.index("\n```\n")]


def test_readme_python_section_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The README's Python lines run as written, and say what they print."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "runs.duckdb"))
    code = readme_python()
    assert 10 <= len([ln for ln in code.splitlines() if ln.strip()]) <= 20
    ns: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), ns)
    assert ns["diff"](ns["sc"], ns["richer"]) == [("capital.fund.amount_usd", 2e10, 3e10)]
    assert ns["c"].inputs == [("capital.fund.amount_usd", 5e8, 3e10)]
    assert ns["result"].ok
    assert list(ns["sw"].members["status"]) == ["optimal", "optimal"]

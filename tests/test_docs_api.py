"""The Python tutorial ``docs/api.md`` runs as written (doctest, from the repository's
root, where its example scenario lives)."""

from __future__ import annotations

import doctest
from pathlib import Path

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

"""``tigris compare --figure`` is refused as ``tigris plan --report`` refuses its file
(user test s50 compare #3): a folder that does not exist is a typo, not a request to
create it (``--figure /nonexist/d.html`` exited 0 and created ``/nonexist``), and a
name ending in ``/`` names a folder, not a file (``--figure new.html/`` wrote a file
``new.html``). Both refused before anything is solved or stored: exit code 2, one line
naming ``--figure``, nothing created.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error

#: A plan that solves in a second or two (docs/examples).
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    return path


def test_a_missing_folder_is_refused_and_not_created(run_cli, store: Path, tmp_path: Path) -> None:
    target = tmp_path / "nonexist" / "d.html"
    res = run_cli("compare", SMALL, SMALL, "--figure", target)
    assert_one_line_error(res, "--figure", "does not exist", "nothing was solved or stored")
    assert not target.parent.exists()
    assert not store.exists()


def test_a_trailing_slash_names_a_folder(run_cli, store: Path, tmp_path: Path) -> None:
    given = f"{tmp_path / 'new.html'}/"
    res = run_cli("compare", SMALL, SMALL, "--figure", given)
    assert_one_line_error(res, "--figure", "ends in '/'", "file name")
    assert not (tmp_path / "new.html").exists()
    assert not store.exists()

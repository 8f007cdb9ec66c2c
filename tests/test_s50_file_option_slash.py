"""A one-file output option given a name ending in '/' (user test s50 compare, left by
its fix of ``compare --figure``): ``tigris plan --report new.html/`` wrote a file
``new.html``, since a path option drops the '/'. Every verb's one-file option now
refuses it before anything runs, one line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SMALL = "docs/examples/small-plan.yaml"


@pytest.mark.parametrize(
    "args",
    [
        ["plan", SMALL, "--no-store", "--report", "{d}/new.html/"],
        ["plan", SMALL, "--no-store", "--report={d}/new.html/"],
        ["risk", SMALL, "--no-store", "--report", "{d}/new.html/"],
        ["die", "--node", "N5", "--width", "10", "--height", "10", "--plot", "{d}/w.png/"],
        ["fab", "--node", "N5", "--plot", "{d}/f.png/"],
    ],
)
def test_a_trailing_slash_is_refused_and_nothing_written(
    run_cli: Any, tmp_path: Path, args: list[str]
) -> None:
    res = run_cli(*[a.format(d=tmp_path) for a in args])
    assert res.code == 2, res.err
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and "ends in '/', so it names a folder" in lines[0], res.err
    assert "give a file name ending ." in lines[0] and "nothing was run" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_option_keeps_its_slash(run_cli: Any, tmp_path: Path) -> None:
    """--png names a folder: its '/' is no error (the check is for one-file options)."""
    from tigris.cli import _file_option_as_folder

    assert _file_option_as_folder(["plan", "--png", f"{tmp_path}/png/"]) == ""
    assert _file_option_as_folder(["plan", "--report"]) == ""  # typer says it lacks a value

"""Output files are written through symbolic links, never over them (user test
2026-12-07, output robustness #1).

A file is written beside its target and renamed into place, and the rename replaced a
link by a regular file: ``tigris report RUN --html /dev/stdout`` turned the container's
``/dev/stdout`` link into a 5 MB file, and a linked report left its target as it was.
The link is now followed (its target is written), and a path under ``/dev``, ``/proc``
or ``/sys`` is refused as no regular file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.fsio import atomic_file, check_output


def test_a_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "target.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target.name)
    check_output(link, "--html", directory=False)
    with atomic_file(link, "--html") as tmp:
        tmp.write_text("new")
    assert link.is_symlink() and os.readlink(link) == "target.html"
    assert target.read_text() == "new"


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.html"
    link.symlink_to("made.html")
    with atomic_file(link, "--html") as tmp:
        tmp.write_text("x")
    assert link.is_symlink() and (tmp_path / "made.html").read_text() == "x"


@pytest.mark.skipif(not Path("/dev/stdout").is_symlink(), reason="/dev/stdout is no link here")
def test_dev_stdout_is_refused_and_left_a_link() -> None:
    before = os.readlink("/dev/stdout")
    for check in (
        lambda: check_output("/dev/stdout", "--html", directory=False),
        lambda: atomic_file("/dev/stdout", "--html").__enter__(),
    ):
        with pytest.raises(InputError, match="not a regular file"):
            check()
    assert Path("/dev/stdout").is_symlink() and os.readlink("/dev/stdout") == before


def test_a_link_into_proc_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.html"
    link.symlink_to("/proc/self/fd/1")
    with pytest.raises(InputError, match="not a regular file"):
        check_output(link, "--html", directory=False)
    assert link.is_symlink()


@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_bad_input_is_exit_2_with_stderr_closed_or_full(stderr: str) -> None:
    """With stderr closed (``2>&-``) or full (``2>/dev/full``) bad input exited 1, the
    code of "no plan", and ``--json`` printed nothing (user test 2026-12-07, output
    robustness #2): it is exit 2 with the JSON error on stdout."""
    import json
    import subprocess
    import sys

    if stderr == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    args = [sys.executable, "-m", "tigris", "plan", "--set", "nosuch=1", "--json"]
    if stderr == "closed":
        res = subprocess.run(
            args, stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2), check=False, text=True
        )
    else:
        with open("/dev/full", "w") as full:
            res = subprocess.run(args, stdout=subprocess.PIPE, stderr=full, check=False, text=True)
    assert res.returncode == 2
    doc = json.loads(res.stdout)
    assert doc["error"]["type"] == "InputError" and "nosuch" in doc["error"]["messages"][0]

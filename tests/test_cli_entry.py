"""The installed console script behaves like a well-mannered Unix tool."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

TIGRIS = shutil.which("tigris") or ""


def test_help_lists_verbs(run_cli) -> None:
    res = run_cli("--help")
    assert res.code == 0
    assert "catalog" in res.out


def test_no_args_shows_help(run_cli) -> None:
    res = run_cli()
    assert res.code == 0
    assert "Usage" in res.out


def test_unknown_verb_is_one_line(run_cli) -> None:
    res = run_cli("plna")
    assert res.code == 2
    assert len(res.err.strip().splitlines()) == 1
    assert "Traceback" not in res.err


@pytest.mark.skipif(not TIGRIS, reason="console script not on PATH")
def test_console_script_exit_code_and_stderr() -> None:
    proc = subprocess.run(
        [TIGRIS, "catalog", "nosuchpart"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: ")


def test_python_m_not_required() -> None:
    # The package imports without side effects (no output, no files).
    proc = subprocess.run(
        [sys.executable, "-c", "import tigris, tigris.cli"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout == "" and proc.stderr == ""


@pytest.mark.skipif(not TIGRIS, reason="console script not installed")
@pytest.mark.parametrize("columns", ["80", "200"])
def test_help_paragraphs_are_reflowed_to_the_terminal(columns: str) -> None:
    """Docstring line breaks were kept: at 80 columns a docstring line of 80+ characters
    left a lone word on its own line ('lithography and' / 'other equipment')."""
    env = {"COLUMNS": columns, "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    out = subprocess.run(
        [TIGRIS, "fab", "--help"], capture_output=True, text=True, env=env, check=True
    ).stdout
    text = " ".join(out.split())
    assert "lithography and other equipment" in text
    lines = [ln.strip() for ln in out.splitlines()]
    # the paragraph fills each line: no line of the prose holds one or two words only
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Capex:"))
    para = lines[start : lines.index("", start)]
    assert all(len(ln.split()) > 2 for ln in para[:-1]), para
    if columns == "200":
        assert len(para) == 1, para


def test_help_examples_keep_their_indent(run_cli) -> None:
    """Reflowing the prose must not dedent an example block (catalog's YAML)."""
    out = run_cli("catalog", "--help").out
    prose = next(ln for ln in out.splitlines() if "Peaks are dense" in ln)
    example = next(ln for ln in out.splitlines() if ln.strip() == "accelerators:")
    indent = len(example) - len(example.lstrip())
    assert indent >= len(prose) - len(prose.lstrip()) + 4, (prose, example)
    item = next(ln for ln in out.splitlines() if "- name: neuro-npu" in ln)
    assert len(item) - len(item.lstrip()) == indent + 2


def test_an_empty_argument_is_refused(run_cli, tmp_path, monkeypatch) -> None:
    """``--out "$DIR"`` with DIR unset: ``--out ''`` wrote the run into the current
    directory (an empty path reads as '.'), and ``plan ''`` said "'' is a directory"."""
    monkeypatch.chdir(tmp_path)
    for args in (("plan", "--out", ""), ("plan", ""), ("die", "--width", "", "--height", "1")):
        res = run_cli(*args)
        assert res.code == 2 and "empty argument" in res.err, (args, res.err)
        assert len(res.err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []

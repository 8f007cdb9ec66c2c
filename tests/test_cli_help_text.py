"""``--help`` of every command at 80 columns (user test 2026-12-03, #18 and #19).

- #18: ``tigris sweep --help`` wrapped two examples mid-command (``--set`` /
  ``discount_rate=…``, ``# the reference's`` / ``distributions``), so a copied example
  ran its tail as a second command. Every example line of every command's help (an
  indented line starting ``tigris``) is printed whole on one line.
- #19: every on/off flag showed the type ``<bool>`` (``--json <bool>``, ``--help -h
  <bool>``), as if it took a value. Flags show no type; options taking a value keep
  theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer

from tests.conftest import CliResult
from tigris.cli import _VERB_MODULES, _build

#: The terminal width the user test ran at [columns].
COLUMNS = 80


def _commands() -> Iterator[tuple[list[str], Any]]:
    def walk(cmd: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, cmd

    yield from walk(typer.main.get_command(_build(_VERB_MODULES)), [])


COMMANDS = list(_commands())


def _rows(text: str) -> list[str]:
    """The help's lines without the panels' borders, runs of spaces as one."""
    return [re.sub(r"\s+", " ", line.strip(" │")) for line in text.splitlines()]


@pytest.fixture
def help_of(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> Callable[[list[str]], str]:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))

    def _help(path: list[str]) -> str:
        res = run_cli(*path, "--help")
        assert res.code == 0, res.err
        return res.out

    return _help


def test_there_are_examples_to_check() -> None:
    examples = [e for _, cmd in COMMANDS for e in _examples(cmd)]
    assert len(COMMANDS) >= 15 and len(examples) >= 30
    assert any(e.startswith("tigris sweep --samples") for e in examples)


def _examples(cmd: Any) -> list[str]:
    return [
        re.sub(r"\s+", " ", line.strip())
        for line in (cmd.help or "").splitlines()
        if re.match(r"^\s{2,}tigris ", line)
    ]


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_example_is_one_whole_line_at_80_columns(
    help_of: Callable[[list[str]], str], path: list[str], cmd: Any
) -> None:
    rows = _rows(help_of(path))
    for example in _examples(cmd):
        assert example in rows, (example, rows)


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_no_flag_shows_a_type(
    help_of: Callable[[list[str]], str], path: list[str], cmd: Any
) -> None:
    text = help_of(path)
    assert "<bool>" not in text, text
    # an option that takes a value still says what kind
    takes_value = [p for p in cmd.params if not getattr(p, "is_flag", False) and p.opts[0] != ""]
    typed = [p for p in takes_value if p.param_type_name == "option" and p.metavar is None]
    if typed:
        assert re.search(r"<(int|float|str|file|path|list\[str\]|\w+)>", text), text


def test_sweep_help_shows_workers_typed_and_json_bare(help_of: Callable[[list[str]], str]) -> None:
    rows = _rows(help_of(["sweep"]))
    assert any(r.startswith("--workers <int>") for r in rows), rows
    assert any(r.startswith("--json Print") for r in rows), rows
    assert any(r.startswith("--help -h Show") for r in rows), rows

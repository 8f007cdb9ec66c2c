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


def test_the_readme_exit_code_table_covers_every_verbs_exit_codes() -> None:
    """User test 2026-12-03 #21: 'tigris plan --help' says 2 also covers a plan printed
    but not stored, and 'tigris sweep --help' names 130, where the README's table of
    exit codes said neither. Every code a verb's help names is a row of the table, and
    the plan's 'not stored' case is in the row of 2."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("Exit codes and streams, for scripts:", 1)[1].split("\n\n", 2)[1]
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d+) \| (.*)$", table, re.M)}
    named: dict[int, list[str]] = {}
    for path, cmd in COMMANDS:
        text = " ".join((cmd.help or "").split())
        for para in re.findall(r"Exit codes?: (.*)$", text):  # the help's last paragraph
            for code in re.findall(r"(?:^|; |, )(\d{1,3}) ", para):
                named.setdefault(int(code), []).append(" ".join(path))
    assert {0, 1, 2, 130} <= set(named), named  # the check reads the helps
    assert set(named) <= set(rows), (sorted(set(named) - set(rows)), named)
    plan_help = " ".join((dict((" ".join(p), c) for p, c in COMMANDS)["plan"].help or "").split())
    assert "could not be stored" in plan_help
    assert "could not be stored" in rows[2], rows[2]

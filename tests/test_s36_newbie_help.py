"""Every verb's help example can be copied into a shell (UT-NEWBIE #5 and #7, S36).

``tigris infer --help`` printed its example over three lines with no ``\\``: pasted,
the first line ran alone (``error: --tokens-per-day: missing ...``) and the shell ran
the other two as commands. ``tests/test_cli_help_text.py`` checks that each example
line is printed whole; this extends it to example *blocks*: an example whose command
goes on over more-indented lines must end each line but the last with ``\\``, and the
whole block, joined as a shell joins it, must parse as that command's arguments
(click's own parser); the self-contained quick ones (train, infer, hindcast, scenario
show, runs list) are run with the CLI runner and must exit 0. Examples naming files or
run ids of the reader's own (``my.yaml``, ``3fa9``) are parsed, not run.

The sweep help's first example printed two ~400-character warnings that its values
(5e9, 15e9) lie outside the reference's own distribution of the Abu Dhabi tranche (a
triangular over the reported $8-10B, data/reference_scenario.yaml): each of its values
must now give the scenario no warning at all.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from typing import Any

import click
import pytest
import typer

from tests.conftest import CliResult
from tigris.cli import _VERB_MODULES, _build

ROOT = typer.main.get_command(_build(_VERB_MODULES))


def _commands() -> Iterator[tuple[list[str], Any]]:
    def walk(cmd: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, cmd

    yield from walk(ROOT, [])


def _blocks(help_text: str) -> list[list[str]]:
    """Example blocks: a line indented 2+ starting ``tigris``, then its more-indented
    lines (the command going on)."""
    lines = help_text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if not re.match(r"^\s{2,}tigris ", line):
            continue
        indent = len(line) - len(line.lstrip())
        block = [line]
        for nxt in lines[i + 1 :]:
            if not nxt.strip() or len(nxt) - len(nxt.lstrip()) <= indent:
                break
            block.append(nxt)
        out.append(block)
    return out


EXAMPLES = [
    (" ".join(path), block) for path, cmd in _commands() for block in _blocks(cmd.help or "")
]

#: Verbs whose examples are run to the end (quick), unless they name something of the
#: reader's own (:func:`_own`); the rest are parsed.
RUN = re.compile(r"^tigris (train|infer|hindcast|scenario show|runs list)\b")


def _own(words: list[str]) -> bool:
    """Whether an example names a file or a run id of the reader's own (``my.yaml``,
    ``3fa9c2``: hex, and not a number such as ``1e10``)."""

    def number(w: str) -> bool:
        try:
            float(w)
        except ValueError:
            return False
        return True

    return any(
        w.endswith(".yaml") or (re.fullmatch(r"[0-9a-f]{4,6}", w) and not number(w)) for w in words
    )


#: Examples known not to paste yet (none).
PENDING: set[str] = set()


def _shell_words(block: list[str]) -> list[str]:
    """The block as a shell reads it: ``\\`` + newline joins lines, ``#`` starts a
    comment, ``> file`` is a redirection, not an argument."""
    text = "\n".join(line.strip() for line in block).replace("\\\n", " ")
    words = shlex.split(text, comments=True)
    return words[: words.index(">")] if ">" in words else words


def _params() -> list[Any]:
    out = []
    for verb, block in EXAMPLES:
        first = " ".join(block[0].split())
        marks = (
            [pytest.mark.xfail(strict=True, reason="prose in the command (patch pending)")]
            if any(first.startswith(p) for p in PENDING)
            else []
        )
        out.append(pytest.param(verb, block, marks=marks, id=first[:60]))
    return out


def test_the_examples_are_found() -> None:
    assert len(EXAMPLES) >= 30
    (infer,) = [b for v, b in EXAMPLES if v == "infer"]
    assert len(infer) == 3, infer  # the block spans three lines: each is checked


@pytest.mark.parametrize(("verb", "block"), _params())
def test_an_example_pastes_as_one_command(verb: str, block: list[str]) -> None:
    for line in block[:-1]:
        assert line.rstrip().endswith("\\"), f"{verb}: a line without '\\': {line.strip()}"
    words = _shell_words(block)
    assert words[0] == "tigris", words
    cmd: Any = ROOT
    args = words[1:]
    names = []
    while hasattr(cmd, "commands") and args and args[0] in cmd.commands:
        names.append(args[0])
        cmd = cmd.commands[args.pop(0)]
    try:
        cmd.make_context(" ".join(names), list(args))
    except click.ClickException as exc:  # a usage error: not the verb's arguments
        pytest.fail(f"{' '.join(words)}: {exc.format_message()}")
    except Exception as exc:  # the reader's own file, named as a placeholder
        assert "file not found" in str(exc), exc


@pytest.mark.parametrize(
    "words",
    [
        pytest.param(w, id=" ".join(w)[:60])
        for w in (_shell_words(b) for _, b in EXAMPLES)
        if RUN.match(" ".join(w)) and not _own(w)
    ],
)
def test_a_self_contained_example_runs(
    words: list[str],
    run_cli: Callable[..., CliResult],
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "runs.duckdb"))
    res = run_cli(*words[1:])
    assert res.code == 0, (words, res.err)
    assert not res.err.strip(), res.err  # no warning either


def test_the_sweep_helps_first_example_runs_clean() -> None:
    from tigris.runs.sweep import parse_set
    from tigris.scenario import reference_scenario
    from tigris.scenario.advice import scenario_warnings
    from tigris.scenario.edit import set_paths

    (first, *_) = [b for v, b in EXAMPLES if v == "sweep"]
    (spec,) = re.findall(r"--set\s+(\S+)", " ".join(_shell_words(first)))
    path, values = parse_set(spec)
    base = reference_scenario()
    for value in values:
        found = scenario_warnings(set_paths(base, {path: value}), plan_layer=True)
        assert found == [], (spec, value, found)
    # the check can fail: the old example's 5e9 is outside the distribution
    assert scenario_warnings(set_paths(base, {path: 5e9}), plan_layer=True)

"""The hostile-input test's leftovers (user test s57, fuzzing; left in that stop's note):
a name written as a ``|`` block got two lines for one problem; ``--wspm 1_000`` ran on
the command line though a file and ``--set`` refuse digits grouped with ``_``; a U+2028
in a comment moved every later line number by one, and a NEL turned the rest of a
comment into YAML; a sweep stopped by SIGTERM said a bare "stopped"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, assert_one_line_error, line_of, write_scenario
from tigris.yamlio import parse_yaml


def test_a_name_with_a_line_break_is_one_line(run_cli, tmp_path: Path) -> None:
    """``name: |`` keeps the block's final line break: the control check's line alone,
    not that and the name pattern's."""
    path = write_scenario(tmp_path, SMALL.replace("name: small\n", "name: |\n  small\n", 1))
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, ":1: name: control character \\n in the text 'small\\n'")


@pytest.mark.parametrize("typed", ["1_000", "--wspm=1_000", "١٠٠٠"])
def test_a_numeric_option_refuses_what_a_file_refuses(run_cli, typed: str) -> None:
    args = [typed] if typed.startswith("--") else ["--wspm", typed]
    value = typed.removeprefix("--wspm=")
    res = run_cli("fab", "--node", "N5", "--site", "taiwan", *args)
    assert_one_line_error(res, f"--wspm: '{value}' is not a decimal number")


def test_the_same_number_in_decimal_still_runs(run_cli) -> None:
    """The check is of the text, not the value: 1000 and 1e3 are the same fab."""
    a = run_cli("fab", "--node", "N5", "--site", "taiwan", "--wspm", "1000", "--json")
    b = run_cli("fab", "--node", "N5", "--site", "taiwan", "--wspm", "1e3", "--json")
    assert a.code == b.code == 0 and a.out == b.out


def test_a_text_option_may_hold_an_underscore(run_cli, tmp_path: Path) -> None:
    """Only numeric options are read as numbers: a file name with ``_`` is a name."""
    path = write_scenario(tmp_path, SMALL, name="my_small_plan.yaml")
    assert run_cli("scenario", "check", path).code == 0


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85"])
def test_yaml_11_line_breaks_are_text_as_yaml_12_reads_them(tmp_path: Path, brk: str) -> None:
    """YAML 1.2.2 sec. 5.4: only CR and LF break lines. A comment holding LS, PS or NEL
    is one line (as an editor shows it), and an error after it is at its own line."""
    text = SMALL.replace("name: small\n", f"name: small  # a note{brk}more: note\n", 1)
    text = text.replace("discount_rate: 0.08", "discount_rate: 0.08x")
    path = write_scenario(tmp_path, text)
    from tigris.errors import InputError
    from tigris.scenario import load_scenario

    with pytest.raises(InputError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.field == "discount_rate"
    assert problem.line == line_of(path, "discount_rate:")


def test_a_quoted_yaml_11_break_is_kept_in_the_text() -> None:
    r"""Inside a value the character is content, put back as it was (not a fold to a
    space, as YAML 1.1 reads a raw break in a quoted scalar), and keys keep theirs too."""
    data = parse_yaml('a: "x\u2028y"\n"k\x85": b\n')
    assert data == {"a": "x\u2028y", "k\x85": "b"}


def test_a_sweep_stopped_by_sigterm_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan's stop line names a SIGTERM; a sweep's said "stopped", as for a Ctrl-C."""
    import tigris.runs.interrupts as interrupts
    from tigris.cli.sweep import _stopped_early
    from tigris.runs.sweep import SweepInterrupted

    stop = SweepInterrupted(1, 3, "abc", Path("s.duckdb"))
    assert stop.message().startswith("stopped: 1 of 3 members stored in sweep abc")
    assert _stopped_early([3]).startswith("stopped before any of the 3 members")
    monkeypatch.setattr(interrupts, "_TERMINATED", [True])
    stop = SweepInterrupted(1, 3, "abc", Path("s.duckdb"))
    assert stop.message().startswith("stopped by SIGTERM: 1 of 3 members stored in sweep abc")
    assert SweepInterrupted(0, 3, None, None).message().startswith("stopped by SIGTERM: 0 of 3")
    assert _stopped_early([3]) == (
        "stopped by SIGTERM before any of the 3 members finished; nothing stored"
    )
    assert _stopped_early([]) == "stopped by SIGTERM before the sweep started; nothing stored"


def test_stand_ins_never_leak() -> None:
    """A key with LS given twice is named with its LS, and an escape of a private-use
    character in a file that also holds a NEL stays that character (review 2026-12-07
    #6)."""
    from tigris.yamlio import _parse

    doc = _parse('name: a\n"k\u2028": 1\n"k\u2028": 2\n', "f")
    assert [p.field for p in doc.duplicates] == ["k\u2028"]
    assert _parse('a: "x\\ue000y"  # c\x85d\n', "f").data == {"a": "x\ue000y"}

"""User test s47 #5: control characters put in names by YAML escapes (``"\\e[31m"``,
``"\\0"``, ``"\\n"``) were accepted and printed raw (a terminal sequence, a broken
one-line output, NUL in the run store); they are refused, one line per field naming
file:LINE and showing the character escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths


def _reference(run_cli) -> str:
    res = run_cli("scenario", "show")
    assert res.code == 0
    return res.out


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (r'"x\e[31mRED\nline2"', r"x\x1b[31mRED\nline2"),
        (r'"ref\abell"', r"ref\x07bell"),
        (r'"a\x85b"', r"a\x85b"),  # a C1 control (NEL)
    ],
)
def test_a_control_character_in_the_name_is_refused(
    run_cli, tmp_path: Path, written: str, shown: str
) -> None:
    text = _reference(run_cli)
    lines = text.splitlines(keepends=True)
    k = next(i for i, ln in enumerate(lines) if ln.startswith("name: "))
    lines[k] = f"name: {written}\n"
    path = tmp_path / "ctl.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert_one_line_error(res, f"ctl.yaml:{k + 1}: name: control character", shown)
    assert "\x1b" not in res.err and "\x07" not in res.err


def test_a_demand_class_named_with_nul_and_newline_is_refused(run_cli, tmp_path: Path) -> None:
    text = _reference(run_cli).replace("  - name: inference\n", '  - name: "inf\\0er\\nence"\n', 1)
    path = tmp_path / "ctl_class.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert_one_line_error(res, "demand.1.name: control character", r"inf\x00er\nence")


def test_set_refuses_a_control_character() -> None:
    with pytest.raises(InputError) as exc:
        set_paths(reference_scenario(), {"name": "x\x1b[31m"})
    assert "control character" in str(exc.value)
    assert "\x1b" not in str(exc.value)


def test_free_text_may_break_lines() -> None:
    sc = reference_scenario()
    key = next(iter(sc.sources))
    edited = set_paths(sc, {f"sources[{key}]": "line one\nline two"})
    assert edited.sources[key] == "line one\nline two"

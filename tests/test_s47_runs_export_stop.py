"""Ctrl-C during ``tigris runs export`` says whether OUT was written (user test s47
#4): "OUT written" or "OUT not written (left as it was)", as ``tigris plan --out``
says, where it said "OUT is written whole or left as it was" whatever had happened.
The interrupt lands at a named point (:func:`tests.test_s47_runs_interrupt.interrupted`);
each step's one line, exit 130 (user test s47 #3: silent before), is checked here too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_s47_runs_interrupt import (
    EXIT_INTERRUPTED,
    interrupted,
    one_line,
)

#: What a stop says of an export that did not happen.
_NOT_WRITTEN = "not written (left as it was)"


@pytest.mark.parametrize(
    ("at", "phase", "out_state"),
    [
        # the case of the user test: the export layer still importing
        ("import:tigris.runs.export", "exporting the run", _NOT_WRITTEN),
        ("call:tigris.runs.store:RunStore.result", "exporting the run", _NOT_WRITTEN),
        ("call:tigris.runs.export:units_frame", "exporting the run", _NOT_WRITTEN),
        # the export renamed into place, its files being listed
        ("call:tigris.cli.runs:emit_json", "printing what was written", "written"),
    ],
)
def test_export_says_whether_out_was_written(
    tmp_path: Path, small_store: tuple[Path, str], at: str, phase: str, out_state: str
) -> None:
    """Stopped at each step, ``runs export`` says so in one line, exit 130, and
    whether OUT was written: "OUT written" or "OUT not written (left as it was)", as
    ``tigris plan --out`` says, never "written whole or left as it was"."""
    out = tmp_path / "exp"
    code, err = interrupted(
        tmp_path, at, "runs", "export", small_store[1], "--format", "csv", "--out", str(out),
        "--json", "--store", str(small_store[0]),
    )  # fmt: skip
    assert code == EXIT_INTERRUPTED, err
    line = one_line(err)
    assert line.startswith(f"stopped by the user while {phase}; the store is unchanged; "), line
    assert line.endswith(f"{out} {out_state}"), line
    assert "whole or" not in line
    assert out.is_dir() == (out_state == "written")
    if out.is_dir():
        assert json.loads((out / "run.json").read_text())["id"] == small_store[1]


def test_export_over_an_earlier_export_says_left_as_it_was(
    tmp_path: Path, small_store: tuple[Path, str]
) -> None:
    """An earlier export in OUT, stopped before the swap: "left as it was", and it is."""
    from tigris.runs.export import export_run

    out = tmp_path / "exp"
    export_run(small_store[0], small_store[1], "csv", out)
    before = (out / "run.json").read_bytes()
    code, err = interrupted(
        tmp_path, "call:tigris.runs.export:units_frame", "runs", "export", small_store[1],
        "--format", "csv", "--out", str(out), "--store", str(small_store[0]),
    )  # fmt: skip
    assert code == EXIT_INTERRUPTED, err
    assert one_line(err).endswith(f"{out} not written (left as it was)")
    assert (out / "run.json").read_bytes() == before

"""User test s48 (a notebook user) #8: a :class:`RunStore` error named ``--store``.

``RunStore("t8.py").runs()`` said "--store: ... is not a tigris store of runs", a flag
a Python caller never typed; outside a ``tigris`` command it names ``store``, as
``tigris.plan``, ``tigris.sweep`` and ``tigris.compare`` already do. The command line
keeps ``--store`` (``tests/test_runs_cli.py`` and friends).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.runs.store import RunStore


def test_a_file_that_is_not_a_store_names_store(tmp_path: Path) -> None:
    script = tmp_path / "t8.py"
    script.write_text("x = 1\n")
    with pytest.raises(InputError) as err:
        RunStore(script).runs()
    assert [p.field for p in err.value.problems] == ["store"]
    assert str(err.value).startswith(f"store: {script} is not a tigris store of runs")


def test_a_store_under_a_file_names_store(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x\n")
    with pytest.raises(InputError) as err:
        RunStore(notes / "x.duckdb").runs()
    assert [p.field for p in err.value.problems] == ["store"]

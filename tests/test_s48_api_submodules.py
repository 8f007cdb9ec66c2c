"""User test s48 (a notebook user) #2: the submodules docs/api.md names as ``tigris.X``.

``python -c "import tigris; tigris.overlay"`` was an AttributeError (so were
``tigris.provenance``, ``tigris.report`` and ``tigris.runs``) until something imported
them, while docs/api.md writes ``tigris.overlay.data_overlay(...)``,
``tigris.provenance.scenario_inputs_hash`` and ``tigris.runs.store.stored_tables()``.
They are imported on first access, so ``import tigris`` imports none of them.
Each case runs in a fresh interpreter: in this one the modules are long imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Attribute chains docs/api.md writes, from a bare ``import tigris``.
DOCUMENTED = (
    "tigris.overlay.data_overlay",
    "tigris.provenance.scenario_inputs_hash",
    "tigris.report.figure",
    "tigris.runs.store.stored_tables",
    "tigris.runs.store.RunStore",
    "tigris.runs.provenance",
    "tigris.workload",
    "tigris.scenario",
)


def _run(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("chain", DOCUMENTED)
def test_a_documented_submodule_is_reachable_after_import_tigris(chain: str) -> None:
    assert _run(f"import tigris; print(type({chain}).__name__)").strip()


def test_import_tigris_imports_none_of_them() -> None:
    code = (
        "import json, sys, tigris; print(json.dumps(sorted(m for m in sys.modules "
        "if m.startswith('tigris.'))))"
    )
    loaded = set(json.loads(_run(code)))
    lazy = {"tigris.overlay", "tigris.provenance", "tigris.report", "tigris.runs"}
    assert not loaded & lazy
    assert not {m for m in loaded if m.startswith(("tigris.runs.", "tigris.report."))}


def test_dir_lists_them_and_an_unknown_name_is_still_an_attribute_error() -> None:
    import tigris

    assert {"overlay", "provenance", "report", "runs"} <= set(dir(tigris))
    assert "store" in dir(tigris.runs)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = tigris.nope  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = tigris.runs.nope  # type: ignore[attr-defined]

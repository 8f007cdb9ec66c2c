"""``tigris sweep`` and ``tigris risk`` name the store's problem where the store was set:
``TIGRIS_STORE`` when the environment variable named it (both said ``--store``, a flag
the user never gave), ``--store`` when the flag did, as ``tigris plan`` and ``tigris
runs`` do (tigris.cli._store.store_field)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL, UNCERTAIN, CliResult, assert_one_line_error, write_scenario

#: What a file that is not a run store says.
_NOT_A_STORE = "is not a tigris store of runs"

#: Each verb's arguments and the scenario it reads (risk needs distributions).
_VERBS = {
    "sweep": ["sweep", "{file}", "--set", "discount_rate=0.06,0.1", "--workers", "0"],
    "risk": ["risk", "{file}", "--samples", "2", "--workers", "0"],
}


@pytest.mark.parametrize("verb", sorted(_VERBS))
@pytest.mark.parametrize("by_env", [True, False], ids=["TIGRIS_STORE", "--store"])
def test_the_store_is_named_where_it_was_set(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_cli: Callable[..., CliResult],
    verb: str,
    by_env: bool,
) -> None:
    """A file that is not a store: one line naming TIGRIS_STORE or --store, exit 2."""
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database\n")
    text = UNCERTAIN if verb == "risk" else SMALL
    args = [a.format(file=write_scenario(tmp_path, text)) for a in _VERBS[verb]]
    if by_env:
        monkeypatch.setenv("TIGRIS_STORE", str(bad))
    else:
        monkeypatch.delenv("TIGRIS_STORE", raising=False)
        args += ["--store", str(bad)]
    res = run_cli(*args)
    field = "TIGRIS_STORE" if by_env else "--store"
    assert_one_line_error(res, f"{field}: {bad} {_NOT_A_STORE}")
    if by_env:
        assert "--store" not in res.err

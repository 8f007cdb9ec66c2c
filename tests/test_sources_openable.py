"""Every source a user is shown names something a user can open (user test #15a).

``tigris scenario show`` and the package's data tables cite files: each ``data/X``
must be a table the package ships, each ``docs/X.md`` a page of the repository, and
nothing may point at the project's internal notes (``shared/reference/...``), which a
user of tigris does not have: those notes' primary sources are cited instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import tigris
from tests.conftest import CliResult

DATA = Path(tigris.__file__).with_name("data")
ROOT = Path(__file__).resolve().parents[1]
_PATH = re.compile(r"\b(?:data|docs|shared)/[\w./-]*\w")


def _unopenable(text: str) -> list[str]:
    """Cited paths in ``text`` that a user of the package cannot open."""
    bad = []
    for path in sorted(set(_PATH.findall(text))):
        if path.startswith("data/"):
            ok = (DATA / path.removeprefix("data/")).exists()
        elif path.startswith("docs/"):
            ok = (ROOT / path).exists()
        else:
            ok = False
        if not ok:
            bad.append(path)
    return bad


def test_scenario_show_cites_only_files_a_user_has(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("scenario", "show")
    assert res.code == 0 and "sources:" in res.out
    assert _unopenable(res.out) == []


def test_data_tables_cite_no_internal_notes() -> None:
    for csv in sorted(DATA.glob("*.csv")):
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if "source" not in df.columns:
            continue
        bad = [s for s in df["source"] if "shared/" in s]
        assert not bad, f"{csv.name}: {bad[0][:120]}"


def test_pue_source_says_it_is_a_unit(run_cli: Callable[..., CliResult]) -> None:
    """``sources.pue`` must not read as a physical figure: the scenario's pue moves no
    result (``docs/energy.md``, "What is physical and what is a unit")."""
    res = run_cli("scenario", "show")
    (line,) = [x for x in res.out.splitlines() if x.startswith('  pue: "')]
    assert "a unit" in line and "not a physical" in line, line

"""The texts users read carry no internal development codes (user test s49).

The ``source``, ``note`` and other free-text cells of ``src/tigris/data``'s tables are
printed in ``tigris plan --json``'s assumptions, ``tigris scenario show --assumptions``,
the HTML report's assumptions table and ``tigris scenario show``'s YAML comments.
Codes such as "session 37", "S36 VAL-HBM", "UT-GRID #12", "usertest_money M1",
"FAB-2", "helper FAB H2", "issue 13" or a short commit hash mean nothing to an
analyst; the text says what happened and when (a date) instead.

The pattern is kept narrow so that it cannot flag real data: a commit hash is seven
lower-case hex characters holding both a letter and a digit (a press-release number
such as 2687134 has no letter, and a number such as 1.7371e12 is
preceded by its point), a workstream tag is one of the names used, and
"issue" is followed by the project's own issue numbers (10-19), not by an external
tracker's (``sglang issue 6017``). ``HIND-AUDIT`` is not a code here: it is the mark
``tigris hindcast`` counts and names to its reader (``tigris.world.hindcast.AUDIT_MARK``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import tigris

ROOT = Path(__file__).resolve().parents[1]
#: The tables of the tigris that is imported (its installed or PYTHONPATH copy).
DATA = Path(tigris.__file__).resolve().parent / "data"
SMALL_PLAN = ROOT / "docs" / "examples" / "small-plan.yaml"

#: Internal codes: sessions, user-test and review tickets, workstream tags, the
#: project's issue numbers and short commit hashes.
CODE = re.compile(
    r"\bsession \d+\b"
    r"|\b[Ss][1-9]\d (?:[A-Z]{2,}-[A-Z0-9]+|REVIEW\b|#\d)"
    r"|\buser test [Ss]\d\d\b"
    r"|\bUT-[A-Z]{2,}\b"
    r"|\busertest"
    r"|\bFAB-\d\b|\bFAB H\d\b|\bREVIEW-[A-Z0-9]+\b"
    r"|\bRV-[A-Z0-9]+\b"
    r"|\bW\d-[A-Z]{3,}\b"
    r"|\bhelper [A-Z]{2,}\b"
    r"|\bissue 1\d(?:/1\d)?\b"
    r"|\breview [A-Z]\d\b"
    r"|\b(?:HBM-MONTH|MEM-DATA|FAB-SCALE|VAL-HBM|FIX-WORLD|HY-DATA|HBM-OUT"
    r"|SUBSIDY-CAP)\b"
    r"|(?<![.\w])(?=[0-9a-f]{0,6}[a-f])(?=[0-9a-f]{0,6}[0-9])[0-9a-f]{7}\b(?![-+.])"
)


def _codes(text: str) -> list[str]:
    return [m.group(0) for m in CODE.finditer(text)]


def _csv_cells() -> Iterator[tuple[str, str, int, str]]:
    for path in sorted(DATA.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        for i, row in enumerate(rows[1:], start=2):
            for col, cell in zip(header, row, strict=False):
                if re.search(r"[A-Za-z]{3}", cell):  # text, not a number or an id
                    yield path.name, col, i, cell


def _strings(obj: object) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _strings(v)


def test_pattern_catches_the_codes_and_not_real_data() -> None:
    for code in (
        "session 37",
        "S36 VAL-HBM",
        "S37 FIX-WORLD",
        "S37 REVIEW D1",
        "UT-GRID #12",
        "UT-ANALYST #10",
        "usertest_money M1",
        "FAB-2's rule",
        "helper FAB H2",
        "rule f75d6d9",
        "since issue 13",
        "issue 10/13",
        "W2-RISK",
        "review RV-SITES",
        "user test S45 #2",
    ):
        assert _codes(code), code
    for data in (
        "redplanx.com 2687134",
        "sglang issue 6017",
        "TSMC N5 HVM Q2 2020",
        "HBM3-12hi, CoWoS-R",
        "1.380649e-23 J/K",
        "Alibaba RTP-LLM DeepSeek",
        "UMC, GlobalFoundries, Micron, VIS-NXP",
        "Galaxy S24 Ultra",
    ):
        assert not _codes(data), data


def test_data_tables_free_text_has_no_internal_codes() -> None:
    bad = [
        f"{name}:{line} {col}: {_codes(cell)}"
        for name, col, line, cell in _csv_cells()
        if _codes(cell)
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_data_yaml_comments_and_values_have_no_internal_codes(path: Path) -> None:
    bad = [
        f"{path.name}:{i}: {_codes(line)}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _codes(line)
    ]
    assert not bad, "\n".join(bad)


def test_plan_json_has_no_internal_codes(run_cli) -> None:
    res = run_cli("plan", str(SMALL_PLAN), "--no-store", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    bad = sorted({c for s in _strings(doc) for c in _codes(s)})
    assert not bad, bad
    assert doc.get("assumptions"), "the plan's assumptions (with their sources) are scanned"


def test_scenario_show_assumptions_has_no_internal_codes(run_cli) -> None:
    res = run_cli("scenario", "show", "--assumptions", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    bad = sorted({c for s in _strings(doc) for c in _codes(s)})
    assert not bad, bad

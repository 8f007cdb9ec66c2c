"""Fuzzing ``tigris scenario check`` with malformed scenario files (issue 9).

Every leaf of the reference scenario (``src/tigris/data/reference_scenario.yaml``) and of
the old-style one with every map written out (``tests/scenario_explicit.yaml``) is a
mutation site; hostile values (wrong types, negatives, huge integers, ``1e400``,
NaN/inf, quoted numbers, exponent forms, booleans, nulls, bad year keys, deep nesting,
self-referring aliases) and structural damage (keys given twice, truncation, binary
junk, alias bombs) make the cases. A seeded sample of them runs by default (bounded);
the whole set is marked ``slow``. Each run must exit 0 or 2, print no traceback, on 2
print one ``error: file:line: ...`` line per problem, and finish in bounded time.
Cases the world says are wrong (negative quantities, shares above 1, years outside the
horizon, booleans, quoted numbers where a number belongs) must exit 2.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from tests.test_scenario_lines import BOOLEAN_FIELDS, LEAVES, REFERENCE, TEXTS, Leaf, mutate
from tigris.cli import main
from tigris.yamlio import MAX_DEPTH, MAX_NODES

#: Seed of the case sample (fixed: the same cases run every time).
SEED = 20261201
#: Cases run by default; the full set runs with ``-m slow``.
DEFAULT_CASES = 220
#: Wall-clock bound for one in-process ``scenario check`` [s] (2 shared cores).
CASE_SECONDS = 15.0


@dataclass(frozen=True)
class Case:
    """One malformed scenario file: the reference with one leaf replaced, or a whole text."""

    name: str
    must_fail: bool  # the world says this input is wrong: exit code 2 required
    leaf: Leaf | None = None
    value: str = ""
    whole: str | bytes = ""

    @property
    def text(self) -> str | bytes:
        """The file's content (built when needed: the full set is ~90 MB of text)."""
        if self.leaf is None:
            return self.whole
        return mutate(TEXTS[self.leaf.doc], self.leaf, self.value)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?[0-9][0-9.]*(e[-+]?[0-9]+)?", text.strip(), re.IGNORECASE))


def _rounded_bound(leaf: Leaf) -> bool:
    """A distribution's bound on a whole-number field: its draws are rounded and checked
    rounded (docs/risk.md), and -0.5 rounds to 0, which a field may accept (a grid lead
    of 0 months) or refuse (a construction time of 0 months)."""
    return leaf.path[0] == "distributions" and re.fullmatch(r"[0-9]+", leaf.text) is not None


def _years_field(leaf: Leaf) -> bool:
    return leaf.path[-1] in {"first_year", "last_year"} and leaf.path[0] != "sources"


def _share(leaf: Leaf) -> bool:
    return any(p in {"min_share", "max_share", "calibrated_share"} for p in leaf.path)


def _not_a_flag(leaf: Leaf) -> bool:
    """A value that is not a yes/no field (``incumbents.respond`` is one)."""
    return not leaf.is_key and leaf.path[-1] not in BOOLEAN_FIELDS


#: Hostile replacement values (YAML source text) with a predicate: does this value at
#: this leaf have to be an error?
HOSTILE: tuple[tuple[str, object], ...] = (
    ("true", _not_a_flag),  # only incumbents.respond is a yes/no
    ("false", _not_a_flag),
    ("yes", lambda lf: _is_number(lf.text)),  # text under YAML 1.2, not a number
    ("off", lambda lf: _is_number(lf.text)),
    ("~", lambda lf: lf.is_key),  # a null year
    ("null", lambda lf: False),  # optional fields accept it
    ("''", lambda lf: _is_number(lf.text) or lf.is_key),
    ("-1", lambda lf: _is_number(lf.text)),  # negative quantity, year or growth <= -1
    ("-1e6", lambda lf: _is_number(lf.text)),
    (
        "-0.5",
        lambda lf: (
            _is_number(lf.text)
            and not lf.path[-1].startswith(("growth", "rho"))
            and not _rounded_bound(lf)
        ),
    ),
    ("0", lambda lf: lf.is_key or _years_field(lf)),
    ("99999999999999999999", lambda lf: _share(lf) or lf.is_key or _years_field(lf)),
    ("123456789012345678901234567890123", lambda lf: True),  # over MAX_INT_DIGITS
    ("1e400", lambda lf: _is_number(lf.text) or lf.is_key),  # inf
    ("-1e400", lambda lf: _is_number(lf.text) or lf.is_key),
    (".nan", lambda lf: _is_number(lf.text) or lf.is_key),
    (".inf", lambda lf: _is_number(lf.text) or lf.is_key),
    ('"13"', lambda lf: _is_number(lf.text) or lf.is_key),  # quoted numbers are text
    ('"-1e6"', lambda lf: _is_number(lf.text) or lf.is_key),
    ('"2100"', lambda lf: _is_number(lf.text)),
    ("1.5e0", lambda lf: _share(lf) or lf.is_key),  # a share above 1; not a year
    ("2.5e1", lambda lf: _share(lf) or lf.is_key),
    ("1e6", lambda lf: _share(lf) or _years_field(lf)),
    ("13.5", lambda lf: _share(lf) or lf.is_key or _years_field(lf)),
    ("2025.0", lambda lf: lf.is_key or _years_field(lf)),
    ("33:45", lambda lf: _is_number(lf.text) or lf.is_key),
    ("0x7E9", lambda lf: _share(lf)),
    ("1999", lambda lf: _share(lf) or lf.is_key),  # before the horizon
    ("2099", lambda lf: _share(lf) or lf.is_key),  # after the horizon
    ("2101", lambda lf: _share(lf) or lf.is_key or _years_field(lf)),  # after YEAR_MAX
    ("[1, 2]", lambda lf: not lf.is_key),
    ("{a: 1}", lambda lf: not lf.is_key),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), lambda lf: True),
    ("&a [1, *a]", lambda lf: True),
    ("'x\\ny'", lambda lf: _is_number(lf.text) or lf.is_key),
    ("h100x", lambda lf: _is_number(lf.text) or lf.is_key),
)


def _structural_cases(rng: random.Random) -> list[Case]:
    """Damage to the file as a whole."""
    lines = REFERENCE.splitlines(keepends=True)
    cases = []
    keys = [i for i, ln in enumerate(lines) if re.match(r"^\s*[a-z_]+:\s*\S", ln)]
    for i in rng.sample(keys, 12):  # a key given twice (YAML keeps the last silently)
        text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        cases.append(Case(f"duplicate-line-{i + 1}", True, whole=text))
    for cut in sorted(rng.sample(range(1, len(REFERENCE)), 10)):
        cases.append(Case(f"truncated-at-{cut}", False, whole=REFERENCE[:cut]))
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]" for p, c in pairwise("abcdefgh")]
    chain = "k0: &k0 [1]\n" + "".join(f"k{i}: &k{i} [*k{i - 1}, *k{i - 1}]\n" for i in range(1, 40))
    cases += [
        Case("billion-laughs", True, whole="\n".join(bomb) + "\n" + REFERENCE),
        Case("alias-chain", True, whole=chain + REFERENCE),
        Case("too-many-values", True, whole="x: [" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n"),
        Case("deep-flow", True, whole="x: " + "[" * 5_000 + "]" * 5_000 + "\n"),
        Case("binary", True, whole=bytes(rng.randrange(256) for _ in range(4_096))),
        Case("latin-1", True, whole=REFERENCE.encode("utf-8") + "é".encode("latin-1")),
        Case("nul-bytes", True, whole=REFERENCE.encode("utf-8")[:500] + b"\x00\x00"),
        Case("empty", True, whole=""),
        Case("comments-only", True, whole="# nothing\n# here\n"),
        Case("a-list", True, whole="- 1\n- 2\n"),
        Case("a-number", True, whole="2025\n"),
        Case("two-documents", True, whole=REFERENCE + "---\n" + REFERENCE),
        Case("tabs", True, whole=REFERENCE.replace("  - name: taiwan", "\t- name: taiwan", 1)),
        Case("crlf", False, whole=REFERENCE.replace("\n", "\r\n")),
        Case("bom", False, whole="\ufeff" + REFERENCE),
    ]  # fmt: skip
    return cases


def all_cases() -> list[Case]:
    """Every leaf x every hostile value, then the structural cases."""
    rng = random.Random(SEED)
    cases = []
    for leaf in LEAVES:
        for value, must in HOSTILE:
            name = f"{leaf}{'[key]' if leaf.is_key else ''}={value[:20]}"
            cases.append(Case(name, bool(must(leaf)), leaf, value))
    return cases + _structural_cases(rng)


ALL = all_cases()
_structural = [c for c in ALL if "=" not in c.name]
_leaf_cases = [c for c in ALL if "=" in c.name]
SAMPLE = _structural + random.Random(SEED).sample(_leaf_cases, DEFAULT_CASES - len(_structural))


def _check(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fuzz.yaml"
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_text(case.text, encoding="utf-8")
    capsys.readouterr()
    t0 = time.perf_counter()
    code = main(["scenario", "check", str(path)])
    elapsed = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert elapsed < CASE_SECONDS, (case.name, elapsed)
    assert "Traceback" not in out + err, (case.name, err)
    assert code in (0, 2), (case.name, code, err)
    if case.must_fail:
        assert code == 2, (case.name, out)
    if code == 2:
        lines = err.splitlines()
        assert lines, case.name
        where = re.compile(rf"^error: {re.escape(str(path))}:\d+: \S")
        bad = [ln for ln in lines if not where.match(ln)]
        assert not bad, (case.name, bad)
    else:
        # accepted: nothing on stderr but warnings, each at its file:line (a value the
        # checks accept may still be outside a distribution the reference draws it from)
        warned = re.compile(rf"^warning: {re.escape(str(path))}:\d+: \S")
        bad = [ln for ln in err.splitlines() if not warned.match(ln)]
        assert not bad, (case.name, err)


def test_there_are_enough_cases() -> None:
    assert len(SAMPLE) >= 200 and len(ALL) > 5_000
    assert sum(c.must_fail for c in SAMPLE) > len(SAMPLE) // 2


@pytest.mark.parametrize("case", SAMPLE, ids=lambda c: c.name)
def test_fuzz_sample(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check(case, tmp_path, capsys)


#: The sample as a set: membership by hash, not ~3.8M dataclass comparisons against a
#: list (1 s of every collection, though these cases are deselected by default).
_SAMPLED = set(SAMPLE)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in ALL if c not in _SAMPLED], ids=lambda c: c.name)
def test_fuzz_everything(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check(case, tmp_path, capsys)


@pytest.mark.parametrize("kind", ["fifo", "bomb"])
def test_real_process(tmp_path: Path, kind: str) -> None:
    """The installed entry point, in its own process: one line, exit 2, in bounded time
    (a FIFO used to block forever; an alias bomb used to exhaust memory)."""
    path = tmp_path / f"{kind}.yaml"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs")
        os.mkfifo(path)
    else:
        (case,) = [c for c in _structural if c.name == "billion-laughs"]
        path.write_text(str(case.text), encoding="utf-8")
    code = "from tigris.cli import entry; entry()"
    res = subprocess.run(
        [sys.executable, "-c", code, "scenario", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 2, res.stderr
    (line,) = res.stderr.splitlines()
    assert line.startswith(f"error: {path}") and "Traceback" not in res.stderr

"""Pointers that resolve and help units that say what an option counts (user test s46).

- User-visible text pointed to a design document the repository does not hold
  (``DESIGN.md``, ``docs/design.md``): three lines of ``tigris scenario show`` and the
  docstrings of the planner, the report's frames and the package. Each now points to
  the doc that holds the content (``docs/plan.md``, "The reference scenario", ...), and
  every ``docs/*.md`` the reference scenario names exists, with the section it quotes.
- ``tigris die --help`` labelled ``--units`` and ``--spares`` ``[-]`` (a pure number)
  though they count units on a die, and ``tigris infer --help`` ``--expert-params``,
  ``--node-size`` and ``--micro-batches`` (counts of parameters, accelerators and
  micro-batches) and ``--prefill-batch-tokens`` (tokens) the same; the house labels are
  ``[count]`` and ``[tokens]``, as ``--params`` and ``--prompt-tokens`` have them.

The files are read from the tree of the imported package (``tigris.__file__``), so
``PYTHONPATH=OLD/src`` runs these tests on an older tree's docs and code alike.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tigris
from tigris.cli import app

#: The tree whose code is imported (its docs beside it), else this checkout's.
ROOT = Path(tigris.__file__).resolve().parents[2]
if not (ROOT / "docs").is_dir():  # a non-editable install: the checkout's docs
    ROOT = Path(__file__).resolve().parents[1]

#: The design document's names, as text cited them.
DESIGN = re.compile(r"DESIGN\.md|docs/design\.md")

#: The files whose pointers this fix replaced (user test s46 C).
FIXED = (
    "src/tigris/data/reference_scenario.yaml",
    "src/tigris/__init__.py",
    "src/tigris/plan/model.py",
    "src/tigris/plan/solve.py",
    "src/tigris/plan/reuse.py",
    "src/tigris/report/frames.py",
)


def _help(*args: str) -> str:
    """``tigris ARGS --help`` as rendered, wide enough that an option's row is one line."""
    res = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    return res.stdout


def _option_help(text: str, flag: str) -> str:
    """The help of ``flag`` in a rendered help text: its row and any rows that continue it."""
    rows = text.splitlines()
    start = next(i for i, r in enumerate(rows) if re.search(rf"│ {re.escape(flag)}\b", r))
    out = [rows[start]]
    for row in rows[start + 1 :]:
        if re.match(r"\s*│\s+-", row) or not row.strip().startswith("│"):
            break
        out.append(row)
    return " ".join(r.strip("│ ") for r in out)


@pytest.mark.parametrize("rel", FIXED)
def test_the_fixed_files_cite_no_design_document_the_repository_lacks(rel: str) -> None:
    text = (ROOT / rel).read_text(encoding="utf-8")
    cited = sorted({m.group(0) for m in DESIGN.finditer(text)})
    missing = [c for c in cited if not (ROOT / c).exists() and not (ROOT / "docs" / c).exists()]
    assert not missing, f"{rel} cites {missing}, which the repository does not hold"


def test_scenario_show_points_only_to_docs_that_exist_with_their_sections() -> None:
    res = CliRunner().invoke(app, ["scenario", "show"])
    assert res.exit_code == 0, res.output
    assert not DESIGN.search(res.stdout), [
        line for line in res.stdout.splitlines() if DESIGN.search(line)
    ]
    docs = set(re.findall(r"docs/[\w-]+\.md", res.stdout))
    assert docs, "scenario show names no doc"
    assert all((ROOT / d).is_file() for d in docs), sorted(
        d for d in docs if not (ROOT / d).is_file()
    )
    # a quoted section, "(docs/X.md, 'Section')", is a heading of that doc
    for doc, section in set(re.findall(r"(docs/[\w-]+\.md), '([^']+)'", res.stdout)):
        heads = [h for h in (ROOT / doc).read_text(encoding="utf-8").splitlines() if h[:1] == "#"]
        assert any(section in h for h in heads), (doc, section)
    assert "the motivating case (docs/plan.md, 'The reference scenario')" in res.stdout


@pytest.mark.parametrize("flag", ["--units", "--spares"])
def test_die_help_labels_its_unit_counts_as_counts(flag: str) -> None:
    text = _option_help(_help("die"), flag)
    assert "[count]" in text and "[-]" not in text, text


@pytest.mark.parametrize(
    ("flag", "unit"),
    [
        ("--expert-params", "[count]"),
        ("--node-size", "[count]"),
        ("--micro-batches", "[count]"),
        ("--prefill-batch-tokens", "[tokens]"),
    ],
)
def test_infer_help_labels_counts_and_tokens(flag: str, unit: str) -> None:
    text = _option_help(_help("infer"), flag)
    assert unit in text and "[-]" not in text, text

"""Every ``docs/X.md, "Section"`` citation in the source names a section of that doc
(user test s49, energy and finance #6).

The command line cited ``(docs/finance.md, "The planner's split")``
(``tigris.plan.summary``, ``tigris.finance.present_value``), a section the doc did not
have: its content was there, unnamed ("For the planner, the same arithmetic is split
into a part per module and a part per wafer sold"), and now carries that name. The only
earlier check of such citations (``tests/test_s46_docs_help.py``) read the output of
``tigris scenario show``, not the source, so it never saw this one.

A section is a Markdown heading (``## Money of which year``) or a bold run-in heading
the docs use below them, at a paragraph's or a list item's start (``**Terminal
value.**``, ``9. **Product mix bounds**``). A citation names one when each of its words
is a word of it (``"Speed of the reference plan, fifth session"`` names ``### Speed of
the reference plan (2026-12-03, fifth session)``), case aside. Citations are read from
every ``.py`` file of the package with adjacent string literals joined and comment
continuation marks dropped, so a citation broken over two lines is read whole.

The files are read from the tree of the imported package, so ``PYTHONPATH=OLD/src``
checks an older tree's source against its own docs.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import tigris

#: The tree whose code is imported (its docs beside it), else this checkout's.
ROOT = Path(tigris.__file__).resolve().parents[2]
if not (ROOT / "docs").is_dir():  # a non-editable install: the checkout's docs
    ROOT = Path(__file__).resolve().parents[1]

#: ``docs/X.md, "Section"`` (or with single quotes, or escaped quotes inside a string).
CITATION = re.compile(r"""(docs/[\w-]+\.md),\s*(\\?)(["'])(.+?)(?<!\\)\2\3""", re.S)
#: Adjacent string literals across a line break (``"... the\n" "next"``), joined.
ADJACENT = re.compile(r"""(["'])\s*\n\s*[rbfRBF]{0,2}\1""")
#: A bold run-in heading at a paragraph's or list item's start.
BOLD = re.compile(r"^(?:\d+\.\s+|[-*]\s+)?\*\*([^*]+?)\*\*", re.M)
#: Longer than this, the quoted text is a sentence quoted after the doc, not a section.
MAX_SECTION_CHARS = 80
#: Citations in files that are not this change's to edit, each with why.
ELSEWHERE: dict[tuple[str, str, str], str] = {}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower().replace("'s", "")))


def _joined(section: str) -> str:
    """A citation's section on one line: comment marks and escapes dropped."""
    one = re.sub(r"\s*\n\s*(#:?\s*)?", " ", section)
    return re.sub(r"\s+", " ", one.replace("\\'", "'").replace('\\"', '"')).strip()


@cache
def _sections(doc: str) -> tuple[str, ...] | None:
    path = ROOT / doc
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    heads = [ln.lstrip("#").strip() for ln in text.splitlines() if ln.startswith("#")]
    return (*heads, *(b.strip() for b in BOLD.findall(text)))


def _citations() -> list[tuple[str, str, str]]:
    out = set()
    for path in sorted((ROOT / "src" / "tigris").rglob("*.py")):
        text = ADJACENT.sub("", path.read_text(encoding="utf-8"))
        for m in CITATION.finditer(text):
            section = _joined(m.group(4))
            if len(section) <= MAX_SECTION_CHARS and _words(section):
                out.add((str(path.relative_to(ROOT)), m.group(1), section))
    return sorted(out)


def _marked(cited: tuple[str, str, str]) -> object:
    why = ELSEWHERE.get(cited)
    marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
    return pytest.param(*cited, marks=marks, id=f"{cited[0]}:{cited[2]}")


CITED = _citations()


def test_the_source_cites_sections() -> None:
    """The scan finds the citations it is for (a broken pattern would pass all)."""
    assert len(CITED) > 50
    assert any(doc == "docs/finance.md" and "planner" in s for _, doc, s in CITED), CITED


@pytest.mark.parametrize(("source", "doc", "section"), [_marked(c) for c in CITED])
def test_each_citation_names_a_section_of_its_doc(source: str, doc: str, section: str) -> None:
    sections = _sections(doc)
    assert sections is not None, f"{source} cites {doc}, which does not exist"
    wanted = _words(section)
    assert any(wanted <= _words(s) for s in sections), (
        f'{source} cites ({doc}, "{section}"), which is no section of {doc}'
    )


def test_the_planners_split_is_the_paragraph_on_the_objectives_parts() -> None:
    """The named paragraph is the one the citations mean: the NPV split into a part per
    module and a part per wafer sold."""
    text = (ROOT / "docs" / "finance.md").read_text(encoding="utf-8")
    start = text.index("**The planner's split.**")
    para = text[start : text.index("\n\n", start)]
    assert "npv_build_coefficients" in para and "wafer_margin_pv" in para
    assert "lower bound" in para  # what the citing sentences send the reader for

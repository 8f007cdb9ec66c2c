"""User test s47 #8: on the reference report table-energy (1,160 px) and
table-energy-regions (1,178 px) spilled past the 1,100 px column, at a 900 px window
the whole page scrolled sideways (scrollWidth 1,210), and a page ~100,000 px tall had
no table of contents. Every table now scrolls inside its own box and the page opens
with a contents list linking every section."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.test_report_browser import CHROMIUM_ARGS, _need_chromium
from tests.test_s47_rep_util import report_of

#: Window widths of the user test [px].
WINDOWS_PX = (1400, 900)


class _Structure(HTMLParser):
    """Each table's enclosing element classes, the ids on the page, and the TOC's links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.table_parents: dict[str, str] = {}
        self.ids: set[str] = set()
        self.toc: list[str] = []
        self._in_toc = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "table":
            self.table_parents[str(a.get("id"))] = self.stack[-1][1] if self.stack else ""
        if tag == "nav" and a.get("id") == "toc":
            self._in_toc = True
        if tag == "a" and self._in_toc:
            self.toc.append(str(a.get("href")))
        if tag not in ("meta", "br", "img", "input", "link"):
            self.stack.append((tag, str(a.get("class") or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_toc = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def test_every_table_scrolls_in_its_own_box_and_the_toc_links_every_section() -> None:
    page = report_of()
    s = _Structure()
    s.feed(page)
    assert s.table_parents, "no table"
    for table, parent in s.table_parents.items():
        assert "table-wrap" in parent.split(), table
    assert re.search(r"div\.table-wrap\s*\{[^}]*overflow-x:\s*auto", page)
    sections = re.findall(r'<section(?: class="[^"]*")? id="([^"]+)"><h2>', page)
    assert len(sections) > 20
    assert s.toc == [f"#{x}" for x in sections]  # every section, in page order
    assert all(h[1:] in s.ids for h in s.toc)
    assert page.index('<nav id="toc"') < page.index('<section id="key"')


@pytest.mark.browser
def test_no_window_width_scrolls_the_page_sideways(tmp_path: Path) -> None:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(report_of(), encoding="utf-8")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            for width in WINDOWS_PX:
                page = b.new_page(viewport={"width": width, "height": 900})
                page.goto(path.as_uri())
                got = page.evaluate(
                    """() => {
                    const d = document.documentElement;
                    const body = document.body.getBoundingClientRect();
                    const out = [];
                    for (const t of document.querySelectorAll('table')) {
                      const box = t.parentElement.getBoundingClientRect();
                      if (box.right > body.right + 1) out.push(t.id);
                    }
                    return {scroll: d.scrollWidth, client: d.clientWidth, out: out};
                    }"""
                )
                assert got["scroll"] <= got["client"], (width, got)
                assert got["out"] == [], (width, got)
                page.close()
        finally:
            b.close()

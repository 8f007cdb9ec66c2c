"""The PNG set carries what the HTML carries: captions, what binds, the assumptions and
the provenance line, in the images themselves (matplotlib text artists, read back).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_report import HandResult, png_size
from tigris.report import FIGURES, report_tables
from tigris.report.figures import DATACENTER_NOT_MODELLED, figure_caption
from tigris.report.html import binding_kind, summary_rows
from tigris.report.png import png_count, png_figures
from tigris.report.png_pages import LINES_PER_PAGE, Line, paginate
from tigris.report.provenance import ReportInfo

INFO = ReportInfo("9.8.7", "2026-12-01T15:40:00Z", "ab" * 32)


def _words(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def _texts(fig) -> str:
    return _words(" ".join(t.get_text() for t in fig.texts))


@pytest.fixture(scope="module")
def made(hand: HandResult) -> list:
    return list(png_figures(hand, INFO))


def test_every_figure_carries_its_caption_and_footer(made: list, hand: HandResult) -> None:
    by_key = {stem: fig for stem, _title, fig in made}
    for spec in FIGURES:
        text = _texts(by_key[spec.key])
        # the hand plan has no data-centre facility: its data-centre figure says so; the
        # supply caption names the run's layers only (user test s47 #6)
        caption = figure_caption(spec, report_tables(hand))
        if spec.key == "datacenter":
            assert caption == DATACENTER_NOT_MODELLED
        assert _words(caption) in text, spec.key
        assert "tigris 9.8.7 · created 2026-12-01T15:40:00Z · inputs sha256 abababababab" in text


def test_caption_does_not_overlap_plot_or_legend(made: list) -> None:
    # the caption is below the legend, which is below every axes (pixel boxes)
    for stem, _title, fig in made[: len(FIGURES)]:
        fig.draw_without_rendering()
        r = fig.canvas.get_renderer()
        caption = next(t for t in fig.texts if t.get_gid() == "caption").get_window_extent(r)
        legends = [leg.get_window_extent(r) for leg in fig.legends]
        axes = [a.get_tightbbox(r) for a in fig.axes if a.get_visible()]
        for box in [*legends, *axes]:
            assert caption.y1 <= box.y0 + 1, stem  # 1 px for anti-aliasing
        for leg in legends:
            assert all(leg.y1 <= a.y0 + 1 for a in axes), stem


def test_binding_page_has_headline_and_every_reason(made: list, hand: HandResult) -> None:
    page = dict((stem, fig) for stem, _t, fig in made)["binding"]
    text = _texts(page)
    for quantity, value, unit in summary_rows(report_tables(hand)):
        assert _words(f"{quantity}: {value} {unit}") in text, quantity
    for why in hand.binding:
        assert _words(f"{binding_kind(why.kind)}: {why.text}") in text, why.kind
    assert "inputs sha256 abababababab" in text


def test_assumption_pages_have_every_row_and_source(made: list, hand: HandResult) -> None:
    pages = [fig for stem, _t, fig in made if stem.startswith("assumptions")]
    text = " ".join(_texts(f) for f in pages)
    for row in hand.assumptions.to_dict("records"):
        assert row["parameter"] in text
        assert _words(f"source: {row['source']}") in text  # verbatim, markup and all
    # "$" is money, not TeX: the page text is set as written
    assert all(not t.get_parse_math() for f in pages for t in f.texts)


def test_long_topics_continue_on_numbered_pages(hand: HandResult, tmp_path: Path) -> None:
    # 60 assumptions take 2 lines each (value; short source): 120 lines, so
    # ceil(120 / LINES_PER_PAGE) pages, named assumptions, assumptions-2, ...
    from tigris.report.png_pages import page_figures
    from tigris.viz.style import save_png

    many = hand.assumptions.iloc[[0] * 60].reset_index(drop=True)
    many["parameter"] = [f"p{i}" for i in range(60)]
    many["source"] = "s"
    r = HandResult(**{**hand.__dict__, "assumptions": many})
    pages = page_figures(report_tables(r), INFO)
    want = -(-120 // LINES_PER_PAGE)
    stems = [stem for stem, _t, _f in pages if stem.startswith("assumptions")]
    assert stems == ["assumptions", *(f"assumptions-{i}" for i in range(2, want + 1))]
    assert len(FIGURES) + len(pages) == png_count(r)
    text = " ".join(_texts(f) for stem, _t, f in pages if stem.startswith("assumptions"))
    assert all(f"p{i}:" in text for i in range(60))
    save_png(pages[-1][2], tmp_path / "last.png")  # a page keeps the figures' width
    assert png_size(tmp_path / "last.png")[0] >= 1000


def test_paginate_keeps_every_line_in_order() -> None:
    lines = [Line(str(i), "heading" if i % 7 == 0 else "text", cont=i % 3 != 0) for i in range(100)]
    pages = paginate(lines, 10)
    assert [ln for p in pages for ln in p] == lines
    assert all(p[-1].style != "heading" for p in pages[:-1])  # never a heading alone
    assert all(not p[0].cont for p in pages)  # a wrapped line stays with its start
    assert paginate([]) == [[]]


def test_cli_report_png_also_writes_the_html(run_cli, tmp_path: Path, hand: HandResult) -> None:
    # 'tigris report DIR --png D' writes the PNGs and still the HTML report (default
    # DIR/report.html), and says so
    from tests.test_report import save_result

    d = save_result(hand, tmp_path / "plan")
    res = run_cli("report", d, "--png", tmp_path / "png")
    assert res.code == 0, res.err
    assert (d / "report.html").is_file()
    written = sorted(p.name for p in (tmp_path / "png").glob("*.png"))
    assert len(written) == png_count(hand) and "demand.png" in written
    # one row per file written (the file column may fold a long path, the label not)
    labels = [ln.split("│")[1].strip() for ln in res.out.splitlines() if ln.count("│") >= 3]
    assert labels.count("HTML report") == 1
    assert labels.count("PNG") == len(written)


def test_axis_ticks_keep_the_decimals_their_step_needs() -> None:
    """A plan serving 1M H100e drew its axis as '0, 0, 0, 1, 1, 1' [million H100e]:
    ticks were printed as whole numbers whatever their step."""
    from tigris.report.png import _thousands

    class _Axis:
        def set_major_formatter(self, f: object) -> None:
            self.formatter = f

    axis = _Axis()
    _thousands(axis)  # type: ignore[arg-type]
    fmt = axis.formatter
    assert fmt.format_ticks([0.0, 0.2, 0.4, 1.0]) == ["0.0", "0.2", "0.4", "1.0"]
    assert fmt.format_ticks([0.0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"]
    assert fmt.format_ticks([0.0, 500_000.0, 1_500_000.0]) == ["0", "500,000", "1,500,000"]

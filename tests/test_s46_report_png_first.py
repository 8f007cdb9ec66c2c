"""``tigris report RUN --png DIR`` with a PNG folder that cannot be made: refused before
the HTML report is written, and a PNG failure after it says the HTML was written (user
test: ``--png /proc/nope`` wrote RUN/report.html, then failed with "nothing was changed
there")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import assert_one_line_error

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.fixture
def run_dir(tmp_path: Path, run_cli: Any) -> Path:
    out = tmp_path / "run"
    res = run_cli("plan", SMALL, "--no-store", "--out", out)
    assert res.code == 0, res.err
    assert not (out / "report.html").exists()
    return out


@pytest.mark.skipif(
    not (Path("/proc").is_dir() and os.access("/proc", os.W_OK | os.X_OK)),
    reason="needs a folder that looks writable but where nothing can be made (/proc as root)",
)
def test_a_png_folder_that_cannot_be_made_is_refused_before_the_html(
    run_dir: Path, run_cli: Any
) -> None:
    res = run_cli("report", run_dir, "--png", "/proc/tigris-nope")
    assert_one_line_error(res, "--png", "/proc/tigris-nope")
    assert not (run_dir / "report.html").exists()


def test_a_png_failure_after_the_html_says_the_html_was_written(
    run_dir: Path, run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tigris.report

    def broken(*args: Any, **kwargs: Any) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tigris.report, "write_pngs", broken)
    res = run_cli("report", run_dir, "--png", tmp_path / "png")
    html = run_dir / "report.html"
    assert_one_line_error(res, "--png", f"the HTML report {html} was written")
    assert html.exists()

"""``tigris report DIR --out FILE`` says which options it has (user test 2026-12-03,
fifth session, #10: typer's bare "No such option: --out", while ``plan`` and ``runs
export`` take ``--out``)."""

from __future__ import annotations

from tests.conftest import assert_one_line_error


def test_report_out_points_to_html_and_png(run_cli, tmp_path):
    res = run_cli("report", str(tmp_path), "--out", str(tmp_path / "r.html"))
    assert_one_line_error(res, "--out", "--html FILE", "--png DIR")
    assert not (tmp_path / "r.html").exists()


def test_report_help_says_where_it_writes(run_cli):
    res = run_cli("report", "--help")
    assert res.code == 0
    assert "report has no --out" in " ".join(res.out.split())

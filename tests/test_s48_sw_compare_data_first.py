"""User test s48 (sweeps #10): ``tigris compare RUN RUN --data FILE`` read the overlay
(printing its warnings) before refusing ``--data``; it is refused first, the file not
read."""

from __future__ import annotations

from tests.conftest import assert_one_line_error


def test_data_with_two_stored_runs_is_refused_before_the_file_is_read(
    run_cli, small_store, tmp_path
):
    store, rid = small_store
    bad = tmp_path / "overlay.yaml"
    bad.write_text("sites: [unclosed\n", encoding="utf-8")  # reading it would fail
    res = run_cli("compare", rid, rid, "--data", bad, "--store", store)
    assert_one_line_error(res, "--data", "nothing is solved here")

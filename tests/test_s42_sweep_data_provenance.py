"""A sweep run with ``--data`` keeps the overlay with each member and says its warnings
once (user test 2026-12-05, data #2).

The store's writer ran in a thread, which starts with an empty context, so each member
was stored as made without ``--data`` (``tigris runs show MEMBER --data``: "made without
a --data file"); and every warning of the file was written twice, the second time
naming a temporary file that no longer existed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tigris.runs.store import RunStore

from .conftest import CliResult

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
OVERLAY = """\
sites:
  - name: japan
    based_on: japan
    electricity_usd_per_kwh: 95
    source: "test: a price far above any shipped site's"
    as_of: 2025-06
"""


def test_members_keep_the_overlay_and_warnings_are_said_once(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    data = tmp_path / "ov.yaml"
    data.write_text(OVERLAY, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "sweep", SMALL, "--data", data, "--set", "discount_rate=0.06,0.08",
        "--workers", "0", "--store", store,
    )  # fmt: skip
    assert res.code == 0, res.err
    warned = [ln for ln in res.err.splitlines() if ln.startswith("warning: ")]
    assert warned and len(warned) == len(set(warned)), warned
    assert all("tigris-data-" not in ln for ln in warned), warned
    ids = list(RunStore(store).runs()["id"])
    assert len(ids) == 2
    for rid in ids:
        shown = run_cli("runs", "show", rid, "--data", "--store", store)
        assert shown.code == 0, shown.err
        assert shown.out.strip() == OVERLAY.strip()
        over = RunStore(store).record(rid)["provenance"]["overlay"]
        assert over["file"] == str(data)

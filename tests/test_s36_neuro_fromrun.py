"""UT-NEURO defect 5: ``tigris plan --from-run`` repeats a run with the ``--data`` text
the run kept (its provenance's ``overlay.text``), not the file as it is now: an
edited file re-solved another plan, a deleted one refused the run's own part with
"unknown accelerator". A run that kept no text (stored before 2026-12-04) and whose
file is gone is refused with the missing file named first.

By hand: the part is 9.894e16 dense BF16 FLOP/s, 100 x the H100's 9.894e14 (NVIDIA
H100 SXM datasheet), so 100 H100e a unit; edited to 9.894e14 it would be 1 H100e.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SMALL, replaced

PART = """accelerators:
  - name: neuro-npu
    based_on: h100
    peak_bf16_flop_per_s: {bf16}
    peak_fp8_flop_per_s: {fp8}
    source: "Vendor claim"
    as_of: 2024-03
"""


def _saved_run(run_cli, tmp_path: Path) -> tuple[Path, Path]:
    part = tmp_path / "mut-parts.yaml"
    part.write_text(PART.format(bf16="9.894e16", fp8="1.979e17"), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        replaced(SMALL, ("  - name: b200\n", "  - name: b200\n  - name: neuro-npu\n")),
        encoding="utf-8",
    )
    out = tmp_path / "run"
    res = run_cli("plan", scenario, "--data", part, "--out", out, "--no-store")
    assert res.code == 0, res.err
    return part, out


def _per_unit(res) -> float:
    rows = [r for r in res.json()["assumptions"] if r["parameter"] == "neuro-npu: compute per unit"]
    assert len(rows) == 1, rows
    return float(rows[0]["value"])


def test_from_run_uses_the_kept_text_when_the_file_was_edited(run_cli, tmp_path) -> None:
    part, out = _saved_run(run_cli, tmp_path)
    part.write_text(PART.format(bf16="9.894e14", fp8="1.979e15"), encoding="utf-8")
    res = run_cli("plan", "--from-run", out, "--no-store", "--json")
    assert res.code == 0, res.err
    assert _per_unit(res) == pytest.approx(100.0)  # the run's part, not the edited 1.0


def test_from_run_uses_the_kept_text_when_the_file_is_gone(run_cli, tmp_path) -> None:
    part, out = _saved_run(run_cli, tmp_path)
    part.unlink()
    res = run_cli("plan", "--from-run", out, "--no-store")
    assert res.code == 0, res.err
    # the path may be folded at the terminal's width (tmp paths differ in length)
    said = f"With the stored run's --data {part} as the run kept it (the file is gone)"
    assert "".join(said.split()) in "".join(res.out.split())
    assert "unknown accelerator" not in res.err
    js = run_cli("plan", "--from-run", out, "--no-store", "--json")
    assert js.code == 0, js.err
    assert _per_unit(js) == pytest.approx(100.0)


def test_a_run_that_kept_no_text_names_the_missing_file(run_cli, tmp_path) -> None:
    """A run saved before the text was kept: its file gone, the error's first line
    says so (before: only 'unknown accelerator' at '<text>')."""
    part, out = _saved_run(run_cli, tmp_path)
    doc = json.loads((out / "run.json").read_text(encoding="utf-8"))
    doc["provenance"]["overlay"]["text"] = None
    (out / "run.json").write_text(json.dumps(doc), encoding="utf-8")
    part.unlink()
    res = run_cli("plan", "--from-run", out, "--no-store")
    assert res.code == 2, res.out
    lines = [ln for ln in res.err.splitlines() if ln.startswith("error")]
    assert lines[0].startswith(f"error: --from-run: the stored run used --data {part}"), lines
    assert "which is gone" in lines[0]
    assert any("unknown accelerator 'neuro-npu'" in ln for ln in lines[1:]), lines
    assert "Traceback" not in res.err

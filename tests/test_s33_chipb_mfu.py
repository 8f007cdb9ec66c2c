"""The MFU model says when it is applied outside its fit (UT-CHIP 2026-12-04 #7).

The default MFU is fitted on 16 published runs on NVIDIA GPUs and Google TPUs
(data/mfu_runs.csv), log-linear in the part's launch year, which is clamped to the
runs' range. A user's part (a claimed neuromorphic NPU) got the fit's value with no
word that no run is on anything like it; a part of another vendor likewise. The note
now says so, and the clamp names the year it reads the part's launch year as.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from tigris.cli import main
from tigris.workload import train
from tigris.workload.mfu import default_mfu

PART = """\
accelerators:
  - name: my-npu
    based_on: h100
    peak_bf16_flop_per_s: 9.894e14
    tdp_w: 70
    system_power_w: 127.5
    launch_year: {year}
    source: "a user's claimed part"
    as_of: 2026-12
"""

JOB = {"params": 405e9, "tokens": 15.6e12, "days": 90}


def _runs() -> list[dict[str, str]]:
    text = (resources.files("tigris.data") / "mfu_runs.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _part(tmp_path: Path, year: int) -> Path:
    path = tmp_path / f"part{year}.yaml"
    path.write_text(PART.format(year=year), encoding="utf-8")
    return path


def _mfu_note(notes: tuple[str, ...]) -> str:
    return next(n for n in notes if n.startswith("MFU ") and "MFU model" in n)


def test_a_user_part_is_said_to_have_no_published_run(tmp_path: Path) -> None:
    r = train(accelerator="my-npu", accelerators_file=_part(tmp_path, 2022), **JOB)
    note = _mfu_note(r.notes)
    assert "my-npu is a user-defined part with no published run" in note
    assert "not a figure measured on my-npu" in note
    # the parts named are the runs' own (data/mfu_runs.csv)
    for part in {row["accelerator"] for row in _runs()}:
        assert part in note
    assert note.endswith("pass mfu to set it")  # the keyword from Python (s46)


@pytest.mark.parametrize("part", ["h100", "a100", "tpu-v4", "b200"])
def test_a_catalog_part_of_a_fitted_vendor_has_no_such_note(part: str) -> None:
    r = train(accelerator=part, **JOB)
    note = _mfu_note(r.notes)
    assert "user-defined" not in note and "none of the fitted runs" not in note


@pytest.mark.parametrize(("part", "vendor"), [("trainium2", "AWS"), ("mi300x", "AMD")])
def test_a_catalog_part_of_another_vendor_is_said_to_be_outside_the_fit(
    part: str, vendor: str
) -> None:
    r = train(accelerator=part, **JOB)
    assert f"none of the fitted runs is on a part by {vendor}" in _mfu_note(r.notes)


def test_a_launch_year_past_the_runs_is_read_as_their_last_and_said(tmp_path: Path) -> None:
    """The runs' hardware years end at 2022 (H100; read from mfu_runs.csv): a 2027 part
    gets exactly the 2022 value (the H100's, the same peak) and the note says 2027 is
    read as 2022; a 2022 part is inside and not clamped."""
    last = max(int(row["hardware_year"]) for row in _runs())
    assert last == 2022
    late = train(accelerator="my-npu", accelerators_file=_part(tmp_path, 2027), **JOB)
    inside = train(accelerator="my-npu", accelerators_file=_part(tmp_path, last), **JOB)
    h100 = default_mfu(params=405e9, accelerators=None, accelerator="h100")
    assert late.mfu == inside.mfu == pytest.approx(float(h100.value), rel=1e-12)
    assert f"my-npu's launch year 2027 is read as {last}" in _mfu_note(late.notes)
    assert "clamped" not in _mfu_note(inside.notes)


def test_a_data_overlay_part_is_user_defined_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(PART.format(year=2022), encoding="utf-8")
    code = main(["train", "--params", "405e9", "--tokens", "15.6e12", "--days", "90",
                 "-a", "my-npu", "--data", str(data), "--json"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "my-npu is a user-defined part with no published run" in out

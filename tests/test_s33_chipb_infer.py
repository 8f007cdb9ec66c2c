"""tigris infer on a user's own part: its tensor-parallel communication is never free.

User test UT-CHIP 2026-12-04, defect 3: a part ``based_on: h100`` copied the catalog row
but not the H100's row of ``data/inference_interconnect.csv`` (NVLink 4, 900 GB/s), so
its all-reduces cost 0 ms and its replicas grew to 128: the same-spec part needed 12,512
accelerators against the H100's 18,424 for Llama 3.1 405B in FP8. A based_on part now
takes its base's network (scale-up bandwidth and scale-out node), a file may give its
own ``interconnect_gb_per_s``, and a part with neither serves replicas of one
accelerator (nothing to communicate) or is refused when the weights need more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tigris.catalog import get_accelerator
from tigris.cli import main
from tigris.errors import InputError
from tigris.workload import infer

#: The user test's service: Llama 3.1 405B in FP8, 1e12 tokens a day, 2,000 + 500.
SERVICE = {
    "precision": "fp8",
    "tokens_per_day": 1e12,
    "prompt_tokens": 2000,
    "output_tokens": 500,
}

PARTS = """\
accelerators:
  - name: h100-copy
    based_on: h100
    source: "a based_on copy of h100 with no change"
    as_of: 2026-12
  - name: h100-half-link
    based_on: h100
    interconnect_gb_per_s: 450
    source: "h100 with half its NVLink bandwidth"
    as_of: 2026-12
  - name: scratch
    vendor: Startup
    peak_bf16_flop_per_s: 9.894e14
    peak_fp8_flop_per_s: 1.979e15
    memory_gb: 80
    memory_bw_gb_per_s: 3350
    tdp_w: 700
    system_power_w: 1275
    source: "the H100's figures, given from scratch (no based_on, no interconnect)"
    as_of: 2026-12
"""

#: What a fleet is: counts, replica sizes, step times.
FLEET = (
    "accelerators",
    "prefill_replicas",
    "prefill_replica_size",
    "decode_replicas",
    "replica_size",
    "batch_size",
    "all_reduce_ms",
    "decode_step_ms",
    "prefill_ms",
    "node_size",
    "interconnect_gb_per_s",
)


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    path = tmp_path / "parts.yaml"
    path.write_text(PARTS, encoding="utf-8")
    return path


def _fleet(**kw: object) -> dict[str, object]:
    r = infer("llama-3.1-405b", **SERVICE, **kw)  # type: ignore[arg-type]
    return {k: getattr(r, k) for k in FLEET}


def test_a_based_on_copy_of_h100_serves_as_the_h100(parts: Path) -> None:
    """The user test's case: a copy with no change is the H100, fleet for fleet (18,424
    on replicas of 8, all-reduce 14.1 ms); was 12,512 on 128-way prefill replicas with
    0 ms all-reduces."""
    h100 = _fleet(accelerator="h100")
    copy = _fleet(accelerator="h100-copy", accelerators_file=parts)
    assert copy == h100
    assert h100["all_reduce_ms"] > 0 and h100["replica_size"] == 8  # the check bites


def test_a_based_on_copy_says_whose_network_it_took(parts: Path) -> None:
    r = infer("llama-3.1-405b", accelerator="h100-copy", accelerators_file=parts, **SERVICE)
    note = next(n for n in r.notes if "copied with based_on" in n)
    assert "h100-sxm's" in note and "900 GB/s" in note and "nodes of 8" in note
    assert "interconnect_gb_per_s" in note
    plain = infer("llama-3.1-405b", accelerator="h100", **SERVICE)
    assert not any("based_on" in n for n in plain.notes)


def test_a_file_s_interconnect_is_the_flag_s(parts: Path) -> None:
    """interconnect_gb_per_s: 450 in the file serves as --interconnect-gb-per-s 450 on
    the H100; half the bandwidth costs more all-reduce time than the H100's 900."""
    own = _fleet(accelerator="h100-half-link", accelerators_file=parts)
    flag = _fleet(accelerator="h100", interconnect_gb_per_s=450.0)
    assert own == flag
    h100 = _fleet(accelerator="h100")
    assert own["interconnect_gb_per_s"] == 450.0
    assert own["all_reduce_ms"] > h100["all_reduce_ms"]  # type: ignore[operator]


@pytest.mark.parametrize("value", ["0", "-900", '"900"', ".nan"])
def test_a_bad_interconnect_in_a_file_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "accelerators:\n  - name: x\n    based_on: h100\n"
        f"    interconnect_gb_per_s: {value}\n    source: s\n    as_of: 2026-12\n",
        encoding="utf-8",
    )
    code = main(["infer", "-m", "llama-2-7b", "--tokens-per-day", "1e9", "--prompt-tokens",
                 "100", "--output-tokens", "100", "-a", "x",
                 "--accelerators", str(path)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {path}:4: accelerators.0.interconnect_gb_per_s")


def test_a_part_with_no_interconnect_is_refused_when_the_weights_need_a_replica_of_several(
    parts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """405B in FP8 (405 GB) on 72 GB usable needs 6 a replica, whose all-reduces have
    no bandwidth to be costed at: one error line naming --interconnect-gb-per-s (was
    served on free 128-way replicas)."""
    code = main(["infer", "-m", "llama-3.1-405b", "--precision", "fp8", "--tokens-per-day",
                 "1e12", "--prompt-tokens", "2000", "--output-tokens", "500", "-a", "scratch",
                 "--accelerators", str(parts)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("error: --interconnect-gb-per-s: ")
    assert "replicas of 6 scratch" in lines[0] and "interconnect_gb_per_s" in lines[0]


def test_a_part_with_no_interconnect_refuses_a_replica_size_above_one(parts: Path) -> None:
    with pytest.raises(InputError) as info:
        infer("llama-2-7b", accelerator="scratch", accelerators_file=parts,
              tokens_per_day=1e9, prompt_tokens=100, output_tokens=100, replica_size=2)  # fmt: skip
    assert info.value.problems[0].field == "replica_size"


def test_a_part_with_no_interconnect_serves_replicas_of_one(parts: Path) -> None:
    """Llama 2 7B in BF16 (13.5 GB) fits one 80 GB part: the scratch part (the H100's
    figures without its NVLink) serves replicas of one, as the H100 does when held to
    --replica-size 1 (a replica of one communicates nothing); was a free all-reduce at
    any replica size."""
    kw = {"tokens_per_day": 1e11, "prompt_tokens": 2000, "output_tokens": 500}
    mine = infer("llama-2-7b", accelerator="scratch", accelerators_file=parts, **kw)
    held = infer("llama-2-7b", accelerator="h100", replica_size=1, **kw)
    for key in ("accelerators", "prefill_replicas", "decode_replicas", "batch_size"):
        assert getattr(mine, key) == getattr(held, key), key
    assert mine.replica_size == mine.prefill_replica_size == 1
    assert mine.all_reduce_ms == 0.0
    assert any("each replica is one accelerator" in n for n in mine.notes)
    assert not any("costed as free" in n for n in mine.notes)


@pytest.mark.parametrize(("part", "gb"), [("tpu-v5e", 400), ("tpu-v6e", 800), ("tpu-v7", 1200)])
def test_the_tpus_serve_on_their_ici(part: str, gb: float) -> None:
    """TPU v5e/v6e/v7 have rows now (Google Cloud's system-architecture pages: 400, 800,
    1,200 GB/s bidirectional ICI a chip): Llama 2 70B in BF16 (140 GB) needs replicas of
    several chips, and their all-reduces are costed at that bandwidth (before: free, then
    refused)."""
    r = infer("llama-2-70b", accelerator=part, tokens_per_day=1e10, prompt_tokens=2000,
              output_tokens=500)  # fmt: skip
    assert r.interconnect_gb_per_s == gb
    assert r.replica_size > 1 and r.all_reduce_ms > 0


def _overlay_keeps_user_fields(tmp_path: Path) -> bool:
    """Whether a --data part keeps based_on through the accelerators table
    (/work/notes/CHIP-B-overlay-fields.patch to tigris/data/__init__.py, the lead's)."""
    from tigris.data import using_overlay
    from tigris.overlay import load_overlay

    path = tmp_path / "probe.yaml"
    path.write_text(PARTS, encoding="utf-8")
    with using_overlay(load_overlay(path)):
        return get_accelerator("h100-copy").based_on == "h100-sxm"


def test_a_data_overlay_copy_of_h100_serves_as_the_h100(
    parts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same copy given with --data (the way plan and scenarios take a user's part)
    is the H100 too; before the overlay kept based_on it lost the H100's network and was
    refused (replicas of one cannot hold 405 GB)."""
    if not _overlay_keeps_user_fields(tmp_path):
        pytest.skip("CHIP-B-overlay-fields.patch (tigris/data/__init__.py) not applied")
    args = ["infer", "-m", "llama-3.1-405b", "--precision", "fp8", "--tokens-per-day",
            "1e12", "--prompt-tokens", "2000", "--output-tokens", "500", "--json"]  # fmt: skip
    assert main([*args, "-a", "h100"]) == 0
    h100 = capsys.readouterr().out
    assert main([*args, "-a", "h100-copy", "--data", str(parts)]) == 0
    copy = capsys.readouterr().out
    a, b = json.loads(h100), json.loads(copy)
    for key in ("accelerators", "replica_size", "prefill_replica_size", "all_reduce_ms"):
        assert a[key] == b[key], key
    # 18,424 before S36 ML-FIX sized prefill for MLPerf's p99 TTFT (not the mean);
    # 25,888 with a prefill queue per replica (2,794 replicas of 8), 16,976 sharing one
    # queue: 1,680 prefill replicas of 8 for a load of 1,675.5 busy (7 queues of 240)
    assert a["accelerators"] == 16976

"""UT-NEURO defects 1, 4 and 7: a claimed part of one's own.

1. A part whose dense BF16 FLOP/s per byte/s of memory bandwidth (its roofline ridge
   point; Williams, Waterman and Patterson, CACM 2009) is beyond every catalog part's
   gets one warning at its file:line saying the plan counts it in FLOP/s and what a
   memory-bound kernel gets. By hand, from the H100 SXM datasheet (989.4 TFLOP/s dense
   BF16, 3.35 TB/s HBM3): the H100's ridge is 9.894e14 / 3.35e12 = 295 FLOP/byte; the
   README's part (9.894e16 FLOP/s at the H100's bandwidth) 29,534, 100x it, counted as
   100 H100e while its bandwidth is 1x an H100's.
4. ``hbm_stacks: 0`` with memory (80 GB copied from the H100) is refused: no stacks
   hold no memory, and tigris models no on-die SRAM to price it.
7. ``tigris catalog --help``'s own example part is accepted as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import assert_one_line_error

H100_FLOP = 9.894e14  # dense BF16 [FLOP/s], NVIDIA H100 SXM datasheet
H100_BW = 3.35e12  # HBM3 [byte/s], same datasheet


def _part(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"accelerators:\n  - name: {name}\n    based_on: h100\n{body}"
        '    source: "test part"\n    as_of: 2026-12\n',
        encoding="utf-8",
    )
    return path


def _roofline_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if "per byte/s of memory bandwidth" in ln]


def test_a_100x_flop_part_at_h100_bandwidth_is_warned_at_its_line(run_cli, tmp_path) -> None:
    path = _part(
        tmp_path,
        "npu100",
        "    peak_bf16_flop_per_s: 9.894e16\n    peak_fp8_flop_per_s: 1.979e17\n",
    )
    res = run_cli("catalog", "npu100", "--accelerators", path)
    assert res.code == 0, res.err
    (line,) = _roofline_lines(res.err)
    ridge, h100 = 9.894e16 / H100_BW, H100_FLOP / H100_BW
    assert round(ridge) == 29534 and round(h100) == 295  # the hand figures
    assert line.startswith(f"warning: {path}:4: accelerators.0.peak_bf16_flop_per_s: "), line
    assert f"{ridge:,.0f} is 100x the H100's {h100:,.0f}" in line, line
    assert "counts this part as 100 H100e (dense BF16 FLOP/s) for all demand" in line
    assert "runs at its bandwidth ratio, 1x an H100" in line, line
    assert "h100e with a source" in line


def test_a_part_within_the_catalogs_ridge_points_is_not_warned(run_cli, tmp_path) -> None:
    """2x the H100's FLOP/s at its bandwidth: ridge 591, below the catalog's projected
    parts' (nvidia-2035-projected: 1,592, 5.4x the H100's), so no roofline warning:
    the threshold is the catalog's largest, not the H100's (tigris judgement, stated in
    ``catalog_schema._roofline``); and a part copying the H100's figures is not warned."""
    two = _part(
        tmp_path,
        "npu2",
        "    peak_bf16_flop_per_s: 1.9788e15\n    peak_fp8_flop_per_s: 3.9576e15\n",
    )
    same = _part(tmp_path, "h100copy", "    tdp_w: 700\n")
    for name, path in (("npu2", two), ("h100copy", same)):
        res = run_cli("catalog", name, "--accelerators", path)
        assert res.code == 0, res.err
        assert _roofline_lines(res.err) == [], res.err


def test_no_hbm_stacks_with_memory_is_refused(run_cli, tmp_path) -> None:
    path = _part(tmp_path, "nohbm", "    hbm_stacks: 0\n")
    res = run_cli("catalog", "nohbm", "--accelerators", path)
    assert_one_line_error(
        res,
        f"{path}:4: accelerators.0.hbm_stacks",
        "memory_gb 80 GB (copied from h100-sxm) with hbm_stacks 0",
        "no field for on-die SRAM",
    )


def test_no_hbm_stacks_with_a_little_sram_is_refused_too(run_cli, tmp_path) -> None:
    path = _part(tmp_path, "sram", "    hbm_stacks: 0\n    memory_gb: 0.5\n")
    res = run_cli("chip", "sram", "--accelerators", path)
    assert_one_line_error(res, "accelerators.0.hbm_stacks", "memory_gb 0.5 GB")


def test_the_catalog_helps_own_example_part_is_accepted(run_cli, tmp_path) -> None:
    res = run_cli("catalog", "--help")
    assert res.code == 0
    block = re.search(r"(?ms)^[ ]*accelerators:[ ]*\n.*?as_of: \S+", res.out)
    assert block is not None, res.out
    lines = block.group(0).splitlines()
    indent = len(lines[0]) - len(lines[0].lstrip())
    text = "\n".join(ln[indent:].rstrip() for ln in lines) + "\n"
    path = tmp_path / "help-parts.yaml"
    path.write_text(text, encoding="utf-8")
    name = re.search(r"name: (\S+)", text).group(1)
    got = run_cli("catalog", name, "--accelerators", path)
    assert got.code == 0, got.err
    assert "error" not in got.err


def test_a_products_h100e_is_what_the_plan_counts(tmp_path: Path) -> None:
    """docs/scenario-files.md's recipe: a product's ``h100e`` (with a source) replaces
    its FLOP ratio (B200: 2,250 / 989.4 = 2.27 H100e by the datasheets) in the plan's
    inputs and its assumptions row names that source."""
    from tests.conftest import SMALL, replaced
    from tigris.plan.assemble import assemble
    from tigris.scenario import load_scenario

    said = "tigris infer, decode-bound service"
    text = replaced(
        SMALL, ("  - name: b200\n", f'  - name: b200\n    h100e: 1.5\n    source: "{said}"\n')
    )
    path = tmp_path / "eff.yaml"
    path.write_text(text, encoding="utf-8")
    inp, notes = assemble(load_scenario(path))
    assert list(inp.h100e) == [1.5]
    plain = tmp_path / "plain.yaml"
    plain.write_text(SMALL, encoding="utf-8")
    inp0, _ = assemble(load_scenario(plain))
    assert inp0.h100e[0] == 2250 / 989.4
    rows = [r for r in notes.itertuples() if r.parameter == "b200: compute per unit"]
    assert [(r.value, r.source) for r in rows] == [(1.5, said)]

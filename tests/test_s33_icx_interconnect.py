"""Scale-up rows of ``data/inference_interconnect.csv`` for the catalog's other parts.

Since b510988 ``tigris infer`` refuses a model whose replica needs several accelerators
on a part without a scale-up bandwidth (before, its communication was free). Rows were
added on 2026-12-04 (ICX) for the parts with a citable per-chip figure: Gaudi 3, Maia
100, MI325X, MI355X, MI455X, Trainium2, Trainium3 and Ascend 910C. These tests check

- every catalog part either has a row, or ``tigris infer -m llama-3.1-405b -a PART``
  answers with one ``error: --interconnect-gb-per-s:`` line (exit 2, no traceback), or,
  when the weights fit on one accelerator, serves replicas of one and says which flag
  would let a replica span several;
- each new row carries its source's arithmetic (ports x line rate, links x link rate),
  both directions, into ``infer``;
- by hand, that a new row reaches the printed tensor-parallel all-reduce time
  (docs/workload.md, 'tensor-parallel all-reduce').
"""

from __future__ import annotations

import json
import re

import pytest

from tigris.catalog import list_accelerators
from tigris.cli import main
from tigris.workload.inference_data import interconnect_gb_per_s

#: A service that needs replicas of several accelerators on every part with a row:
#: Llama 3.1 405B (811 GB in BF16 with one sequence's KV cache), 1e10 tokens a day.
LOAD = ["--tokens-per-day", "1e10", "--prompt-tokens", "2000", "--output-tokens", "500"]

#: Bits in a byte, to turn a line rate (Gb/s) into GB/s.
BITS = 8

#: Each new row's figure as its source states it, both directions [GB/s].
SOURCE_FIGURES = {
    # Intel Gaudi docs: 21 scale-up ports of 200 Gb/s, 525 GB/s each way.
    "gaudi3": 2 * 21 * 200 / BITS,
    # Microsoft Hot Chips 2024: 12 x 400 GbE, 600 GB/s each way.
    "maia100": 2 * 9 * 400 / BITS,  # 9 in-node ports; the 3 to T0 switches not counted
    # 7 Infinity Fabric links of 16 lanes x 32 Gb/s, 128 GB/s both ways a link.
    "mi325x": 7 * 2 * 16 * 32 / BITS,
    # 7 Infinity Fabric links of ~153.6 GB/s both ways.
    "mi355x": 7 * 153.6,
    # Helios: 260 TB/s over 72 MI455X.
    "mi455x": 260_000 / 72,
    # AWS Neuron docs: 1.28 and 2.56 TB/s per chip (direction not stated).
    "trainium2": 1280.0,
    "trainium3": 2560.0,
    # CloudMatrix384: two dies x 7 UB links of 224 Gb/s, 392 GB/s each way.
    "ascend-910c": 2 * 2 * 7 * 224 / BITS,
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_every_part_has_a_row_or_says_what_to_give(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No catalog part gets free tensor-parallel communication: without a row, the
    405B model is one error line naming --interconnect-gb-per-s, or (weights fitting on
    one part: Rubin Ultra's 1 TB) replicas of one with a note naming the flag."""
    without = [p for p in list_accelerators().index if interconnect_gb_per_s(p) is None]
    assert without, "every part has a row: the refusal is no longer exercised"
    for part in without:
        argv = ["infer", "-m", "llama-3.1-405b", "-a", part, *LOAD, "--json"]
        code, out, err = _run(argv, capsys)
        assert "Traceback" not in err, part
        if code == 2:
            lines = err.splitlines()
            assert lines[0].startswith("error: --interconnect-gb-per-s: "), (part, err)
            assert len(lines) == 1 or lines[1].startswith('{"error"'), (part, err)
            continue
        assert code == 0, (part, err)
        d = json.loads(out)
        assert d["replica_size"] == d["prefill_replica_size"] == 1, part
        assert d["all_reduce_ms"] == 0, part
        assert any("--interconnect-gb-per-s" in n for n in d["notes"]), part


@pytest.mark.parametrize("part", sorted(SOURCE_FIGURES))
def test_new_rows_carry_their_sources_figure_into_infer(
    part: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each new row serves Llama 3.1 405B on replicas of several accelerators, paying
    all-reduces, at the bandwidth its source gives (MI355X's 1,075.2 and MI455X's 3,611
    are rounded in the table: within 0.5 %). Before the rows: exit 2."""
    argv = ["infer", "-m", "llama-3.1-405b", "-a", part, *LOAD, "--json"]
    code, out, err = _run(argv, capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["interconnect_gb_per_s"] == pytest.approx(SOURCE_FIGURES[part], rel=0.005)
    assert d["replica_size"] > 1
    assert d["all_reduce_ms"] > 0


def test_gaudi3_row_reaches_the_printed_all_reduce_by_hand(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """docs/workload.md: t_ar = 2 L (alpha + 2 (g-1)/g T d 2 B / (link eff)), link one
    direction. Llama 3.1 405B (L = 126, d = 16,384: Llama 3 paper Table 3) on 8 Gaudi 3
    at a decode batch of 64, BF16 activations, alpha = 14.6 us and eff = 0.807 (the
    all-reduce defaults), link = 21 ports x 200 Gb/s = 525 GB/s one way:
    252 x (14.6 + 1.75 x 2,097,152 / (525e9 x 0.807) x 1e6) us = 5.862 ms."""
    layers, d_model, g, batch = 126, 16_384, 8, 64
    alpha_s, eff = 14.6e-6, 0.807
    link = 21 * 200e9 / BITS  # bytes/s, one direction
    per_layer = alpha_s + 2 * (g - 1) / g * batch * d_model * 2 / (link * eff)
    expected_ms = 2 * layers * per_layer * 1e3
    assert expected_ms == pytest.approx(5.862, abs=5e-4)
    argv = ["infer", "-m", "llama-3.1-405b", "-a", "gaudi3", *LOAD, "--precision", "fp8"]
    argv += ["--replica-size", str(g), "--batch-size", str(batch)]
    code, out, err = _run([*argv, "--json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert (d["replica_size"], d["batch_size"]) == (g, batch)
    assert d["all_reduce_ms"] == pytest.approx(expected_ms, rel=1e-9)
    code, out, err = _run(argv, capsys)
    assert code == 0, err
    printed = re.search(r"of which all-reduce\W+([\d.,]+)", out)
    assert printed is not None, out
    assert float(printed.group(1)) == pytest.approx(expected_ms, abs=5e-4)


def test_out_of_reach_on_a_part_without_a_row_names_the_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Rubin Ultra (no row) holds Llama 3.1 405B on one part, so only replicas of one are
    tried: 811 GB / (32 TB/s x 0.58) = 43.7 ms a step, above a 10 ms target. The one
    error line said 'at any replica size tried (1 to 1)' and offered --tpot-ms and --mbu
    only; the cap of one is the missing scale-up bandwidth, so it names
    --interconnect-gb-per-s as well."""
    argv = ["infer", "-m", "llama-3.1-405b", "-a", "rubin-ultra", *LOAD, "--tpot-ms", "10"]
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert err.startswith("error: --tpot-ms: ") and len(err.splitlines()) == 1, err
    assert "(1 to 1)" in err
    assert "--interconnect-gb-per-s" in err

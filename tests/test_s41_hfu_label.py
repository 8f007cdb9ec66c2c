"""A run counted with activation recomputation says so: its compute is 8 N D and its
utilisation is of hardware FLOPs (user test 2026-12-05 chain #4).

``tigris train -m gpt-3`` (Narayanan et al. 2021's GPT-3 175B on 1,024 A100) printed
"training compute 4.200e+23 FLOP (k x active params x tokens)" and "MFU 0.4487 (the
run's, published)". Brown et al. 2020 (Table D.1) give GPT-3's training compute as
3.14e23 FLOP, which is 6 N D; 4.2e23 is 8 N D, the recomputed forward pass included,
and 0.4487 = 140 / 312 TFLOP/s is what Narayanan et al. measured with that pass
counted: hardware FLOPs utilisation (Chowdhery et al. 2022, App. B). The MFU is 6/8 of
it, 0.337, as docs/workload.md gives.
"""

from __future__ import annotations

import pytest

GPT3_COMPUTE_FLOP = 3.14e23  # Brown et al. 2020, Table D.1


def test_gpt3_labels() -> None:
    """The table's rows as the CLI builds them (their text wraps in a table cell)."""
    from tigris.cli.workload import _flops_unit, _utilisation_rows
    from tigris.workload import train

    res = train(model="gpt-3")
    unit = _flops_unit(res)
    assert unit.startswith("FLOP (8 x active params x tokens: with activation recomputation")
    model = float(unit.split("the model's own 6 N D is ", 1)[1].rstrip(")"))
    assert model == pytest.approx(GPT3_COMPUTE_FLOP, rel=0.01)
    rows = {name: (value, text) for name, value, text in _utilisation_rows(res)}
    assert rows["HFU"][0] == pytest.approx(140 / 312, rel=1e-3)
    assert rows["MFU"][0] == pytest.approx(140 / 312 * 6 / 8, rel=1e-3)
    assert "recomputed pass counted: MFU x 8/6" in rows["HFU"][1]


def test_the_cli_table_has_both_rows(run_cli) -> None:
    out = run_cli("train", "-m", "gpt-3").out
    rows = [ln.split("│")[1].strip() for ln in out.splitlines() if ln.startswith("│")]
    rows = [r for r in rows if r]  # a wrapped unit cell leaves its name column empty
    assert rows.index("MFU") + 1 == rows.index("HFU")


def test_json_gives_k(run_cli) -> None:
    doc = run_cli("train", "-m", "gpt-3", "--json").json()
    assert doc["flop_per_param_token"] == 8.0
    assert doc["training_flops"] == pytest.approx(8 * 175e9 * 300e9)
    plain = run_cli(
        "train", "--params", "7e9", "--tokens", "1e12", "--mfu", "0.4", "--count", "100", "--json"
    ).json()
    assert plain["flop_per_param_token"] == 6.0
    given = run_cli("train", "--flops", "1e24", "--mfu", "0.4", "--count", "100", "--json").json()
    assert given["flop_per_param_token"] is None


def test_without_recomputation_the_row_is_mfu(run_cli) -> None:
    out = run_cli("train", "--params", "7e9", "--tokens", "1e12", "--mfu", "0.4", "--count", "100")
    assert "│ MFU " in out.out and "HFU" not in out.out
    assert "FLOP (6 x active params x tokens)" in " ".join(out.out.split())


def test_the_mfu_model_with_recomputation_keeps_its_mfu() -> None:
    """The MFU model predicts model FLOPs utilisation (6 N D over the peak,
    data/mfu_runs.csv). Applied to compute counted as 8 N D it made the run 8/6 longer
    than the same run without --recompute, and the row called the model's value HFU.
    Invariant: at a given MFU, the days depend on 6 N D only, with or without
    recomputation; the row's implied MFU is the model's."""
    from tigris.cli.workload import _utilisation_rows
    from tigris.workload import train
    from tigris.workload.mfu import default_mfu

    shape = {"params": 7e9, "tokens": 1e12, "count": 1000}
    plain, again = train(**shape), train(**shape, recompute=True)
    assert plain.mfu_basis == again.mfu_basis == "model"
    assert float(again.days) == pytest.approx(float(plain.days), rel=1e-12)
    assert float(again.training_flops) == pytest.approx(8 / 6 * float(plain.training_flops))
    model = default_mfu(params=7e9, accelerators=1000, accelerator="h100", precision="bf16")
    assert float(plain.mfu) == pytest.approx(model.value)
    rows = {name: value for name, value, _ in _utilisation_rows(again)}
    assert rows["MFU"] == pytest.approx(model.value)
    assert rows["HFU"] == pytest.approx(model.value * 8 / 6)

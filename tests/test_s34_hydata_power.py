"""TPU power from Google's own efficiency ratios (UT-HYPER #4, HY-DATA).

Google publishes no TPU v5e/v6e/v7 TDP, but it publishes ratios of efficiency, which it
measures as "peak FP8 flops delivered per watt of thermal design power per chip package"
(the Ironwood blog's efficiency chart, 2025-04-09; TPUs before Ironwood run FP8 at their
bf16 rate, Google's TPU7x table: v6e FP8 918 TFLOP/s):

- Ironwood (v7) is "nearly 30x" as efficient as TPU v2, the first Cloud TPU, whose
  45 TFLOP/s bf16 at 280 W TDP are published;
- Ironwood's "perf/watt is 2x relative to Trillium" (v6e);
- Trillium is "over 67% more energy-efficient than TPU v5e" (Google, 2024-05-14).

And a system figure: an Ironwood pod of 9,216 chips spans "nearly 10 MW" (same blog).
The expected values below are that arithmetic, by hand; the catalog is read from the
CSV, the train power from the CLI.
"""

from __future__ import annotations

import csv
from importlib import resources

import pytest

#: Google Cloud TPU v2: 180 TFLOP/s a 4-chip board [FLOP/s a chip].
TPU_V2_FLOPS = 180e12 / 4
#: TPU v2 TDP [W] (Jouppi et al. / Norrie et al., Google).
TPU_V2_TDP_W = 280.0
#: Ironwood's efficiency over TPU v2, "nearly 30x" (Google, 2025-04-09) [-].
V7_OVER_V2 = 30.0
#: Ironwood over Trillium, "2x" perf/watt (Google, 2025-04-09) [-].
V7_OVER_V6E = 2.0
#: Trillium over v5e, "over 67%" more energy-efficient (Google, 2024-05-14) [-].
V6E_OVER_V5E = 1.67
#: Ironwood pod: 9,216 chips "spanning nearly 10 MW" (Google, 2025-04-09) [W, chips].
POD_W, POD_CHIPS = 10e6, 9_216
#: Rounding of the catalog's one-decimal TDPs [-].
REL = 0.003


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    path = resources.files("tigris.data") / "accelerators.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


def _per_w(row: dict[str, str], column: str) -> float:
    """Peak FLOP/s of ``column`` per W of TDP [FLOP/s/W]."""
    return float(row[column]) / float(row["tdp_w"])


def test_ironwood_tdp_is_googles_ratio_to_tpu_v2(rows: dict[str, dict[str, str]]) -> None:
    # 4,614e12 / (30 x 45e12 / 280) = 957 W; the H100-FLOP/W assumption gave 1,632 W
    fp8 = float(rows["tpu-v7"]["peak_fp8_flop_per_s"])
    hand = fp8 / (V7_OVER_V2 * TPU_V2_FLOPS / TPU_V2_TDP_W)
    assert hand == pytest.approx(957.0, abs=0.5)
    assert float(rows["tpu-v7"]["tdp_w"]) == pytest.approx(hand, rel=REL)


def test_ironwood_over_trillium_is_googles_2x_in_its_metric(
    rows: dict[str, dict[str, str]],
) -> None:
    # Google's metric: peak FP8 per W of TDP, Trillium's FP8 at its bf16 rate (918)
    v7, v6e = rows["tpu-v7"], rows["tpu-v6e"]
    assert float(v6e["peak_fp8_flop_per_s"]) == float(v6e["peak_bf16_flop_per_s"]) == 918e12
    ratio = _per_w(v7, "peak_fp8_flop_per_s") / _per_w(v6e, "peak_fp8_flop_per_s")
    assert ratio == pytest.approx(V7_OVER_V6E, rel=REL)
    # So at BF16, where v7 does 2,307 against 918, the two are equally efficient.
    bf16 = _per_w(v7, "peak_bf16_flop_per_s") / _per_w(v6e, "peak_bf16_flop_per_s")
    assert bf16 == pytest.approx(1.0, rel=REL)


def test_trillium_over_v5e_is_googles_67_percent(rows: dict[str, dict[str, str]]) -> None:
    # Neither has an FP8 rate of its own: bf16 peak per W of TDP; the H100 rule gave 1.0
    v6e, v5e = rows["tpu-v6e"], rows["tpu-v5e"]
    ratio = _per_w(v6e, "peak_bf16_flop_per_s") / _per_w(v5e, "peak_bf16_flop_per_s")
    assert ratio == pytest.approx(V6E_OVER_V5E, rel=REL)


def test_system_power_follows_the_catalog_rule(rows: dict[str, dict[str, str]]) -> None:
    # v7: the published pod figure over its chips; v6e, v5e: TDP x 10.2 kW / 8 / 700 W
    assert float(rows["tpu-v7"]["system_power_w"]) == pytest.approx(POD_W / POD_CHIPS, rel=REL)
    dgx = 10_200 / 8 / 700
    for name in ("tpu-v6e", "tpu-v5e"):
        tdp = float(rows[name]["tdp_w"])
        assert float(rows[name]["system_power_w"]) == pytest.approx(tdp * dgx, rel=REL)


def test_train_power_on_tpu_v7_is_the_hand_value(run_cli) -> None:
    """UT-HYPER's run: 3e27 FLOP in 120 days at MFU 0.4 on TPU v7 took 348,399 chips and
    1,341.1 MW; at the pod's 1,085 W a chip, x it_overhead 1.08 x PUE 1.2
    (data/energy_parameters.csv), it is 489.9 MW."""
    res = run_cli(
        "train", "--flops", "3e27", "--days", "120", "-a", "tpu-v7", "--mfu", "0.4", "--json"
    )
    assert res.code == 0, res.err
    out = res.json()
    # n = 3e27 / (2.307e15 x 0.4 x 0.9 x 120 x 86,400), rounded up to whole chips
    n = 3e27 / (2.307e15 * 0.4 * 0.9 * 120 * 86_400)
    assert out["accelerators"] == pytest.approx(348_399) and abs(n - 348_399) < 1
    hand_mw = 348_399 * POD_W / POD_CHIPS * 1.08 * 1.2 / 1e6
    assert hand_mw == pytest.approx(489.9, abs=0.1)
    assert out["power_mw"] == pytest.approx(hand_mw, rel=REL)

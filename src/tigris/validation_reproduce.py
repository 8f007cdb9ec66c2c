"""How to reproduce each validation case from the command line, or why only the module does.

Each case of :mod:`tigris.validation` is computed by a function of
:mod:`tigris.validation_cases` (or a ``fab_budgets.csv`` row). :data:`REPRODUCE` gives,
for every case, the ``tigris`` command lines that give the same number (with ``--json``,
the field read and the arithmetic, if any, that turns their output into the case's value)
or, where no command does, the reason only ``python -m tigris.validation`` reproduces it
(e.g. the leave-one-out MFU, which the CLI has no option for). The commands are built from
the same module constants the case functions use, so they move with them;
``tests/test_s49_nu_validation_reproduce.py`` runs a sample of them and matches the table.

Examples
--------
>>> r = reproduction("hp-die-yield-1.5cm")
>>> r.commands[0][:3]
('die', '--width', '15')
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from tigris.units import MS_PER_S, SECONDS_PER_DAY, W_PER_KW, W_PER_MW
from tigris.validation_cases import (
    A17_DIE_MM2,
    ARIZONA_FABS,
    CSET_DOLLARS_OF,
    DEEPSEEK_OUTPUT_TOKENS_PER_DAY,
    ESMC_FAB,
    FALCON180B,
    GPUS_PER_NODE,
    HP_D0_PER_LAYER,
    HP_DIE_CM,
    HP_LAYERS,
    JASM_FAB1,
    JASM_FABS_1_2,
    LLAMA7B,
    LLAMA65B_RUN,
    LLAMA70B,
    M3_DIE_MM2,
    NSCALE_TEXAS_GPUS,
    RTP_LLM_OUTPUT_TOKENS,
    RTP_LLM_PROMPT_TOKENS,
    SGLANG_PREFILL_PROMPT_TOKENS,
    STARCODERBASE_RUN,
    STARGATE_NORWAY_GPUS,
    TRTLLM_TOKENS_PER_DAY,
    _arete_months_since_hvm,
    batch_run_inputs,
    batch_run_tokens_per_s_per_gpu,
    deepseek_service_inputs,
    megatron_inputs,
    pope_inputs,
    rtp_llm_inputs,
    sglang_decode_inputs,
    sglang_prefill_inputs,
    trtllm_inputs,
)

#: One command's arguments after ``tigris`` (``--json`` is added when run).
Command = tuple[str, ...]


@dataclass(frozen=True)
class Reproduction:
    """How one case's tigris value is had from the command line.

    Attributes
    ----------
    commands : tuple of Command
        The ``tigris`` commands to run, each with ``--json`` (empty when none gives it).
    value : callable or None
        The case's value from the commands' JSON documents, in order (None when there is
        no command).
    how : str
        The field read and the arithmetic, or why only ``python -m tigris.validation``
        reproduces the case.
    """

    commands: tuple[Command, ...] = ()
    value: Callable[[Sequence[dict[str, Any]]], float] | None = None
    how: str = ""


def _num(v: float | int) -> str:
    """A number as a short command-line argument: 16384, 4.05e11, 0.3365384615."""
    x = float(v)
    if x.is_integer() and abs(x) < 1e6:
        return str(int(x))
    if abs(x) >= 1e6:
        mantissa, exp = f"{x:.10e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exp)}"
    return f"{x:.10g}"


def _flags(kw: dict[str, Any], names: dict[str, str]) -> Command:
    """``--flag value`` pairs for the keyword arguments of a case function."""
    out: list[str] = []
    for key, value in kw.items():
        flag = names[key]
        if value is True:
            out.append(flag)
        elif isinstance(value, str):
            out += [flag, value]
        else:
            out += [flag, _num(value)]
    return tuple(out)


_TRAIN = {
    "params": "--params",
    "active_params": "--active-params",
    "tokens": "--tokens",
    "flops": "--flops",
    "recompute": "--recompute",
    "n_layers": "--layers",
    "seq_len": "--seq-len",
    "d_model": "--d-model",
    "accelerator": "-a",
    "count": "--count",
    "mfu": "--mfu",
    "goodput": "--goodput",
    "pue": "--pue",
}
_INFER = {
    "model": "--model",
    "params": "--params",
    "n_layers": "--layers",
    "n_kv_heads": "--kv-heads",
    "head_dim": "--head-dim",
    "d_model": "--d-model",
    "attn_dim": "--attn-dim",
    "tokens_per_day": "--tokens-per-day",
    "prompt_tokens": "--prompt-tokens",
    "output_tokens": "--output-tokens",
    "accelerator": "-a",
    "precision": "--precision",
    "bytes_per_param": "--bytes-per-param",
    "batch_size": "--batch-size",
    "replica_size": "--replica-size",
    "tpot_ms": "--tpot-ms",
    "ttft_ms": "--ttft-ms",
    "prefix_cache_hit": "--prefix-cache-hit",
    "decode_attention": "--decode-attention",
    "kv_sharding": "--kv-sharding",
    "prefill_queue": "--prefill-queue",
    "kv_precision": "--kv-precision",
    "micro_batches": "--micro-batches",
    "prefill_batch_tokens": "--prefill-batch-tokens",
}


def _train(**kw: Any) -> Command:
    return ("train", *_flags(kw, _TRAIN))


def _infer(**kw: Any) -> Command:
    return ("infer", *_flags(kw, _INFER))


def _read(key: str, scale: float = 1.0) -> Callable[[Sequence[dict[str, Any]]], float]:
    """The value: field ``key`` of the one command's JSON, times ``scale``."""
    return lambda docs: float(docs[0][key]) * scale


def _weighted(key: str, weights: Sequence[float]) -> Callable[[Sequence[dict[str, Any]]], float]:
    """The value: sum over the commands of weight x field ``key``."""
    return lambda docs: sum(w * float(d[key]) for w, d in zip(weights, docs, strict=True))


def _field(key: str, scale: float = 1.0) -> str:
    return f"`{key}`" + ("" if scale == 1.0 else f" x {_num(scale)}")


def _direct(cmd: Command, key: str, scale: float = 1.0, note: str = "") -> Reproduction:
    return Reproduction((cmd,), _read(key, scale), _field(key, scale) + note)


# ------------------------------------------------------------------------ training


def _held_out(group: str, **kw: Any) -> Reproduction:
    """A training case whose MFU is the MFU model with the run's own rows left out."""
    from tigris.workload.mfu import default_mfu

    held = default_mfu(
        params=kw["params"],
        accelerators=kw["count"],
        accelerator=kw["accelerator"],
        exclude=(group,),
    ).value
    return Reproduction(
        (_train(**kw, mfu=held),),
        _read("accelerator_hours"),
        f"`accelerator_hours`; the `--mfu` is the MFU model's value with this run's rows "
        f"of mfu_runs.csv ({group}) left out of both the choice of regressors and the "
        "fit (`default_mfu(exclude=...)`), which the CLI has no option for: only "
        "`python -m tigris.validation` computes it (without `--mfu` the command uses the "
        "model fitted with this run in, and gives another value)",
    )


def _megatron() -> Reproduction:
    return _direct(_train(**megatron_inputs()), "days", note="; `--mfu` is 140 TFLOP/s / 312 x 6/8")


def _training() -> dict[str, Callable[[], Reproduction]]:
    hours = "accelerator_hours"
    return {
        "gpt3-175b-flops": lambda: _direct(
            _train(params=175e9, tokens=300e9, accelerator="h100", count=1), "training_flops"
        ),
        "gopher-280b-flops": lambda: _direct(
            _train(
                params=280e9,
                tokens=300e9,
                recompute=True,
                n_layers=80,
                seq_len=2048,
                d_model=16384,
                accelerator="h100",
                count=1,
            ),
            "training_flops",
        ),
        "palm-540b-flops": lambda: _direct(
            _train(params=540.35e9, tokens=780e9, accelerator="h100", count=1), "training_flops"
        ),
        "llama3-405b-flops": lambda: _direct(
            _train(params=405e9, tokens=15.6e12, accelerator="h100", count=1), "training_flops"
        ),
        "gpt3-megatron-days": _megatron,
        "llama3-405b-hours": lambda: _held_out(
            "llama-3.1-405b", params=405e9, tokens=15.6e12, accelerator="h100-sxm", count=16384
        ),
        "bloom-176b-hours": lambda: _held_out(
            "bloom-176b", params=176e9, tokens=366e9, accelerator="a100-sxm-80gb", count=384
        ),
        "palm-540b-chip-hours": lambda: _held_out(
            "palm-540b", params=540.35e9, tokens=780e9, accelerator="tpu-v4", count=6144
        ),
        "llama2-70b-hours": lambda: _direct(
            _train(params=70e9, tokens=2.0e12, accelerator="a100-sxm-80gb", count=2048), hours
        ),
        "deepseek-v3-hours": lambda: _direct(
            _train(
                params=671e9,
                active_params=37e9,
                tokens=14.8e12,
                accelerator="h800",
                count=2048,
                goodput=1.0,
            ),
            hours,
        ),
        "llama3-70b-hours": lambda: _direct(
            _train(params=70e9, tokens=15e12, accelerator="h100-sxm", count=16384), hours
        ),
        "llama3-8b-hours": lambda: _direct(
            _train(params=8e9, tokens=15e12, accelerator="h100-sxm", count=4096), hours
        ),
        "gpt4-semianalysis-days": lambda: _direct(
            _train(flops=2.15e25, accelerator="a100-sxm-80gb", count=25_000), "days"
        ),
        "mpt-7b-days": lambda: _direct(
            _train(params=6.7e9, tokens=1e12, accelerator="a100-sxm-80gb", count=440), "days"
        ),
        "falcon-180b-hours": lambda: _direct(
            _train(params=180e9, tokens=3.5e12, accelerator="a100-sxm-80gb", count=4096), hours
        ),
        "llama-65b-hours": lambda: _direct(
            _train(**LLAMA65B_RUN, accelerator="a100-sxm-80gb", goodput=1.0), hours
        ),
        "starcoderbase-15b-hours": lambda: _direct(
            _train(**STARCODERBASE_RUN, accelerator="a100-sxm-80gb"), hours
        ),
    }


# ------------------------------------------------------------------------- serving


def _trtllm(model: dict[str, float], prompt: float, output: float, **kw: Any) -> Reproduction:
    """TensorRT-LLM 0.5's whole-service rate: output tokens/s over all accelerators."""
    cmd = _infer(**trtllm_inputs(model, prompt, output, **kw))
    out_per_s = TRTLLM_TOKENS_PER_DAY * output / (prompt + output) / SECONDS_PER_DAY
    return Reproduction(
        (cmd,),
        lambda docs: out_per_s / float(docs[0]["accelerators"]),
        f"output tokens/s per GPU = {_num(TRTLLM_TOKENS_PER_DAY)} x {_num(output)} / "
        f"{_num(prompt + output)} / 86,400 s / `accelerators`",
    )


def _batch_run(batch: int, replica: int, prompt: float, output: float) -> Reproduction:
    """TensorRT-LLM 0.6.1's fixed-batch rate of Llama 2 70B in FP8, by the cases' own
    :func:`~tigris.validation_cases.batch_run_tokens_per_s_per_gpu` on the JSON."""
    return Reproduction(
        (_infer(**batch_run_inputs(batch, replica, prompt, output)),),
        lambda docs: batch_run_tokens_per_s_per_gpu(SimpleNamespace(**docs[0]), output),
        f"B x O / ((B x `prefill_ms` + O x `decode_step_ms`) / 1,000) / `replica_size`, "
        f"B = `batch_size`, O = {_num(output)}: the batch run to completion, prefill "
        "included, as TensorRT-LLM's table counts it",
    )


def _deepseek_service() -> Command:
    return _infer(**deepseek_service_inputs())


def _deepseek_node_rate() -> Reproduction:
    per_s = DEEPSEEK_OUTPUT_TOKENS_PER_DAY / SECONDS_PER_DAY
    return Reproduction(
        (_deepseek_service(),),
        lambda docs: per_s / (float(docs[0]["decode_accelerators"]) / GPUS_PER_NODE),
        f"{_num(DEEPSEEK_OUTPUT_TOKENS_PER_DAY)} output tokens a day / 86,400 s / "
        f"(`decode_accelerators` / {GPUS_PER_NODE})",
    )


def _rtp_llm() -> Reproduction:
    prompt, output = RTP_LLM_PROMPT_TOKENS, RTP_LLM_OUTPUT_TOKENS
    cmd = _infer(**rtp_llm_inputs())
    out_per_s = TRTLLM_TOKENS_PER_DAY * output / (prompt + output) / SECONDS_PER_DAY
    return Reproduction(
        (cmd,),
        lambda docs: out_per_s / float(docs[0]["decode_accelerators"]),
        f"{_num(TRTLLM_TOKENS_PER_DAY)} x {output} / {prompt + output} / 86,400 s / "
        "`decode_accelerators`",
    )


def _sglang_decode() -> Reproduction:
    cmd = _infer(**sglang_decode_inputs())

    def value(docs: Sequence[dict[str, Any]]) -> float:
        d = docs[0]
        per_gpu = d["batch_size"] / (d["decode_step_ms"] / MS_PER_S) / d["replica_size"]
        return per_gpu * GPUS_PER_NODE

    return Reproduction(
        (cmd,),
        value,
        "`batch_size` / (`decode_step_ms` / 1,000) / `replica_size` x 8 GPUs a node",
    )


def _sglang_prefill() -> Reproduction:
    cmd = _infer(**sglang_prefill_inputs())

    def value(docs: Sequence[dict[str, Any]]) -> float:
        d = docs[0]
        per_gpu = SGLANG_PREFILL_PROMPT_TOKENS / (d["prefill_ms"] / MS_PER_S)
        return per_gpu / d["prefill_replica_size"] * GPUS_PER_NODE

    return Reproduction(
        (cmd,),
        value,
        f"{SGLANG_PREFILL_PROMPT_TOKENS} / (`prefill_ms` / 1,000) / `prefill_replica_size`"
        f" x {GPUS_PER_NODE} GPUs a node",
    )


def _pope() -> Reproduction:
    cmd = _infer(**pope_inputs())
    return _direct(cmd, "decode_step_ms")


def _serving() -> dict[str, Callable[[], Reproduction]]:
    return {
        "trtllm-llama70b-h100-fp8-128-128": lambda: _trtllm(LLAMA70B, 128, 128),
        "trtllm-llama70b-h100-fp8-128-2048": lambda: _trtllm(LLAMA70B, 128, 2048),
        "trtllm-llama7b-h100-fp8-128-128": lambda: _trtllm(LLAMA7B, 128, 128, replica=1),
        "trtllm-llama7b-h100-fp8-128-2048": lambda: _trtllm(LLAMA7B, 128, 2048, replica=1),
        "trtllm-falcon180b-h100-fp8-128-128": lambda: _trtllm(
            FALCON180B, 128, 128, batch=96, replica=8
        ),
        "pope-palm540b-decode-ms": _pope,
        "deepseek-v3-r1-fleet": lambda: _direct(_deepseek_service(), "accelerators"),
        "deepseek-decode-tokens-per-h800-node": _deepseek_node_rate,
        "rtp-llm-deepseek-decode-per-gpu": _rtp_llm,
        "trtllm-llama2-70b-h100-fp8-b64-tp2-2048-2048": lambda: _batch_run(64, 2, 2048, 2048),
        "trtllm-llama2-70b-h100-fp8-b1024-tp2-128-128": lambda: _batch_run(1024, 2, 128, 128),
        "trtllm-llama2-70b-h100-fp8-b480-tp4-128-2048": lambda: _batch_run(480, 4, 128, 2048),
        "sglang-deepseek-decode-per-h100-node": _sglang_decode,
        "sglang-deepseek-prefill-per-h100-node": _sglang_prefill,
    }


# --------------------------------------------------------------------------- power


def _cluster_mw(accelerator: str, count: int) -> Reproduction:
    cmd = _train(flops=1e25, accelerator=accelerator, count=count, mfu=0.4)
    return _direct(cmd, "power_mw", note=" (the FLOPs and MFU only complete the call)")


def _power() -> dict[str, Callable[[], Reproduction]]:
    h100 = _train(flops=1e25, accelerator="h100-sxm", count=8, mfu=0.4)
    return {
        "colossus-100k-h100-mw": lambda: _cluster_mw("h100-sxm", 100_000),
        "stargate-abilene-400k-gb200-mw": lambda: _cluster_mw("b200", 400_000),
        "stargate-norway-100k-gb300-mw": lambda: _cluster_mw("b300", STARGATE_NORWAY_GPUS),
        "nscale-texas-104k-gb300-mw": lambda: _cluster_mw("b300", NSCALE_TEXAS_GPUS),
        "dgx-h100-kw": lambda: _direct(
            h100, "system_power_w", 8 / W_PER_KW, " (8 GPUs a DGX, in kW)"
        ),
        "superpod-h100-it-mw": lambda: _direct(
            _train(flops=1e25, accelerator="h100-sxm", count=1016, mfu=0.4, pue=1.0),
            "power_mw",
            note=" (PUE 1: the IT power of 1,016 GPUs, the cluster's IT overhead included)",
        ),
        "gpt3-v100-energy-mwh": lambda: Reproduction(
            how="only `python -m tigris.validation`: Patterson's inputs given as they are "
            "(10,000 V100 at 330 W for 14.8 days, PUE 1.10) in E = n x P x T x PUE "
            "(`energy_mwh`, 1,289 MWh by hand); `tigris train` adds the cluster's IT "
            "overhead and sizes the run from its FLOPs, so no command takes these four "
            "inputs alone",
        ),
    }


# ------------------------------------------------------------------------- silicon


def _die(width: float, height: float, *extra: str) -> Command:
    return ("die", "--width", _num(width), "--height", _num(height), *extra)


def _square(area_mm2: float, *extra: str) -> Command:
    """A square die of ``area_mm2``: the analytic gross count and the yields depend on
    the area alone."""
    side = math.sqrt(area_mm2)
    return _die(side, side, *extra)


def _n3_yield() -> Reproduction:
    months = _num(_arete_months_since_hvm())
    cmds = tuple(_square(a, "--node", "N3", "--months", months) for a in (A17_DIE_MM2, M3_DIE_MM2))
    return Reproduction(
        cmds, _weighted("yield", (0.5, 0.5)), "the mean of the two commands' `yield`"
    )


def _node_d0(node: str, months: float) -> Reproduction:
    return _direct(("die", "--node", node, "--months", _num(months)), "d0_per_cm2")


def _chip(name: str, *extra: str) -> Command:
    return ("chip", name, *extra)


def _packaging_ratio() -> Reproduction:
    def cost(d: dict[str, Any]) -> float:
        c = d["cost_breakdown_usd"]
        return float(c["interposer"]) + float(c["packaging"])

    return Reproduction(
        (_chip("b200"), _chip("h100-sxm")),
        lambda docs: cost(docs[0]) / cost(docs[1]),
        "(`cost_breakdown_usd` interposer + packaging) of the first over the second",
    )


def _silicon() -> dict[str, Callable[[], Reproduction]]:
    hp = _die(HP_DIE_CM * 10, HP_DIE_CM * 10, "--edge-mm", "0", "--scribe-mm", "0")
    hp_d0 = HP_D0_PER_LAYER * HP_LAYERS
    out: dict[str, Callable[[], Reproduction]] = {
        f"{n}-mfg-cost": (lambda c=c: _direct(_chip(c), "manufacturing_cost_usd"))
        for n, c in (("h100", "h100-sxm"), ("h200", "h200"), ("b200", "b200"), ("mi300x", "mi300x"))
    }
    out |= {
        "n5-d0-15-months": lambda: _node_d0("N5", 15),
        "n7-d0-9-months": lambda: _node_d0("N7", 9),
        "h100-good-dies-epoch-d0-0.10": lambda: _direct(
            _chip("h100-sxm", "--d0", "0.1", "--no-harvest"), "good_dies_per_wafer"
        ),
        "h100-good-dies-epoch-d0-0.05": lambda: _direct(
            _chip("h100-sxm", "--d0", "0.05", "--no-harvest"), "good_dies_per_wafer"
        ),
        "hp-dies-per-wafer-1.5cm": lambda: _direct(hp, "gross_dies_estimate"),
        "hp-die-yield-1.5cm": lambda: _direct(
            (
                *hp,
                "--d0",
                _num(hp_d0),
                "--model",
                "bose-einstein",
                "--critical-layers",
                _num(HP_LAYERS),
            ),
            "yield",
            note=f" (`--d0` is the total over the layers: {HP_D0_PER_LAYER} per layer x "
            f"{_num(HP_LAYERS)})",
        ),
        "a17-pro-gross-dies-per-wafer": lambda: _direct(
            _square(A17_DIE_MM2), "gross_dies_estimate", note=" (a square die of 105 mm2)"
        ),
        "n3-a17-yield-2023": _n3_yield,
    }
    return out


def _packaging() -> dict[str, Callable[[], Reproduction]]:
    return {
        "h100-per-cowos-s-wafer": lambda: Reproduction(
            (_chip("h100-sxm"),),
            lambda docs: 1.0 / float(docs[0]["interposer_wafers_per_unit"]),
            "1 / `interposer_wafers_per_unit`",
        ),
        "b200-interposer-mm2": lambda: _direct(_chip("b200"), "interposer_area_mm2"),
        "mi300x-interposer-mm2": lambda: _direct(_chip("mi300x"), "interposer_area_mm2"),
        "b200-vs-h100-packaging-cost": _packaging_ratio,
        "b200-per-cowos-l-wafer": lambda: Reproduction(
            how="only `python -m tigris.validation`: good interposers per wafer over "
            "packaging.csv's interposer yield, which `tigris chip b200` does not print "
            "(its `good_interposers_per_wafer` is the numerator)",
        ),
        "cowos-s-mature-package-yield": lambda: _direct(
            _chip("h100-sxm", "--mature"),
            "package_yield",
            note=" (H100 is packaged on CoWoS-S; `--mature`: the curve's end)",
        ),
        "cowos-l-yield-2026": lambda: _direct(
            _chip("b200", "--year", "2026"),
            "package_yield",
            note=" (B200 is packaged on CoWoS-L; its yield at the line's age in mid-2026)",
        ),
        "nvidia-cowos-wafers-2024": lambda: Reproduction(
            how="only `python -m tigris.validation`: NVIDIA's 2024 shipments "
            "(`shipments_h100e`) times each product's interposer wafers a unit "
            "(`bills_by_year`), summed; no command sums a vendor's year",
        ),
    }


def _memory() -> dict[str, Callable[[], Reproduction]]:
    why = (
        "only `python -m tigris.validation`: the HBM {what} has no command of its own "
        "(`tigris chip --year` prints a part's bill, not the curve's value)"
    )
    return {
        name: (
            lambda what=what: Reproduction(
                how=why.format(what=what),
            )
        )
        for name, what in (
            ("hbm3e-12hi-stacks-per-wafer-2025", "good stacks per DRAM wafer"),
            ("hbm3e-8hi-stack-bond-yield", "bonding-yield curve (bond_yield_at ^ 8)"),
            ("hbm3e-8hi-yield-mid-2024", "bonding-yield curve (bond_yield_at ^ 8)"),
            ("hbm4-12hi-yield-early-2025", "bonding-yield curve (bond_yield_at ^ 12)"),
            ("hbm3e-vs-ddr5-wafer-per-gb", "and DDR5 wafers per GB"),
            ("hbm4-dram-die-yield-2026", "DRAM defect-density curve"),
        )
    }


# ------------------------------------------------------------------------------ fab


def _fab(node: str, wspm: float, site: str, *extra: str) -> Command:
    return ("fab", "--node", node, "--wspm", _num(wspm), "--site", site, *extra)


def _employees(fabs: Sequence[Any], site: str) -> Reproduction:
    cmds, weights = [], []
    for mix, wspm in fabs:
        for node, share in mix:
            cmds.append(_fab(node, wspm, site))
            weights.append(share)
    how = (
        "`employees`"
        if len(cmds) == 1
        else "sum of share x `employees`, shares " + (", ".join(_num(w) for w in weights))
    )
    return Reproduction(tuple(cmds), _weighted("employees", weights), how)


def _euv_layers() -> Reproduction:
    from tigris.nodes import get_node

    layers = get_node("N5").euv_layers
    return _direct(
        _fab("N5", 45_000, "taiwan"),
        "euv_tools",
        1 / layers,
        f" (N5's {layers} EUV layers, nodes.csv)",
    )


def _euv_share() -> Reproduction:
    from tigris.fab import get_tool

    kw = get_tool("low_na_euv").power_kw
    mw = kw * W_PER_KW / W_PER_MW
    return Reproduction(
        (_fab("N5", 83_000, "taiwan"),),
        lambda docs: float(docs[0]["euv_tools"]) * mw / float(docs[0]["power_mw"]),
        f"`euv_tools` x {_num(kw)} kW (fab_tools.csv low_na_euv) / `power_mw`",
    )


def _fab_cases() -> dict[str, Callable[[], Reproduction]]:
    two = (((("N4", 1.0),), ARIZONA_FABS[0][1]), ((("N3", 1.0),), ARIZONA_FABS[1][1]))
    cset = ("--dollars-of", str(CSET_DOLLARS_OF))
    return {
        "cset-n5-capex-per-wspm": lambda: _direct(
            _fab("N5", 83_000, "taiwan", *cset), "capex_per_wspm_usd"
        ),
        "cset-n7-capex-per-wspm": lambda: _direct(
            _fab("N7", 83_000, "taiwan", *cset), "capex_per_wspm_usd"
        ),
        "asml-euv-tools-per-layer-45k": _euv_layers,
        "techinsights-euv-power-share": _euv_share,
        "tsmc-arizona-jobs": lambda: _employees([((("N5", 1.0),), 20_000)], "arizona-usa"),
        "tsmc-arizona-two-fabs-jobs": lambda: _employees(two, "arizona-usa"),
        "esmc-dresden-jobs": lambda: _employees([ESMC_FAB], "germany"),
        "jasm-kumamoto-fab1-jobs": lambda: _employees([JASM_FAB1], "japan"),
        "jasm-kumamoto-fabs-1-2-jobs": lambda: _employees(JASM_FABS_1_2, "japan"),
    }


def _budget(row: Any) -> Reproduction:
    """A ``fab_budgets.csv`` row as :func:`tigris.fab.budgets.model_capex` prices it."""
    extra: list[str] = []
    if row.campus_wspm:
        extra += ["--campus-wspm", _num(row.campus_wspm)]
    if row.first_of_a_kind:
        extra.append("--first-of-a-kind")
    if row.building_exists:
        extra.append("--building-exists")
    extra += ["--dollars-of", str(row.year)]
    cmds, weights = [], []
    for node, share in row.node_mix:
        wspm = share * row.wspm if row.separate_fabs else row.wspm
        cmds.append(_fab(node, wspm, row.site, *extra))
        weights.append(1.0 if row.separate_fabs else share)
    if len(cmds) == 1:
        how = "`capex_usd`"
    elif row.separate_fabs:
        how = "sum of the fabs' `capex_usd` (one fab per node at its share of the wspm)"
    else:
        how = "sum of share x `capex_usd`, shares " + ", ".join(_num(w) for w in weights)
    return Reproduction(tuple(cmds), _weighted("capex_usd", weights), how)


def _budgets() -> dict[str, Callable[[], Reproduction]]:
    from tigris.fab.budgets import budget_cases

    return {b.case: (lambda b=b: _budget(b)) for b in budget_cases()}


def _all() -> dict[str, Callable[[], Reproduction]]:
    return {
        **_training(),
        **_serving(),
        **_power(),
        **_silicon(),
        **_packaging(),
        **_memory(),
        **_fab_cases(),
        **_budgets(),
    }


def reproduction(case: str) -> Reproduction:
    """How the tigris value of validation case ``case`` is had from the command line.

    Parameters
    ----------
    case : str
        A case of :data:`tigris.validation.CASES`.

    Returns
    -------
    Reproduction
        The commands, how their JSON gives the value, or why only the module does.

    Raises
    ------
    KeyError
        A case with no entry (every case has one; a test checks it).
    """
    return _all()[case]()


def command_text(cmd: Command) -> str:
    """One command as a user types it: ``tigris ... --json``.

    Parameters
    ----------
    cmd : tuple of str
        The command's arguments after ``tigris``, without ``--json``.

    Returns
    -------
    str
        The command line, each argument quoted for a POSIX shell where it needs to be.
    """
    return shlex.join(("tigris", *cmd, "--json"))


def reproduce_markdown(cases: Sequence[str]) -> str:
    """The "How to reproduce each case" table of docs/validation.md, for ``cases``.

    Parameters
    ----------
    cases : sequence of str
        Case names, in the table's order.

    Returns
    -------
    str
        A Markdown table, one row per case (its commands, or ``–`` with the reason when
        it has none; ``not recorded`` for a case without an entry), ending in a newline.
    """
    out = [
        "| case | command (`--json`) | the case's value |",
        "|---|---|---|",
    ]
    known = _all()
    for name in cases:
        # a case added without an entry says so (a test keeps the shipped ones complete)
        r = known[name]() if name in known else Reproduction(how="not recorded")
        cmds = "<br>".join(f"`{command_text(c)}`" for c in r.commands) or "–"
        out.append(f"| {name} | {cmds} | {r.how.replace('|', '/')} |")
    return "\n".join(out) + "\n"

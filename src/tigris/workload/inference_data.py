"""Inference tables: model architectures, interconnect bandwidth, measured efficiencies.

``tigris/data/inference_models.csv`` holds what serving a model needs beyond its
parameter count (layers, attention width, KV values per token, MoE layers and routed
experts per token); ``tigris/data/inference_interconnect.csv`` the scale-up bandwidth
of each part (NVLink, Infinity Fabric, ICI); ``tigris/data/inference_scale_out.csv`` the
accelerators per scale-up domain (node) and the NIC bandwidth per accelerator between
nodes; ``tigris/data/inference_efficiency.csv``
published measurements of decode bandwidth utilisation (MBU), prefill and decode FLOPs
utilisation (MFU) and all-to-all link efficiency, whose medians are the defaults in
``workload_defaults.csv``. Every row names its source.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import cache
from typing import Any

from tigris.catalog import not_a_name
from tigris.data import load_rows

__all__ = [
    "A2A_FABRICS",
    "EFFICIENCY_METRICS",
    "InferenceModel",
    "all_to_all_latency_table",
    "context_window",
    "efficiency_median",
    "efficiency_parts",
    "efficiency_values",
    "get_inference_model",
    "interconnect_gb_per_s",
    "scale_out",
]

#: Microseconds per second.
US_PER_S = 1e6

#: Metrics measured in ``inference_efficiency.csv``, each the row name of its default
#: in ``workload_defaults.csv``.
EFFICIENCY_METRICS = (
    "decode_mbu",
    "prefill_mfu",
    "decode_mfu",
    "all_to_all_efficiency",
    "scale_out_all_to_all_efficiency",
)


@dataclass(frozen=True)
class InferenceModel:
    """A model's serving shape. Fields are ``None`` where the source is silent.

    Attributes
    ----------
    name : str
        Canonical lower-case name.
    aliases : tuple of str
        Other names it is found by.
    params, active_params : float or None
        Total and (MoE) active parameters [-].
    n_layers : float or None
        Transformer layers [-].
    attn_dim : float or None
        Attention width, query heads x head dimension [-].
    decode_attn_dim : float or None
        Attention width as decode computes it, where it differs (MLA's absorbed
        form) [-]; ``None`` means ``attn_dim``.
    kv_values_per_token : float or None
        Values cached per token over all layers [-].
    d_model : float or None
        Hidden size, the values an MoE layer sends per token [-].
    moe_layers, experts_per_token : float or None
        Layers with routed experts and routed experts per token [-].
    expert_params : float or None
        Parameters in routed experts, all layers; the rest (attention, shared experts,
        dense layers, embeddings) is what an expert-parallel replica keeps whole on
        every accelerator [-].
    routed_experts : float or None
        Routed experts per MoE layer, of which ``experts_per_token`` serve a token; a
        small decode batch reads only those its tokens route to [-].
    n_heads, n_kv_heads : float or None
        Query heads and key/value heads per layer (the row's source); a tensor-parallel
        degree must divide them (:func:`tigris.workload.inference.tensor_parallel_degrees`)
        [-]; ``None`` when not given (MLA has no KV heads).
    estimate : str
        Whose estimate the architecture is, when it is not a published configuration
        (GPT-4's: SemiAnalysis 2023-07); ``""`` for a published one.
    source, as_of : str
        Where the numbers come from, and when.
    """

    name: str
    aliases: tuple[str, ...] = ()
    params: float | None = None
    active_params: float | None = None
    n_layers: float | None = None
    attn_dim: float | None = None
    decode_attn_dim: float | None = None
    kv_values_per_token: float | None = None
    d_model: float | None = None
    moe_layers: float | None = None
    experts_per_token: float | None = None
    expert_params: float | None = None
    routed_experts: float | None = None
    n_heads: float | None = None
    n_kv_heads: float | None = None
    estimate: str = ""
    source: str = ""
    as_of: str = ""


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return float(value)


def _text(value: Any) -> str:
    """A text cell, ``""`` for an empty one (which the table reader may give as NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


@cache
def _models() -> dict[str, InferenceModel]:
    out: dict[str, InferenceModel] = {}
    numeric = (
        "params",
        "active_params",
        "n_layers",
        "attn_dim",
        "decode_attn_dim",
        "kv_values_per_token",
        "d_model",
        "moe_layers",
        "experts_per_token",
        "expert_params",
        "routed_experts",
        "n_heads",
        "n_kv_heads",
    )
    for row in load_rows("inference_models"):
        aliases = row.get("aliases")
        names = (
            tuple(a.strip().lower() for a in aliases.split("|"))
            if isinstance(aliases, str) and aliases.strip()
            else ()
        )
        model = InferenceModel(
            name=str(row["name"]).strip().lower(),
            aliases=names,
            estimate=_text(row.get("estimate")),
            source=str(row["source"]),
            as_of=str(row["as_of"]),
            **{k: _number(row.get(k)) for k in numeric},
        )
        out[model.name] = model
    return out


@cache
def _contexts() -> dict[str, float]:
    return {
        str(r["name"]).strip().lower(): float(r["context_tokens"])
        for r in load_rows("inference_context")
    }


def context_window(name: str | None) -> float | None:
    """The longest context (prompt plus output) a named model was trained for, or
    ``None`` when ``inference_context.csv`` has no row for it.

    Parameters
    ----------
    name : str or None
        Canonical model name (``InferenceModel.name``).

    Returns
    -------
    float or None
        Tokens [-].

    References
    ----------
    Each row's ``source`` (the model papers and configurations).

    Examples
    --------
    >>> context_window("llama-3.1-405b"), context_window("llama-2-70b")
    (131072.0, 4096.0)
    """
    if name is None:
        return None
    return _contexts().get(name.strip().lower())


def get_inference_model(name: str) -> InferenceModel | None:
    """The serving shape of ``name`` (or an alias), or ``None`` if the table lacks it.

    Parameters
    ----------
    name : str
        Model name or alias, any case.

    Returns
    -------
    InferenceModel or None
        The row, with its source.

    Raises
    ------
    InputError
        ``name`` is not a text (field ``--model``).

    References
    ----------
    Each row's ``source``: the model papers (Llama 2, Llama 3, Mixtral, DeepSeek-V3)
    and their published configurations; GPT-4's is a third-party estimate
    (SemiAnalysis 2023-07, as reported in the press; the row's ``estimate``).

    Examples
    --------
    >>> m = get_inference_model("Llama-2-70B")
    >>> m.n_layers, m.kv_values_per_token == 2 * 80 * 8 * 128
    (80.0, True)
    >>> get_inference_model("deepseek-r1").moe_layers
    58.0
    >>> get_inference_model("gpt-4").estimate.startswith("SemiAnalysis 2023-07")
    True
    >>> get_inference_model("gpt-5") is None
    True
    """
    if not isinstance(name, str):  # from Python a model can be anything (user test s46)
        raise not_a_name(name, "a model's name (a text)", "--model")
    key = name.strip().lower()
    models = _models()
    if key in models:
        return models[key]
    return next((m for m in models.values() if key in m.aliases), None)


def inference_model_names() -> list[str]:
    """Every name and alias of ``inference_models.csv``, for an unknown-name error
    (user test 2026-12-05 chain #7: ``infer -m llama-3.1-7b`` listed only the
    training runs).

    Returns
    -------
    list of str
        Names and aliases, the table's order.

    References
    ----------
    ``data/inference_models.csv`` (each row's ``source``).

    Examples
    --------
    >>> "llama-3.1-70b" in inference_model_names()
    True
    """
    models = _models()
    return list(models) + [a for m in models.values() for a in m.aliases]


@cache
def _per_accelerator(table: str, columns: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    """A per-part table as catalog name (stripped, lower case) to its ``columns`` as
    floats: the lookup behind :func:`interconnect_gb_per_s` and :func:`scale_out`."""
    return {
        str(r["accelerator"]).strip().lower(): tuple(float(r[c]) for c in columns)
        for r in load_rows(table)
    }


def _accelerator_row(
    table: str, columns: tuple[str, ...], accelerator: str
) -> tuple[float, ...] | None:
    """``columns`` of ``accelerator``'s row in ``table``, or ``None`` without a row."""
    return _per_accelerator(table, columns).get(accelerator.strip().lower())


def interconnect_gb_per_s(accelerator: str) -> float | None:
    """Scale-up interconnect bandwidth of a part, both directions, or ``None``.

    Vendors quote NVLink-style bandwidth as the total of both directions; one direction
    carries half of it.

    Parameters
    ----------
    accelerator : str
        Catalog name (``"h100-sxm"``).

    Returns
    -------
    float or None
        Bandwidth per accelerator, both directions [GB/s].

    References
    ----------
    Each row's ``source``: vendor datasheets (NVIDIA NVLink, AMD Infinity Fabric,
    Google Cloud TPU ICI).

    Examples
    --------
    >>> interconnect_gb_per_s("h100-sxm"), interconnect_gb_per_s("b200")
    (900.0, 1800.0)
    """
    row = _accelerator_row("inference_interconnect", ("interconnect_gb_per_s",), accelerator)
    return None if row is None else row[0]


def scale_out(accelerator: str) -> tuple[float, float] | None:
    """Scale-up domain size and scale-out (NIC) bandwidth of a part, or ``None``.

    A replica larger than the domain (an 8-GPU HGX node) spans domains joined by a
    scale-out network, one NIC per accelerator (``inference_scale_out.csv``).

    Parameters
    ----------
    accelerator : str
        Catalog name (``"h100-sxm"``).

    Returns
    -------
    tuple of float, or None
        Accelerators per scale-up domain [-] and NIC bandwidth per accelerator, one
        direction [GB/s]; ``None`` when the table lacks the part (its scale-up fabric
        then spans any replica, as a TPU pod's ICI does).

    References
    ----------
    Each row's ``source``: NVIDIA DGX A100/H100/H200/B200/B300 datasheets (8 GPUs, one
    ConnectX NIC each), DeepSeek-AI 2024 arXiv 2412.19437 Sec. 3.2.2 (H800: IB 50 GB/s
    per GPU), Azure ND MI300X v5.

    Examples
    --------
    >>> scale_out("h100-sxm"), scale_out("a100-sxm-80gb"), scale_out("tpu-v4")
    ((8.0, 50.0), (8.0, 25.0), None)
    """
    row = _accelerator_row("inference_scale_out", ("node_size", "nic_gb_per_s"), accelerator)
    return None if row is None else (row[0], row[1])


def efficiency_values(metric: str, precision: str | None = None) -> list[float]:
    """The published measurements of one efficiency metric, one per row [-].

    Parameters
    ----------
    metric : str
        Which utilisation, one of :data:`EFFICIENCY_METRICS`.
    precision : {"bf16", "fp8"}, optional
        Only the rows measured at this precision (16-bit rows count as ``bf16``).

    Returns
    -------
    list of float
        Values in (0, 1], in table order [-].

    References
    ----------
    Each row's ``source``: gpt-fast (MBU), TensorRT-LLM v0.5 first-token latency
    (prefill MFU), TensorRT-LLM v1.0 maximum-load throughput (decode MFU), DeepEP
    (all-to-all bandwidth).

    Examples
    --------
    >>> len(efficiency_values("decode_mbu")), max(efficiency_values("decode_mbu")) < 1
    (7, True)
    """
    return [float(r["value"]) for r in _efficiency_rows(metric, precision)]


def efficiency_parts(metric: str, precision: str | None = None) -> list[str]:
    """The accelerators the published measurements of ``metric`` were made on.

    Parameters
    ----------
    metric : str
        Which utilisation, one of :data:`EFFICIENCY_METRICS`.
    precision : {"bf16", "fp8"}, optional
        Only the rows measured at this precision; all rows when not given.

    Returns
    -------
    list of str
        One catalog name per row, in the table's order (as :func:`efficiency_values`).

    References
    ----------
    As :func:`efficiency_values`.

    Examples
    --------
    >>> sorted(set(efficiency_parts("prefill_mfu", "fp8")))
    ['h100-sxm']
    """
    return [str(r["accelerator"]).strip() for r in _efficiency_rows(metric, precision)]


def _efficiency_rows(metric: str, precision: str | None) -> list[dict[str, Any]]:
    """The rows of ``inference_efficiency.csv`` measuring ``metric`` (at ``precision``
    when given); ValueError for a metric not in :data:`EFFICIENCY_METRICS`."""
    if metric not in EFFICIENCY_METRICS:
        msg = f"unknown efficiency metric {metric!r}; expected one of {EFFICIENCY_METRICS}"
        raise ValueError(msg)
    return [
        r
        for r in load_rows("inference_efficiency")
        if r["metric"] == metric and precision in (None, str(r["precision"]).strip())
    ]


def efficiency_median(metric: str, precision: str | None = None) -> float:
    """Median of the published measurements of ``metric``: the shipped default [-].

    A median, not a mean, so one unusual setup (a tiny model split 8 ways) moves it
    little. Prefill MFU is shipped per precision (``prefill_mfu`` for 16-bit,
    ``prefill_mfu_fp8``): every FP8 row lies below every 16-bit row.

    Parameters
    ----------
    metric : str
        Which utilisation, one of :data:`EFFICIENCY_METRICS`.
    precision : {"bf16", "fp8"}, optional
        Only the rows measured at this precision; all rows when not given.

    Returns
    -------
    float
        The median [-].

    References
    ----------
    As :func:`efficiency_values`.

    Examples
    --------
    >>> round(efficiency_median("decode_mbu"), 3), round(efficiency_median("prefill_mfu"), 3)
    (0.58, 0.518)
    """
    return float(statistics.median(efficiency_values(metric, precision)))


#: The fabrics of ``inference_all_to_all_latency.csv``: ``rdma``, expert-parallel ranks
#: in several scale-up domains joined by InfiniBand (DeepEP's pure-RDMA low-latency
#: kernels), and ``nvlink``, ranks in one scale-up domain (pplx-kernels' NVLink path).
A2A_FABRICS = ("rdma", "nvlink")


@cache
def all_to_all_latency_table(fabric: str = "rdma") -> tuple[tuple[float, float], ...]:
    """Measured latency of one MoE dispatch plus combine by expert-parallel degree.

    Parameters
    ----------
    fabric : {"rdma", "nvlink"}, optional
        The rows measured across InfiniBand (``rdma``, EP 8 to 256) or inside one
        NVLink domain (``nvlink``, EP 8) (:data:`A2A_FABRICS`).

    Returns
    -------
    tuple of (float, float)
        ``(ep, seconds)`` pairs, ascending in ``ep`` [-], [s].

    References
    ----------
    DeepEP docs/legacy.md (deepseek-ai/DeepEP V1), low-latency kernels on H800 with
    400 Gb/s InfiniBand; pplx-kernels README (ppl-ai/pplx-kernels, 2025-03), NVLink
    dispatch and combine on one node of 8 Hopper GPUs; both 128 tokens per rank, 256
    experts, top-8, hidden 7,168, FP8 dispatch and BF16 combine
    (``inference_all_to_all_latency.csv``).

    Examples
    --------
    >>> all_to_all_latency_table()[0]
    (8.0, 0.000191)
    >>> [(ep, round(t * US_PER_S, 1)) for ep, t in all_to_all_latency_table("nvlink")]
    [(8.0, 185.9)]
    """
    if fabric not in A2A_FABRICS:
        msg = f"fabric: expected one of {', '.join(A2A_FABRICS)}, got {fabric!r}"
        raise ValueError(msg)
    rows = load_rows("inference_all_to_all_latency")
    pairs = sorted(
        (float(r["ep"]), (float(r["dispatch_us"]) + float(r["combine_us"])) / US_PER_S)
        for r in rows
        if str(r["fabric"]) == fabric
    )
    return tuple(pairs)

"""Inference tables: model architectures, interconnect bandwidth, measured efficiencies.

``tigris/data/inference_models.csv`` holds what serving a model needs beyond its
parameter count (layers, attention width, KV values per token, MoE layers and routed
experts per token); ``tigris/data/inference_interconnect.csv`` the scale-up bandwidth
of each part (NVLink, Infinity Fabric, ICI). Every row names its source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from tigris.data import load_rows

__all__ = ["InferenceModel", "get_inference_model", "interconnect_gb_per_s"]


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
    kv_values_per_token : float or None
        Values cached per token over all layers [-].
    d_model : float or None
        Hidden size, the values an MoE layer sends per token [-].
    moe_layers, experts_per_token : float or None
        Layers with routed experts and routed experts per token [-].
    source, as_of : str
        Where the numbers come from, and when.
    """

    name: str
    aliases: tuple[str, ...] = ()
    params: float | None = None
    active_params: float | None = None
    n_layers: float | None = None
    attn_dim: float | None = None
    kv_values_per_token: float | None = None
    d_model: float | None = None
    moe_layers: float | None = None
    experts_per_token: float | None = None
    source: str = ""
    as_of: str = ""


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return float(value)


@cache
def _models() -> dict[str, InferenceModel]:
    out: dict[str, InferenceModel] = {}
    numeric = (
        "params",
        "active_params",
        "n_layers",
        "attn_dim",
        "kv_values_per_token",
        "d_model",
        "moe_layers",
        "experts_per_token",
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
            source=str(row["source"]),
            as_of=str(row["as_of"]),
            **{k: _number(row.get(k)) for k in numeric},
        )
        out[model.name] = model
    return out


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

    References
    ----------
    Each row's ``source``: the model papers (Llama 2, Llama 3, Mixtral, DeepSeek-V3)
    and their published configurations.

    Examples
    --------
    >>> m = get_inference_model("Llama-2-70B")
    >>> m.n_layers, m.kv_values_per_token == 2 * 80 * 8 * 128
    (80.0, True)
    >>> get_inference_model("deepseek-r1").moe_layers
    58.0
    >>> get_inference_model("gpt-4") is None
    True
    """
    key = name.strip().lower()
    models = _models()
    if key in models:
        return models[key]
    return next((m for m in models.values() if key in m.aliases), None)


@cache
def _interconnect() -> dict[str, float]:
    return {
        str(r["accelerator"]).strip().lower(): float(r["interconnect_gb_per_s"])
        for r in load_rows("inference_interconnect")
    }


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
    return _interconnect().get(accelerator.strip().lower())

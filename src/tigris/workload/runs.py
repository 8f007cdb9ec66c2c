"""Published training runs: ``tigris/data/training_runs.csv``.

One row per run (GPT-3 175B on Megatron-LM, PaLM 540B, Llama 3.1 405B, DeepSeek-V3,
the GPT-4 third-party estimate) with parameters, tokens, FLOPs, hardware, count,
duration, utilisation, and the architecture figures inference needs; every row names its
sources. ``tigris train --model NAME`` and ``tigris infer --model NAME`` read it.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from tigris.catalog import not_a_name
from tigris.data import load_rows
from tigris.errors import unknown_name

if TYPE_CHECKING:  # pandas is imported where a frame is built, not at start-up
    import pandas as pd

__all__ = ["TrainingRun", "get_run", "list_run_names", "list_runs"]


@dataclass(frozen=True)
class TrainingRun:
    """One published training run. Fields are ``None`` where the source is silent.

    Attributes
    ----------
    name : str
        Canonical lower-case name (``"llama-3.1-405b"``).
    params, active_params : float or None
        Total and (MoE) active parameters [-].
    tokens : float or None
        Training tokens [-].
    training_flops : float or None
        Published training compute [FLOP].
    accelerator : str or None
        Catalog name of the hardware.
    count : float or None
        Accelerators used [-].
    days : float or None
        Wall-clock duration [day].
    accelerator_hours : float or None
        Published accelerator-hours [h].
    mfu, goodput : float or None
        Model FLOPs utilisation and fraction of wall time in useful steps [-].
    mfu_status : str
        What the row's MFU is: ``published`` (the run's own paper or report),
        ``third-party estimate`` or ``tigris assumption``; ``""`` when unstated.
    precision : str
        Precision the MFU refers to (``"bf16"``).
    recompute : bool
        Whether the published figure counts activation recomputation (k = 8).
    n_layers, seq_len, d_model : float or None
        Transformer layers, training context [tokens] and attention width [-].
    kv_values_per_token : float or None
        Values held in the KV cache per token over all layers [-].
    source, as_of : str
        Where the row's numbers come from, and when.
    """

    name: str
    aliases: tuple[str, ...] = ()
    params: float | None = None
    active_params: float | None = None
    tokens: float | None = None
    training_flops: float | None = None
    accelerator: str | None = None
    count: float | None = None
    days: float | None = None
    accelerator_hours: float | None = None
    mfu: float | None = None
    goodput: float | None = None
    mfu_status: str = ""
    precision: str = "bf16"
    recompute: bool = False
    n_layers: float | None = None
    seq_len: float | None = None
    d_model: float | None = None
    kv_values_per_token: float | None = None
    source: str = ""
    as_of: str = ""

    def to_dict(self) -> dict[str, Any]:
        """All fields as a plain dict (JSON-friendly).

        Returns
        -------
        dict
            Field name to value (aliases as a list); units in the names.
        """
        d = dataclasses.asdict(self)
        d["aliases"] = list(self.aliases)
        return d


_STR_FIELDS = ("name", "accelerator", "precision", "mfu_status", "source", "as_of")


def _clean(key: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if key in _STR_FIELDS:
        return str(value).strip()
    if key == "recompute":
        return str(value).strip().lower() in ("true", "1", "yes")
    return float(value)


@cache
def _runs() -> dict[str, TrainingRun]:
    fields = {f.name for f in dataclasses.fields(TrainingRun)}
    out: dict[str, TrainingRun] = {}
    for row in load_rows("training_runs"):
        kwargs = {k: _clean(k, v) for k, v in row.items() if k in fields and k != "aliases"}
        aliases = row.get("aliases")
        if isinstance(aliases, str) and aliases.strip():
            kwargs["aliases"] = tuple(a.strip().lower() for a in aliases.split("|"))
        kwargs["name"] = str(row["name"]).strip().lower()
        run = TrainingRun(**{k: v for k, v in kwargs.items() if v is not None})
        out[run.name] = run
    return out


def get_run(name: str, field: str = "--model") -> TrainingRun:
    """Look up a published run by name or alias, case-insensitively.

    Parameters
    ----------
    name : str
        Run name or alias (``"Llama-3.1-405B"``, ``"gpt-4"``).
    field : str, optional
        Flag named in the error message.

    Returns
    -------
    TrainingRun
        The published run (params, tokens, hardware, days, MFU, with its source).

    Raises
    ------
    InputError
        ``name`` is not a text, or no run has that name or alias (field ``field``).

    Examples
    --------
    >>> get_run("GPT-4").training_flops
    2.15e+25
    >>> get_run("llama3-405b").name
    'llama-3.1-405b'
    """
    if not isinstance(name, str):
        raise not_a_name(name, "a published run's name (a text)", field)
    runs = _runs()
    key = name.strip().lower()
    if key in runs:
        return runs[key]
    for run in runs.values():
        if key in run.aliases:
            return run
    raise unknown_name("model", name, list_run_names(), field=field)


def list_run_names() -> list[str]:
    """Every published run's name and aliases (``training_runs.csv``).

    Returns
    -------
    list of str
        Names and aliases, the table's order.

    References
    ----------
    ``data/training_runs.csv`` (each row's ``source``).

    Examples
    --------
    >>> "gpt-4" in list_run_names()
    True
    """
    runs = _runs()
    return list(runs) + [a for r in runs.values() for a in r.aliases]


def list_runs() -> pd.DataFrame:
    """The published runs as a table, one row per run.

    Returns
    -------
    pandas.DataFrame
        Indexed by run name; columns as :class:`TrainingRun` (units in the names).

    Examples
    --------
    >>> "llama-3.1-405b" in list_runs().index
    True
    """
    import pandas as pd

    return pd.DataFrame([r.to_dict() for r in _runs().values()]).set_index("name")

"""Workload layer: training runs and inference services to accelerators, days, energy, money.

Pure, vectorised functions plus two orchestrators, :func:`train` and :func:`infer`
(see ``docs/workload.md`` for the formulas and how each published run is reproduced).
Defaults come from ``tigris/data/workload_defaults.csv``, published runs from
``tigris/data/training_runs.csv``; every row is sourced.
"""

from tigris.workload._common import (
    REFERENCE_ACCELERATOR,
    energy_mwh,
    facility_power_mw,
    h100_equivalents,
    ownership_cost_usd,
    rental_cost_usd,
    workload_default,
)
from tigris.workload.inference import (
    BYTES_PER_VALUE,
    InferenceResult,
    decode_step_times_s,
    infer,
    kv_cache_bytes_per_token,
    max_batch_size,
    prefill_flop_per_token,
)
from tigris.workload.runs import TrainingRun, get_run, list_runs
from tigris.workload.training import (
    TrainingResult,
    accelerators_for_days,
    attention_flop_per_token,
    mfu_for,
    train,
    training_days,
    training_flops,
)

__all__ = [
    "BYTES_PER_VALUE",
    "REFERENCE_ACCELERATOR",
    "InferenceResult",
    "TrainingResult",
    "TrainingRun",
    "accelerators_for_days",
    "attention_flop_per_token",
    "decode_step_times_s",
    "energy_mwh",
    "facility_power_mw",
    "get_run",
    "h100_equivalents",
    "infer",
    "kv_cache_bytes_per_token",
    "list_runs",
    "max_batch_size",
    "mfu_for",
    "ownership_cost_usd",
    "prefill_flop_per_token",
    "rental_cost_usd",
    "train",
    "training_days",
    "training_flops",
    "workload_default",
]

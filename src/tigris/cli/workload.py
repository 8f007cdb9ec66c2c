"""``tigris train`` and ``tigris infer``: the workload layer on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tigris.cli._args import MAX_QUANTITY, MAX_USD, Range, check_params
from tigris.cli._data import DATA_OPTION
from tigris.cli._output import console, emit_json, kv_table
from tigris.cli._tables import print_table
from tigris.cli.catalog import ACCEL_FILE_OPTION
from tigris.data import load_rows
from tigris.energy.data import energy_parameter
from tigris.errors import InputError, Problem
from tigris.units import BYTES_PER_GB
from tigris.workload import infer as infer_fn
from tigris.workload import train as train_fn
from tigris.workload import workload_default
from tigris.workload._common import count_text, money_text
from tigris.workload.inference_data import US_PER_S, all_to_all_latency_table
from tigris.workload.serving import MAX_REPLICA_SIZE
from tigris.workload.training import ATTENTION_FLOP_FACTOR, FLOP_PER_PARAM_TOKEN

# Run names for the help text, read without building a pandas frame (quick start-up).
_RUNS = ", ".join(str(r["name"]).strip().lower() for r in load_rows("training_runs"))

Opt = typer.Option

#: Row of ``workload_defaults.csv`` holding the most tokens a day ``--tokens-per-day``
#: accepts [tokens/day]: a validation bound, about 2 x 10^4 times the largest volume a
#: provider has published (Alphabet, Q3 2025 earnings call: 1.3 quadrillion tokens a
#: month across Google's products); the row gives its source and reason. Beyond it a
#: fleet is not a plan but a typo, and its counts ran to 22 digits
#: (``--tokens-per-day 1e30``, user test UT-HYPER #10).
MAX_TOKENS_ROW = "max_tokens_per_day"
#: Rows of ``workload_defaults.csv`` holding the most parameters ``--params`` and
#: ``--active-params`` accept and the most training tokens ``--tokens`` accepts:
#: validation bounds, ~10^4 times the largest model and training set announced (Llama
#: 4, Meta 2025); the rows give their sources. ``train --params 1e30 --tokens 1e30``
#: printed 2.4e40 days and a $1e43B rental (user test S45 #6).
MAX_PARAMS_ROW = "max_model_params"
MAX_TRAINING_TOKENS_ROW = "max_training_tokens"


def workload_ranges() -> dict[str, Range]:
    """Upper bounds of the workload verbs' options on top of :data:`tigris.cli._args.
    OPTION_RANGES` (which keeps their lower bounds and whole-number rules).

    Money at ``MAX_USD``, a server's watts at ``MAX_QUANTITY``, tokens at the
    ``max_tokens_per_day`` row of ``workload_defaults.csv`` (:data:`MAX_TOKENS_ROW`;
    one request holds at most a day's load), model sizes at ``max_model_params``
    (:data:`MAX_PARAMS_ROW`), training tokens at ``max_training_tokens``
    (:data:`MAX_TRAINING_TOKENS_ROW`) and ``--flops`` at 6 FLOP per parameter and
    token of the two (the product the bounds allow). Each flag's ``--help`` states its
    range. Days keep no upper bound; a product too large for a float is refused by the
    overflow guard (:func:`tigris.workload._common.overflow_is_input_error`).

    Returns
    -------
    dict of str to Range
        By flag.

    Examples
    --------
    >>> workload_ranges()["--tokens-per-day"].describe()
    'a number in (0, 1e+18]'
    """
    tokens = workload_default(MAX_TOKENS_ROW)  # [tokens/day]
    far = "far above any announced model: workload_defaults.csv"
    params = Range(  # [parameters]
        0.0, workload_default(MAX_PARAMS_ROW), lo_open=True, note=f"{far} {MAX_PARAMS_ROW}"
    )
    trained = workload_default(MAX_TRAINING_TOKENS_ROW)  # [tokens]
    flops = FLOP_PER_PARAM_TOKEN * params.hi * trained  # [FLOP], 6 N D at both bounds
    far_set = "far above any announced training set: workload_defaults.csv"
    both = f"6 x {MAX_PARAMS_ROW} x {MAX_TRAINING_TOKENS_ROW} of workload_defaults.csv"
    quantity = Range(0.0, MAX_QUANTITY, lo_open=True)
    money = Range(0.0, MAX_USD)
    return {
        "--params": params,
        "--active-params": params,
        "--tokens": Range(0.0, trained, lo_open=True, note=f"{far_set} {MAX_TRAINING_TOKENS_ROW}"),
        "--flops": Range(0.0, flops, lo_open=True, note=both),
        "--expert-params": params,
        "--tokens-per-day": Range(0.0, tokens, lo_open=True),
        "--prompt-tokens": Range(0.0, tokens),
        "--output-tokens": Range(0.0, tokens, lo_open=True),
        "--power-w": quantity,
        "--usd-per-kwh": money,
        "--usd-per-hour": money,
        "--price-usd": money,
    }


def _check_bounds(params: dict[str, Any]) -> None:
    """:func:`workload_ranges`' upper bounds, after :func:`~tigris.cli._args.
    check_params` (the lower bounds): one :class:`InputError` listing every option
    beyond its bound.

    Parameters
    ----------
    params : dict
        The verb's parameters by Python name (``locals()``).
    """
    problems = []
    for flag, rng in workload_ranges().items():
        value = params.get(flag.removeprefix("--").replace("-", "_"))
        if value is not None and not rng.accepts(value):
            problems.append(Problem(flag, f"expected {rng.describe()}, got {value:g}"))
    if problems:
        raise InputError(problems)


def _check_flags(params: dict[str, Any]) -> None:
    """Every bad flag of train or infer at once (docs/workload.md: one line per bad
    flag, all of them at once): the lower bounds (:func:`~tigris.cli._args.check_params`),
    the upper bounds (:func:`_check_bounds`) and an unknown ``-a`` name (ML user test
    2026-12-06 #6: ``--count 0 --params 1e30`` or ``--tokens-per-day -1 -a foo`` said
    only the first kind).

    Parameters
    ----------
    params : dict
        The verb's parameters by Python name (``locals()``).
    """
    from tigris.workload._common import resolve_accelerator

    problems: list[Problem] = []
    for check in (check_params, _check_bounds):
        try:
            check(params)
        except InputError as exc:
            problems += [p for p in exc.problems if p.field not in {q.field for q in problems}]
    name = params.get("accelerator")
    if isinstance(name, str):
        try:
            resolve_accelerator(name, params.get("accelerators"))
        except InputError as exc:
            problems += list(exc.problems)
    if problems:
        raise InputError(problems)


def _queue_text(res: Any) -> str:
    """The prefill queue the time to first token is of, for the table."""
    if res.prefill_queue == "per-replica":
        return "M/D/1 a replica"
    if res.prefill_queues > 1:
        return f"{res.prefill_queues:,} shared queues, M/D/c"
    return "one shared queue, M/D/c"


def _lower(name: str | None) -> str | None:
    """A case-free name (``FP8`` is ``fp8``), as accelerator names are: every choice
    flag of train and infer (``--precision``, ``--kv-precision``, ``--decode-attention``;
    user test s48 #13: ``--precision FP8`` was taken, ``--decode-attention PER-HEAD``
    refused)."""
    return None if name is None else name.lower()


def _h(text: str, default: str | None = None, flag: str | None = None) -> str:
    """Help text with its [unit] brackets shown literally (not rich markup), plus the
    shipped default ``default`` from ``workload_defaults.csv`` when one applies and the
    range of ``flag`` from :func:`workload_ranges`."""
    if default is not None:
        text = f"{text}; default {workload_default(default):g}."
    if flag is not None:
        text = f"{text} Range: {workload_ranges()[flag].describe()}."
    return escape(text)


MODEL_HELP = f"Published run to start from (name or alias): {_RUNS}."
#: ``infer`` also takes the serving shapes of ``inference_models.csv`` (user test
#: 2026-12-05: the help listed the training runs only).
_SERVED = ", ".join(str(r["name"]).strip().lower() for r in load_rows("inference_models"))
INFER_MODEL_HELP = (
    f"Model to serve (name or alias): a served shape of inference_models.csv ({_SERVED}) "
    f"or a published run ({_RUNS})."
)
ACC_HELP = "Accelerator, catalog name or alias, case-insensitive (see 'tigris catalog')."
PRECISION_HELP = "Precision whose dense peak FLOP/s is used: bf16 or fp8 [-]."
JSON_HELP = "Print one JSON object instead of a table."
POWER_HELP = "Server power per accelerator, before PUE, overriding the catalog [W]."
PRICE_HELP = "Purchase price per accelerator, overriding the catalog [USD]."
PUE_HELP = "Power usage effectiveness, facility / IT power [-]"
PUE_HELP_DEFAULT = "pue"
KWH_HELP = "Electricity price [USD/kWh]"
KWH_HELP_DEFAULT = "usd_per_kwh"
RATE_HELP_DATA = (
    "Rental price [USD per accelerator-hour]; default the part's latest rental row "
    "in data/prices.csv (a note gives its year and source), else "
    f"{workload_default('usd_per_accelerator_hour'):g} (DeepSeek-V3's H800 assumption)."
)
IT_OVERHEAD_HELP = (
    "Cluster IT power over server power: network, storage and management, "
    f"at least 1 [-]; default {energy_parameter('it_overhead'):g} (NVIDIA DGX H100 SuperPOD, "
    "data/energy_parameters.csv), the factor the plan's power rows use."
)
LOAD_FACTOR_HELP = (
    "Average draw over the rated draw, in (0, 1], for energy: power is the servers' rated "
    "draw (what a site provisions), energy counts this share of it [-]; default "
    f"{energy_parameter('load_factor'):g} (Epoch AI's average server draw in training, "
    "data/energy_parameters.csv), as the plan counts energy; 1 when --power-w is a "
    "measured average."
)
LIFE_HELP = "Years over which an owned accelerator's price is amortised [years]"


def _a2a_latency_help() -> str:
    """--all-to-all-latency-us help, its defaults read from the shipped table."""
    table = all_to_all_latency_table("rdma")
    pts = ", ".join(f"{t * US_PER_S:,.0f} us at EP {int(e)}" for e, t in table[:: len(table) - 1])
    nv = ", ".join(
        f"{t * US_PER_S:,.0f} us at EP {int(e)}" for e, t in all_to_all_latency_table("nvlink")
    )
    return _h(
        "Fixed time of one MoE layer's dispatch + combine [us], the floor of a step's "
        "all-to-all at any batch (x MoE layers: DeepSeek-V3 58); default measured at the "
        f"replica's EP degree, 128 tokens per rank: inside one scale-up domain pplx-kernels' "
        f"NVLink kernels on Hopper ({nv}), across InfiniBand DeepEP's low-latency kernels on "
        f"H800 ({pts}) (inference_all_to_all_latency.csv); 0 drops it"
    )


A2A_LATENCY_HELP = _a2a_latency_help()
LIFE_HELP_DEFAULT = "lifetime_years"

# The options of a cluster's power and money, which train and infer share: one type each
# (typer copies an option's settings per command).
_PueOption = Annotated[float | None, Opt(help=_h(PUE_HELP, PUE_HELP_DEFAULT))]
_ItOverheadOption = Annotated[float | None, Opt(help=_h(IT_OVERHEAD_HELP))]
_LoadFactorOption = Annotated[float | None, Opt(help=_h(LOAD_FACTOR_HELP))]
_KwhOption = Annotated[float | None, Opt(help=_h(KWH_HELP, KWH_HELP_DEFAULT, "--usd-per-kwh"))]
_RateOption = Annotated[float | None, Opt(help=_h(RATE_HELP_DATA, flag="--usd-per-hour"))]
_LifeOption = Annotated[float | None, Opt(help=_h(LIFE_HELP, LIFE_HELP_DEFAULT))]
_PowerOption = Annotated[float | None, Opt(help=_h(POWER_HELP, flag="--power-w"))]
_PriceOption = Annotated[float | None, Opt(help=_h(PRICE_HELP, flag="--price-usd"))]
_JsonOption = Annotated[bool, Opt("--json", help=_h(JSON_HELP))]


def _rent(rate: float, basis: str) -> str:
    """Unit column of the rental row: the price and, in a word, whose it is (a note
    below the table gives the row's year and source, or why the default applies)."""
    if basis == "given":
        return f"at ${rate:g}/h"
    return f"at ${rate:g}/h ({basis})"


def _table(title: str, rows: list[tuple[str, Any, str]]) -> Table:
    """:func:`~tigris.cli._output.kv_table` laid out never to cut a number or a name.

    Values and quantity names keep their whole width (``no_wrap``: a table too wide
    for the terminal runs past its edge, README); the unit column wraps between words,
    at least as wide as its longest number (``= 1,702,316,909 replicas x 8``), and
    folds a longer word rather than cut it with '…' (user test UT-HYPER #10).
    """
    table = kv_table(title, rows)
    name, value, unit = table.columns
    name.no_wrap = value.no_wrap = True
    numbers = [w for *_, u in rows for w in str(u).split() if any(c.isdigit() for c in w)]
    unit.min_width = max([len(w) for w in numbers], default=None)
    unit.overflow = "fold"
    return table


def _purchase(res: Any, price_flag: float | None) -> tuple[str, Any, str]:
    """The cluster's purchase price (accelerators x price each) as a table row. The total
    (``cost_purchase_usd``) and the note saying whose price it is come with the result
    (``tigris.workload.train``), so that ``--json`` is its ``to_dict()`` (user test s46)."""
    total = res.cost_purchase_usd
    if total is None:  # no price: the ownership note asks for one
        return ("cluster purchase", "–", "accelerators x price")
    whose = "--price-usd" if price_flag is not None else "catalog"
    unit = f"{count_text(res.accelerators)} x {money_text(res.price_usd)} ({whose})"
    return ("cluster purchase", money_text(total), unit)


def _notes(notes: Any) -> None:
    """Notes below the table, on stdout (``--json`` carries them as ``notes``)."""
    for note in notes:
        console.print(f"note: {note}")


_GOODPUT_BASIS = {"given": "", "run": " (the run's)", "default": " (default)"}


def _mfu_basis(res: Any) -> str:
    """Where the MFU came from, for the table's unit column: the run's only when the
    row publishes it and the part is the run's own (user test D5)."""
    if res.mfu_basis == "model":
        return f" (MFU model, LOO error {res.mfu_loo_mape:.0%})"
    if res.mfu_basis == "run":
        if getattr(res, "mfu_converted_from", "") and res.mfu_accelerator:
            return f" ({res.model}'s on {res.mfu_accelerator}, re-expressed, see notes)"
        if getattr(res, "mfu_converted_from", ""):
            return (
                f" ({res.model}'s {res.mfu_converted_from} throughput over the "
                f"{res.precision} peak, see notes)"
            )
        if res.mfu_accelerator:
            return f" ({res.model}'s on {res.mfu_accelerator}, assumed here)"
        if res.mfu_status and not res.mfu_status.startswith("published"):
            return f" (assumed: {res.mfu_status}, see notes)"
        # Megatron's 140 TFLOP/s are hardware FLOPs: its MFU is 6/8 of them (review)
        return f" (the run's, {res.mfu_status or 'published'})"
    return {"solved": " (solved)"}.get(res.mfu_basis, "")


_FLOPS_BASIS = {
    "run": "FLOP, the run's published figure",
    "given": "FLOP (--flops)",
    "params x tokens": "FLOP (k x active params x tokens)",
    "params x tokens + attention": "FLOP (k x active params x tokens + attention)",
}


def _flops_unit(res: Any) -> str:
    """The compute row's unit: with ``k N D``, the ``k``, the attention term when it is
    counted, and whether it counts the recomputed forward pass (user test 2026-12-05
    chain #4: GPT-3's 4.2e23 = 8 N D read as its training compute, which Brown et al.
    2020 give as 3.14e23 = 6 N D; user test s48 #5: "6 x active params x tokens" of a
    compute with the attention term, ``12 L s d`` per token, in it)."""
    k = getattr(res, "flop_per_param_token", None)
    if res.flops_basis not in ("params x tokens", "params x tokens + attention") or k is None:
        return _FLOPS_BASIS[res.flops_basis]
    what = f"{k:g} x active params x tokens"
    model_what = f"the model's own {FLOP_PER_PARAM_TOKEN:g} N D is"
    if getattr(res, "attention_flops", None) is not None:
        a = ATTENTION_FLOP_FACTOR * k / FLOP_PER_PARAM_TOKEN
        what += f" + attention {a:g} x layers x seq-len x d-model x tokens"
        model_what = (
            f"the model FLOPs, {FLOP_PER_PARAM_TOKEN:g} N D + "
            f"{ATTENTION_FLOP_FACTOR:g} L s d D, are"
        )
    if k > FLOP_PER_PARAM_TOKEN:
        model = float(res.training_flops) * FLOP_PER_PARAM_TOKEN / k
        return f"FLOP ({what}: with activation recomputation; {model_what} {model:.3e})"
    return f"FLOP ({what})"


def _utilisation_rows(res: Any) -> list[tuple[str, Any, str]]:
    """The MFU row and, with recomputation counted, the HFU row below it: MFU is of
    model FLOPs (6 N D), HFU of the hardware FLOPs counted (k N D), ``MFU x k / 6``
    (Chowdhery et al. 2022, App. B: MFU leaves out rematerialisation, HFU counts it)."""
    rows = [("MFU", res.mfu, f"of dense {res.precision} peak{_mfu_basis(res)}")]
    k = getattr(res, "flop_per_param_token", None)
    if getattr(res, "hfu", None) is not None and k is not None:
        rows.append(
            (
                "HFU",
                res.hfu,
                f"hardware FLOPs, the recomputed pass counted: MFU x {k:g}/"
                f"{FLOP_PER_PARAM_TOKEN:g}",
            )
        )
    return rows


def _size_rows(total: Any, active: Any, whose: str) -> list[tuple[str, Any, str]]:
    """Table rows of the model's total and per-token parameters (user test D1)."""
    if total is None:
        return []
    moe = active is not None and float(active) < float(total)
    kind = "MoE: used per token" if moe else "dense: all used per token"
    return [
        ("parameters", total, f"total{whose}"),
        ("active parameters", active, kind),
    ]


def _source_line(name: str | None, source: str, as_of: str) -> None:
    """The published row's source and date below the table (user test D5)."""
    if name and source:
        console.print(f"source ({name}, as of {as_of}): {escape(source)}")


def train(
    model: Annotated[str | None, Opt("--model", "-m", help=_h(MODEL_HELP))] = None,
    params: Annotated[
        float | None,
        Opt(help=_h("Total parameters [count], e.g. 405e9.", flag="--params"), show_default=False),
    ] = None,
    active_params: Annotated[
        float | None,
        Opt(
            help=_h(
                "Parameters active per token for MoE [count], e.g. 37e9.", flag="--active-params"
            )
        ),
    ] = None,
    tokens: Annotated[
        float | None, Opt(help=_h("Training tokens [count], e.g. 15.6e12.", flag="--tokens"))
    ] = None,
    flops: Annotated[
        float | None,
        Opt(help=_h("Training compute instead of params x tokens [FLOP].", flag="--flops")),
    ] = None,
    recompute: Annotated[
        bool, Opt("--recompute", help=_h("Activation recomputation: 8 N D instead of 6 N D."))
    ] = False,
    layers: Annotated[
        float | None, Opt(help=_h("Transformer layers, for the attention term [count]."))
    ] = None,
    seq_len: Annotated[
        float | None, Opt(help=_h("Training sequence length, for the attention term [tokens]."))
    ] = None,
    d_model: Annotated[
        float | None,
        Opt(
            "--d-model",
            "--attn-dim",
            help=_h(
                "Attention width, heads x head dim, for the attention term [count] "
                "(Kaplan et al. 2020's d_attn; infer calls it --attn-dim, and its "
                "--d-model is the hidden size)."
            ),
        ),
    ] = None,
    accelerator: Annotated[
        str | None, Opt("--accelerator", "-a", help=_h(ACC_HELP + " Default: the run's, or h100."))
    ] = None,
    precision: Annotated[
        str | None,
        Opt(help=_h(PRECISION_HELP + " Default: the --model run's precision, else bf16.")),
    ] = None,
    count: Annotated[float | None, Opt(help=_h("Accelerators, a whole number [count]."))] = None,
    days: Annotated[float | None, Opt(help=_h("Wall-clock duration [days]."))] = None,
    mfu: Annotated[
        float | None,
        Opt(
            help=_h(
                "Model FLOPs utilisation while stepping, in (0, 1] [-]. Default: the "
                "--model run's, else the MFU model fitted on published runs (its "
                "leave-one-out error is printed; docs/workload.md)."
            )
        ),
    ] = None,
    goodput: Annotated[
        float | None,
        Opt(
            help=_h(
                "Fraction of wall time doing useful steps, in (0, 1] [-]; default the "
                f"--model run's, else {workload_default('goodput'):g}."
            )
        ),
    ] = None,
    pue: _PueOption = None,
    it_overhead: _ItOverheadOption = None,
    load_factor: _LoadFactorOption = None,
    usd_per_kwh: _KwhOption = None,
    usd_per_hour: _RateOption = None,
    lifetime_years: _LifeOption = None,
    power_w: _PowerOption = None,
    price_usd: _PriceOption = None,
    accelerators: Annotated[Path | None, ACCEL_FILE_OPTION] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: _JsonOption = False,
) -> None:
    """Accelerators, days, energy and money for a training run.

    Compute is 6 x N x D (8 with --recompute; N = active params for MoE) plus an
    optional attention term, or --flops, or a published --model. Give any two of
    --count, --days and --mfu; the third is solved. Without --mfu, one of --count and
    --days is enough: the MFU comes from the MFU model (published runs) and the output
    says so with its leave-one-out error. Example:

        tigris train --params 405e9 --tokens 15.6e12 --count 16384 --mfu 0.4

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    _check_flags(locals())
    res = train_fn.__wrapped__(  # naming flags, not keywords (python_api)
        model,
        params=params,
        tokens=tokens,
        active_params=active_params,
        flops=flops,
        recompute=True if recompute else None,
        n_layers=layers,
        seq_len=seq_len,
        d_model=d_model,
        accelerator=accelerator,
        precision=_lower(precision),
        count=count,
        days=days,
        mfu=mfu,
        goodput=goodput,
        pue=pue,
        it_overhead=it_overhead,
        load_factor=load_factor,
        usd_per_kwh=usd_per_kwh,
        usd_per_accelerator_hour=usd_per_hour,
        lifetime_years=lifetime_years,
        power_w=power_w,
        price_usd=price_usd,
        accelerators_file=accelerators,
    )
    if json_:
        emit_json(res.to_dict())
        return
    solved = f" (solved for {res.solved_for})" if res.solved_for != "none" else ""
    replaced = f" ({', '.join(res.overrides)} replaced)" if res.overrides else ""
    title = f"Training {res.model or 'run'}{replaced} on {res.accelerator}{solved}"
    whose = "" if res.model is None or "--params" in res.overrides else f" ({res.model}'s)"
    rows = [
        ("training compute", res.training_flops, _flops_unit(res)),
        *_size_rows(res.params, res.active_params, whose),
        ("accelerators", count_text(res.accelerators), res.accelerator),
        ("days", res.days, "days"),
        *_utilisation_rows(res),
        ("goodput", res.goodput, f"of wall time{_GOODPUT_BASIS[res.goodput_basis]}"),
        ("accelerator-hours", res.accelerator_hours, "h"),
        ("H100-equivalents", res.accelerators * res.h100e_per_accelerator, "H100e"),
        ("facility power", res.power_mw, f"MW (IT overhead {res.it_overhead:g}, PUE {res.pue:g})"),
        ("energy", res.energy_mwh, f"MWh (at load factor {res.load_factor:g} of that power)"),
        (
            "cost, rental",
            money_text(res.cost_usd),
            _rent(float(res.usd_per_accelerator_hour), res.rental_basis),
        ),
        ("cost, ownership", money_text(res.cost_ownership_usd), "amortised price + energy"),
        ("  of which energy", money_text(res.cost_energy_usd), f"at ${res.usd_per_kwh:g}/kWh"),
        _purchase(res, price_usd),
    ]
    print_table(console, _table(title, rows))
    _notes(res.notes)
    _source_line(res.model, res.run_source, res.run_as_of)


def _larger_fleet(res: Any) -> str:
    """The fleet whose bound is the service's (``InferenceResult.bound``): decode when
    it is at least as large as prefill, as :mod:`tigris.workload.inference` picks it."""
    return "decode" if res.decode_accelerators >= res.prefill_accelerators else "prefill"


def _replicas(n: int) -> str:
    """``1 replica``, ``3 replicas`` (user test 2026-12-03 #22 read '1 replicas')."""
    return f"{n:,} replica" if n == 1 else f"{n:,} replicas"


def infer(
    model: Annotated[str | None, Opt("--model", "-m", help=_h(INFER_MODEL_HELP))] = None,
    params: Annotated[
        float | None,
        Opt(help=_h("Total parameters, all held in memory [count], e.g. 70e9.", flag="--params")),
    ] = None,
    active_params: Annotated[
        float | None,
        Opt(
            help=_h(
                "Parameters active per token for MoE [count]; default --params.",
                flag="--active-params",
            )
        ),
    ] = None,
    tokens_per_day: Annotated[
        float | None,
        Opt(
            help=_h(
                "Tokens served per day, prompt plus output [tokens/day].", flag="--tokens-per-day"
            )
        ),
    ] = None,
    prompt_tokens: Annotated[
        float | None,
        Opt(help=_h("Average prompt length per request [tokens].", flag="--prompt-tokens")),
    ] = None,
    output_tokens: Annotated[
        float | None,
        Opt(help=_h("Average output length per request [tokens].", flag="--output-tokens")),
    ] = None,
    accelerator: Annotated[
        str | None, Opt("--accelerator", "-a", help=_h(ACC_HELP + " Default h100."))
    ] = None,
    precision: Annotated[
        str, Opt(help=_h("Precision of weights, KV cache and compute peak: bf16 or fp8 [-]."))
    ] = "bf16",
    bytes_per_param: Annotated[
        float | None,
        Opt(help=_h("Bytes per weight, overriding the precision's (0.5 for int4) [bytes].")),
    ] = None,
    tpot_ms: Annotated[
        float | None,
        Opt(help=_h("Target time per output token for one user [ms]", "latency_ms_per_token")),
    ] = None,
    latency_ms: Annotated[
        float | None, Opt(help=_h("Alias of --tpot-ms (its older name) [ms]."))
    ] = None,
    ttft_ms: Annotated[
        float | None,
        Opt(
            help=_h(
                "Target time to first token, queueing included, met by 99 % of requests "
                "(MLPerf's server limit is a p99; Poisson arrivals) [ms]",
                "ttft_ms",
            )
        ),
    ] = None,
    prefix_cache_hit: Annotated[
        float | None,
        Opt(
            help=_h(
                "Fraction of prompt tokens found in the prefix cache, in [0, 1] [-]",
                "prefix_cache_hit",
            )
        ),
    ] = None,
    batch_size: Annotated[
        float | None,
        Opt(help=_h("Decode batch per replica [count]; default the largest that fits.")),
    ] = None,
    replica_size: Annotated[
        float | None,
        Opt(
            help=_h(
                "Accelerators per model replica [count], a whole number from 1 to "
                f"{MAX_REPLICA_SIZE:,}; default the cheapest power of 2."
            )
        ),
    ] = None,
    kv_bytes_per_token: Annotated[
        float | None, Opt(help=_h("KV-cache bytes per token of context [bytes]."))
    ] = None,
    layers: Annotated[
        float | None,
        Opt(help=_h("Transformer layers, for the KV cache and attention FLOPs [count].")),
    ] = None,
    kv_heads: Annotated[
        float | None, Opt(help=_h("Key/value heads per layer, for the KV cache [count]."))
    ] = None,
    head_dim: Annotated[
        float | None, Opt(help=_h("Dimension of one attention head, for the KV cache [count]."))
    ] = None,
    attn_dim: Annotated[
        float | None,
        Opt(help=_h("Attention width, query heads x head dim, for attention FLOPs [count].")),
    ] = None,
    moe_layers: Annotated[
        float | None, Opt(help=_h("Layers with routed experts, for the MoE all-to-all [count]."))
    ] = None,
    experts_per_token: Annotated[
        float | None, Opt(help=_h("Routed experts per token (top-k), for the all-to-all [count]."))
    ] = None,
    d_model: Annotated[
        float | None,
        Opt(
            help=_h(
                "Hidden size (model width) each token sends: the MoE all-to-all and the "
                "tensor-parallel all-reduces [count]; default the model's, else --attn-dim."
            )
        ),
    ] = None,
    interconnect_gb_per_s: Annotated[
        float | None,
        Opt(
            help=_h(
                "Scale-up bandwidth per accelerator, both directions [GB/s]; "
                "default from inference_interconnect.csv, a user part's "
                "interconnect_gb_per_s or its based_on part's; none: replicas of one."
            )
        ),
    ] = None,
    all_to_all_efficiency: Annotated[
        float | None,
        Opt(
            help=_h(
                "Fraction of link bandwidth an all-to-all reaches, in (0, 1] [-]",
                "all_to_all_efficiency",
            )
        ),
    ] = None,
    all_reduce_efficiency: Annotated[
        float | None,
        Opt(
            help=_h(
                "Tensor-parallel all-reduce bus / link bandwidth, in (0, 1] [-]",
                "all_reduce_efficiency",
            )
        ),
    ] = None,
    all_reduce_latency_us: Annotated[
        float | None,
        Opt(
            help=_h(
                "Fixed time of one tensor-parallel all-reduce [us]",
                "all_reduce_latency_us",
            )
        ),
    ] = None,
    decode_attention: Annotated[
        str,
        Opt(
            help=_h(
                "Decode attention kernel: grouped (reads a GQA KV head once; XQA, FlashInfer) "
                "or per-head (once per query head: TensorRT-LLM before v0.8, 2023) [-]"
            )
        ),
    ] = "grouped",
    kv_sharding: Annotated[
        str,
        Opt(
            help=_h(
                "How a dense replica splits its KV cache: heads (tensor parallelism; more "
                "accelerators than KV heads hold copies, counted) or batch (by sequence, "
                "Pope et al. 2022's multiquery layout) [-]"
            )
        ),
    ] = "heads",
    prefill_queue: Annotated[
        str,
        Opt(
            help=_h(
                "How prompts reach the prefill replicas: shared (one queue, each prompt to "
                "the first free replica, as SGLang's router, NVIDIA Dynamo and vLLM's "
                "production stack route: M/D/c) or per-replica (spread at random, each "
                "replica its own M/D/1 queue, DistServe's model; needs more replicas when "
                "a prompt's step is close to --ttft-ms) [-]"
            )
        ),
    ] = "shared",
    kv_precision: Annotated[
        str | None,
        Opt(
            help=_h(
                "Precision of the KV cache and attention core when it differs from "
                "--precision (FP8 weights, BF16 MLA): bf16 or fp8 [-]"
            )
        ),
    ] = None,
    micro_batches: Annotated[
        float | None,
        Opt(
            help=_h(
                "Micro-batches whose all-to-all and all-reduces overlap the others' "
                "computation; default 1, no overlap [count]"
            )
        ),
    ] = None,
    expert_params: Annotated[
        float | None,
        Opt(
            help=_h(
                "Parameters in routed experts (MoE); the rest is kept whole on every "
                "accelerator of an expert-parallel replica [count]"
            )
        ),
    ] = None,
    routed_experts: Annotated[
        float | None,
        Opt(
            help=_h(
                "Routed experts per MoE layer (DeepSeek-V3 256): a decode step of B "
                "sequences reads the expected 1-(1-k/E)^B share of them; default the "
                "model's (inference_models.csv), else all read [count]"
            )
        ),
    ] = None,
    all_to_all_latency_us: Annotated[
        float | None,
        Opt(help=A2A_LATENCY_HELP),
    ] = None,
    prefill_batch_tokens: Annotated[
        float | None,
        Opt(
            help=_h(
                "Tokens per accelerator per prefill step (prompts packed or chunked); "
                "default: the cheaper of one prompt a step and "
                f"{workload_default('prefill_step_tokens'):,.0f} tokens per replica [tokens]"
            )
        ),
    ] = None,
    node_size: Annotated[
        float | None,
        Opt(
            help=_h(
                "Accelerators per scale-up (NVLink) domain; larger replicas cross the "
                "NICs; default from inference_scale_out.csv [count]"
            )
        ),
    ] = None,
    scale_out_gb_per_s: Annotated[
        float | None,
        Opt(
            help=_h(
                "NIC bandwidth per accelerator between domains, one direction [GB/s]; "
                "default from inference_scale_out.csv."
            )
        ),
    ] = None,
    scale_out_efficiency: Annotated[
        float | None,
        Opt(
            help=_h(
                "Fraction of NIC bandwidth an all-to-all reaches, in (0, 1] [-]",
                "scale_out_all_to_all_efficiency",
            )
        ),
    ] = None,
    prefill_mfu: Annotated[
        float | None,
        Opt(
            help=_h(
                "Compute utilisation of prefill, in (0, 1] [-]; default "
                f"{workload_default('prefill_mfu'):g} at bf16, "
                f"{workload_default('prefill_mfu_fp8'):g} at fp8 on a part whose FP8 peak "
                "is twice its BF16 (H100; on others FP8 keeps H100's gain over BF16, at "
                "most the part's peak ratio: a note says so)."
            )
        ),
    ] = None,
    decode_mfu: Annotated[
        float | None,
        Opt(
            help=_h(
                "Compute utilisation of a compute-bound decode step, in (0, 1] [-]", "decode_mfu"
            )
        ),
    ] = None,
    mbu: Annotated[
        float | None,
        Opt(help=_h("Memory-bandwidth utilisation of decode, in (0, 1] [-]", "decode_mbu")),
    ] = None,
    memory_fraction: Annotated[
        float | None,
        Opt(
            help=_h(
                "Usable fraction of accelerator memory, in (0, 1] [-]", "memory_usable_fraction"
            )
        ),
    ] = None,
    pue: _PueOption = None,
    it_overhead: _ItOverheadOption = None,
    load_factor: _LoadFactorOption = None,
    usd_per_kwh: _KwhOption = None,
    usd_per_hour: _RateOption = None,
    lifetime_years: _LifeOption = None,
    power_w: _PowerOption = None,
    price_usd: _PriceOption = None,
    accelerators: Annotated[Path | None, ACCEL_FILE_OPTION] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: _JsonOption = False,
) -> None:
    """Prefill and decode fleets, power and cost per million tokens of a service.

    Disaggregated serving: the prefill fleet meets the time to first token
    (--ttft-ms) for 99 % of requests at the arrival rate; the decode fleet meets the time per output
    token (--tpot-ms) with the largest batch that fits memory. Prefill costs
    2 x active params plus attention FLOPs per uncached prompt token; a decode step
    reads all weights plus the batch's KV cache and, for MoE, sends each token to
    its experts and back over the interconnect. Example:

        tigris infer -m llama-3.1-405b --precision fp8 \\
            --tokens-per-day 1e10 --prompt-tokens 1000 --output-tokens 300 \\
            --ttft-ms 2000 --tpot-ms 50

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    _check_flags(locals())
    res = infer_fn.__wrapped__(  # naming flags, not keywords (python_api)
        model,
        params=params,
        active_params=active_params,
        tokens_per_day=tokens_per_day,
        prompt_tokens=prompt_tokens,
        output_tokens=output_tokens,
        accelerator=accelerator,
        precision=_lower(precision),
        bytes_per_param=bytes_per_param,
        latency_ms_per_token=latency_ms,
        tpot_ms=tpot_ms,
        ttft_ms=ttft_ms,
        prefix_cache_hit=prefix_cache_hit,
        batch_size=batch_size,
        replica_size=replica_size,
        kv_bytes_per_token=kv_bytes_per_token,
        n_layers=layers,
        n_kv_heads=kv_heads,
        head_dim=head_dim,
        attn_dim=attn_dim,
        moe_layers=moe_layers,
        experts_per_token=experts_per_token,
        d_model=d_model,
        interconnect_gb_per_s=interconnect_gb_per_s,
        all_to_all_efficiency=all_to_all_efficiency,
        all_reduce_efficiency=all_reduce_efficiency,
        all_reduce_latency_us=all_reduce_latency_us,
        decode_attention=_lower(decode_attention),
        kv_sharding=_lower(kv_sharding),
        prefill_queue=_lower(prefill_queue),
        kv_precision=_lower(kv_precision),
        micro_batches=micro_batches,
        expert_params=expert_params,
        routed_experts=routed_experts,
        all_to_all_latency_us=all_to_all_latency_us,
        prefill_batch_tokens=prefill_batch_tokens,
        node_size=node_size,
        scale_out_gb_per_s=scale_out_gb_per_s,
        scale_out_efficiency=scale_out_efficiency,
        prefill_mfu=prefill_mfu,
        decode_mfu=decode_mfu,
        mbu=mbu,
        memory_fraction=memory_fraction,
        pue=pue,
        it_overhead=it_overhead,
        load_factor=load_factor,
        usd_per_kwh=usd_per_kwh,
        usd_per_accelerator_hour=usd_per_hour,
        lifetime_years=lifetime_years,
        power_w=power_w,
        price_usd=price_usd,
        accelerators_file=accelerators,
    )
    if json_:
        emit_json(res.to_dict())
        return
    replaced = f", {', '.join(res.overrides)} replaced" if res.overrides else ""
    title = f"Serving {res.model or 'model'} on {res.accelerator} ({res.precision}{replaced})"
    whose = "" if res.model is None or "--params" in res.overrides else f" ({res.model}'s)"
    rows = [
        *_size_rows(res.params, res.active_params, whose),
        ("bound", res.bound, f"of the {_larger_fleet(res)} fleet, the larger: binds the service"),
        ("accelerators", count_text(res.accelerators), f"{res.accelerator}, prefill + decode"),
        (
            "prefill fleet",
            count_text(res.prefill_accelerators),
            f"= {_replicas(res.prefill_replicas)} x {res.prefill_replica_size}",
        ),
        ("prefill time", res.prefill_ms, "ms of a replica per prompt (uncached part)"),
        (
            "prefill step",
            res.prefill_step_ms,
            f"ms for {res.prefill_step_tokens:,.0f} tokens a step",
        ),
        (
            f"time to first token, p{res.ttft_percentile:g}",
            res.ttft_percentile_ms,
            f"ms (target {res.ttft_ms:g}, Poisson arrivals, {_queue_text(res)})",
        ),
        ("time to first token, mean", res.ttft_expected_ms, "ms"),
        (
            "prefill throughput",
            res.prefill_tokens_per_s_per_accelerator,
            "prompt tokens/s per accelerator while stepping (uncached part)",
        ),
        (
            "decode fleet",
            count_text(res.decode_accelerators),
            f"= {_replicas(res.decode_replicas)} x {res.replica_size}",
        ),
        ("decode batch", res.batch_size, f"sequences per replica ({res.batch_limited_by})"),
        (
            "  in flight at the load",
            res.decode_in_flight,
            f"sequences per replica at most (Little's law at the batch's step), "
            f"{res.decode_in_flight / res.batch_size:.1%} of the batch",
        ),
        (
            "decode step time",
            res.decode_step_ms,
            f"ms (target {res.tpot_ms:g}), {res.decode_bound}",
        ),
        ("  of which all-to-all", res.all_to_all_ms, "ms (MoE dispatch + combine)"),
        ("  of which all-reduce", res.all_reduce_ms, "ms (tensor-parallel, 2 per layer)"),
        (
            "decode throughput",
            res.decode_tokens_per_s_per_accelerator,
            "output tokens/s per accelerator at that batch",
        ),
        (
            "service throughput",
            res.tokens_per_s_per_accelerator,
            "tokens/s per accelerator of the fleet at the load given",
        ),
        (
            "KV cache per request",
            res.kv_bytes_per_request / BYTES_PER_GB,
            f"GB at {res.prompt_tokens + res.output_tokens:,.0f} tokens "
            f"({res.kv_bytes_per_token:,.0f} bytes a token)",
        ),
        ("H100-equivalents", res.h100e, "H100e (dense BF16 peak, as the plan counts)"),
        ("prefix cache hit", res.prefix_cache_hit, "of prompt tokens"),
        ("facility power", res.power_mw, f"MW (IT overhead {res.it_overhead:g}, PUE {res.pue:g})"),
        (
            "energy",
            res.energy_mwh_per_day,
            f"MWh per day (at load factor {res.load_factor:g} of that power)",
        ),
        (
            "cost, rental",
            money_text(res.cost_usd_per_million_tokens),
            "per million tokens " + _rent(res.usd_per_accelerator_hour, res.rental_basis),
        ),
        (
            "cost, ownership",
            money_text(res.cost_ownership_usd_per_million_tokens),
            "per million tokens",
        ),
    ]
    print_table(console, _table(title, rows))
    _notes(res.notes)
    _source_line(res.model, res.model_source, res.model_as_of)


def register(app: typer.Typer) -> None:
    """Add ``train`` and ``infer`` to ``app``."""
    app.command("train")(train)
    app.command("infer")(infer)

"""Shared pieces of the workload layer: defaults, input checks, power, energy and money.

The defaults (PUE, electricity price, rental price, lifetime, utilisations) live in
``tigris/data/workload_defaults.csv``, every row with its source; nothing here is a
number of its own except unit conversions.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Mapping
from functools import cache, wraps
from os import PathLike
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from tigris.catalog import Accelerator, get_accelerator, not_a_name
from tigris.data import data_cache, load_rows, using_overlay
from tigris.errors import InputError, Problem, unknown_name
from tigris.units import DAYS_PER_YEAR, HOURS_PER_DAY, KWH_PER_MWH, W_PER_MW

__all__ = [
    "REFERENCE_ACCELERATOR",
    "energy_mwh",
    "facility_power_mw",
    "h100_equivalents",
    "ownership_cost_usd",
    "rental_cost_usd",
    "rental_rate",
    "workload_default",
]

ArrayLike = npt.ArrayLike
FloatOrArray = float | npt.NDArray[np.float64]
_P = ParamSpec("_P")
_R = TypeVar("_R")

#: Catalog name of the part whose dense BF16 peak defines one H100-equivalent.
REFERENCE_ACCELERATOR = "h100-sxm"


@cache
def _defaults() -> dict[str, float]:
    return {str(r["name"]): float(r["value"]) for r in load_rows("workload_defaults")}


def workload_default(name: str) -> float:
    """A default of the workload layer from ``workload_defaults.csv``.

    Parameters
    ----------
    name : str
        Row name, e.g. ``"pue"`` or ``"usd_per_kwh"``.

    Returns
    -------
    float
        The value, in the unit the table's ``unit`` column states.

    Examples
    --------
    >>> workload_default("pue")
    1.2
    """
    table = _defaults()
    if name not in table:
        raise unknown_name("workload default", name, table)
    return table[name]


def overflow_is_input_error(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``func`` with float overflow raising, and report it as an :class:`InputError`.

    Finite but huge inputs (``--params 1e300``) would otherwise give ``inf`` results and a
    numpy warning; the user gets one line instead, naming the given number farthest
    from 1 in orders of magnitude, the likeliest cause (user test s50 #5: ``train
    --days 1e-300`` said "error: input: ..." with no flag).

    Parameters
    ----------
    func : callable
        A workload function (``train``, ``infer``).

    Returns
    -------
    callable
        ``func`` with the same signature, raising :class:`InputError` on overflow.

    Examples
    --------
    >>> try:
    ...     overflow_is_input_error(lambda days: np.float64(days) * 1e308)(days=1e10)
    ... except InputError as exc:
    ...     print(exc.problems[0].field, "|", exc.problems[0].message[:39])
    --days | the inputs are so large or small that a
    """
    signature = inspect.signature(func)

    @wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            try:
                return func(*args, **kwargs)
            except (FloatingPointError, OverflowError):
                given = signature.bind_partial(*args, **kwargs).arguments
                field, value, found = _culprit(func, given)
                verb = "makes it overflow" if found else "is the most extreme"
                which = f" ({field} {value!r} {verb})" if field != "input" else ""
                msg = (
                    "the inputs are so large or small that a result overflows the float "
                    f"range{which}; check the magnitudes and units of the numbers given"
                )
                raise InputError(msg, field=field) from None

    return wrapper


def _runs_clean(func: Callable[..., Any], given: Mapping[str, Any]) -> bool:
    """Whether ``func(**given)`` runs to a result without an overflow; another error
    (1 can be refused itself: a 1 ms latency target, one accelerator for a solved MFU)
    says nothing of the overflow and counts as not clean (review of s50: a ``tpot_ms``
    far from 1 was blamed because ``tpot_ms=1`` raised "out of reach")."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        try:
            func(**given)
        except Exception:  # the overflow, or another error: inconclusive either way
            return False
    return True


def _culprit(func: Callable[..., Any], given: Mapping[str, Any]) -> tuple[str, float, bool]:
    """The flag and value of the given number whose overflow it is, and whether that was
    found: of the numbers in order of :func:`_ranked` (farthest from 1 first), the first
    that, set to 1, lets ``func`` run to a result (:func:`_runs_clean`); else the
    farthest, not found (review of s50 #5: ``--days 1e-300 --price-usd 1e-320`` blamed
    the price, which enters no overflowing product); ``("input", nan, False)`` when no
    number was given."""
    ranked = _ranked(given)
    if not ranked:
        return "input", float("nan"), False
    for name, field, value in ranked:
        if _runs_clean(func, {**given, name: 1.0}):
            return field, value, True
    return ranked[0][1], ranked[0][2], False


def _ranked(given: Mapping[str, Any]) -> list[tuple[str, str, float]]:
    """The given numbers as (keyword, flag, the element farthest from 1), farthest from 1
    in orders of magnitude first."""
    flag_of = {k: f for f, k in KEYWORD_OF_FLAG.items()}
    out: list[tuple[float, str, str, float]] = []
    for name, v in given.items():
        if v is None or isinstance(v, (bool, str, PathLike)):
            continue
        try:
            arr = np.abs(np.asarray(v, dtype=float)).ravel()
        except (TypeError, ValueError):
            continue
        arr = arr[np.isfinite(arr) & (arr > 0)]
        if arr.size == 0:
            continue
        with np.errstate(divide="ignore"):
            far = np.abs(np.log10(arr))
        i = int(np.argmax(far))
        out.append(
            (float(far[i]), name, flag_of.get(name, "--" + name.replace("_", "-")), float(arr[i]))
        )
    out.sort(key=lambda t: -t[0])
    return [(name, field, value) for _, name, field, value in out]


#: Largest count written out in full digits in a table or note [-]; beyond it
#: e-notation, as numbers from 1e9 already are (``tigris.cli._output.fmt``). A display
#: width, not a bound: ``train --flops 1 --days 1e-300 --mfu 1`` printed a 283-digit
#: accelerator count (user test s48 #9). 10^12 prints as 17 characters with commas.
WIDE_COUNT = 1e12
#: Largest amount written out by :func:`tigris.fmt.money` in a table or note [USD];
#: beyond it e-notation. ``MAX_USD`` of the money options (ten times world GDP): a
#: PUE of 1e300 printed a ~300-digit dollar figure (user test s48 #9).
WIDE_USD = 1e15
#: Smallest non-zero amount written out [USD]; below it e-notation: ``--days 1e-300``
#: printed "$0.00000000000000000073" (user test s48 #9). A millionth of a dollar is
#: the smallest :func:`tigris.fmt.money`'s own examples write ($0.0000029).
TINY_USD = 1e-6
#: Significant digits of a count or amount in e-notation [-], as ``fmt`` gives (4).
WIDE_DIGITS = 4


def count_text(n: Any) -> str:
    """A count for a table cell or note: ``1,024``; ``1.300e+283`` from
    :data:`WIDE_COUNT` on; ``–`` when not finite.

    Parameters
    ----------
    n : float
        The count [-].

    Returns
    -------
    str

    References
    ----------
    Python documentation, "Format Specification Mini-Language" (the ``,`` grouping and
    ``e`` presentation types); :func:`tigris.cli._output.fmt` (e-notation from 1e9).

    Examples
    --------
    >>> count_text(1024.0), count_text(1.3e283), count_text(float("inf"))
    ('1,024', '1.300e+283', '–')
    """
    x = float(n)
    if not np.isfinite(x):
        return "–"
    if abs(x) < WIDE_COUNT:
        return f"{x:,.0f}"
    return f"{x:.{WIDE_DIGITS - 1}e}"


def money_text(usd: Any) -> str:
    """An amount for a table cell or note: :func:`tigris.fmt.money` (``$2.13M``,
    ``–`` for none); ``$7.068e+305`` from :data:`WIDE_USD` on and ``$7.300e-19``
    below :data:`TINY_USD`.

    Parameters
    ----------
    usd : float or None
        The amount [USD].

    Returns
    -------
    str

    References
    ----------
    Python documentation, "Format Specification Mini-Language" (the ``,`` grouping and
    ``e`` presentation types); :func:`tigris.cli._output.fmt` (e-notation from 1e9).

    Examples
    --------
    >>> money_text(2.134e6), money_text(7.068e305), money_text(-2e16), money_text(None)
    ('$2.13M', '$7.068e+305', '-$2.000e+16', '–')
    >>> money_text(7.3e-19), money_text(0.0)
    ('$7.300e-19', '$0')
    """
    from tigris.fmt import money

    if usd is None:
        return money(usd)
    x = float(usd)
    if np.isfinite(x) and (abs(x) >= WIDE_USD or 0.0 < abs(x) < TINY_USD):
        sign = "-" if x < 0 else ""
        return f"{sign}${abs(x):.{WIDE_DIGITS - 1}e}"
    return money(x)


#: Longest text quoted back in a "got the text '...'" message [characters].
_MAX_QUOTED_CHARS = 40


def _holds_boolean(arr: npt.NDArray[np.object_]) -> bool:
    """Whether any element of ``arr`` (a list or tuple as objects) is a boolean."""
    return any(isinstance(x, bool | np.bool_) for x in arr.flat)


def _number_problem(value: Any, arrays: bool) -> str:
    """What is wrong with ``value`` as a numeric keyword, or ``""`` when nothing is.

    The rule of :func:`python_api`: a number (``int``, ``float``, a numpy scalar or
    0-d array) passes; a boolean or a text does not (the scenario refuses both too),
    nor a list, tuple or array holding one (``[True, 0.4]`` would be read as
    ``[1.0, 0.4]``); a pandas object does not (its index would be lost); a numpy array,
    list or tuple of numbers passes only where ``arrays`` (``train`` broadcasts,
    ``infer`` sizes one service).
    """
    if isinstance(value, bool | np.bool_):
        return "expected a number, got a boolean"
    if isinstance(value, str | bytes):
        text = value if isinstance(value, str) else value.decode(errors="replace")
        if len(text) > _MAX_QUOTED_CHARS:
            text = text[:_MAX_QUOTED_CHARS] + "…"
        return f"expected a number, got the text '{text}'"
    if isinstance(value, int | float | np.integer | np.floating):
        return ""
    if type(value).__module__.split(".")[0] == "pandas":
        kind = type(value).__name__
        if arrays:
            return (
                f"expected a number or a numpy array, got a pandas {kind}: pass "
                ".to_numpy() (the results are arrays, without its index)"
            )
        return (
            f"expected a number, got a pandas {kind}: this function sizes one case; "
            "call it once per value (.to_numpy() gives them)"
        )
    if isinstance(value, np.ndarray | list | tuple):
        try:
            arr = np.asarray(value)
        except ValueError:
            return "expected numbers, got a ragged sequence"
        if arr.dtype.kind == "b" or (
            not isinstance(value, np.ndarray) and _holds_boolean(np.asarray(value, dtype=object))
        ):  # np.asarray([True, 0.4]) is float: the True would be read as 1.0
            return "expected a number, got a boolean"
        if arr.dtype.kind not in "iuf":
            return f"expected numbers, got an array of {arr.dtype}"
        if arr.ndim == 0:
            return ""
        if arrays and arr.size == 0:  # a result of no cases (mfu=[] failed on an argmax)
            kind = {list: "list", tuple: "tuple"}.get(type(value), "array")
            return f"expected a number or a non-empty array, got an empty {kind}"
        if not arrays:
            return (
                f"expected a number, got an array of {arr.size} values; "
                "this function sizes one case: call it once per value"
            )
        return ""
    return f"expected a number, got {type(value).__name__}"


def _whole_flags(keyword_of: Mapping[str, str]) -> dict[str, str]:
    """Keyword -> flag, for each flag of ``keyword_of`` whose CLI option takes a whole
    number (``whole`` in :data:`tigris.cli._args.OPTION_RANGES`: ``n_layers`` ->
    ``--layers``). Imported at the first call, not at import, so that loading the
    workload layer does not load the command line (the scenario's range checks do the
    same, ``tigris.scenario.schema._cli_range``).
    """
    from tigris.cli._args import OPTION_RANGES

    return {k: f for f, k in keyword_of.items() if f in OPTION_RANGES and OPTION_RANGES[f].whole}


def _whole_problem(value: Any, flag: str) -> str:
    """The CLI's message for a fractional ``value`` of the whole-number option ``flag``,
    or ``""`` when every element is whole (or not finite: the workload function's own
    checks name those).

    ``value`` has passed :func:`_number_problem`. The rule and its words are the CLI's
    (:func:`tigris.cli._args.check_options`); a scenario file refuses the same values in
    the same words (``tigris.scenario.schema._option``: brief CLI-ODDS #3).
    """
    arr = np.asarray(value, dtype=float)
    fractional = np.isfinite(arr) & (np.floor(arr) != arr)
    if not np.any(fractional):
        return ""
    from tigris.cli._args import check_options

    try:
        check_options({flag: float(arr[fractional].flat[0])})
    except InputError as exc:
        return exc.problems[0].message
    return ""  # pragma: no cover - a whole-number range refuses every fraction


#: Workload flags whose Python keyword is not the flag spelt with ``_`` for ``-``
#: (the CLI's shorter names: ``tigris.cli.workload``).
KEYWORD_OF_FLAG = {
    "--layers": "n_layers",
    "--kv-heads": "n_kv_heads",
    "--latency-ms": "latency_ms_per_token",
    "--usd-per-hour": "usd_per_accelerator_hour",
    "--accelerators": "accelerators_file",
}
_FLAG = re.compile(r"--[a-z][a-z0-9-]*")
#: Flags of no keyword said in words from Python (:data:`tigris.errors.ADD_WITH_DATA`).
_PYTHON_PHRASES = {"with --data FILE": "in a FILE given to tigris.overlay.data_overlay(FILE)"}


def _keyword_words(text: str, keyword_of: Mapping[str, str]) -> str:
    """``text`` with each flag of ``keyword_of`` as its keyword, and the CLI's phrases of
    no keyword in Python's words (:data:`_PYTHON_PHRASES`)."""
    for phrase, words in _PYTHON_PHRASES.items():
        text = text.replace(phrase, words)
    return _FLAG.sub(lambda m: keyword_of.get(m.group(0), m.group(0)), text)


def _keywords_for(exc: InputError, keyword_of: Mapping[str, str]) -> InputError:
    """``exc`` with each flag of ``keyword_of`` (in fields and messages) as its keyword."""
    problems = [
        dataclasses.replace(
            p,
            # each flag of a field naming two (``--count/--days``: user test s48 #11)
            field=_FLAG.sub(lambda m: keyword_of.get(m.group(0), m.group(0)), p.field),
            message=_keyword_words(p.message, keyword_of),
        )
        for p in exc.problems
    ]
    return InputError(problems)


def _notes_in_keywords(result: _R, keyword_of: Mapping[str, str]) -> _R:
    """``result`` with the flags of its ``notes`` as keywords ("pass --usd-per-hour to
    change it" is ``usd_per_accelerator_hour`` from Python: user test s46); a result
    without notes is returned as it is."""
    notes = getattr(result, "notes", None)
    if not dataclasses.is_dataclass(result) or not isinstance(notes, tuple):
        return result
    words = tuple(_keyword_words(n, keyword_of) for n in notes)
    return dataclasses.replace(result, notes=words)  # type: ignore[type-var]


def _shape_problem(kwargs: Mapping[str, Any], arrays: Mapping[str, bool]) -> Problem | None:
    """The first array keyword whose shape does not broadcast against the arrays before
    it (``flops`` of 2 values, ``days`` of 3), or ``None`` when they all broadcast.

    The values have passed :func:`_number_problem`; numpy's own error ("operands could
    not be broadcast together with shapes (2,) (3,)") named no keyword (user test s46).
    """
    seen: list[tuple[str, tuple[int, ...]]] = []
    for name, value in kwargs.items():
        if not arrays.get(name) or value is None:
            continue
        shape = np.shape(value)
        if not shape:
            continue
        # shapes that broadcast pair by pair broadcast together (each axis holds one
        # length besides 1), so the first refusing one is a pair's
        clash = next(((n, s) for n, s in seen if not _broadcasts(s, shape)), None)
        if clash is not None:
            first, its = clash
            if len(its) == len(shape) == 1:
                want, got = f"{its[0]} values, as {first} has", f"{shape[0]}"
            else:
                want, got = f"an array that broadcasts against {first}'s shape {its}", f"{shape}"
            msg = (
                f"expected a number or {want}, got {got} (arrays given together are "
                "taken case by case)"
            )
            return Problem(name, msg)
        seen.append((name, shape))
    return None


def _broadcasts(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether shapes ``a`` and ``b`` broadcast against each other."""
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


def python_api(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """A workload function as called from Python: inputs checked, errors in keywords.

    The layer names the CLI's flags in its errors (``--tokens-per-day``), which the
    command line prints as they are; from Python the caller wrote ``tokens_per_day``,
    so each flag of a keyword of ``func`` is renamed to it, in the field and in the
    message (``--latency-ms`` is ``latency_ms_per_token``, :data:`KEYWORD_OF_FLAG`).
    The CLI calls ``func.__wrapped__``, skipping both.

    The CLI's values are floats already (and ranged by :mod:`tigris.cli._args`); from
    Python a keyword can hold anything. One rule for :func:`~tigris.workload.train` and
    :func:`~tigris.workload.infer`: a number passes; a boolean ("expected a number, got
    a boolean") and a text ("got the text '0.4'") are refused, as the scenario refuses
    them; a pandas object is refused (pass ``.to_numpy()``); an array is broadcast
    where the keyword is annotated ``ArrayLike`` (``train``), refused where it is
    ``float`` or ``int`` (``infer``). A keyword whose CLI option takes a whole number
    (``--layers``, ``--seq-len``, ``--count``: ``whole`` in
    :data:`tigris.cli._args.OPTION_RANGES`) refuses a fraction with the CLI's words
    ("expected a whole number in [1, 2^53], got 0.5"), as the CLI checks before it
    calls ``func`` and the scenario refuses (``infer(n_layers=0.5)`` sized a fleet).
    Every bad keyword is listed at once, by name. An empty array is refused, and arrays
    that do not broadcast against each other (``flops`` of 2 values, ``days`` of 3) are
    refused naming both, not in numpy's words (user test s46). The result's ``notes``
    name keywords too ("pass usd_per_accelerator_hour to change it").

    Parameters
    ----------
    func : callable
        A workload function; its numeric keywords are those whose annotation names
        ``ArrayLike``, ``float`` or ``int``.

    Returns
    -------
    callable
        ``func`` with the same signature; ``func.__wrapped__`` is ``func``.

    Examples
    --------
    >>> def f(x: float | None = None, n_layers: ArrayLike | None = None) -> float:
    ...     if n_layers is not None and np.any(np.asarray(n_layers) < 0):
    ...         raise InputError("expected --layers > 0", field="--layers")
    ...     return 1.0
    >>> g = python_api(f)
    >>> g(x=True)
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: x: expected a number, got a boolean
    >>> g(x=2.0, n_layers=[1, 2])
    1.0
    >>> g(n_layers=-1)
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: n_layers: expected n_layers > 0
    >>> g(n_layers=[])
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: n_layers: expected a number or a non-empty array, got an empty list
    """
    kinds: dict[str, bool] = {}
    params = inspect.signature(func).parameters
    for name, param in params.items():
        note = str(param.annotation)
        if "ArrayLike" in note or "_SupportsArray" in note:  # as text, or evaluated
            kinds[name] = True
        elif re.search(r"\b(float|int)\b", note):
            kinds[name] = False
    keyword_of = {"--" + name.replace("_", "-"): name for name in params}
    keyword_of |= {f: k for f, k in KEYWORD_OF_FLAG.items() if k in params}
    whole_flags = cache(lambda: _whole_flags(keyword_of))

    @wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        problems = [
            Problem(name, message)
            for name, value in kwargs.items()
            if name in kinds
            and value is not None
            and (
                message := _number_problem(value, kinds[name])
                or (_whole_problem(value, flag) if (flag := whole_flags().get(name)) else "")
            )
        ]
        if not problems and (shape := _shape_problem(kwargs, kinds)):
            problems = [shape]
        if problems:
            raise InputError(problems)
        try:
            result = func(*args, **kwargs)
        except InputError as exc:
            raise _keywords_for(exc, keyword_of) from None
        return _notes_in_keywords(result, keyword_of)

    return wrapper


def as_float(x: ArrayLike) -> FloatOrArray:
    """``x`` as a Python float if it is a scalar, else a float ndarray.

    Parameters
    ----------
    x : float or array
        A number or array of numbers [any unit].

    Returns
    -------
    float or numpy.ndarray
        The same values as float [same unit].

    Examples
    --------
    >>> as_float(3), as_float([1, 2]).dtype
    (3.0, dtype('float64'))
    """
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def check_positive(
    value: ArrayLike | None,
    field: str,
    *,
    allow_zero: bool = False,
    at_most: float | None = None,
    at_least: float | None = None,
    whole: bool = False,
) -> None:
    """Raise :class:`InputError` unless every element of ``value`` is finite and > 0.

    Parameters
    ----------
    value : float, array or None
        The value to check; ``None`` passes (means "not given").
    field : str
        Flag or field named in the message (``--count``).
    allow_zero : bool, optional
        Accept 0 as well.
    at_most : float, optional
        Upper bound (inclusive), e.g. 1 for a fraction [unit of ``value``].
    at_least : float, optional
        Lower bound (inclusive) replacing ``> 0``, e.g. 1 for a PUE [unit of ``value``].
    whole : bool, optional
        Also require whole numbers, e.g. for an accelerator count.

    Raises
    ------
    InputError
        Naming ``field``, the first bad element and what was expected.

    Examples
    --------
    >>> check_positive(0.5, "--count", whole=True)
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --count: expected a whole number > 0, got 0.5
    """
    if value is None:
        return
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        msg = f"expected a number, got {value!r}"
        raise InputError(msg, field=field) from None
    if at_least is not None:
        ok = np.isfinite(arr) & (arr >= at_least)
    else:
        ok = np.isfinite(arr) & ((arr >= 0) if allow_zero else (arr > 0))
    if at_most is not None:
        ok &= arr <= at_most
    if whole:
        ok &= np.isfinite(arr) & (np.floor(arr) == arr)
    if not np.all(ok):
        bad = arr[~ok].flat[0] if arr.ndim else float(arr)
        lower = ">= 0" if allow_zero else "> 0"
        if at_least is not None:
            lower = f">= {at_least:g}"
        # no upper bound: say "finite", which inf and nan are not (user test S45 #4)
        kind = (
            "a whole number" if whole else "a number" if at_most is not None else "a finite number"
        )
        want = f"{kind} {lower}" + (f" and <= {at_most:g}" if at_most is not None else "")
        msg = f"expected {want}, got {bad:g}"
        raise InputError(msg, field=field)


def resolve_accelerator(
    accelerator: str | Accelerator | None, accelerators_file: str | Path | None
) -> Accelerator:
    """Catalog lookup for the ``--accelerator`` flag (default: the reference H100).

    Parameters
    ----------
    accelerator : str, Accelerator or None
        Catalog name or alias, or a part; ``None`` for :data:`REFERENCE_ACCELERATOR`.
    accelerators_file : str or Path, optional
        YAML file of custom accelerators.

    Returns
    -------
    Accelerator

    Raises
    ------
    InputError
        ``accelerator`` not a name or part, or unknown (field ``--accelerator``);
        ``accelerators_file`` not a path (field ``--accelerators``).

    Examples
    --------
    >>> resolve_accelerator(None, None).name == REFERENCE_ACCELERATOR
    True
    """
    if accelerators_file is not None and not isinstance(accelerators_file, str | PathLike):
        raise not_a_name(accelerators_file, "a path to a YAML file", "--accelerators")
    name = REFERENCE_ACCELERATOR if accelerator is None else accelerator
    return get_accelerator(name, accelerators_file, field="--accelerator")


def system_power(acc: Accelerator, power_w: float | None) -> float:
    """Server share of power per accelerator [W]: ``--power-w`` or the catalog's.

    Parameters
    ----------
    acc : Accelerator
        The part; its ``system_power_w`` is the default.
    power_w : float, optional
        Override from the user [W].

    Returns
    -------
    float
        Power per accelerator, server share, before PUE [W].

    References
    ----------
    NVIDIA DGX H100 datasheet: 10.2 kW for 8 GPUs, i.e. 1,275 W per H100 (the catalog's
    ``system_power_w`` column gives the source for each part).

    Examples
    --------
    >>> system_power(resolve_accelerator("h100", None), None) == 10_200 / 8
    True
    """
    if power_w is not None:
        check_positive(power_w, "--power-w")
        return float(power_w)
    if acc.system_power_w is None:
        msg = (
            f"{acc.name} has no system power per accelerator in the catalog; "
            "pass --power-w [W per accelerator, server share]"
        )
        raise InputError(msg, field="--power-w")
    return float(acc.system_power_w)


def h100_equivalents(
    accelerator: str | Accelerator,
    precision: str = "bf16",
    accelerators_file: str | Path | None = None,
) -> float:
    """Dense peak of ``accelerator`` at ``precision`` in H100 SXM dense-BF16 units.

    ``h100e = peak(accelerator, precision) / peak(H100 SXM, bf16)``; the H100 value is
    read from the catalog (``docs/nomenclature.md``, ``h100e``).

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog name or alias, or a part.
    precision : {"bf16", "fp8"}, optional
        Precision whose dense peak is compared [-].
    accelerators_file : str or Path, optional
        YAML file of custom accelerators.

    Returns
    -------
    float
        H100-equivalents per accelerator [-].

    References
    ----------
    ``docs/nomenclature.md`` (``h100e``); NVIDIA H100 datasheet (dense BF16
    989.4 TFLOP/s); each part's peak from the source in ``accelerators.csv``.

    Examples
    --------
    B200 against H100 from the datasheets' dense BF16 peaks (2,250 and 989.4 TFLOP/s),
    and the H100 in FP8 (1,978.9 TFLOP/s, twice its BF16 rate):

    >>> h100_equivalents("h100")
    1.0
    >>> round(h100_equivalents("b200") / (2250 / 989.4), 9)
    1.0
    >>> round(h100_equivalents("h100", "fp8") / (1978.9 / 989.4), 9)
    1.0
    """
    acc = get_accelerator(accelerator, accelerators_file, field="accelerator")
    ref = get_accelerator(REFERENCE_ACCELERATOR)
    return acc.peak_flop_per_s(precision) / ref.peak_flop_per_s("bf16")


def facility_power_mw(count: ArrayLike, system_power_w: ArrayLike, pue: ArrayLike) -> FloatOrArray:
    """Facility power drawn by ``count`` accelerators.

    ``P = n * P_sys * PUE`` where ``P_sys`` is the accelerator's share of its server
    (NVIDIA DGX H100 datasheet: 10.2 kW per 8 GPUs) and PUE the facility overhead.

    Parameters
    ----------
    count : float or array
        Accelerators [-].
    system_power_w : float or array
        Server power per accelerator, before PUE [W].
    pue : float or array
        Power usage effectiveness [-].

    Returns
    -------
    float or ndarray
        Facility power [MW].

    References
    ----------
    Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training",
    arXiv 2104.10350, Sec. 2 (processors x average power x PUE).

    Examples
    --------
    Llama 3's 16,384 H100 at the DGX H100 share of 10.2 kW / 8 = 1,275 W, PUE 1.2:

    >>> facility_power_mw(16384, 1275.0, 1.2) == 16384 * 1275.0 * 1.2 / W_PER_MW
    True
    """
    n, p, q = (np.asarray(a, dtype=float) for a in (count, system_power_w, pue))
    return as_float(n * p * q / W_PER_MW)


def energy_mwh(
    count: ArrayLike, system_power_w: ArrayLike, days: ArrayLike, pue: ArrayLike
) -> FloatOrArray:
    """Facility energy of ``count`` accelerators running for ``days``.

    ``E = n * P_sys * PUE * T`` (wall-clock time: a stalled accelerator still draws).

    Parameters
    ----------
    count : float or array
        Accelerators [-].
    system_power_w : float or array
        Server power per accelerator, before PUE [W].
    days : float or array
        Wall-clock duration [day].
    pue : float or array
        Power usage effectiveness [-].

    Returns
    -------
    float or ndarray
        Energy [MWh].

    References
    ----------
    Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training",
    arXiv 2104.10350, Sec. 2: MWh = hours x processors x average power x PUE.

    Examples
    --------
    PaLM 540B (App. B): 8,404,992 TPU v4 chip-hours at 378.5 W and PUE 1.08:

    >>> e = energy_mwh(8_404_992 / 24, 378.5, 1.0, 1.08)
    >>> round(e / (8_404_992 * 378.5 * 1.08 / W_PER_MW), 9)  # chip-hours x W x PUE
    1.0
    """
    mw = facility_power_mw(count, system_power_w, pue)
    return as_float(np.asarray(mw) * np.asarray(days, dtype=float) * HOURS_PER_DAY)


def rental_cost_usd(
    accelerator_hours: ArrayLike, usd_per_accelerator_hour: ArrayLike
) -> FloatOrArray:
    """Rental cost: accelerator-hours times the hourly price.

    Parameters
    ----------
    accelerator_hours : float or array
        Wall-clock accelerator-hours [h].
    usd_per_accelerator_hour : float or array
        Rental price of one accelerator for one hour [USD/h].

    Returns
    -------
    float or ndarray
        Cost [USD].

    References
    ----------
    DeepSeek-AI 2024, "DeepSeek-V3 Technical Report", arXiv 2412.19437, Table 1
    (2.788M H800-hours x $2 = $5.576M).

    Examples
    --------
    >>> rental_cost_usd(2.788e6, 2.0)
    5576000.0
    """
    h, p = (np.asarray(a, dtype=float) for a in (accelerator_hours, usd_per_accelerator_hour))
    return as_float(h * p)


#: Series of ``data/prices.csv`` that holds rental prices by part [USD per accelerator-hour].
RENTAL_SERIES = "rental"


@data_cache  # one lookup per data overlay in force (the tables it reads may differ)
def _rental_points() -> dict[str, tuple[str, int, float, str]]:
    """Catalog name -> (item as spelt, year, USD per hour, source) of the latest
    ``rental`` row of ``data/prices.csv`` for that part.

    An item names a part of the shipped catalog (``H100``: an alias of ``h100-sxm``),
    resolved with no overlay in force: a ``--data`` row replacing ``h100-sxm`` need not
    repeat its aliases (the overlay does not copy them), and the finance layer reads
    the same rows by the item's name alone, not through the catalog.
    """
    out: dict[str, tuple[str, int, float, str]] = {}
    for row in load_rows("prices"):
        if str(row["series"]).strip() != RENTAL_SERIES:
            continue
        item = str(row["item"]).strip()
        with using_overlay(None):
            name = get_accelerator(item).name
        year = int(float(row["year"]))
        if name not in out or year > out[name][1]:
            out[name] = (item, year, float(row["value"]), str(row["source"]).strip())
    return out


def rental_rate(acc: Accelerator, given: Any) -> tuple[Any, str, str]:
    """Rental price of ``acc`` [USD per accelerator-hour] and where it comes from.

    ``given`` when not ``None``; else the part's latest ``rental`` row of
    ``data/prices.csv`` (the table the plan prices an H100e's rent from); else, for a
    user part ``based_on`` a part with such a row, that part's rent (copied as its
    other fields are, and the note says so: a copy of an H100 rents as an H100, not at
    the generic default; user test UT-CHIP 2026-12-04); else the
    ``usd_per_accelerator_hour`` default of ``workload_defaults.csv`` (DeepSeek-V3's
    assumed $2 per H800-hour), for parts the table has no rent for.

    Parameters
    ----------
    acc : Accelerator
        The part rented.
    given : float, array or None
        The user's price [USD/h], or ``None``.

    Returns
    -------
    rate : float or array
        [USD per accelerator-hour].
    basis : str
        ``"given"``, ``"prices.csv"`` (the part's rent) or ``"default"``.
    note : str
        One sentence for the output: the price, and its year and source, or why the
        default applies ('' when given).

    References
    ----------
    ``data/prices.csv`` series ``rental`` (H100: E. Cheah, Latent Space, 2024;
    SemiAnalysis GPU rental price index, 2025-2026); ``workload_defaults.csv``
    ``usd_per_accelerator_hour`` (DeepSeek-AI 2024, arXiv 2412.19437).

    Examples
    --------
    >>> rental_rate(get_accelerator("h100"), None)[0]
    2.35
    >>> rental_rate(get_accelerator("h800"), None)[0] == workload_default(
    ...     "usd_per_accelerator_hour")
    True
    """
    if given is not None:
        return given, "given", ""
    points = _rental_points()
    point = points.get(acc.name)
    base = acc.based_on
    if point is None and base is not None and base in points:
        item, year, rate, source = points[base]
        short = source.split(":")[0]
        note = (
            f"rental at ${rate:g}/h is the {item}'s {year} rent in data/prices.csv "
            f"({short}): {acc.name} is based_on {base} and has no rent of its own; "
            "pass --usd-per-hour to change it"
        )
        return rate, "prices.csv", note
    if point is not None:
        item, year, rate, source = point
        short = source.split(":")[0]
        note = (
            f"rental at ${rate:g}/h is the {item}'s {year} rent in data/prices.csv "
            f"({short}); pass --usd-per-hour to change it"
        )
        return rate, "prices.csv", note
    rate = workload_default("usd_per_accelerator_hour")
    known = ", ".join(
        f"{item} ${r:g}/h in {y}" for item, y, r, _ in sorted(_rental_points().values())
    )
    note = (
        f"rental at ${rate:g}/h is the default (DeepSeek-V3's assumed price of an "
        f"H800-hour, workload_defaults.csv): data/prices.csv has no rent for {acc.name} "
        f"(it has {known}); pass --usd-per-hour to change it"
    )
    return rate, "default", note


def ownership_cost_usd(
    count: ArrayLike,
    days: ArrayLike,
    price_usd: ArrayLike,
    lifetime_years: ArrayLike,
    energy_mwh: ArrayLike,
    usd_per_kwh: ArrayLike,
) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
    """Cost of owning the accelerators for the run: amortised price plus energy.

    ``capex = n * price * T / (lifetime * 365.25)`` (straight line over the useful life)
    and ``energy = E * price_per_kwh``.

    Parameters
    ----------
    count : float or array
        Accelerators [-].
    days : float or array
        Wall-clock duration [day].
    price_usd : float or array
        Purchase price of one accelerator [USD].
    lifetime_years : float or array
        Useful life over which the price is amortised [year].
    energy_mwh : float or array
        Facility energy of the run [MWh].
    usd_per_kwh : float or array
        Electricity price [USD/kWh].

    Returns
    -------
    capex_usd, energy_usd, total_usd : float or ndarray
        Amortised hardware, electricity and their sum [USD].

    References
    ----------
    Cottier et al. 2024, "The rising costs of training frontier AI models",
    arXiv 2405.21015, Sec. 2 (amortised hardware capex plus energy).

    Examples
    --------
    1,000 accelerators of $25,000 for a quarter of their 4-year life, 1,000 MWh at
    $0.08/kWh: $6.25M + $80k.

    >>> ownership_cost_usd(1000, 365.25, 25_000.0, 4.0, 1000.0, 0.08)
    (6250000.0, 80000.0, 6330000.0)
    """
    n, t, p, life, e, c = (
        np.asarray(a, dtype=float)
        for a in (count, days, price_usd, lifetime_years, energy_mwh, usd_per_kwh)
    )
    capex = n * p * t / (life * DAYS_PER_YEAR)
    energy = e * KWH_PER_MWH * c
    return as_float(capex), as_float(energy), as_float(capex + energy)


def pick(value: Any, default_name: str) -> Any:
    """``value`` if given, else the named workload default.

    Parameters
    ----------
    value : any
        The user's value, or ``None`` [unit of the default].
    default_name : str
        Row of ``workload_defaults.csv`` used when ``value`` is ``None``.

    Returns
    -------
    any
        ``value``, or the default in the table's unit.

    Examples
    --------
    >>> pick(None, "pue") == workload_default("pue"), pick(1.5, "pue")
    (True, 1.5)
    """
    return workload_default(default_name) if value is None else value


def pue_note(pue: ArrayLike) -> str:
    """A note when a PUE lies above every published industry average, else ``""``.

    The arithmetic stays valid (facility power is IT power x PUE), so this is a note,
    not an error: a facility can be worse than an average, but a reader should know
    the value is outside what surveys report.

    Parameters
    ----------
    pue : float or array
        Power usage effectiveness, facility / IT power [-].

    Returns
    -------
    str
        The note, or ``""`` when every value is at most ``pue_published_max``.

    References
    ----------
    ``pue_published_max`` of ``workload_defaults.csv``: Uptime Institute's early
    average of about 2.5 (Data Center Knowledge, 2011-05-10); its 2023 survey average
    is 1.58 (Uptime Intelligence Update 221, 2023-11-23).

    Examples
    --------
    >>> pue_note(1.2)
    ''
    >>> pue_note(50.0).startswith("PUE 50 is above")
    True
    """
    worst = float(np.max(np.asarray(pue, dtype=float)))
    top = workload_default("pue_published_max")
    if worst <= top:
        return ""
    return (
        f"PUE {worst:g} is above the highest published industry average ({top:g}, "
        "Uptime Institute's early surveys; 1.58 in 2023; workload_defaults.csv "
        "pue_published_max): the facility power and energy assume a data centre worse "
        "than any surveyed average"
    )


def usd_per_kwh_note(usd_per_kwh: ArrayLike) -> str:
    """A note when an electricity price is most likely in the wrong unit, else ``""``.

    ``--usd-per-kwh 80.6`` (a price in USD/MWh, the unit of ``data/grid.csv`` and of
    utility tariffs) gave an energy cost 1,000 times too large without a word, where
    ``tigris plan`` warns of the same slip in a site's ``electricity_usd_per_kwh``
    (:func:`tigris.scenario.checks_energy.site_price_unit_slips`). The bound is the
    plan's: above the dearest shipped site price over ``price_unit_slip_ratio``, or
    above 0 and below the cheapest times it. Legal (the arithmetic holds), so a note.

    Parameters
    ----------
    usd_per_kwh : float or array
        Electricity price [USD/kWh].

    Returns
    -------
    str
        The note, or ``""`` when every price is 0 or within the bounds.

    References
    ----------
    ``data/sites.csv`` ``electricity_usd_per_kwh`` (the shipped site prices) and
    ``data/energy_parameters.csv`` ``price_unit_slip_ratio`` (a tigris choice: a factor
    of ten either way for a real price outside the shipped range).

    Examples
    --------
    >>> usd_per_kwh_note(0.0806)
    ''
    >>> usd_per_kwh_note(80.6).startswith("electricity price 80.6 USD/kWh is above")
    True
    """
    from tigris.energy.bounds import PRICE_SLIP_RATIO

    with using_overlay(None):
        shipped = [float(r["electricity_usd_per_kwh"]) for r in load_rows("sites")]
    lo, hi = min(shipped), max(shipped)
    price = np.asarray(usd_per_kwh, dtype=float)
    dearest = float(np.max(price))
    positive = price[price > 0]
    cheapest = float(np.min(positive)) if positive.size else 0.0
    if dearest > hi / PRICE_SLIP_RATIO:
        return (
            f"electricity price {dearest:g} USD/kWh is above {1 / PRICE_SLIP_RATIO:,.0f}x "
            f"the dearest shipped site price ({hi:g} USD/kWh, data/sites.csv): most likely "
            f"USD/MWh, 1,000x too large ({dearest:g} USD/MWh is --usd-per-kwh "
            f"{dearest / KWH_PER_MWH:g})"
        )
    if 0 < cheapest < PRICE_SLIP_RATIO * lo:
        return (
            f"electricity price {cheapest:g} USD/kWh is below 1/{1 / PRICE_SLIP_RATIO:,.0f} "
            f"of the cheapest shipped site price ({lo:g} USD/kWh, data/sites.csv): most "
            "likely another unit"
        )
    return ""

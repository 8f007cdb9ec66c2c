"""Ranges of the CLI's numeric options, checked before any model runs.

Every numeric flag of every verb has a documented range here (:data:`OPTION_RANGES`).
A value outside it is one :class:`~tigris.errors.InputError` naming the flag, so a
hostile number (``nan``, ``inf``, ``1e400``, ``2**63``, a fractional layer count)
never reaches numpy or pandas, where it would overflow, allocate without bound or
be silently rounded.

The bounds are of three kinds:

- the world's: a fraction lies in (0, 1]; a count of layers, heads or units is a
  whole number; a power usage effectiveness is at least 1;
- the machine's: a whole number is at most :data:`MAX_WHOLE` (2**53, the largest
  integer a float64 holds exactly), a year table is at most :data:`MAX_TABLE_YEARS`
  rows long, a calendar year lies in [:data:`MIN_YEAR`, :data:`MAX_YEAR`];
- otherwise a finite positive number (``> 0``, or ``>= 0`` where zero means
  something, such as a defect density of 0).

>>> check_options({"--mfu": 0.4, "--layers": 126, "--seed": 0})
>>> check_options({"--layers": 1.5})
Traceback (most recent call last):
...
tigris.errors.InputError: --layers: expected a whole number in [1, 2^53], got 1.5
>>> check_params({"systematic_yield": 0.0, "json_": True})
Traceback (most recent call last):
...
tigris.errors.InputError: --systematic-yield: expected a number in (0, 1], got 0
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tigris.errors import InputError, Problem

__all__ = [
    "MAX_QUANTITY",
    "MAX_TABLE_YEARS",
    "MAX_USD",
    "MAX_WHOLE",
    "MAX_YEAR",
    "MIN_YEAR",
    "OPTION_RANGES",
    "Range",
    "check_options",
    "check_params",
    "check_plot_path",
    "fraction_hint",
    "grouped_number_hint",
    "number_hint",
    "option_number_message",
    "percent_like",
]

#: Largest whole number accepted for a count or dimension: 2**53, the largest integer
#: a float64 represents exactly (IEEE 754 binary64 has a 53-bit significand).
MAX_WHOLE = 2**53
#: Earliest calendar year accepted for a fab's groundbreaking [year]: before the
#: planar integrated circuit (1959) there were no wafer fabs to model.
MIN_YEAR = 1950
#: Latest calendar year accepted [year]: tigris plans decades ahead, not centuries;
#: a larger year is a typo, and an unbounded one overflows pandas' int64 years.
MAX_YEAR = 2200
#: Longest year table ``tigris fab --years`` prints [years]: ten times the 10-year
#: ``fab_life_years`` of ``fab_parameters.csv`` (longer tables are all zeros), and
#: small enough that the table is built in milliseconds, not minutes.
MAX_TABLE_YEARS = 100
#: Random seeds accepted by ``--seed``: numpy's ``SeedSequence`` takes any integer
#: >= 0; 2**64 - 1 keeps it to one 64-bit word.
MAX_SEED = 2**64 - 1
#: Highest TCP port (a 16-bit field, RFC 793); 0 asks the system for a free one.
MAX_PORT = 65535
#: Most request threads ``tigris serve --threads`` starts: each is a thread stack and
#: a share of the GIL; past ~1000 a threaded server thrashes rather than serves.
MAX_THREADS = 1024
#: A power usage effectiveness is facility power over IT power, so at least 1 [-].
MIN_PUE = 1.0
#: Cluster IT power over server power (network, storage, management on top) [-].
MIN_IT_OVERHEAD = 1.0
#: Largest quantity a flag or a scenario accepts (wafer starts per month, H100e a year,
#: stacks a month, scanners, MW): ~10^7 times today's (the reference's 2030 demand is
#: ~10^8 H100e a year). One definition for the flags, the scenario
#: (:mod:`tigris.scenario.schema` imports it) and the plan's overlay fields
#: (:data:`tigris.overlay.MAX_CELL`); kept here so a verb's start-up does not import
#: pydantic. A validation bound, not data: HiGHS reads 1e20 as infinite, 1e300 of
#: demand crashed the model build, and ``tigris fab --wspm 1e300`` printed 300-digit capex.
MAX_QUANTITY = 1e15
#: Largest amount of money [USD]: ten times world GDP (~US$105 trillion in 2023, IMF
#: World Economic Outlook, Oct 2023). A validation bound, as :data:`MAX_QUANTITY`.
MAX_USD = 1e15
#: Longest rendering of a bad value quoted in an error message [characters].
_MAX_SHOWN_CHARS = 40
#: The largest finite float, as messages say it.
_LARGEST_FLOAT = "about 1.8e308"


@dataclass(frozen=True)
class Range:
    """The values a numeric option accepts.

    Parameters
    ----------
    lo, hi : float
        Bounds; ``hi`` may be ``math.inf`` (any finite number).
    lo_open, hi_open : bool
        Whether ``lo`` / ``hi`` themselves are excluded.
    whole : bool
        Whether the value must be a whole number.
    """

    lo: float
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    whole: bool = False
    #: What the bounds alone do not say, in parentheses after them (``0 only with
    #: --disruption``).
    note: str = ""

    def accepts(self, value: float) -> bool:
        """Whether ``value`` is finite, inside the bounds and whole if required."""
        if self.whole and isinstance(value, int) and not isinstance(value, bool):
            # exactly: as a float 2^64-1 rounds up to 2^64, above its own bound
            above = value > self.lo if self.lo_open else value >= self.lo
            below = value < self.hi if self.hi_open else value <= self.hi
            return above and below
        try:
            x = float(value)
        except OverflowError:  # an int beyond float range
            return False
        if not math.isfinite(x):
            return False
        above = x > self.lo if self.lo_open else x >= self.lo
        below = x < self.hi if self.hi_open else x <= self.hi
        return above and below and (not self.whole or x == math.floor(x))

    def is_fraction(self) -> bool:
        """Whether the range is a share: from 0 to 1 (either end open or closed)."""
        return self.lo == 0 and self.hi == 1 and not self.whole

    def describe(self) -> str:
        """``"a whole number in [1, 2^53]"``, ``"a finite number > 0"``, ``"a number in
        (0, 1]"``.

        A range open above says "finite": ``--params inf`` was told "expected a number
        > 0", which inf is (user test S45 #4); a whole number or a closed range says it
        already.
        """
        kind = "a whole number" if self.whole else "a number"
        lo = _show(self.lo)
        note = f" ({self.note})" if self.note else ""
        if math.isinf(self.hi):
            kind = kind if self.whole else "a finite number"
            return f"{kind} {'>' if self.lo_open else '>='} {lo}{note}"
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        return f"{kind} in {left}{lo}, {_show(self.hi)}{right}{note}"


def _show(x: float) -> str:
    if x == MAX_WHOLE:
        return "2^53"
    if x == MAX_SEED:
        return "2^64-1"
    return f"{x:g}" if isinstance(x, float) else str(x)


#: Any finite number > 0 (a quantity with no natural upper bound).
POSITIVE = Range(0.0, lo_open=True)
#: Any finite number >= 0 (zero means something: no defects, free power).
NON_NEGATIVE = Range(0.0)
#: A share of something, in (0, 1] [-].
FRACTION = Range(0.0, 1.0, lo_open=True)
#: A whole count >= 1 (layers, heads, units).
COUNT = Range(1, MAX_WHOLE, whole=True)

#: When ``--stochastic 0`` is allowed: the disruptions' futures alone (docs/risk.md).
STOCHASTIC_ZERO = "0 only with --disruption: its futures alone"

#: The range of every numeric option, by flag (the same flag means the same quantity
#: in every verb).
OPTION_RANGES: dict[str, Range] = {
    # workload: train and infer
    "--params": POSITIVE,
    "--active-params": POSITIVE,
    "--tokens": POSITIVE,
    "--flops": POSITIVE,
    "--layers": COUNT,
    "--seq-len": COUNT,
    "--d-model": COUNT,
    "--kv-heads": COUNT,
    "--head-dim": COUNT,
    "--count": COUNT,
    "--days": POSITIVE,
    "--mfu": FRACTION,
    "--goodput": FRACTION,
    "--prefill-mfu": FRACTION,
    "--decode-mfu": FRACTION,
    "--mbu": FRACTION,
    "--memory-fraction": FRACTION,
    "--pue": Range(MIN_PUE),
    "--it-overhead": Range(MIN_IT_OVERHEAD),
    "--load-factor": FRACTION,
    "--usd-per-kwh": NON_NEGATIVE,
    "--usd-per-hour": NON_NEGATIVE,
    "--lifetime-years": POSITIVE,
    "--power-w": POSITIVE,
    "--price-usd": NON_NEGATIVE,
    "--tokens-per-day": POSITIVE,
    "--prompt-tokens": NON_NEGATIVE,
    "--output-tokens": POSITIVE,
    "--bytes-per-param": POSITIVE,
    "--latency-ms": POSITIVE,
    "--kv-bytes-per-token": NON_NEGATIVE,
    "--tpot-ms": POSITIVE,
    "--ttft-ms": POSITIVE,
    "--prefix-cache-hit": Range(0.0, 1.0),
    "--batch-size": COUNT,
    "--replica-size": COUNT,
    "--attn-dim": COUNT,
    "--moe-layers": COUNT,
    "--experts-per-token": COUNT,
    "--interconnect-gb-per-s": POSITIVE,
    "--all-to-all-efficiency": FRACTION,
    "--all-reduce-efficiency": FRACTION,
    "--all-reduce-latency-us": NON_NEGATIVE,
    "--micro-batches": COUNT,
    "--prefill-batch-tokens": COUNT,
    "--node-size": COUNT,
    "--scale-out-gb-per-s": POSITIVE,
    "--scale-out-efficiency": FRACTION,
    "--expert-params": POSITIVE,
    "--routed-experts": COUNT,
    "--all-to-all-latency-us": NON_NEGATIVE,
    # silicon: die and chip
    "--width": POSITIVE,
    "--height": POSITIVE,
    "--area": POSITIVE,
    # at most the largest quantity: --d0 1e308 overflowed the harvested yield to NaN
    # and printed null costs with exit 0 (user test 2026-12-07 #3)
    "--d0": Range(0.0, MAX_QUANTITY),
    "--edge-mm": NON_NEGATIVE,
    "--scribe-mm": NON_NEGATIVE,
    "--wafer-mm": POSITIVE,
    "--critical-layers": POSITIVE,  # a process-complexity factor: 13.5 by default (H&P)
    "--alpha": POSITIVE,
    "--systematic-yield": FRACTION,
    "--units": COUNT,
    "--spares": Range(0, MAX_WHOLE, whole=True),
    "--unit-fraction": FRACTION,
    "--seed": Range(0, MAX_SEED, whole=True),
    # sweep (the upper bound on --samples is tigris.runs.sweep.MAX_MEMBERS, checked there)
    "--samples": Range(1, whole=True),
    "--workers": Range(0, whole=True),
    # risk (upper bounds: tigris.risk.api checks them against the sweep's MAX_MEMBERS)
    "--sobol-n": Range(2, whole=True),
    "--stochastic": Range(0, whole=True, note=STOCHASTIC_ZERO),
    "--months": NON_NEGATIVE,
    # fab
    # a fab starts whole wafers: below one a month, 0.5 printed "0 wspm" and a cost per
    # wafer of millions, 1e-300 one of 300 digits (user test 2026-12-07 #4)
    "--wspm": Range(1.0, MAX_QUANTITY),
    "--budget-usd": Range(0.0, MAX_USD, lo_open=True),
    "--campus-wspm": Range(1.0, MAX_QUANTITY),
    "--years": Range(1, MAX_TABLE_YEARS, whole=True),
    "--start-year": Range(MIN_YEAR, MAX_YEAR, whole=True),
    "--year": Range(MIN_YEAR, MAX_YEAR, whole=True),
    "--first-stage-through": Range(MIN_YEAR, MAX_YEAR, whole=True),
    # a calendar year; which years have a price index is checked by tigris.fab.dollars
    "--dollars-of": Range(MIN_YEAR, MAX_YEAR, whole=True),
    # plan
    "--time-limit": POSITIVE,
    "--mip-gap": Range(0.0, 1.0, hi_open=True),
    "--min-served-share": Range(0.0, 1.0),  # of the horizon's demand; 0 = no minimum
    # serve (--workers above: serve needs at least 1, checked there)
    "--port": Range(0, MAX_PORT, whole=True),
    "--threads": Range(1, MAX_THREADS, whole=True),
}


def check_options(values: Mapping[str, float | int | None]) -> None:
    """Raise one :class:`InputError` listing every option outside its range.

    Parameters
    ----------
    values : mapping of str to number or None
        Flag (``"--layers"``) to the value given; ``None`` (not given) passes.

    Raises
    ------
    InputError
        One problem per bad option: ``--flag: expected <range>, got <value>``.
    KeyError
        A flag with no entry in :data:`OPTION_RANGES` (a bug: every numeric option
        must have a documented range).
    """
    problems = []
    for flag, value in values.items():
        rng = OPTION_RANGES[flag]
        if value is None or rng.accepts(value):
            continue
        text = str(value) if isinstance(value, int) else f"{value:g}"
        if len(text) > _MAX_SHOWN_CHARS:
            text = text[: _MAX_SHOWN_CHARS // 2] + "…"
        if isinstance(value, float) and math.isinf(value):  # 1e400 is read as inf
            text += f" (infinite, or written beyond the largest number, {_LARGEST_FLOAT})"
        hint = fraction_hint(value) if rng.is_fraction() and percent_like(flag) else ""
        hint = f"; {hint}" if hint else ""
        problems.append(Problem(flag, f"expected {rng.describe()}, got {text}{hint}"))
    if problems:
        raise InputError(problems)


def check_params(params: Mapping[str, object]) -> None:
    """:func:`check_options` on a verb's parameters, by Python name.

    A verb calls ``check_params(locals())`` first thing: ``seq_len`` is checked as
    ``--seq-len``; parameters that are not numeric options (paths, names, flags) are
    skipped.

    Parameters
    ----------
    params : mapping of str to object
        The verb function's parameters.
    """
    values = {}
    for name, value in params.items():
        flag = "--" + name.rstrip("_").replace("_", "-")
        if flag in OPTION_RANGES and not isinstance(value, bool):
            values[flag] = value
    check_options(values)  # type: ignore[arg-type]


def check_plot_path(target: str | Path, field: str = "--plot") -> None:
    """Refuse a figure path whose folder does not exist, before any work is done.

    A figure is one file beside others the user chose; a mistyped folder
    (``/nonexistent/dir/w.png``) is a typo, not a request to create folders, so nothing
    is created (``--out`` and ``--png`` create theirs: they name where a run's files go;
    ``--report`` and ``--html`` name one file and refuse a missing folder too).

    >>> check_plot_path("/nonexistent/w.png")
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --plot: cannot write /nonexistent/w.png: folder '/nonexistent' ...
    """
    from tigris.fsio import check_output, require_parent

    require_parent(target, field)
    check_output(target, field, directory=False)


#: A number written with thousands separators: 1-3 digits, then groups of 3 after commas
#: (``7,000,000,000,000``, ``50,000``, ``1,234.5``); the CLI reads commas as value lists
#: (``--set PATH=V1,V2``) or not at all (a number flag), so such a number is never one.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _e_notation(value: float) -> str:
    """``7e12`` for 7,000,000,000,000: the shortest mantissa, an ``e`` exponent."""
    mantissa, exponent = f"{value:.15e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def _grouped_hint(value: str) -> str:
    """:func:`grouped_number_hint` for one value ('' if it has no thousands separators)."""
    if not _GROUPED.fullmatch(value):
        return ""
    number = float(value.replace(",", ""))
    plain = f"{number:.15g}" if not number.is_integer() else f"{int(number)}"
    e_form = _e_notation(number)
    return f"if '{value}' is one number, write {e_form} or {plain} (no thousands separators)"


def grouped_number_hint(texts: str | Sequence[str]) -> str:
    """The hint for a number written with thousands separators ('' if none is).

    ``plan --set amount_usd=7,000,000,000,000`` read five values (7, 0, 0, 0, 0) and
    suggested a sweep; ``train --count 50,000`` got "unable to parse string as a
    number". The hint says how to write the number instead. :func:`number_hint` also
    reads unit suffixes (``20B``) and percentages (``16%``).

    Parameters
    ----------
    texts : str or sequence of str
        Command-line arguments, or one value; for ``PATH=VALUE`` the value is read.

    Returns
    -------
    str
        ``"if '7,000,000,000,000' is one number, write 7e12 or 7000000000000 (no
        thousands separators)"`` for the first such argument, else ''.

    Examples
    --------
    >>> grouped_number_hint("capital.x.amount_usd=7,000,000,000,000")[:58]
    "if '7,000,000,000,000' is one number, write 7e12 or 700000"
    >>> grouped_number_hint(["--count", "50,000"])
    "if '50,000' is one number, write 5e4 or 50000 (no thousands separators)"
    >>> grouped_number_hint("discount_rate=0.06,0.1")
    ''
    """
    for text in [texts] if isinstance(texts, str) else texts:
        hint = _grouped_hint(str(text).rpartition("=")[2].strip())
        if hint:
            return hint
    return ""


#: A decimal number as written (``20``, ``1.5``, ``.5``, ``2e3``), without its sign.
_DECIMAL = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
#: A number with a magnitude suffix (``20B``, ``405b``, ``1.5k``, ``3T``, ``$9bn``).
_SUFFIXED = re.compile(rf"(?P<sign>[+-]?)\$?(?P<number>{_DECIMAL})\s*(?P<suffix>bn|[kKMBbGT])")
#: Power of ten of each suffix: k/K thousand, M million, B/b/bn/G billion (giga), T
#: trillion (tera). A lower-case m is not read: it is milli in SI, million in finance.
_SUFFIX_POWER = {"k": 3, "K": 3, "M": 6, "B": 9, "b": 9, "bn": 9, "G": 9, "T": 12}
#: A percentage (``16%``, ``12.5 %``).
_PERCENT = re.compile(rf"(?P<sign>[+-]?)(?P<number>{_DECIMAL})\s*%")
#: A number with a unit written after it (``500MW``, ``0.5 GW``, ``4.5 PFLOPS``,
#: ``1,000 W``): not a magnitude suffix alone (:data:`_SUFFIXED`) nor a percentage.
_UNIT_WRITTEN = re.compile(rf"[+-]?\$?(?P<number>{_DECIMAL})\s*(?P<unit>[A-Za-z][A-Za-z/^0-9]*)")
#: Digits as superscripts, for ``10⁹``.
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _plain(value: float) -> str:
    """A fraction as it is written: two decimals where they say it (``0.40``), else
    every digit needed (``0.125``)."""
    return f"{value:.2f}" if round(value, 2) == value else f"{value:.15g}"


def _suffixed_hint(value: str, whole: bool = False) -> str:
    """The hint for ``20B`` ('' if ``value`` has no magnitude suffix); in digits where
    ``whole`` (an integer field refuses ``2e10``)."""
    m = _SUFFIXED.fullmatch(value)
    if m is None:
        return ""
    power = _SUFFIX_POWER[m["suffix"]]
    number = float(f"{m['sign']}{m['number']}e{power}")
    if not math.isfinite(number):
        return ""
    written = f"{m['sign']}{m['number']}{m['suffix']}"
    plain = f"{int(number)}" if whole and number.is_integer() else _e_notation(number)
    return (
        f"write {plain} ({written} = {m['sign']}{m['number']} × "
        f"10{str(power).translate(_SUPERSCRIPT)}; no unit suffixes)"
    )


def _unit_hint(value: str) -> str:
    """The hint for ``500MW`` or ``0.5 GW`` ('' if ``value`` is no number with a unit
    after it): the number alone, in the unit the field's name gives, which may not be
    the one written (``power_limit_mw: 0.5GW`` is 500; user test 2026-12-06 #6)."""
    m = _UNIT_WRITTEN.fullmatch(value.strip())
    if m is None or (m["unit"][0] in "eE" and m["unit"][1:].lstrip("+-").isdigit()):
        return ""  # 5e6 is a number (quoted, or in e notation): not a unit
    return (
        f"write the number alone, in the unit of the field or option ('{m['unit']}' is not "
        "read: power_limit_mw takes MW, amount_usd US dollars, --wspm wafers a month)"
    )


def _percent_hint(value: str) -> str:
    """The hint for ``16%`` ('' if ``value`` is no percentage)."""
    m = _PERCENT.fullmatch(value)
    if m is None:
        return ""
    number = float(f"{m['sign']}{m['number']}")
    if not math.isfinite(number):
        return ""
    shown = f"{m['sign']}{m['number']}"
    return f"write the fraction {_plain(number / 100)} for {shown} % (no percent signs)"


#: The parser's refusal of text given to a numeric option (typer reads numbers with
#: pydantic): ``Invalid value for '--wspm': Input should be a valid number, unable to
#: parse string as a number``.
_PARSER_NUMBER = re.compile(
    r"^Invalid value for '(?P<flag>[^']+)': Input should be a valid (?P<kind>number|integer)"
    r"(, unable to parse string as an? (number|integer))?"
)


def option_number_message(message: str, value: str | None) -> str | None:
    """The parser's refusal of a numeric option's text in a scenario file's words
    (``--wspm: expected a number, got the text '20B'; write 2e10 ...``), or None when
    ``message`` is not such a refusal.

    docs/scenario-files.md says the command line's numeric options "say the same" as a
    file; the parser said ``Invalid value for '--wspm': Input should be a valid
    number, unable to parse string as a number`` (user test s47 #8). The caller
    (:func:`tigris.cli.main`) gives the usage error's message and the value typed.

    Parameters
    ----------
    message : str
        The usage error's message.
    value : str, optional
        The text given to the option, if known.

    Returns
    -------
    str or None
        The message to print, or None.

    Examples
    --------
    >>> msg = ("Invalid value for '--wspm': Input should be a valid number, unable to "
    ...        "parse string as a number")
    >>> option_number_message(msg, "20B")
    "--wspm: expected a number, got the text '20B'; write 2e10 (20B = 20 × 10⁹; no unit suffixes)"
    >>> option_number_message(msg.replace("number", "integer"), "2k")[:50]
    "--wspm: expected an integer, got the text '2k'; wr"
    >>> option_number_message("No such option: --x", None) is None
    True
    """
    m = _PARSER_NUMBER.match(message)
    if m is None:
        return None
    whole = m.group("kind") == "integer"
    want = "an integer" if whole else "a number"
    if value is None:
        return f"{m.group('flag')}: expected {want}"
    shown = value if len(value) <= _MAX_SHOWN_CHARS else value[: _MAX_SHOWN_CHARS // 2] + "…"
    hint = number_hint(value, whole=whole)
    return f"{m.group('flag')}: expected {want}, got the text {shown!r}" + (
        f"; {hint}" if hint else ""
    )


def number_hint(texts: str | Sequence[str], whole: bool = False) -> str:
    """The hint for a number written as people write it but tigris does not read it.

    One place says how to write it instead, for the command line's options
    (:func:`tigris.cli.main`) and a scenario or data file's values
    (:func:`tigris.yamlio.validation_problems`): thousands separators (``50,000``, as
    :func:`grouped_number_hint`), a magnitude suffix (``20B``: k/K 10³, M 10⁶, B/G/bn
    10⁹, T 10¹²; whatever the field's unit, wafers or USD, the number is the same), a
    percent sign (``16%``: a share is a fraction) or a unit (``500MW``: the number
    alone, in the field's own unit).

    Parameters
    ----------
    texts : str or sequence of str
        One value, or command-line arguments; for ``PATH=VALUE`` the value is read.
    whole : bool
        Whether the field takes an integer only: ``20k`` is then ``20000``, not ``2e4``
        (which an integer field refuses).

    Returns
    -------
    str
        The hint for the first such value, else ''.

    Examples
    --------
    >>> number_hint("20B")
    'write 2e10 (20B = 20 × 10⁹; no unit suffixes)'
    >>> number_hint(["--params", "405b"])
    'write 4.05e11 (405b = 405 × 10⁹; no unit suffixes)'
    >>> number_hint("8k", whole=True)
    'write 8000 (8k = 8 × 10³; no unit suffixes)'
    >>> number_hint("16%")
    'write the fraction 0.16 for 16 % (no percent signs)'
    >>> number_hint("50,000")
    "if '50,000' is one number, write 5e4 or 50000 (no thousands separators)"
    >>> number_hint("0.5GW")[:58]
    'write the number alone, in the unit of the field or option'
    >>> number_hint("20m")[:46]  # no magnitude read from m (milli or million?)
    'write the number alone, in the unit of the fie'
    >>> number_hint("taiwan"), number_hint("N5")
    ('', '')
    """
    for text in [texts] if isinstance(texts, str) else texts:
        value = str(text).rpartition("=")[2].strip()
        hint = (
            _grouped_hint(value)
            or _suffixed_hint(value, whole)
            or _percent_hint(value)
            or _unit_hint(value)
        )
        if hint:
            return hint
    return ""


#: Smallest value read as a percentage given for a share [%]: a share written as
#: a percentage is a whole-ish number of percent (8, 16, 40); a value in (1, 2), 1.5,
#: reads as a ratio or a multiple (150 %) as readily, so no fraction is suggested
#: (user test s47 #7: ``--min-served-share 1.5`` was told 0.015).
MIN_PERCENT = 2.0
#: Largest value read as a percentage [%].
MAX_PERCENT = 100.0
#: Words of a field or option name that make it a share, written as a fraction and
#: often meant as a percentage (``discount_rate``, ``subsidy_share``, ``mfu``).
_PERCENT_WORDS = frozenset(
    (
        "share",
        "rate",
        "yield",
        "mfu",
        "fraction",
        "utilization",
        "efficiency",
        "probability",
        "goodput",
        "gap",
        "mbu",
        "hit",
    )
)
#: Last words that make a name bounded by 1 something else: a scale (a multiplier of
#: shares, ``min_share_scale``; ``scale_out_efficiency`` is an efficiency), a
#: correlation (``rho``).
_NOT_PERCENT_WORDS = frozenset(("scale", "rho", "multiplier", "correlation"))


def percent_like(name: str) -> bool:
    """Whether a field or option named ``name`` holds a share that people may write
    as a percentage (so a refused ``40`` gets :func:`fraction_hint`).

    A correlation (``rho``) or a scale (``min_share_scale``) bounded by 1 is not one
    (user test s47 #7: both were told to write a percentage as a fraction).

    Parameters
    ----------
    name : str
        The field (``discount_rate``, ``demand.0.workloads.0.train.mfu``) or option
        (``--min-served-share``); its last part is judged.

    Returns
    -------
    bool

    Examples
    --------
    >>> percent_like("discount_rate"), percent_like("--mfu"), percent_like("x.subsidy_share")
    (True, True, True)
    >>> percent_like("correlations.0.rho"), percent_like("min_share_scale")
    (False, False)
    """
    last = name.rsplit(".", 1)[-1].lstrip("-")
    words = re.split(r"[_-]", last.lower())
    return bool(set(words) & _PERCENT_WORDS) and words[-1] not in _NOT_PERCENT_WORDS


def fraction_hint(value: float) -> str:
    """The hint for a percentage given where a fraction is expected ('' unless
    ``value`` lies in [:data:`MIN_PERCENT`, :data:`MAX_PERCENT`]).

    ``--mfu 40`` and ``min_served_share: 16`` are most likely 40 % and 16 %; the caller
    says whether the value's range is a fraction's (:meth:`Range.is_fraction`, or a
    scenario field bounded by 1) and the field a share (:func:`percent_like`).

    Parameters
    ----------
    value : float
        The value refused.

    Returns
    -------
    str
        ``"write a fraction: 0.40 for 40 %"``, or ''.

    Examples
    --------
    >>> fraction_hint(40)
    'write a fraction: 0.40 for 40 %'
    >>> fraction_hint(12.5)
    'write a fraction: 0.125 for 12.5 %'
    >>> fraction_hint(400), fraction_hint(1.5)
    ('', '')
    """
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return ""
    if isinstance(value, bool) or not MIN_PERCENT <= x <= MAX_PERCENT:
        return ""
    return f"write a fraction: {_plain(x / 100)} for {x:g} %"

"""Exceptions raised by tigris.

One base class, :class:`TigrisError`; :class:`InputError` below it for anything the
user can fix (a bad flag, an unknown name, a malformed scenario file). The CLI turns
an ``InputError`` into one line on stderr and exit code 2; any other exception is a
bug and keeps its traceback.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "InputError",
    "Problem",
    "TigrisError",
    "checked_array",
    "checked_years",
    "did_you_mean",
    "not_utf8",
    "require_positive",
    "shipped_table_error",
    "unknown_name",
    "utf8_shown",
]


#: Lone surrogates shown escaped: a byte of a file name that is no UTF-8 (``0xff``),
#: which Python's ``os.fsdecode`` makes ``\udcff``, as ``\xff``; any other as
#: ``\ud800``. No UTF-8 text (a message, a JSON or HTML file, a store) can hold one.
_SURROGATES = {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)} | {
    0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)
}

#: Control characters shown escaped, so that a problem is always one line of text
#: (a key or value from a file may hold a newline), and lone surrogates, so that it is
#: always UTF-8 text (a file name that is not UTF-8 in a message).
_ONE_LINE = (
    {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F] if c != ord("\t")}
    | {ord("\n"): "\\n", ord("\r"): "\\r"}
    | _SURROGATES
)


class TigrisError(Exception):
    """Base class of every error tigris raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Parameters
    ----------
    field : str
        Dotted path of the offending field (``"sites.0.wspm"``, ``"--count"``).
    message : str
        What was expected, in words.
    file : str or None
        File the field came from, if any.
    line : int or None
        1-based line in ``file``, if known.
    """

    field: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        text = f"{where}{self.field}: {self.message}" if self.field else f"{where}{self.message}"
        return text.translate(_ONE_LINE)


class InputError(TigrisError, ValueError):
    """An input the user can correct.

    Carries one or more :class:`Problem` so that every issue in a file is reported at
    once. ``str(err)`` is one line per problem.

    Parameters
    ----------
    problems : str, Problem or sequence of Problem
        What is wrong. A plain string becomes a single problem with no field.
    field : str, optional
        Field name used when ``problems`` is a plain string.
    """

    def __init__(self, problems: str | Problem | Sequence[Problem], field: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(field, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def utf8_shown(text: str) -> str:
    """``text`` as UTF-8 text: a byte of a file name that is no UTF-8 (``0xff``, which
    Python's :func:`os.fsdecode` makes the lone surrogate ``\\udcff``) shown as
    ``\\xff``, any other lone surrogate as ``\\ud800``.

    Parameters
    ----------
    text : str
        A file name or other text.

    Returns
    -------
    str
        ``text`` itself when it is UTF-8 text already.

    Examples
    --------
    >>> print(utf8_shown("runs/bad\\udcff.yaml"))
    runs/bad\\xff.yaml
    """
    return text.translate(_SURROGATES)


def not_utf8(text: str) -> str:
    """What is wrong with ``text`` as UTF-8 text, else ``''``: a file name with a byte
    that is no UTF-8 reaches Python as a lone surrogate (:func:`os.fsdecode`), which no
    file tigris writes (a store of runs, a NetCDF file's name) can hold.

    Parameters
    ----------
    text : str
        A file name or other text.

    Returns
    -------
    str
        ``'bad\\xff.yaml' is not UTF-8 text (byte 0xff)`` (:func:`utf8_shown`), or
        ``''`` when ``text`` is UTF-8 text.

    Examples
    --------
    >>> print(not_utf8("bad\\udcff.yaml"))
    'bad\\xff.yaml' is not UTF-8 text (byte 0xff)
    >>> not_utf8("good.yaml")
    ''
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        byte = f" (byte 0x{code - 0xDC00:02x})" if 0xDC80 <= code <= 0xDCFF else ""
        return f"'{utf8_shown(text)}' is not UTF-8 text{byte}"
    return ""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""``.

    Parameters
    ----------
    name : str
        The misspelt name.
    choices : iterable of str
        Valid names.

    Returns
    -------
    str
        The suggestion with its leading space, the choice spelt as given; ``""`` when no
        choice is close (difflib ratio below 0.6) and none has ``name`` as a whole word.

    Examples
    --------
    >>> did_you_mean("h10", ["h100", "a100", "b200"])
    " (did you mean 'h100'?)"
    >>> did_you_mean("n28", ["N2", "N3"])
    " (did you mean 'N2'?)"
    >>> did_you_mean("zzz", ["h100"])
    ''
    >>> did_you_mean("india", ["china", "india-gujarat"])  # a whole word of one name
    " (did you mean 'india-gujarat'?)"
    >>> did_you_mean("nvidia-h100", ["h100", "maia-100"])  # a name inside more words
    " (did you mean 'h100'?)"
    >>> did_you_mean("h1OO", ["h100", "a100"])  # the letter O for a zero
    " (did you mean 'h100'?)"
    """
    by_lower = {c.lower(): c for c in choices}
    key = name.lower()
    # a name typed as one word of exactly one hyphenated choice ("india" for
    # "india-gujarat") is that choice, however close another is letter by letter
    words = [c for c in by_lower if key in re.split(r"[-_ ]", c)]
    if len(words) == 1:
        return f" (did you mean '{by_lower[words[0]]}'?)"
    # a choice typed with more words around it ("nvidia-h100" for "h100"), or with the
    # letter O for a zero ("h1OO"): that choice (ML user test 2026-12-06 #9: "nvidia-h100"
    # was offered "maia-100")
    inside = [w for w in re.split(r"[-_ ]", key) if w in by_lower and w != key]
    if len(set(inside)) == 1:
        return f" (did you mean '{by_lower[inside[0]]}'?)"
    zeros = key.replace("o", "0")
    if zeros != key and zeros in by_lower:
        return f" (did you mean '{by_lower[zeros]}'?)"
    close = difflib.get_close_matches(key, list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


#: Appended to an unknown name of a kind a user may add for one run (README, "Your own
#: data"): sites, nodes, HBM generations, packages and accelerators.
ADD_WITH_DATA = "; add your own with --data FILE (README, 'Your own data')"


def unknown_name(
    kind: str, name: str, choices: Iterable[str], field: str = "", *, addable: bool = False
) -> InputError:
    """Build the :class:`InputError` for an unknown catalog name.

    Parameters
    ----------
    kind : str
        What was looked up ("accelerator", "node", "site").
    name : str
        The name given.
    choices : iterable of str
        The known names.
    field : str, optional
        Field or flag the name came from.
    addable : bool, optional
        The kind can be added with ``--data``: the message says so.

    Returns
    -------
    InputError
        The error (not raised): ``unknown KIND 'NAME' (did you mean ...); known: ...``
        with the known names sorted.
    """
    choices = sorted(choices)
    hint = did_you_mean(name, choices)
    msg = f"unknown {kind} '{name}'{hint}; known: {', '.join(choices)}"
    msg += ADD_WITH_DATA if addable else ""
    return InputError(msg, field=field)


def require_positive(value: float | None, field: str, *, allow_zero: bool = False) -> None:
    """Raise :class:`InputError` unless ``value`` is a finite positive number.

    Parameters
    ----------
    value : float or None
        The value to check; ``None`` passes (means "not given").
    field : str
        Name used in the message (a flag such as ``--count`` or a field path).
    allow_zero : bool, optional
        Accept 0 as well.
    """
    if value is None:
        return
    ok = math.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        want = "a number >= 0" if allow_zero else "a number > 0"
        msg = f"expected {want}, got {value}"
        raise InputError(msg, field=field)


def checked_array(
    value: ArrayLike, field: str, *, allow_zero: bool = False, unit: str = ""
) -> NDArray[np.float64]:
    """``value`` as a float array, or :class:`InputError` if any element is not finite and > 0.

    Parameters
    ----------
    value : array_like
        Scalar or array to check.
    field : str
        Flag or field named in the message.
    allow_zero : bool, optional
        Accept 0 as well.
    unit : str, optional
        Unit shown in the message (``"mm"``).

    Returns
    -------
    numpy.ndarray
        ``value`` as a float64 array of the same shape (0-d for a scalar).

    Examples
    --------
    >>> checked_array([1.0, 2.0], "--width").tolist()
    [1.0, 2.0]
    >>> checked_array(-1, "--width", unit="mm")
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --width: expected finite numbers > 0 [mm], got -1.0
    """
    a = np.asarray(value, dtype=float)
    bad = ~np.isfinite(a) | ((a < 0) if allow_zero else (a <= 0))
    if np.any(bad):
        want = ">= 0" if allow_zero else "> 0"
        shown = f" [{unit}]" if unit else ""
        msg = f"expected finite numbers {want}{shown}, got {a[bad].ravel()[0]}"
        raise InputError(msg, field=field)
    return a


def checked_years(years: ArrayLike) -> NDArray[np.float64]:
    """``years`` as a float array, or :class:`InputError` (field ``years``) if not finite numbers.

    Parameters
    ----------
    years : array_like
        Calendar years [year], scalar or array.

    Returns
    -------
    numpy.ndarray
        ``years`` as a float64 array of the same shape [year].

    Examples
    --------
    >>> checked_years([2025, 2026]).tolist()
    [2025.0, 2026.0]
    >>> checked_years("soon")
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: years: expected years as numbers, got 'soon'
    """
    try:
        t = np.asarray(years, dtype=float)
    except (TypeError, ValueError):
        msg = f"expected years as numbers, got {years!r}"
        raise InputError(msg, field="years") from None
    if not np.all(np.isfinite(t)):
        raise InputError("expected finite years", field="years")
    return t


def shipped_table_error(name: str, line: int, msg: str) -> TigrisError:
    """The error for a bad row of a shipped table (a packaging bug, not the user's input).

    Parameters
    ----------
    name : str
        Table name, without ``.csv``.
    line : int
        Line of the file (the header is line 1).
    msg : str
        What is wrong.

    Returns
    -------
    TigrisError
        The error (not raised), ``shipped table NAME.csv line LINE: MSG``.

    Examples
    --------
    >>> str(shipped_table_error("grid", 3, "mw -1 is not >= 0"))
    'shipped table grid.csv line 3: mw -1 is not >= 0'
    """
    return TigrisError(f"shipped table {name}.csv line {line}: {msg}")

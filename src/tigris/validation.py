"""Validation: tigris against published figures, one case per row.

The published side of every case lives in ``tigris/data/validation_cases.csv`` (value,
unit, relative tolerance and why, whether a default was fitted on it, source, as_of);
it was written before tigris's values were looked at. The tigris side is :data:`CASES`,
a registry from case name to a function that recomputes tigris's value from public API
calls only (workload, silicon, fab, energy, catalog), with today's defaults, every time
it is called. Nothing here sets or changes a default.

``python -m tigris.validation --markdown`` prints the table in ``docs/validation.md``;
``tests/test_validation.py`` runs each case as a test.

A case is within tolerance when ``|tigris - published| / published <= tolerance``
(relative error, e.g. Hyndman and Koehler 2006, "Another look at measures of forecast
accuracy", Int. J. Forecasting 22(4), the absolute percentage error of one forecast),
unless its source states the figure as a bound: ``tigris/data/validation_bounds.csv``
classifies every case, from the source's words alone, as ``point``, ``lower`` (over, more
than, at least, exceeds, above) or ``upper`` (up to, under, less than, at most, below).
A ``lower`` case is within when ``tigris >= published x (1 - tolerance)``, an ``upper``
case when ``tigris <= published x (1 + tolerance)`` (a single tolerance limit instead of a
two-sided tolerance interval: JCGM 106:2012, "Evaluation of measurement data - The role
of measurement uncertainty in conformity assessment", Sec. 3.3 and 7.2). The error
column stays ``(tigris - published) / published``.

Examples
--------
>>> from tigris.validation import CASES, load_cases
>>> sorted(CASES) == sorted(load_cases()["case"])
True
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from tigris.errors import TigrisError

#: Columns of ``validation_cases.csv``, in order (the contract's, plus ``tolerance_basis``).
CASE_COLUMNS = (
    "case",
    "layer",
    "inputs",
    "published",
    "unit",
    "tolerance",
    "tolerance_basis",
    "in_sample",
    "fitted_by",
    "source",
    "as_of",
    "withdrawn",
)
#: Kinds of published figure (``validation_bounds.csv`` column ``bound``): a point
#: (about, ~, a plain figure, a range's midpoint), a floor or a ceiling.
BOUNDS = ("point", "lower", "upper")
#: Qualifiers that make a published figure a floor or a ceiling (BOUND-AUDIT rule,
#: 2026-12-04); "بیش از" is Persian "more than" (the nvidia-cowos-wafers-2024 report).
BOUND_WORDS: dict[str, re.Pattern[str]] = {
    "lower": re.compile(
        r"\b(?:over|more than|at least|exceed(?:s|ed|ing)?|above)\b|>|بیش از", re.I
    ),
    "upper": re.compile(r"\b(?:up to|under|less than|at most|below)\b|<", re.I),
}
#: Columns of ``validation_bounds.csv``, in order.
BOUND_COLUMNS = ("case", "bound", "words", "words_from", "remark", "source", "as_of", "classified")
#: How :func:`to_markdown` marks a bound's published value (a floor ">", a ceiling "<").
BOUND_MARK = {"point": "", "lower": "> ", "upper": "< "}
#: Layers a case may belong to.
LAYERS = ("training", "inference", "power", "silicon", "fab", "packaging", "memory")
#: Columns of :func:`run_cases`.
RESULT_COLUMNS = (
    "case",
    "layer",
    "inputs",
    "published",
    "tigris",
    "unit",
    "error",
    "tolerance",
    "within",
    "in_sample",
    "fitted_by",
    "source",
    "as_of",
    "withdrawn",
    "note",
)
#: The column :func:`run_cases` adds after :data:`RESULT_COLUMNS`: the kind of published
#: figure; :func:`to_markdown` reads a frame without it as all points.
BOUND_COLUMN = "bound"


class CaseRegistry(Mapping[str, Callable[[], float]]):
    """Case name -> function returning tigris's value in the case's unit.

    Holds the functions registered with :func:`case` (those of
    :mod:`tigris.validation_cases`, imported on first use) and, read on first use (no
    I/O at import), one function per row of ``fab_budgets.csv`` (the public fab
    budgets, priced by :func:`tigris.fab.budgets.model_capex`), so those budgets are
    validated without a second copy of them.
    """

    def __init__(self) -> None:
        self._registered: dict[str, Callable[[], float]] = {}

    def register(self, name: str, func: Callable[[], float]) -> None:
        """Add ``func`` under ``name``; a name registered twice is a bug.

        Parameters
        ----------
        name : str
            The case's name, as in ``validation_cases.csv``.
        func : callable
            A function of no arguments returning tigris's value in the case's unit.

        Raises
        ------
        ValueError
            ``name`` is already registered.
        """
        if name in self._registered:
            msg = f"validation case {name!r} registered twice"
            raise ValueError(msg)
        self._registered[name] = func

    def _all(self) -> dict[str, Callable[[], float]]:
        # The case functions live in tigris.validation_cases and register themselves
        # on import; importing it here (not at the top) avoids an import cycle.
        importlib.import_module("tigris.validation_cases")
        return {**self._registered, **_budget_functions()}

    def __getitem__(self, name: str) -> Callable[[], float]:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


#: Registry: case name -> function returning tigris's value in the case's unit.
CASES = CaseRegistry()


def case(name: str) -> Callable[[Callable[[], float]], Callable[[], float]]:
    """Register ``func`` as the tigris side of the published case ``name``.

    Parameters
    ----------
    name : str
        The case's name, as in ``validation_cases.csv``.

    Returns
    -------
    callable
        A decorator that registers the function it is given in :data:`CASES` and returns
        it unchanged.
    """

    def register(func: Callable[[], float]) -> Callable[[], float]:
        CASES.register(name, func)
        return func

    return register


# ------------------------------------------------------------------------- fab budgets


@cache
def _budget_functions() -> dict[str, Callable[[], float]]:
    """One function per ``fab_budgets.csv`` row: the model's capex of that fab [USD]."""
    from tigris.fab.budgets import budget_cases, model_capex

    def priced(row: object) -> Callable[[], float]:
        return lambda: float(model_capex(row))  # type: ignore[arg-type]

    return {b.case: priced(b) for b in budget_cases()}


def _budget_rows() -> pd.DataFrame:
    """``fab_budgets.csv`` in the columns of ``validation_cases.csv``.

    The published capex, tolerance, in-sample flag, source and date are as stated in
    that file; nothing is copied into ``validation_cases.csv``.
    """
    with resources.files("tigris.data").joinpath("fab_budgets.csv").open() as f:
        b = pd.read_csv(f, keep_default_na=False)
    in_sample = b["in_sample"].astype(str).str.lower().eq("true")
    fitted = [
        _fitted_from_note(note) if ins else ""
        for note, ins in zip(b["note"], in_sample, strict=True)
    ]
    return pd.DataFrame(
        {
            "case": b["case"],
            "layer": "fab",
            "inputs": [
                f"{c}: {mix.replace('|', ' + ')} at {int(w):,} wspm"
                + (
                    " as separate fabs, one per node at its share"
                    if str(sf).lower() == "true"
                    else ""
                )
                + (f" (campus {int(float(cw)):,} wspm)" if str(cw).strip() else "")
                + f", {site}"
                + (", first-of-a-kind outturn" if str(fk).lower() == "true" else "")
                + (", in a standing building" if str(be).lower() == "true" else "")
                + "; capex before subsidy"
                for c, mix, w, sf, cw, site, fk, be in zip(
                    b["country"],
                    b["node_mix"],
                    b["wspm"],
                    b["separate_fabs"],
                    b["campus_wspm"],
                    b["site"],
                    b["first_of_a_kind"],
                    b["building_exists"],
                    strict=True,
                )
            ],
            "published": b["capex_usd"].astype(float),
            "unit": "USD",
            "tolerance": b["tolerance"].astype(float),
            "tolerance_basis": "as stated in fab_budgets.csv for announced budgets",
            "in_sample": in_sample,
            "fitted_by": fitted,
            "source": "fab_budgets.csv: " + b["source"].astype(str),
            "as_of": b["as_of"].astype(str),
            "withdrawn": "",
        }
    )


def _fitted_from_note(note: str) -> str:
    """The default an in-sample budget row names in its note (``... (sites.csv)``)."""
    files = re.findall(r"[a-z_]+\.csv", note)
    where = f" ({', '.join(dict.fromkeys(files))})" if files else ""
    return f"see fab_budgets.csv note{where}: {note.split('In-sample:', 1)[-1].strip()}"


# -------------------------------------------------------------------------------- table


def load_bounds() -> pd.DataFrame:
    """``validation_bounds.csv``: one row per case, whether its published figure is a
    point, a floor (``lower``) or a ceiling (``upper``), with the source's words that
    decide it, where they were read, and the source and date of those words.

    Returns
    -------
    pandas.DataFrame
        One row per case, the :data:`BOUND_COLUMNS` as text, in the file's order.

    Raises
    ------
    ValueError
        A bound other than :data:`BOUNDS`, or a case listed twice (naming file and line).
    """
    with resources.files("tigris.data").joinpath("validation_bounds.csv").open() as f:
        b = pd.read_csv(f, dtype=str, keep_default_na=False)
    for i, (name, bound) in enumerate(zip(b["case"], b["bound"], strict=True)):
        line = f"validation_bounds.csv:{i + 2}"
        if bound not in BOUNDS:
            msg = f"{line}: bound {bound!r} of {name!r} is not one of {', '.join(BOUNDS)}"
            raise ValueError(msg)
        if (b["case"].iloc[:i] == name).any():
            msg = f"{line}: case {name!r} is listed twice"
            raise ValueError(msg)
    return b[list(BOUND_COLUMNS)]


#: How near a public capex-per-wspm benchmark (``fab_parameters.csv``) must be to a
#: ``fab_budgets.csv`` row's capex / wspm, of the same node, site and year, to be that
#: row's published figure restated [-]: Fab 18's NT$500B is US$17.15B in its budget row
#: and US$204,819 x 83,000 = US$17.0B in the benchmark (two readings of the same day's
#: exchange rate, 0.9 % apart).
SAME_FIGURE_RTOL = 0.02


def benchmark_bound(node: str, site: str) -> dict[str, str] | None:
    """The kind of published figure a fab's public capex benchmark is, if a budget says.

    The benchmark of ``node`` at ``site`` (``fab_parameters.csv``
    ``capex_per_wspm_benchmark_usd``) is matched to the ``fab_budgets.csv`` row of a
    single-node fab of that node and site announced in the benchmark's price year whose
    capex / wspm is within :data:`SAME_FIGURE_RTOL` of it; that row's classification in
    ``validation_bounds.csv`` (from the source's words) says whether the figure is a
    point, a floor (``lower``) or a ceiling (``upper``).

    Parameters
    ----------
    node : str
        Process node, e.g. ``"N5"``.
    site : str
        Site name of ``sites.csv``, e.g. ``"taiwan"``.

    Returns
    -------
    dict or None
        ``{"case", "bound", "words"}``: the budget row, its kind of figure and the
        source's words that decide it; None when the node and site have no benchmark or
        no budget row restates it.

    Examples
    --------
    >>> benchmark_bound("N5", "taiwan")["bound"]
    'lower'
    >>> benchmark_bound("N5", "arizona-usa")["bound"]
    'point'
    """
    from tigris.fab.budgets import budget_cases
    from tigris.fab.data import _benchmark

    bench = _benchmark(node, site)
    if bench is None:
        return None
    value, year = bench
    bounds = load_bounds().set_index("case")
    for b in budget_cases():
        if len(b.node_mix) != 1 or b.node_mix[0][0] != node or b.site != site:
            continue
        same = abs(b.capex_usd / b.wspm / value - 1) <= SAME_FIGURE_RTOL
        if same and (year is None or b.year == year) and b.case in bounds.index:
            row = bounds.loc[b.case]
            return {"case": b.case, "bound": str(row["bound"]), "words": str(row["words"])}
    return None


def within(
    tigris: Any, published: Any, tolerance: Any, bound: Any
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Whether tigris's value agrees with the published one, given the kind of figure.

    Parameters
    ----------
    tigris, published : array_like of float
        tigris's and the source's value, in the case's unit (published > 0).
    tolerance : array_like of float
        Relative tolerance [-].
    bound : array_like of str
        ``point``: ``|tigris - published| <= tolerance x published``; ``lower`` (a floor
        the source states): ``tigris >= published x (1 - tolerance)``; ``upper`` (a
        ceiling): ``tigris <= published x (1 + tolerance)``; anything else as a point.
        One-sided limits as single tolerance limits, JCGM 106:2012 Sec. 3.3 and 7.2.

    Returns
    -------
    numpy.ndarray of bool
        False where tigris's value is missing (NaN).

    Examples
    --------
    >>> within([2.0, 0.5], [1.0, 1.0], [0.35, 0.35], ["lower", "lower"]).tolist()
    [True, False]
    >>> within([0.5, 2.0], [1.0, 1.0], [0.35, 0.35], ["upper", "upper"]).tolist()
    [True, False]
    """
    t = np.asarray(tigris, dtype=float)
    p = np.asarray(published, dtype=float)
    tol = np.asarray(tolerance, dtype=float)
    kind = np.broadcast_to(np.asarray(bound, dtype=object), np.broadcast(t, p, tol).shape)
    two_sided = np.abs(t - p) <= tol * np.abs(p)
    floor = t >= p * (1 - tol)
    ceiling = t <= p * (1 + tol)
    out = np.where(kind == "lower", floor, np.where(kind == "upper", ceiling, two_sided))
    return np.asarray(out & np.isfinite(t), dtype=bool)


def load_cases() -> pd.DataFrame:
    """The published side, one row per case: ``validation_cases.csv``, then the rows of
    ``fab_budgets.csv`` (the public fab budgets) in the same columns, plus
    ``bound`` from ``validation_bounds.csv`` (empty for a case it does not list yet).

    Returns
    -------
    pandas.DataFrame
        One row per case, the :data:`CASE_COLUMNS` (``published`` in the case's
        ``unit``, ``tolerance`` a fraction, ``in_sample`` a bool, ``withdrawn`` the reason
        or ``""``), then ``bound`` (``point``, ``lower``, ``upper`` or ``""``).
    """
    with resources.files("tigris.data").joinpath("validation_cases.csv").open() as f:
        df = pd.read_csv(f, dtype={"fitted_by": str}, keep_default_na=False)
    df["published"] = df["published"].astype(float)
    df["tolerance"] = df["tolerance"].astype(float)
    df["in_sample"] = df["in_sample"].astype(str).str.lower().eq("true")
    if "withdrawn" not in df.columns:
        df["withdrawn"] = ""
    df["withdrawn"] = df["withdrawn"].astype(str).str.strip()
    df = pd.concat([df, _budget_rows()], ignore_index=True)
    bounds = load_bounds().set_index("case")["bound"]
    df["bound"] = df["case"].map(bounds).fillna("")
    return df[[*CASE_COLUMNS, "bound"]]


def counted(df: pd.DataFrame) -> pd.DataFrame:
    """The cases that count towards the summary: every row not withdrawn.

    A case is withdrawn (``withdrawn`` holds the reason, in ``validation_cases.csv``) when
    no published figure supports a like-with-like comparison, e.g. a "published" value
    that was tigris's own derivation; it stays in the table, below the counted cases,
    with its reason, and is left out of every count.

    Parameters
    ----------
    df : pandas.DataFrame
        Cases with a ``withdrawn`` column (:func:`load_cases`, :func:`run_cases`).

    Returns
    -------
    pandas.DataFrame
        The rows of ``df`` whose ``withdrawn`` is empty, index kept.
    """
    return df[df["withdrawn"].astype(str).str.strip().eq("")]


def _value(name: str) -> tuple[float, str]:
    """tigris's value for one case, or NaN and a one-line reason when the call fails."""
    func = CASES.get(name)
    if func is None:
        return float("nan"), "no tigris function registered"
    try:
        return float(func()), ""
    except (TigrisError, TypeError, ValueError, KeyError, AttributeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        return float("nan"), f"{type(exc).__name__}: {first}"


def run_cases(names: list[str] | None = None) -> pd.DataFrame:
    """Recompute every case (or ``names``) with today's code and defaults.

    Parameters
    ----------
    names : list of str, optional
        Cases to run; default all rows of ``validation_cases.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per case with :data:`RESULT_COLUMNS`, then :data:`BOUND_COLUMN`:
        ``tigris`` in the case's unit, ``error`` = (tigris - published) / published [-],
        ``within`` by :func:`within` (|error| <= tolerance for a point, one-sided for a
        bound), ``withdrawn`` the reason a case is left out of the counts (empty for a
        counted case, :func:`counted`), ``note`` saying why a value is missing, and
        ``bound`` the kind of published figure (``validation_bounds.csv``).
    """
    df = load_cases()
    if names is not None:
        df = df[df["case"].isin(names)]
    values = [_value(n) for n in df["case"]]
    df = df.assign(
        tigris=[v for v, _ in values],
        note=[n for _, n in values],
    )
    df["error"] = (df["tigris"] - df["published"]) / df["published"]
    df["within"] = within(df["tigris"], df["published"], df["tolerance"], df["bound"])
    return df[[*RESULT_COLUMNS, BOUND_COLUMN]].reset_index(drop=True)


def _fmt(x: float) -> str:
    """Four significant figures, thousands separated; scientific beyond 1e7."""
    if not np.isfinite(x):
        return "n/a"
    if abs(x) >= 1e7 or (x != 0 and abs(x) < 1e-3):
        return f"{x:.4g}"
    return f"{float(f'{x:.4g}'):,.10g}"


def _cell(text: str) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def to_markdown(df: pd.DataFrame) -> str:
    """The table of :func:`run_cases` in Markdown, with its summary line first.

    The summary and the per-layer counts are over the counted cases (:func:`counted`);
    withdrawn cases follow the table in one of their own, each with its reason.

    Parameters
    ----------
    df : pandas.DataFrame
        The table :func:`run_cases` returns.

    Returns
    -------
    str
        The summary line, the per-layer and per-case tables, the withdrawn cases and the
        "How to reproduce each case" table, ending in a newline.
    """
    kept = counted(df)
    n = len(kept)
    within = int(kept["within"].sum())
    ins = kept.loc[kept["in_sample"], "case"].tolist()
    gone = df[~df.index.isin(kept.index)]
    withdrawn = (
        f" {len(gone)} withdrawn from the count (listed after the table)." if len(gone) else ""
    )
    out = [
        f"**{n} cases, {within} within tolerance ({within / n:.0%}); "
        f"{len(ins)} in-sample, {n - len(ins)} out-of-sample "
        f"({int(kept.loc[~kept['in_sample'], 'within'].sum())} of them within).{withdrawn}**",
        "",
        "| layer | cases | within | in-sample | out-of-sample within |",
        "|---|---|---|---|---|",
    ]
    for layer in LAYERS:
        d = kept[kept["layer"] == layer]
        if len(d):
            oos = d[~d["in_sample"]]
            out.append(
                f"| {layer} | {len(d)} | {int(d['within'].sum())} | {int(d['in_sample'].sum())} "
                f"| {int(oos['within'].sum())} of {len(oos)} |"
            )
    out += [
        "",
        "A published value marked `>` is a floor its source states (over, more than, "
        "exceeds...) and `<` a ceiling (up to...), from the source's words "
        "(`validation_bounds.csv`): such a case is within when tigris >= published x "
        "(1 - tolerance), resp. tigris <= published x (1 + tolerance); the error is "
        "(tigris - published) / published either way.",
        "",
        "| case | layer | inputs | published | tigris | unit | error | tolerance | within "
        "| in-sample (fitted default) | source (as of) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in kept.itertuples(index=False):
        out.append(_row(r, "yes" if r.within else "**no**"))
    if len(gone):
        out += [
            "",
            "Withdrawn from the count (no published figure supports a like-with-like "
            "comparison; the reason is in the `within` column):",
            "",
            "| case | layer | inputs | published | tigris | unit | error | tolerance | within "
            "| in-sample (fitted default) | source (as of) |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in gone.itertuples(index=False):
            out.append(_row(r, f"withdrawn: {_cell(r.withdrawn)}"))
    from tigris.validation_reproduce import reproduce_markdown

    out += [
        "",
        "### How to reproduce each case",
        "",
        "Each command prints JSON; the last column names the field that holds the case's "
        "value, and the arithmetic where the value is formed from the output (a share-"
        "weighted sum, a rate over a fleet). The commands are generated from the inputs "
        "the case functions use (`tigris.validation_reproduce`), and "
        "`tests/test_s49_nu_validation_reproduce.py` runs a sample of them against this "
        "table. A case with no command says why only `python -m tigris.validation` "
        "reproduces it; the three held-out training cases give the command with the "
        "leave-one-out MFU written in as `--mfu`, since the CLI cannot compute it.",
        "",
    ]
    return "\n".join(out) + "\n" + reproduce_markdown(df["case"].tolist())


def _row(r: Any, within: str) -> str:
    """One Markdown row of the table (``r`` a row of :func:`run_cases`); ``within`` is
    the text of its within column."""
    err = f"{r.error:+.1%}" if np.isfinite(r.error) else f"n/a ({_cell(r.note)})"
    fitted = f"yes: {_cell(r.fitted_by)}" if r.in_sample else "no"
    bound = getattr(r, BOUND_COLUMN, "point")
    published = BOUND_MARK.get(bound, "(bound unclassified) ") + _fmt(r.published)
    return (
        f"| {r.case} | {r.layer} | {_cell(r.inputs)} | {_cell(published)} "
        f"| {_fmt(r.tigris)} | {r.unit} | {err} | {r.tolerance:.0%} "
        f"| {within} | {fitted} | {_cell(r.source)} ({r.as_of}) |"
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m tigris.validation [--markdown]``: print the validation table.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program's name; None reads ``sys.argv``.

    Returns
    -------
    int
        The exit code, 0.
    """
    parser = argparse.ArgumentParser(
        prog="python -m tigris.validation",
        description="Recompute tigris's value for every published case and compare.",
    )
    parser.add_argument("--markdown", action="store_true", help="print the Markdown table")
    args = parser.parse_args(argv)
    df = run_cases()
    if args.markdown:
        sys.stdout.write(to_markdown(df))
    else:
        df = df.assign(counted=df.index.isin(counted(df).index))
        cols = [
            "case",
            "published",
            "tigris",
            "error",
            "tolerance",
            "bound",
            "within",
            "in_sample",
            "counted",
        ]
        sys.stdout.write(df[cols].to_string(index=False) + "\n")
    return 0


if __name__ == "__main__":
    # Under ``python -m`` this file runs as ``__main__``, a second copy of the module;
    # the case functions register in ``tigris.validation``, so run that one's main.
    from tigris.validation import main as _main

    raise SystemExit(_main())

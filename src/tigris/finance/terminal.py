"""Terminal value of a build group at the horizon's end, by either convention.

Part of :mod:`tigris.finance.cashflow` (split from it; its names are importable from
there): :func:`going_concern_multiple` (``(1 + r)/r``, a no-growth perpetuity carried to
the year after the horizon), :func:`at_steady_state` (whether a module started some years
before is at full output, the steady state a perpetuity needs) and
:func:`terminal_values` (each group's book value or going-concern value from its
cash-flow rows, e.g. ``cash_flows.csv``). The same terminal
value per module and per wafer, for the ``npv`` objective, is
:func:`tigris.finance.present_value.terminal_pv`.

References: Damodaran, A. (2012), *Investment Valuation*, 3rd ed., ch. 12 (terminal
value); Brealey, Myers & Allen (2020), *Principles of Corporate Finance*, 13th ed., ch. 2
and 19; Koller, Goedhart & Wessels (2020), *Valuation*, 7th ed., ch. 14 (continuing
value only once the company is at a steady state); IAS 16 para. 6 and Howells et al.
(2011) (salvage at book value).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.finance.money_inputs import BOOK, GOING_CONCERN, REPLACEMENT_COLUMN, _lags

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs

#: Output within this of the ramp's held value counts as full output [-] (float noise).
_FULL_TOL = 1e-9
#: The steady-state flag of :func:`replacement_usd`'s frame, read by
#: :func:`terminal_values` when given [-].
STEADY_COLUMN = "steady"


def going_concern_multiple(rate: float) -> float:
    """Terminal value in the year after the horizon per unit of after-tax operating
    profit (NOPAT) a year, going concern with no growth [year].

    ``(1 + r)/r``: Damodaran's terminal value at the horizon's last year, a stable
    perpetuity ``FCFF/(r − g)``, with ``g = 0`` (no real growth: a module's output and
    real prices held) and so no net reinvestment (reinvestment rate ``g/ROC = 0``;
    capex equal to depreciation keeps the plant as it is, so ``FCFF = NOPAT``), carried
    one year forward to the year the table puts terminal values in (where the book
    value goes): ``NOPAT/r · (1 + r)``.

    Parameters
    ----------
    rate : float
        Real discount rate, > 0 [1/year].

    Returns
    -------
    float
        [year].

    Raises
    ------
    ValueError
        ``rate`` not > 0 (a perpetuity at 0 % or below has no finite value).

    References
    ----------
    Damodaran, A. (2012), *Investment Valuation*, 3rd ed., ch. 12 ("Closure in
    Valuation: Estimating Terminal Value": stable growth ``TV_n = FCFF_{n+1}/(r − g)``;
    reinvestment rate ``g/ROC``); Brealey, Myers & Allen, *Principles of Corporate
    Finance*, 13th ed. (2020), ch. 2 (perpetuity ``C/r``) and ch. 19 (horizon value of a
    business as a growing perpetuity).

    Examples
    --------
    >>> round(going_concern_multiple(0.05), 9)
    21.0
    """
    r = float(rate)
    if not r > 0:
        msg = f"a going-concern terminal value needs a discount rate > 0, got {r:g}"
        raise ValueError(msg)
    return (1.0 + r) / r


def at_steady_state(inp: PlanInputs) -> np.ndarray:
    """Whether a module is at its steady state (full output) at each lag after its
    start: (S, K, T) over lags ``0 .. T−1`` [-].

    ``output[l] > 0`` and ``output[l] ≥ output[L−1] − 1e-9``, with ``output`` the ramp
    (:attr:`~tigris.plan.inputs.PlanInputs.output`, its last value ``output[L−1]`` held
    for all later lags, the module's full output): past the ramp. A stable-growth
    terminal value values the horizon's last year as every later year, which a ramp
    year is not (its output, opex and replacement grow the next years and its sales
    with them or not, which the plan does not say); :func:`terminal_values` gives a
    group not at its steady state its book value.

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``output`` (S, K, L) [-].

    Returns
    -------
    numpy.ndarray
        (S, K, T) bool.

    References
    ----------
    Damodaran (2012), *Investment Valuation*, 3rd ed., ch. 12 (a stable-growth terminal
    value needs the firm in a steady state by the terminal year); Koller, Goedhart &
    Wessels (2020), *Valuation*, 7th ed., ch. 14 (continuing value: the explicit
    forecast must run until the company reaches a steady state).
    """
    out = np.asarray(inp.output, dtype=float)
    held = _lags(out, len(inp.years), hold=True)
    full = out[..., -1:]
    return (held > 0) & (held >= full - _FULL_TOL)


def terminal_values(
    flows: pd.DataFrame,
    rate: float,
    convention: str,
    last_year: int,
    replacement: pd.DataFrame | None = None,
) -> pd.Series:
    """Each build group's terminal value from its cash-flow rows, by either convention.

    From the rows of :func:`cash_flows` (or its export, ``cash_flows.csv``) up to
    ``last_year``, per group ``(site, facility, start_year)``:

    - ``book``: the book value, ``Σ capex − Σ depreciation`` (capex spent to date less
      depreciation to date, never below 0; IAS 16 para. 6, OSeMOSYS' salvage value);
    - ``going_concern``: a group at its steady state in ``last_year`` (full output:
      past its ramp, :func:`at_steady_state`) is a business kept running as it is: its
      after-tax operating profit of that year with the plant's steady replacement ``R``
      as its depreciation, ``NOPAT = (1 − t) · (revenue − variable − opex − R)``,
      received every year from then on without growth, valued in the year after the
      horizon: ``NOPAT · (1 + r)/r`` (:func:`going_concern_multiple`). ``R`` and ``t``
      come from ``replacement`` (:func:`replacement_usd`); without it, from the rows:
      ``R`` the ``replacement_usd`` column of ``last_year``'s row (:func:`cash_flows`)
      and ``NOPAT = (revenue − variable − opex − depreciation − tax) − (1 − t) · (R −
      depreciation)``, the same thing, with ``t`` the group's tax rate read back from
      its rows (``tax = t · (revenue − variable − opex − depreciation)`` every year:
      ``t = Σ tax · base / Σ base²``; not needed while ``R`` equals the depreciation);
      NaN where ``R`` is NaN (a run saved before the column) or ``t`` cannot be read.
      Rows without the column are charged the row's own depreciation and tax, ``NOPAT
      = revenue − variable − opex − depreciation − tax``, the same while none of the
      group's asset classes is written off by ``last_year`` (always so for the
      data-centre modules of the shipped data, 20-year buildings) and too high after.
      A group not at its steady state in ``last_year`` keeps its book value (its cost
      to date): one not yet operating, and one in a ramp year (part output), whose
      year is no steady state to hold for ever (user test s46 A: an HBM fab at 30 %
      of its output, selling nothing, was a −$29.9B perpetuity of its opex and
      replacement against $10.4B of book value). The steady state is
      :func:`at_steady_state`, as the plan values it: ``replacement``'s ``steady``
      column when given, else the flag the rows carry (:func:`cash_flows` puts each
      group's in the frame's ``attrs``; a ``steady`` column of the last year's rows is
      read too), so the rows of a plan value a group as the plan does (the s46 finance
      review: a first full-output year after a partial ramp year was at book value
      here and a perpetuity in the plan). Rows without it (``cash_flows.csv`` read
      back from a saved run) fall back to the rows alone: output in both
      ``last_year`` and the year before (opex, depreciation or revenue in each row)
      with the same opex (to 1e-9), the output no longer ramping (a group in its
      first full-output year is at book value there, where the plan holds it).

    Why a no-growth perpetuity of NOPAT, not the last year's cash flow held to the
    end of the books: it needs no life per group (so the ``npv`` objective stays linear
    in the sales variables, each year's sales pooled over start years), and with
    ``g = 0`` the reinvestment is the plant's replacement, each asset class's capex
    over its life (:func:`replacement_share`), which NOPAT after that depreciation
    charges. It assumes the last year's prices, output and grant share hold in real
    terms; a group losing money then is valued negative (abandonment is not
    modelled).

    Parameters
    ----------
    flows : pandas.DataFrame
        Cash-flow rows: ``site, facility, start_year, year``, the money columns of
        :data:`MONEY_COLUMNS` and, optionally, ``replacement_usd`` [USD/year].
    rate : float
        Real discount rate [1/year] (> 0 for ``going_concern``).
    convention : str
        ``book`` or ``going_concern``.
    last_year : int
        The horizon's last year [year].
    replacement : pandas.DataFrame, optional
        :func:`replacement_usd` of the plan: ``replacement_usd`` [USD/year],
        ``tax_rate`` [-] and, optionally, ``steady`` (bool) by ``(site, facility,
        start_year)``.

    Returns
    -------
    pandas.Series
        Terminal value by ``(site, facility, start_year)``, in the year after
        ``last_year`` [USD].

    References
    ----------
    Damodaran (2012), *Investment Valuation*, ch. 12 (terminal value of a going
    concern as a stable perpetuity, once the firm is in a steady state; liquidation
    value, here book value, as the alternative); Koller, Goedhart & Wessels (2020),
    *Valuation*, 7th ed., ch. 14 (continuing value from a steady-state year);
    Brealey, Myers & Allen (2020), ch. 19 (horizon value); Howells et al. (2011)
    (salvage at book value).

    Examples
    --------
    One group: 100 spent, 10 depreciated a year, then two years of NOPAT 6 at 5 %:

    >>> rows = pd.DataFrame({"site": "a", "facility": "f", "start_year": 2026,
    ...     "year": [2026, 2027, 2028], "capex_usd": [100.0, 0.0, 0.0],
    ...     "revenue_usd": [0.0, 20.0, 20.0], "variable_cost_usd": 0.0,
    ...     "opex_usd": [0.0, 2.0, 2.0], "depreciation_usd": [0.0, 10.0, 10.0],
    ...     "tax_usd": [0.0, 2.0, 2.0]})
    >>> float(terminal_values(rows, 0.05, "book", 2028).iloc[0])
    80.0
    >>> round(float(terminal_values(rows, 0.05, "going_concern", 2028).iloc[0]), 6)
    126.0

    With the horizon ending in 2027, its first year of output (a ramp year for all
    these rows, which carry no steady flag, tell), the group keeps its book value:

    >>> float(terminal_values(rows, 0.05, "going_concern", 2027).iloc[0])
    90.0

    The same group after its tools are written off, replaced at 16 a year, tax 25 %:
    NOPAT 0.75 · (20 − 2 − 16) = 1.5, worth 31.5:

    >>> keys = pd.MultiIndex.from_tuples([("a", "f", 2026)],
    ...     names=["site", "facility", "start_year"])
    >>> repl = pd.DataFrame({"replacement_usd": [16.0], "tax_rate": [0.25]}, index=keys)
    >>> round(float(terminal_values(rows, 0.05, "going_concern", 2028, repl).iloc[0]), 6)
    31.5

    The same from the rows with their ``replacement_usd`` (tax 2 of a base of 8: 25 %):

    >>> rows["replacement_usd"] = [0.0, 16.0, 16.0]
    >>> round(float(terminal_values(rows, 0.05, "going_concern", 2028).iloc[0]), 6)
    31.5
    """
    keys = ["site", "facility", "start_year"]
    inside = flows[flows["year"] <= last_year]
    sums = inside.groupby(keys, sort=False)[["capex_usd", "depreciation_usd"]].sum()
    book = (sums["capex_usd"] - sums["depreciation_usd"]).clip(lower=0.0)
    if convention == BOOK:
        return book
    if convention != GOING_CONCERN:
        msg = f"terminal value convention {convention!r}, expected {BOOK} or {GOING_CONCERN}"
        raise ValueError(msg)
    last = inside[inside["year"] == last_year].set_index(keys)
    nopat = (
        last["revenue_usd"]
        - last["variable_cost_usd"]
        - last["opex_usd"]
        - last["depreciation_usd"]
        - last["tax_usd"]
    )
    if replacement is not None and len(replacement):
        steady = replacement.reindex(last.index)
        profit = last["revenue_usd"] - last["variable_cost_usd"] - last["opex_usd"]
        held = (1.0 - steady["tax_rate"]) * (profit - steady["replacement_usd"])
        nopat = held.where(steady["replacement_usd"].notna(), nopat)
    elif REPLACEMENT_COLUMN in last.columns:
        nopat = nopat - _replacement_adjustment(inside, last, keys)
    steady = steady_groups(flows, last_year, replacement)
    going = (nopat * going_concern_multiple(rate))[steady]
    out = book.copy()
    out.loc[going.index] = going
    return out


def steady_groups(
    flows: pd.DataFrame, last_year: int, replacement: pd.DataFrame | None = None
) -> pd.Series:
    """Whether each build group of ``flows`` is at its steady state (full output, past
    its ramp) in ``last_year``: the groups :func:`terminal_values` values as a going
    concern; every other group keeps its book value under either convention, so with
    none steady the two conventions give the same terminal value (user test s50 API
    #3: the headline's going-concern NPV equal to the book one, unexplained).

    The plan's flag where the rows or ``replacement`` carry it (:data:`STEADY_COLUMN`),
    else from the rows alone (output in ``last_year`` and the year before, the same
    opex in both).

    Parameters
    ----------
    flows : DataFrame
        Cash-flow rows, as for :func:`terminal_values`.
    last_year : int
        The horizon's last year [year].
    replacement : DataFrame, optional
        As for :func:`terminal_values`.

    Returns
    -------
    Series of bool
        By ``(site, facility, start_year)``, the groups with a row in ``last_year``.

    Examples
    --------
    >>> rows = pd.DataFrame({"site": "a", "facility": "f", "start_year": 2026,
    ...     "year": [2026, 2027, 2028], "revenue_usd": [0.0, 20.0, 20.0],
    ...     "opex_usd": [0.0, 2.0, 2.0], "depreciation_usd": [0.0, 10.0, 10.0]})
    >>> bool(steady_groups(rows, 2028).iloc[0]), bool(steady_groups(rows, 2027).iloc[0])
    (True, False)
    """
    keys = ["site", "facility", "start_year"]
    inside = flows[flows["year"] <= last_year]
    last = inside[inside["year"] == last_year].set_index(keys)
    steady = _steady_rows(inside, last, keys, last_year)
    for given in (_rows_steady(flows, last), _frame_steady(replacement, last.index)):
        if given is not None:
            steady = given.where(given.notna(), steady).astype(bool)
    return steady


def steady_keys(flows: pd.DataFrame | None) -> list[list[Any]] | None:
    """The build groups the plan's own flag (``flows.attrs``, :func:`cash_flows`) says
    are at their steady state in the last year, as ``[site, facility, start_year]``
    lists, for a saved or stored run (attrs are not written: a report read back judged
    from the rows alone and called a module in its first full-output year not steady,
    user test 2026-12-06 scenario #2); None when the frame carries no flag.

    Parameters
    ----------
    flows : DataFrame or None
        The plan's cash-flow rows.

    Returns
    -------
    list of list, or None
        The steady groups' keys, sorted.

    Examples
    --------
    >>> rows = pd.DataFrame({"site": ["a"], "facility": ["f"], "start_year": [2026]})
    >>> rows.attrs[STEADY_COLUMN] = [["a", "f", 2026, True], ["b", "f", 2027, False]]
    >>> steady_keys(rows)
    [['a', 'f', 2026]]
    """
    given = _steady_map(None if flows is None else flows.attrs.get(STEADY_COLUMN))
    if given is None:
        return None
    return sorted([s, f, t] for (s, f, t), v in given.items() if v)


def _steady_map(given: Any) -> dict[tuple[str, str, int], bool] | None:
    """``attrs["steady"]``'s ``[site, facility, start_year, steady]`` lists as a dict by
    ``(site, facility, start_year)``; None when it is not such a list."""
    if not isinstance(given, list):
        return None
    return {(str(s), str(f), int(t)): bool(v) for s, f, t, v in given}


def restore_steady(flows: pd.DataFrame, keys: Any, last_year: int) -> None:
    """Put the plan's steady-state flag back on rows read from a saved or stored run
    (:func:`steady_keys`' ``keys``): every group with a row in ``last_year`` gets True
    when listed, else False; nothing when ``keys`` is not a list (a run saved before).

    Parameters
    ----------
    flows : DataFrame
        The cash-flow rows read back (changed in place: ``attrs``).
    keys : list or None
        ``[site, facility, start_year]`` of the steady groups.
    last_year : int
        The horizon's last year [year].

    Examples
    --------
    Two modules run in 2035, the horizon's last year; the saved run listed the first as
    steady, so it is flagged True and the other False:

    >>> import pandas as pd
    >>> flows = pd.DataFrame({"site": ["tw", "jp"], "facility": ["cowos", "hbm"],
    ...                       "start_year": [2027, 2030], "year": [2035, 2035]})
    >>> restore_steady(flows, [["tw", "cowos", 2027]], 2035)
    >>> flows.attrs[STEADY_COLUMN]
    [['tw', 'cowos', 2027, True], ['jp', 'hbm', 2030, False]]
    """
    if not isinstance(keys, list):
        return
    if not len(flows):
        flows.attrs[STEADY_COLUMN] = []
        return
    listed = {(str(s), str(f), int(t)) for s, f, t in keys}
    last = flows[flows["year"] == last_year]
    flows.attrs[STEADY_COLUMN] = [
        [str(s), str(f), int(t), (str(s), str(f), int(t)) in listed]
        for s, f, t in zip(last["site"], last["facility"], last["start_year"], strict=True)
    ]


def _frame_steady(replacement: pd.DataFrame | None, index: pd.Index) -> pd.Series | None:
    """``replacement``'s ``steady`` column on ``index`` (NaN where it has no row), or
    None without one [bool]."""
    if replacement is None or STEADY_COLUMN not in replacement.columns:
        return None
    return replacement[STEADY_COLUMN].reindex(index)


def _rows_steady(flows: pd.DataFrame, last: pd.DataFrame) -> pd.Series | None:
    """The plan's steady-state flag the rows carry, on ``last`` (the last year's rows
    by group), NaN where they say nothing; None when they carry none (rows read back
    from a file) [bool]. :func:`cash_flows` sets it as :data:`STEADY_COLUMN` of the
    frame's ``attrs`` (``[site, facility, start_year, steady]`` lists); a ``steady``
    column on the rows is read from the last year's rows."""
    if STEADY_COLUMN in last.columns:
        return last[STEADY_COLUMN]
    given = _steady_map(flows.attrs.get(STEADY_COLUMN))
    if given is None:
        return None
    return pd.Series([given.get(k) for k in last.index], index=last.index, dtype=object)


def _steady_rows(
    inside: pd.DataFrame, last: pd.DataFrame, keys: list[str], last_year: int
) -> pd.Series:
    """Whether each group of ``last`` (its ``last_year`` rows) is at its steady state,
    from the rows alone: output in ``last_year`` and the year before (revenue, opex or
    depreciation in each row) and the same opex in both (fixed opex is the module's
    times its output share, :func:`cash_flows`; equal to 1e-9 relative) [bool]."""
    cols = ["revenue_usd", "opex_usd", "depreciation_usd"]
    prev = inside[inside["year"] == last_year - 1].set_index(keys).reindex(last.index)
    now_on = (last[cols] > 0).any(axis=1)
    prev_on = (prev[cols].fillna(0.0) > 0).any(axis=1)
    same = pd.Series(
        np.isclose(last["opex_usd"], prev["opex_usd"].fillna(-1.0), rtol=1e-9, atol=0.0),
        index=last.index,
    )
    return now_on & prev_on & same


def _replacement_adjustment(inside: pd.DataFrame, last: pd.DataFrame, keys: list[str]) -> pd.Series:
    """``(1 − t) · (R − depreciation)`` of each group's ``last`` row: what its NOPAT
    after book depreciation loses when charged the steady replacement ``R`` (the row's
    ``replacement_usd``) instead [USD/year].

    ``t`` is the group's tax rate read back from its rows up to the last year
    (``inside``), where ``tax = t · base`` with ``base = revenue − variable − opex −
    depreciation`` (:func:`cash_flows`): the least-squares ``t = Σ tax · base / Σ
    base²``, exact for rows made that way; not needed (0 adjustment) where ``R``
    equals the depreciation to 1e-12, NaN where ``R`` is NaN or ``t`` cannot be read
    (every base 0).
    """
    base = (
        inside["revenue_usd"]
        - inside["variable_cost_usd"]
        - inside["opex_usd"]
        - inside["depreciation_usd"]
    )
    parts = pd.DataFrame({"tb": inside["tax_usd"] * base, "bb": base * base})
    sums = parts.groupby([inside[k] for k in keys], sort=False).sum()
    rate = (sums["tb"] / sums["bb"].where(sums["bb"] > 0)).reindex(last.index)
    repl = pd.to_numeric(last[REPLACEMENT_COLUMN], errors="coerce")
    dep = last["depreciation_usd"]
    same = pd.Series(np.isclose(repl, dep, rtol=1e-12, atol=0.0), index=last.index)
    return ((1.0 - rate) * (repl - dep)).where(~same, 0.0)

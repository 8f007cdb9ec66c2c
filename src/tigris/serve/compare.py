"""Two what-ifs side by side: their headline numbers, the inputs that differ
(:func:`tigris.runs.compare.scenario_diff`) and the supply and map figures of each.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dash import dcc, html

from tigris import fmt
from tigris.runs.compare import scenario_diff
from tigris.scenario.edit import ABSENT
from tigris.serve.layout import GRAPH_CONFIG, capex_text

if TYPE_CHECKING:
    from tigris.scenario import Scenario
    from tigris.serve.control_groups import Control

__all__ = ["COMPARE_FIGURES", "MAX_DIFF_ROWS", "ROWS", "Side", "compare_panel"]

#: Rows of the input diff listed (the rest are counted): two uploads may differ in
#: hundreds of leaves, and the page stays readable.
MAX_DIFF_ROWS = 40
#: The figures shown for each side (view figure ids).
COMPARE_FIGURES = ("fig-supply", "fig-map")
#: Headline rows: (label, section of the view's headline, number key, formatter).
ROWS = (
    ("Demand unmet", "numbers", "unmet_share", fmt.share),
    ("Compute served [H100e, summed]", "numbers", "served_h100e", fmt.h100e_millions),
    # what the investor adds, the ministry's question (UT-DASH #11)
    ("H100e added by the investor [summed]", "numbers", "added_h100e", fmt.h100e_millions),
    # gross, before subsidy; capital spent is the investor's own, after it (user test
    # 2026-12-06 policy #3)
    ("Capex committed (before subsidy)", "numbers", "capex_committed_usd", fmt.money),
    ("Capital spent (after subsidy)", "numbers", "capital_spent_usd", fmt.money),
    ("Investor's NPV", "numbers", "npv_usd", fmt.money),
    ("Unmet without the investor", "baseline", "unmet_share", fmt.share),
)


@dataclass(frozen=True)
class Side:
    """One pinned what-if.

    Parameters
    ----------
    name : str
        ``A`` or ``B``.
    scenario : Scenario
        Its scenario (for the input diff).
    view : dict or None
        Its view (``tigris.serve.view.compute_view``), None while it is being solved.
    values : dict, optional
        Its controls' values by control id, as the page shows them (a disruption, a
        data-table cell and a claimed chip are values of controls, not of the
        scenario).
    base : str, optional
        Its session's uploaded base scenario (YAML), None for the server's.
    """

    name: str
    scenario: Scenario
    view: Mapping[str, Any] | None
    values: Mapping[str, Any] | None = None
    base: str | None = None


def _number(view: Mapping[str, Any] | None, section: str, key: str) -> Any:
    head = (view or {}).get("headline") or {}
    x = (head.get(section) or {}).get(key)
    return x if isinstance(x, (int, float)) and math.isfinite(x) else None


#: Largest whole number written with thousands separators (beyond: exponent form).
_WHOLE_UP_TO = 1e18


def _text(value: Any) -> str:
    """A scenario leaf for the diff table, numbers readable.

    Examples
    --------
    >>> _text(2e10), _text(0.37), _text(True), _text(ABSENT), _text("japan")
    ('20,000,000,000', '0.37', 'True', '(absent)', 'japan')
    """
    if value is ABSENT:
        return "(absent)"
    if isinstance(value, float) and value.is_integer() and abs(value) < _WHOLE_UP_TO:
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _shown(value: Any, control: Control | None) -> str:
    """A diff cell in its control's units (US$ B, %) when a control sets that path, as
    the controls show it, else :func:`_text` (UT-DASH #11).

    Examples
    --------
    >>> from tigris.serve.control_groups import Control
    >>> c = Control("x", "capital.f.amount_usd", "amount", "US$ B", "Capital", "number",
    ...             9.0, 0.1, 1000.0, 0.5, scale=1e9)
    >>> _shown(2e10, c), _shown(2e10, None)
    ('20 US$ B', '20,000,000,000')
    """
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if control is None or not number or not control.scale:
        return _text(value)
    return f"{value / control.scale:.6g} {control.unit}".strip()


def _control_text(value: Any, control: Control | None) -> str:
    """A control's value as the page shows it: a number in the control's units.

    >>> from tigris.serve.control_groups import Control
    >>> c = Control("x", "capital.f.amount_usd", "amount", "US$ B", "Capital", "number",
    ...             9.0, 0.1, 1000.0, 0.5, scale=1e9)
    >>> _control_text(13.1, c), _control_text("euv-cut", None), _control_text(None, c)
    ('13.1 US$ B', 'euv-cut', '(none)')
    >>> _control_text(False, None)
    'off'
    """
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):  # a toggle reads on/off, as the page and the URL have it
        return "on" if value else "off"
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = control.unit if control is not None else ""
        return f"{value:.6g} {unit}".strip()
    return str(value)


def _control_rows(a: Side, b: Side, controls: Sequence[Control]) -> list[tuple[str, str, str]]:
    """``(path, A, B)`` of every control whose value differs between the sides, in the
    page's order (a disruption, a data-table cell, a claimed chip included: none is a
    scenario value, and the scenario diff alone said "The inputs are the same" beside
    different numbers; serve user test 2026-12-05)."""
    if a.values is None or b.values is None:
        return []
    known = {c.id: c for c in controls}
    others = sorted((set(a.values) | set(b.values)) - set(known))
    if others:  # a side pinned on another base (an upload): its controls, by id
        from tigris.serve.controls import controls_for

        for side in (a, b):
            for c in controls_for(side.scenario):
                known.setdefault(c.id, c)
    ids = [c.id for c in controls] + others
    rows = []
    for cid in ids:
        va, vb = a.values.get(cid), b.values.get(cid)
        if va == vb:
            continue
        c = known.get(cid)
        # in the control's path and units (user test s46 serve #6: a side of another
        # base showed 'capital--abu-dhabi-sovereign--amount_5fusd | 9 | (none)')
        rows.append((c.path if c else cid, _control_text(va, c), _control_text(vb, c)))
    return rows


def _diff_table(a: Side, b: Side, controls: Sequence[Control] = ()) -> html.Div:
    # the controls that differ, in their units; with one base (no upload on either
    # side, or the same) they are every difference, and the scenario leaves they set
    # (a site's facilities list, a claimed chip's products) would only repeat them
    from tigris.runs.compare import is_text_only

    rows = _control_rows(a, b, controls)
    text: list[str] = []
    if not rows or a.base != b.base:
        # entries of a list matched by name or facility id, as 'tigris compare' (user
        # test 2026-12-03, fifth session, #7: two facility entries dropped read as 48)
        by = {c.path: c for c in controls}
        said = {path for path, _, _ in rows}
        for path, va, vb in scenario_diff(a.scenario, b.scenario):
            if path in said:
                continue
            if is_text_only(path, va, vb):  # a source, a note, the name: apart, as
                # 'tigris compare' lists them (s48 sweeps #1, left for the page)
                text.append(path)
                continue
            rows.append((path, _shown(va, by.get(path)), _shown(vb, by.get(path))))
    only = f"only text differs ({len(text)}): {', '.join(text[:MAX_DIFF_ROWS])}" + (
        f" and {len(text) - MAX_DIFF_ROWS} more" if len(text) > MAX_DIFF_ROWS else ""
    )
    if not rows:
        words = f"The inputs are the same; {only}." if text else "The inputs are the same."
        return html.P(words, className="diff-none")
    head = html.Tr([html.Th("Input"), html.Th(a.name), html.Th(b.name)])
    body = [
        html.Tr([html.Td(path), html.Td(va), html.Td(vb)]) for path, va, vb in rows[:MAX_DIFF_ROWS]
    ]
    more = len(rows) - MAX_DIFF_ROWS
    tail = [html.P(f"and {more} more inputs differ")] if more > 0 else []
    if text:
        tail.append(html.P(f"Besides these, {only}.", className="diff-text"))
    return html.Div([html.Table([html.Thead(head), html.Tbody(body)], className="diff"), *tail])


def _cell(
    view: Mapping[str, Any] | None, section: str, key: str, form: Callable[[Any], str]
) -> str:
    """A number of the headline table as text: the capex committed as the page's tile
    prints it (:func:`tigris.serve.layout.capex_text`), so that the capex and the
    capital spent, the same amount without subsidies, are not rounded two ways (user
    test 2026-12-06 policy #4); the rest by their formatter."""
    if section == "numbers" and key == "capex_committed_usd":
        numbers = ((view or {}).get("headline") or {}).get("numbers") or {}
        return capex_text(numbers)
    return form(_number(view, section, key))


def _numbers_table(sides: list[Side]) -> html.Table:
    head = html.Tr([html.Th("")] + [html.Th(s.name) for s in sides])
    body = []
    for label, section, key, form in ROWS:
        cells = [html.Td(_cell(s.view, section, key, form), className="num") for s in sides]
        body.append(html.Tr([html.Td(label), *cells]))
    return html.Table([html.Thead(head), html.Tbody(body)], className="compare-numbers")


def _figures(side: Side) -> html.Div:
    if side.view is None:
        return html.Div(html.P(f"{side.name} is being solved again; pin it again in a moment."))
    figures = side.view.get("figures") or {}
    graphs = [
        dcc.Graph(
            id=f"compare-{side.name.lower()}-{fig_id.removeprefix('fig-')}",
            figure=figures[fig_id],
            config=GRAPH_CONFIG,
        )
        for fig_id in COMPARE_FIGURES
        if figures.get(fig_id)
    ]
    return html.Div([html.H4(f"{side.name}: {side.view.get('scenario_name', '')}"), *graphs])


def compare_panel(
    sides: Mapping[str, Side], controls: Sequence[Control] | None = None
) -> list[Any]:
    """The comparison's children: the headline numbers of each pinned what-if, their
    input diff when both are pinned, and the supply and map figures of each.

    Parameters
    ----------
    sides : mapping of str to Side
        ``{"A": ..., "B": ...}``; one alone is shown alone.
    controls : sequence of Control, optional
        The page's controls: a changed input a control sets is shown in its units.

    Returns
    -------
    list
        Dash components: the numbers table, the input diff (or a hint to pin another),
        then a block of figures per side, sides in name order.
    """
    ordered = [sides[k] for k in sorted(sides)]
    out: list[Any] = [_numbers_table(ordered)]
    if len(ordered) == 2:
        out.append(html.H4("Inputs that differ"))
        out.append(_diff_table(*ordered, tuple(controls or ())))
    else:
        out.append(html.P("Pin another what-if to compare."))
    out.append(html.Div([_figures(s) for s in ordered], className="compare-figures"))
    return out

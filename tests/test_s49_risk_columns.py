"""``tigris risk``'s disruption table prints each difference under the plan it belongs
to (user test s49 #1): the funding gap of the builds-fixed plan sat in the
"re-optimised" column, beside the JSON's ``reoptimised_funding_gap_usd`` of 0."""

from __future__ import annotations

from tigris.cli.risk import _print_extras


def _numbers() -> dict[str, object]:
    plan = {"cost_usd": 3.57e11, "objective_usd": 7.7e13, "npv_usd": 3.6e9}
    return {
        "base": dict(plan),
        "fixed": dict(plan),
        "reoptimised": dict(plan),
        "event_years": [2026, 2027],
        "fixed_lost_delivered_h100e": 1.0e6,  # 1M
        "reoptimised_lost_delivered_h100e": 7.29e6,  # 7.29M
        "fixed_loss_usd": None,  # not fundable
        "reoptimised_loss_usd": 1.49e11,
        "funding_gap_usd": 5.86e9,  # $5.86B, the fixed plan's
        "reoptimised_funding_gap_usd": 0.0,  # $0, the re-optimised plan's
    }


def _columns(out: str, word: str) -> list[str]:
    """The cells of the table row whose first cell is ``word``: [words, as made, builds
    fixed, re-optimised]."""
    for line in out.splitlines():
        row = line.replace("┃", "│").strip().strip("│")
        cells = [c.strip() for c in row.split("│")]
        if cells and cells[0] == word:
            return cells
    raise AssertionError(f"no row {word!r} in\n{out}")


def test_each_difference_sits_under_its_plan(capsys) -> None:
    doc = {"disruptions": [{"name": "no-gulf-money", "kind": "capital_withdrawn",
                            "numbers": _numbers()}]}  # fmt: skip
    _print_extras(doc)
    out = capsys.readouterr().out
    header = _columns(out, "")
    assert header[1:] == ["as made", "builds fixed", "re-optimised"]
    # the builds-fixed plan's gap under "builds fixed", nothing under the others
    assert _columns(out, "funding gap, builds fixed")[1:] == ["", "$5.86B", ""]
    assert _columns(out, "funding gap, re-optimised")[1:] == ["", "", "$0"]
    assert _columns(out, "deliveries lost, builds fixed")[1:] == ["", "1M", ""]
    assert _columns(out, "deliveries lost, re-optimised")[1:] == ["", "", "7.29M"]
    assert _columns(out, "objective loss, builds fixed")[1:] == ["", "not fundable", ""]
    assert _columns(out, "objective loss, re-optimised")[1:] == ["", "", "$149B"]

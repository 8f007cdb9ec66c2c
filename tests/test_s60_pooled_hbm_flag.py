"""A pooled-HBM flag under the sold-out bar names what it counts (review of 2026-12-07).

The 2025 flag said the published shipments need "HBM 87 %" of the capacity, under the
90 % bar, while the parts qualified only with SK hynix and Micron needed 118 % of
theirs: the pooled share counts Samsung's capacity, which those parts could not use.
The flag now says so, with the group's share read from the same document.
"""

from __future__ import annotations

from tigris.cli.hindcast import _pooled_hbm_words


def _rec(costed: dict[str, float]) -> dict:
    return {
        "published_at_model_bills": {"coverage": 1.0, **costed},
        "hbm_by_maker": {"SK hynix": {}, "Samsung": {}, "Micron": {}},
    }


def test_the_tied_group_over_the_pooled_share_is_named() -> None:
    rec = _rec({"hbm": 0.87, "hbm:SK hynix": 0.95, "hbm:SK hynix+Micron": 1.18})
    words = _pooled_hbm_words(rec, {"hbm": 0.87})
    assert "SK hynix+Micron need 118 %" in words
    assert "(Samsung's included)" in words


def test_no_words_when_hbm_is_not_under_or_no_group_needs_more() -> None:
    rec = _rec({"hbm": 0.87, "hbm:SK hynix+Micron": 0.80})
    assert _pooled_hbm_words(rec, {"cowos": 0.78}) == ""
    assert _pooled_hbm_words(rec, {"hbm": 0.87}) == ""


def test_the_cli_flag_of_2025_names_the_makers(run_cli) -> None:
    """On the shipped data 2025's pooled HBM is flagged (docs/plan.md, 'The hindcast');
    the flag names the group and the maker left out, with the group's share from the
    --json document."""
    doc = run_cli("hindcast", "--json").json()
    y2025 = next(y for y in doc["years"] if y["year"] == 2025)
    assert "hbm" in y2025["verdict"]["published_under_sold_out"]
    text = " ".join(run_cli("hindcast").out.split())  # the lines as wrapped, joined
    start = text.index("Flag 2025, under the sold-out bar")
    flag = text[start : text.index("HBM used by maker", start)]
    share = y2025["published_at_model_bills"]["hbm:SK hynix+Micron"]
    assert f"SK hynix+Micron need {100 * share:.0f} %" in flag
    assert "Samsung's included" in flag

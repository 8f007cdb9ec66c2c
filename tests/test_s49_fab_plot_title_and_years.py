"""Two labels from the user test of s49 (fab): the fab timeline's title gave a capex
("$35.5B") with neither its dollar year nor whether it is before or after the subsidy
(the fab's whole capex, before subsidy, in the dollars of the node's price year); and
a chip bill one year after its part's last ship year said "for 1 years"."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


def test_the_fab_timeline_title_says_before_subsidy_and_its_dollars() -> None:
    from tigris.fab.model import fab_model
    from tigris.viz.fab import plot_fab_timeline

    r = fab_model("N5", 20_000, "germany")  # a site with a subsidy
    assert r.subsidy_usd > 0 and r.capex_price_year is not None
    text = plot_fab_timeline(r)._suptitle
    # as drawn: two "$" made matplotlib typeset the text between them as math (review)
    title, math = text._preprocess_math(text.get_text())
    assert math is False and title.count("$") == 2
    assert "capex before subsidy" in title, title
    assert f"US$ of {r.capex_price_year}" in title, title
    gross, net = r.capex_usd / 1e9, (r.capex_usd - r.subsidy_usd) / 1e9
    assert f"${gross:.2f}B" in title and f"${net:.2f}B" not in title  # the gross figure


def test_one_year_out_of_production_is_singular(run_cli) -> None:
    from tigris.world.roadmap import roadmap_products

    [row] = [r for r in roadmap_products(1, 9999) if r["accelerator"] == "h100-sxm"]
    year = int(row["last_year"]) + 1
    res = run_cli("chip", "h100", "--year", str(year))
    assert res.code == 0, res.err
    text = " ".join((res.out + res.err).split())
    assert "out of production for 1 year," in text, text
    res = run_cli("chip", "h100", "--year", str(year + 1))
    assert "out of production for 2 years," in " ".join((res.out + res.err).split())


def test_a_line_in_a_standing_building_counts_from_tool_move_in() -> None:
    from tigris.fab.model import fab_model
    from tigris.viz.fab import plot_fab_timeline

    fig = plot_fab_timeline(fab_model("N5", 20_000, "germany", building_exists=True))
    assert fig.axes[0].get_xlabel() == "Years from tool move-in"


def test_a_greenfield_floor_is_not_read_against_a_tools_only_line(run_cli, monkeypatch) -> None:
    """Fab 18's floor is a whole fab's, building included: a line in a standing
    building dearer than it does not 'agree' with it (review of s49)."""
    monkeypatch.setenv("COLUMNS", "300")  # each row's text on one line
    line = run_cli("fab", "--node", "N5", "--wspm", "50000", "--site", "taiwan",
                   "--building-exists")  # fmt: skip
    assert line.code == 0, line.err
    text = " ".join(line.out.split())
    assert "any ratio above 1 agrees" not in text
    assert "not like for like" in text
    whole = " ".join(
        run_cli("fab", "--node", "N5", "--wspm", "50000", "--site", "taiwan").out.split()
    )
    assert "any ratio above 1 agrees" in whole

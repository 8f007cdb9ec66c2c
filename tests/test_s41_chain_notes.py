"""What the chain commands say about an option that does less than a user would think
(user test 2026-12-05 of catalog, chip, die and fab). Each note's claim is checked
against the numbers it is about."""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.fab import fab_param
from tigris.fab.dollars import INDICES, price_index_years

FAB = ("fab", "--node", "N3", "--site", "arizona-usa", "--wspm", "25000")


def test_campus_note_and_its_claim(run_cli) -> None:
    """--campus-wspm shares out a fixed building that the shipped data set to 0: the
    note says it changes no cost, and indeed the capex is the same with it."""
    assert fab_param("building_fixed_usd") == 0.0
    alone = run_cli(*FAB, "--json").json()
    phase = run_cli(*FAB, "--campus-wspm", "100000", "--json").json()
    assert phase["capex_usd"] == alone["capex_usd"]
    (note,) = [n for n in phase["notes"] if "--campus-wspm" in n]
    assert "it changes no cost" in note
    assert not [n for n in alone["notes"] if "--campus-wspm" in n]
    text = run_cli(*FAB, "--campus-wspm", "100000")
    assert "changes no cost" in " ".join(text.out.split())


def test_dollars_past_the_indices_are_said_to_be_held(run_cli) -> None:
    """A year after every index's last gives the same money as that last year, and
    the note names the indices' last years."""
    last = max(price_index_years(k)[1] for k in INDICES)
    at_last = run_cli(*FAB, "--dollars-of", str(last), "--json").json()
    later = run_cli(*FAB, "--dollars-of", "2100", "--json").json()
    assert later["capex_usd"] == pytest.approx(at_last["capex_usd"], rel=1e-12)
    (note,) = [n for n in later["notes"] if "US$ of 2100" in n]
    for k in INDICES:
        assert f"data/{INDICES[k][0]}.csv ends in {price_index_years(k)[1]}" in note
    first = max(price_index_years(k)[0] for k in INDICES)
    assert not run_cli(*FAB, "--dollars-of", str(first), "--json").json()["notes"]


@pytest.mark.parametrize("year", ["1949", "1950"])
def test_dollars_before_the_indices_name_their_first_year(run_cli, year: str) -> None:
    """1949 and 1950 are refused with the same first year (was: [1950, 2200], then
    'from 2015')."""
    first = max(price_index_years(k)[0] for k in INDICES)
    res = run_cli(*FAB, "--dollars-of", year)
    assert_one_line_error(res, "--dollars-of", f"expected a whole year from {first}")


def test_budget_json_has_the_budget(run_cli) -> None:
    out = run_cli("fab", "--node", "N3", "--site", "taiwan", "--budget-usd", "10e9", "--json")
    assert out.json()["budget_usd"] == 10e9
    assert out.json()["net_capex_usd"] <= 10e9


def test_edge_exclusion_error_names_the_option(run_cli) -> None:
    res = run_cli("die", "--width", "26", "--height", "31.3", "--d0", "0.1", "--edge-mm", "150")
    assert_one_line_error(res, "--edge-mm:", "below 150 mm")
    assert "edge_mm" not in res.err


@pytest.mark.parametrize("verb", ["catalog", "chip"])
def test_a_product_name_read_as_a_part_says_so(run_cli, verb: str) -> None:
    """gb200 is read as b200 (one GPU of a GB200 superchip): catalog and chip say so,
    as train and infer do; b200 itself has no note."""
    text = " ".join(run_cli(verb, "gb200").out.split())
    assert "gb200 is read as b200" in text
    assert "read as" not in " ".join(run_cli(verb, "b200").out.split())
    doc = run_cli(verb, "gb200", "--json").json()
    said = doc.get("name_note", "") + " ".join(doc.get("notes", []))
    assert "gb200 is read as b200" in said

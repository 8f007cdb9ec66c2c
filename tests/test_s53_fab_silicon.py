"""User test of 2026-12-06 (fab and silicon analyst): fixes with hand-derived checks."""

from __future__ import annotations

import math

import pytest

from tigris.fab import fab_model


def test_new_fab_cannot_run_better_than_its_node_on_the_same_date() -> None:
    # N3 (nodes.csv: HVM December 2022, D0 0.10 at HVM, 0.044 mature, 12-month learning)
    # in Taiwan (21 months to first wafer), begun 1 January 2021: first wafer 2022.75.
    r = fab_model("N3", 50_000, "taiwan", start_year=2021, years=5)
    d0 = dict(zip(r.to_frame()["year"], r.d0_per_cm2_by_year, strict=True))
    # 2022: the year's operating part is 2022.75-2023, its middle 2022.875, 0.5 month
    # before N3's HVM (1 December 2022): the node's HVM value, not the copy curve's
    # 2 x 0.044 learning down (0.078) that read 0.10 as beaten before HVM
    assert d0[2022] == pytest.approx(0.10)
    # 2023: middle 2023.5, N3 7 months old: 0.044 + 0.056 exp(-7/12); the new fab's own
    # copy curve (9 months from first wafer, 0.044 + 0.044 exp(-9/6) = 0.054) is lower
    assert d0[2023] == pytest.approx(0.044 + 0.056 * math.exp(-7 / 12), rel=1e-9)
    # a fab of a mature node keeps its own copy curve: N5 (HVM 2020) begun in 2026
    late = fab_model("N5", 50_000, "taiwan", start_year=2026, years=4)
    d5 = dict(zip(late.to_frame()["year"], late.d0_per_cm2_by_year, strict=True))
    assert d5[2028] == pytest.approx(0.044 + 0.044 * math.exp(-9 / 6), rel=1e-9)


# High-NA half-field (user test 2026-12-06 #2): 14A has five High-NA layers
# (nodes.csv), whose anamorphic optics expose 26 x 16.5 mm (imec, JM3 2025).


def test_a_die_past_the_high_na_half_field_exceeds_it_on_14a(run_cli) -> None:  # type: ignore[no-untyped-def]
    # 26 x 31.3 mm fits the 26 x 33 mm field of N3, not 14A's 26 x 16.5 mm
    on_n3 = run_cli("die", "--node", "N3", "--width", "26", "--height", "31.3", "--json")
    on_14a = run_cli("die", "--node", "14A", "--width", "26", "--height", "31.3", "--json")
    assert on_n3.json()["exceeds_reticle"] is False
    assert on_14a.json()["exceeds_reticle"] is True
    assert "26 x 16.5 mm High-NA half-field of 14A" in on_14a.err
    assert "stitched" in on_14a.err
    # the half-field itself fits, either way round
    fits = run_cli("die", "--node", "14A", "--width", "16.5", "--height", "26", "--json")
    assert fits.json()["exceeds_reticle"] is False


def test_the_14a_ladder_reads_the_half_field(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("die", "--node", "14A", "--year", "2030", "--json")
    whole = next(r for r in res.json()["by_area"] if r["share_of_reticle"] == 1.0)
    assert (whole["width_mm"], whole["height_mm"]) == (26.0, 16.5)
    n3 = run_cli("die", "--node", "N3", "--year", "2030", "--json").json()["by_area"][-1]
    assert (n3["width_mm"], n3["height_mm"]) == (26.0, 33.0)


def test_a_chip_moved_to_14a_is_told_its_die_needs_stitching(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("chip", "b200", "--node", "14A", "--year", "2029", "--json")
    doc = res.json()
    assert doc["exceeds_reticle"] is True  # 800 mm^2 > 26 x 16.5 = 429 mm^2
    assert any("429 mm^2" in w and "14A" in w for w in doc["warnings"])
    # on its own node the same die is inside the full field, and nothing is said
    own = run_cli("chip", "b200", "--year", "2026", "--json").json()
    assert own["exceeds_reticle"] is False
    assert not [w for w in own["warnings"] if "stitched" in w]


def test_an_n5_fab_makes_a_part_of_the_n5_family(run_cli) -> None:  # type: ignore[no-untyped-def]
    # user test 2026-12-06 #4: nodes.csv puts N4 in the N5 family, and the plan's
    # logic-N5 line makes N4 parts, but `fab --node N5 --product h100` refused H100's N4 die
    fab = ("fab", "--site", "taiwan", "--wspm", "20000", "--product", "h100", "--json")
    n5 = run_cli(*fab, "--node", "N5")
    assert n5.code == 0, n5.err
    doc = n5.json()
    assert "N5 family" in doc["product_note"]
    # the same die, counted at N5's yield, as --recost-die would count it
    again = run_cli(*fab, "--node", "N5", "--recost-die")
    assert again.json()["accelerators_per_year"] == doc["accelerators_per_year"] > 0
    # another family still needs --recost-die
    n3 = run_cli(*fab, "--node", "N3")
    assert n3.code == 2 and "--recost-die" in n3.err


def test_a_fab_of_a_200_mm_node_is_refused_not_costed_as_300_mm(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # user test 2026-12-06 #3: a custom node on 200 mm wafers gave a fab byte-identical
    # to N3's on 300 mm (capex, cost per wafer, energy) while its dies were counted on
    # 200 mm wafers (21 gross H100 dies, not 60)
    data = tmp_path / "nodes.yaml"
    data.write_text(
        "nodes:\n  - name: NY\n    based_on: N3\n    wafer_diameter_mm: 200\n"
        "    source: test\n    as_of: 2025-01\n",
        encoding="utf-8",
    )
    args = ("fab", "--node", "NY", "--site", "taiwan", "--wspm", "20000", "--data", str(data))
    res = run_cli(*args)
    assert res.code == 2 and "200 mm wafers" in res.err and "300 mm" in res.err
    assert len(res.err.strip().splitlines()) == 1
    # its dies are still counted, on its own wafers
    die = run_cli(
        "die", "--node", "NY", "--width", "26", "--height", "31.3", "--data", str(data), "--json"
    )
    assert die.code == 0, die.err
    assert die.json()["wafer_diameter_mm"] == 200


def test_any_capacity_that_needs_a_scanner_has_one() -> None:
    # user test 2026-12-06 #7: ceil(layers x wspm / (throughput x availability x 730.5))
    # is at least 1 for any capacity > 0, but a 1e-6-wspm N3 fab had 0 EUV and 0 ArF
    # tools (the rounding slack of 1e-9 tools swallowed its 1e-8)
    tiny = fab_model("N3", 1e-6, "taiwan")
    assert (tiny.euv_tools, tiny.duv_tools, tiny.high_na_tools) == (1, 1, 0)
    # a node without EUV layers needs no EUV tool however small
    assert fab_model("N28", 1e-6, "taiwan").euv_tools == 0


def test_chip_names_its_argument_and_warns_below_one_good_die(run_cli) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import assert_one_line_error

    # user test 2026-12-06 #8: "accelerator: unknown ..." for chip's NAME argument
    assert_one_line_error(run_cli("chip", "foo"), "NAME", "unknown accelerator 'foo'")
    # --d0 10: an 814 mm^2 die's Poisson yield is e^(-8.14 x 10) ~ 4e-36 (harvesting
    # lifts it to ~1e-24), times ~60 gross dies far below one good die a wafer: said,
    # not silently priced
    doc = run_cli("chip", "h100", "--d0", "10", "--json").json()
    assert doc["good_dies_per_wafer"] < 1
    assert any("fewer than one" in w for w in doc["warnings"])
    ok = run_cli("chip", "h100", "--d0", "0.1", "--json").json()
    assert ok["good_dies_per_wafer"] > 1
    assert not [w for w in ok["warnings"] if "fewer than one" in w]

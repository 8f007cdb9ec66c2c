"""``tigris die --area``: a die known by its area (GH100's 814 mm^2), checked against
the published gross-die estimate and against the same die given by its sides."""

from __future__ import annotations

import math

import pytest

from tests.conftest import assert_one_line_error

#: GH100: 814 mm^2, and its published analytic gross dies on a 300 mm wafer with a 3 mm
#: edge exclusion and no scribe, pi 147^2 / 814 - pi 294 / sqrt(2 x 814) = 60.5
#: (tigris.silicon.dies.gross_dies_estimate's reference; Epoch AI's 'Can AI scaling
#: continue through 2030?', 2024, dies per wafer).
GH100_MM2, GH100_GROSS = 814.0, 60.5
#: The 0.33-NA reticle field's width [mm] (26 x 33 mm, silicon_params.csv).
FIELD_WIDTH_MM = 26.0


def _die(run_cli, *args: str) -> dict:
    res = run_cli("die", *args, "--json")
    assert res.code == 0, res.err
    return res.json()


def test_an_area_alone_is_the_reticle_wide_outline_of_that_area(run_cli) -> None:
    """A 28.53 mm square would exceed the 26 mm field; the area is drawn 26 mm wide,
    and its analytic gross dies are the published 60.5 (the estimate depends on the
    area alone without a scribe lane)."""
    by_area = _die(run_cli, "--area", "814", "--scribe-mm", "0", "--node", "N4")
    assert by_area["width_mm"] == FIELD_WIDTH_MM
    assert by_area["height_mm"] == pytest.approx(GH100_MM2 / FIELD_WIDTH_MM, rel=1e-12)
    hand = math.pi * 147**2 / GH100_MM2 - math.pi * 294 / math.sqrt(2 * GH100_MM2)
    assert round(hand, 1) == GH100_GROSS
    assert by_area["gross_dies_estimate"] == pytest.approx(hand, rel=1e-9)
    by_sides = _die(
        run_cli, "--width", "26", "--height", repr(GH100_MM2 / 26), "--scribe-mm", "0",
        "--node", "N4",
    )  # fmt: skip
    for key in ("gross_dies", "gross_dies_estimate", "good_dies", "yield"):
        assert by_area[key] == pytest.approx(by_sides[key], rel=1e-12), key


def test_a_small_area_is_a_square_and_one_side_gives_the_other(run_cli) -> None:
    square = _die(run_cli, "--area", "100")
    assert (square["width_mm"], square["height_mm"]) == (10.0, 10.0)
    assert square == _die(run_cli, "--width", "10", "--height", "10")
    tall = _die(run_cli, "--area", "814", "--width", "20")
    assert tall["height_mm"] == pytest.approx(814 / 20, rel=1e-12)
    wide = _die(run_cli, "--area", "814", "--height", "20")
    assert wide["width_mm"] == pytest.approx(814 / 20, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--area", "814", "--width", "26", "--height", "31"), "not all three"),
        (("--area", "0"), "> 0"),
        (("--area", "nan"), "--area"),
    ],
)
def test_bad_areas_are_one_line(run_cli, args: tuple[str, ...], needle: str) -> None:
    assert_one_line_error(run_cli("die", *args), "--area", needle)

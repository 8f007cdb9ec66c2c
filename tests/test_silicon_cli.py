"""``tigris die`` / ``tigris chip`` through the real entry point, and the wafer-map PNG."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import typer

from tests.conftest import assert_one_line_error
from tigris.cli import app
from tigris.silicon import die_layout, gross_dies_estimate, gross_dies_exact
from tigris.viz.wafer import draw_defects, plot_wafer_map

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_die_json_h100(run_cli) -> None:
    res = run_cli(
        "die", "--width", "26", "--height", "31.3", "--d0", "0.1", "--edge-mm", "3",
        "--scribe-mm", "0", "--json",
    )  # fmt: skip
    assert res.code == 0, res.err
    data = res.json()
    for key in ("gross_dies", "gross_dies_estimate", "yield", "good_dies"):
        assert key in data
    # figures.md 3.4: 60.5 analytic gross (3 mm edge); Poisson yield exp(-0.8138)
    assert data["gross_dies_estimate"] == pytest.approx(60.5, abs=0.1)
    assert data["yield"] == pytest.approx(np.exp(-0.8138), rel=1e-4)
    assert data["gross_dies"] >= data["gross_dies_estimate"] - 3
    assert data["good_dies"] == pytest.approx(data["gross_dies"] * data["yield"])
    assert data["exceeds_reticle"] is False


def test_die_with_node_and_harvesting(run_cli) -> None:
    plain = run_cli("die", "--width", "26", "--height", "31.3", "--node", "N4", "--json").json()
    assert plain["d0_per_cm2"] == pytest.approx(0.07) and plain["node"] == "N4"
    harvested = run_cli(
        "die", "--width", "26", "--height", "31.3", "--node", "N4", "--units", "144",
        "--spares", "12", "--json",
    ).json()  # fmt: skip
    assert harvested["yield"] > plain["yield"]
    # the table says the yield is harvested, as 'tigris chip' does
    table = run_cli(
        "die", "--width", "26", "--height", "31.3", "--node", "N4", "--units", "144",
        "--spares", "12",
    ).out  # fmt: skip
    assert "yield (poisson, harvested" in table
    assert "harvested" not in run_cli("die", "--width", "26", "--height", "31.3").out


def test_die_reticle_flag_and_models(run_cli) -> None:
    res = run_cli("die", "--width", "30", "--height", "30", "--d0", "0.1", "--json")
    assert res.json()["exceeds_reticle"] is True
    # a successful scripted run is quiet on stderr (issue 9) but for a warning on valid
    # input that may not say what was meant: no such die is made (user test S45 #5)
    assert res.err.startswith("warning: a 30 x 30 mm die exceeds the 26 x 33 mm reticle")
    assert res.err.count("\n") == 1 and res.json()["warnings"] == [res.err[9:-1]]
    fits = run_cli("die", "--width", "20", "--height", "20", "--d0", "0.1", "--json")
    assert fits.err == "" and fits.json()["warnings"] == []
    y = {
        m: run_cli(
            "die", "--width", "20", "--height", "20", "--d0", "0.2", "--model", m, "--json"
        ).json()["yield"]
        for m in ("poisson", "murphy", "seeds", "bose-einstein", "negative-binomial")
    }
    assert y["poisson"] == pytest.approx(np.exp(-0.8))
    assert y["seeds"] == pytest.approx(1 / 1.8)


def test_die_plot_png(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "wafer.png"
    res = run_cli(
        "die", "--width", "12", "--height", "9", "--d0", "0.2", "--plot", str(out), "--json"
    )
    assert res.code == 0, res.err
    assert out.read_bytes()[:8] == PNG_MAGIC
    drawn = res.json()["plot"]
    assert drawn["whole"] == res.json()["gross_dies"]
    assert drawn["good"] + drawn["defective"] == drawn["whole"]


def test_die_plot_to_unwritable_path_is_one_line(run_cli, tmp_path: Path) -> None:
    # The parent "directory" is a regular file: the PNG cannot be written.
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    res = run_cli("die", "--width", "20", "--height", "20", "--d0", "0.1", "--plot",
                  str(blocker / "map.png"))  # fmt: skip
    assert_one_line_error(res, "--plot", "cannot write")


def test_die_human_table(run_cli) -> None:
    res = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1")
    assert res.code == 0
    assert "gross dies (exact)" in res.out and "good dies" in res.out


# The N5 row of nodes.csv: 0.10 /cm^2 at its 2020 HVM, learning to a 0.044 floor with a
# 12-month time constant (TSMC 2020 symposium chart); N4: 0.07 at its 2022 HVM, same floor.
N5_D0, N4_D0, FLOOR, TAU = 0.10, 0.07, 0.044, 12.0


def test_die_months_uses_the_matured_d0(run_cli) -> None:
    """Issue 13: 'tigris die --node N5 --months 36' reads N5's learning curve."""
    args = ("die", "--width", "26", "--height", "31.3", "--node", "N5")
    launch = run_cli(*args, "--json").json()
    mature = run_cli(*args, "--months", "36", "--json").json()
    # by hand: 0.044 + (0.10 - 0.044) * exp(-36 / 12) = 0.04679
    d0 = FLOOR + (N5_D0 - FLOOR) * np.exp(-36 / TAU)
    assert mature["d0_per_cm2"] == pytest.approx(d0, rel=1e-12)
    assert mature["d0_basis"] == "learning" and mature["d0_months_since_hvm"] == 36
    assert "36 months" in mature["d0_explanation"]
    assert mature["yield"] == pytest.approx(
        launch["yield"] * np.exp(-8.138 * (d0 - N5_D0)), rel=1e-9
    )
    assert launch["d0_per_cm2"] == N5_D0 and launch["d0_basis"] == "hvm"
    # --year 2023 is mid-2023, 39 months after N5's April 2020 HVM (1 April 2020 to
    # 1 July 2023)
    by_year = run_cli(*args, "--year", "2023", "--json").json()
    assert by_year["d0_months_since_hvm"] == 39
    assert by_year["d0_per_cm2"] == pytest.approx(FLOOR + (N5_D0 - FLOOR) * np.exp(-39 / TAU))
    assert "2020-04 HVM" in by_year["d0_explanation"]
    # a year before N5's HVM (2020) is refused: the curve has no value there (user
    # test 2026-12-03 #10; it was read at the HVM value, said to be '0 months after')
    assert_one_line_error(run_cli(*args, "--year", "2019"), "--year", "2020 or later", "2019")
    table = run_cli(*args, "--months", "36").out
    assert "D0 from" in table and "learning curve" in table
    given = run_cli("die", "--width", "26", "--height", "31.3", "--d0", "0.2", "--json")
    assert given.json()["d0_basis"] == "given"


def test_chip_year_uses_the_d0_of_that_year(run_cli) -> None:
    """Issue 13: 'tigris chip NAME --year Y' reads the node's D0 at mid-Y."""
    launch = run_cli("chip", "h100", "--json").json()
    assert launch["d0_per_cm2"] == N4_D0 and launch["d0_basis"] == "hvm"
    later = run_cli("chip", "h100", "--year", "2025", "--json").json()
    # H100 is on N4 (HVM 2022): mid-2025 is 42 months on
    assert later["d0_months_since_hvm"] == 42 and later["year"] == 2025
    assert later["d0_per_cm2"] == pytest.approx(FLOOR + (N4_D0 - FLOOR) * np.exp(-3.5))
    assert later["logic_wafers_per_1000"] < launch["logic_wafers_per_1000"]
    months = run_cli("chip", "h100", "--months", "42", "--json").json()
    assert months["d0_per_cm2"] == pytest.approx(later["d0_per_cm2"], rel=1e-12)
    assert "mid-2025" in run_cli("chip", "h100", "--year", "2025").out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        # gross dies need no D0 (user test s49 #9), a yield option does
        (("die", "--width", "10", "--height", "10", "--units", "10", "--spares", "1"), "--d0"),
        (("die", "--width", "-1", "--height", "10", "--d0", "0.1"), "--width"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--model", "posson"),
         "did you mean 'poisson'"),
        (("die", "--width", "10", "--height", "10", "--node", "N9"), "--node"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--units", "10"), "--spares"),
        (("chip", "tpu-v5p"), "logic_dies"),
        (("chip", "h10"), "did you mean 'h100'"),
        (("chip", "h100", "--node", "N9"), "--node"),
        (("chip", "h100", "--d0", "-1"), "--d0"),
        # Options that would be silently ignored.
        (("chip", "h100", "--d0", "0.1", "--months", "12"), "not both"),
        (("chip", "h100", "--months", "12", "--year", "2024"), "--year"),
        (("chip", "h100", "--months", "-1"), "--months"),
        # D0 by maturity on 'die': one way to set D0, an age needs a node (issue 13)
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--months", "36"),
         "--months"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--year", "2024"), "--year"),
        (("die", "--width", "10", "--height", "10", "--node", "N5", "--months", "36",
          "--year", "2024"), "--year"),
        (("die", "--width", "10", "--height", "10", "--node", "N5", "--months", "-1"),
         "--months"),
        (("die", "--width", "10", "--height", "10", "--node", "N5", "--months", "nan"),
         "--months"),
        (("die", "--width", "10", "--height", "10", "--months", "36"), "--months"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--alpha", "2"),
         "--model negative-binomial"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--critical-layers", "3"),
         "--model bose-einstein"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--unit-fraction", ".5"),
         "--units"),
        # Used to crash (negative seed) or run out of memory and time (huge grids and maps).
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--seed", "-1",
          "--plot", "never.png"), "--seed"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--wafer-mm", "1e9"),
         "--wafer-mm: expected a wafer diameter in (0, 450] mm"),
        (("die", "--width", ".001", "--height", ".001", "--d0", "0.1", "--scribe-mm", "0"),
         "rows"),
        (("die", "--width", ".05", "--height", ".05", "--d0", "0.1", "--plot", "never.png"),
         "too many to draw"),
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--units", "100000000",
          "--spares", "50000000"), "--spares: expected at most 100,000 spare units"),
    ],
)  # fmt: skip
def test_cli_errors_one_line(run_cli, args: tuple[str, ...], needle: str) -> None:
    assert_one_line_error(run_cli(*args), needle)


def test_chip_json_keys_and_values(run_cli) -> None:
    res = run_cli("chip", "h100", "--json")
    assert res.code == 0, res.err
    data = res.json()
    for key in (
        "good_dies_per_wafer",
        "logic_wafers_per_1000",
        "interposer_wafers_per_1000",
        "hbm_stacks_per_1000",
        "manufacturing_cost_usd",
    ):
        assert key in data
    # Raymond James ~$3,320 (Aug 2023), 25 % tolerance as in test_silicon_chip
    assert data["manufacturing_cost_usd"] == pytest.approx(3320, rel=0.25)
    # 5 HBM stacks per H100, plus package-yield losses
    assert 5000 < data["hbm_stacks_per_1000"] < 5500


def test_chip_overrides_and_table(run_cli) -> None:
    d0 = run_cli("chip", "h100", "--d0", "0", "--json").json()
    assert d0["die_yield"] == 1.0
    res = run_cli("chip", "b200", "--node", "N3", "--model", "murphy")
    assert res.code == 0 and "N3" in res.out and "manufacturing cost" in res.out


# --- the wafer map ----------------------------------------------------------------------


def test_wafer_map_draws_every_whole_die(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    m = plot_wafer_map(28.5, 28.5, 0.1, rng=np.random.default_rng(7), path=out)
    assert out.read_bytes()[:8] == PNG_MAGIC
    ax = m.figure.axes[0]
    drawn = {c.get_gid(): len(c.get_paths()) for c in ax.collections if c.get_gid()}
    # every whole die of the exact count is drawn, coloured good or defective
    assert drawn["good"] + drawn["defective"] == int(gross_dies_exact(28.5, 28.5))
    assert drawn["good"] == m.good and drawn["defective"] == m.defective
    assert drawn["partial"] == m.partial > 0
    assert f"{m.whole} whole dies" in ax.get_title()


def test_wafer_map_defects_match_poisson_yield() -> None:
    # 200 wafers' worth of 10 x 10 mm dies at D0 0.5 /cm^2: the fraction of good dies
    # should match exp(-A D0) = exp(-0.5) within 1 % (binomial noise ~0.1 %).
    lay = die_layout(10.0, 10.0, 300.0, edge_mm=3, scribe_mm=0.0)
    rng = np.random.default_rng(42)
    bad = [draw_defects(lay, 0.5, rng)[1] for _ in range(200)]
    good_share = 1 - np.mean(np.concatenate(bad))
    assert good_share == pytest.approx(np.exp(-0.5), rel=0.01)


def test_defects_found_in_chunks_match_one_broadcast() -> None:
    # 5 x 5 mm dies at 5 /cm^2: ~2,600 dies x ~3,500 defects is split into chunks; the
    # defective set must equal a single all-pairs comparison.
    lay = die_layout(5.0, 5.0, 300.0, edge_mm=3, scribe_mm=0.1)
    defects, bad = draw_defects(lay, 5.0, np.random.default_rng(5))
    assert len(defects) * len(lay.whole) > 2_000_000
    dx = defects[None, :, 0] - lay.whole[:, None, 0]
    dy = defects[None, :, 1] - lay.whole[:, None, 1]
    inside = (dx >= 0) & (dx <= 5.0) & (dy >= 0) & (dy <= 5.0)
    assert np.array_equal(bad, inside.any(axis=1))


def test_huge_scribe_gives_zero_dies_without_warning() -> None:
    # Warnings are errors in pytest: an overflow inside the count would fail here.
    assert int(gross_dies_exact(10.0, 1e300, scribe_mm=1e300)) == 0
    assert float(gross_dies_estimate(100.0, scribe_mm=1e300)) == 0.0


def test_wafer_map_seeded() -> None:
    a = plot_wafer_map(20.0, 15.0, 0.3, rng=np.random.default_rng(3))
    b = plot_wafer_map(20.0, 15.0, 0.3, rng=np.random.default_rng(3))
    assert (a.good, a.defective) == (b.good, b.defective)


# Flags whose value has no unit: names, switches, files.
UNITLESS = {
    "--node",
    "--model",
    "--plot",
    "--json",
    "--help",
    "--no-harvest",
    "--accelerators",
    "--data",
}


@pytest.mark.parametrize("verb", ["die", "chip"])
def test_help_explains_every_flag_with_unit(run_cli, verb: str) -> None:
    command = typer.main.get_command(app).commands[verb]  # type: ignore[attr-defined]
    res = run_cli(verb, "--help")
    assert res.code == 0
    for param in command.params:
        if not param.opts[0].startswith("-"):
            continue  # the positional accelerator name
        flag = max(param.opts, key=len)
        assert flag in res.out, flag
        assert param.help, f"{flag} has no help"
        if flag not in UNITLESS:
            assert re.search(r"\\?\[[^\]]+\]", param.help), f"{flag}: no [unit] in {param.help!r}"


def test_chip_shows_base_dies_of_a_stacked_part_only(run_cli) -> None:
    # MI300X's XCDs sit on 4 I/O dies (AMD, Dec 2023 via ServeTheHome): the table names them,
    # their wafers and their cost; H100, with no base dies, shows none of it.
    out = run_cli("chip", "mi300x").out
    for needle in ("base dies per unit", "on N7", "base-die wafers", "cost: base_dies"):
        assert needle in out, needle
    doc = run_cli("chip", "mi300x", "--json").json()
    assert doc["base_dies_per_unit"] == 4 and doc["cost_breakdown_usd"]["base_dies"] > 0
    assert "base" not in run_cli("chip", "h100").out


# User test 2026-12-03, #10: 'tigris chip h100 --year 1990' exited 0 with "mid-1990 = 0
# months after its 2022-01 HVM" and a full bill. A year before the volume production of
# anything the bill reads by age is refused: N4 (nodes.csv: HVM 2022-01), HBM3e (hbm.csv:
# 2024) for B200; the earliest year is named.
@pytest.mark.parametrize(
    ("args", "earliest"),
    [
        (("chip", "h100", "--year", "1990"), "2022"),
        (("chip", "h100", "--year", "2021"), "2022"),
        (("chip", "b200", "--year", "2023"), "2024"),  # N4 is in volume, HBM3e is not
        (("die", "--width", "10", "--height", "10", "--node", "N4", "--year", "1990"), "2022"),
        (("die", "--width", "10", "--height", "10", "--node", "N3", "--year", "2021"), "2022"),
    ],
)  # fmt: skip
def test_year_before_volume_production_is_refused(run_cli, args, earliest) -> None:
    res = run_cli(*args)
    assert_one_line_error(res, "--year", f"expected {earliest} or later", f"got {args[-1]}")


def test_year_of_hvm_is_accepted_and_its_clamp_said(run_cli) -> None:
    """The HVM year itself is accepted; when 1 July falls before the HVM month (N3: HVM
    December 2022) the curve is read at its HVM value and the sentence says so rather
    than claim '0 months after'."""
    h100 = run_cli("chip", "h100", "--year", "2022", "--json")
    assert h100.code == 0, h100.err
    assert h100.json()["d0_months_since_hvm"] == 6  # 1 January to 1 July 2022
    n3 = run_cli("die", "--width", "10", "--height", "10", "--node", "N3", "--year", "2022",
                 "--json").json()  # fmt: skip
    launch = run_cli("die", "--width", "10", "--height", "10", "--node", "N3", "--json").json()
    assert n3["d0_per_cm2"] == launch["d0_per_cm2"]
    assert "before its 2022-12 HVM" in n3["d0_explanation"]
    assert "months after" not in n3["d0_explanation"]
    # B200 in 2024: CoWoS-L (HVM 2025) read at its start value, and the row says so
    b200 = run_cli("chip", "b200", "--year", "2024")
    assert b200.code == 0, b200.err
    flat = " ".join(b200.out.split())
    assert "before its 2025" in flat and "0 months after its 2025" not in flat


def test_spares_above_units_names_the_flags(run_cli) -> None:
    """User test 2026-12-03, #11: '--units 10 --spares 20' said 'max_defective: expected
    at most units_total defective units'."""
    res = run_cli("die", "--width", "10", "--height", "10", "--node", "N4", "--units", "10",
                  "--spares", "20")  # fmt: skip
    assert_one_line_error(res, "--spares", "--units (10)", "got 20")
    assert "max_defective" not in res.err and "units_total" not in res.err
    ok = run_cli("die", "--width", "10", "--height", "10", "--node", "N4", "--units", "10",
                 "--spares", "10", "--unit-fraction", "0.6", "--json")  # fmt: skip
    # every unit may fail: only the 40 % outside the units must be clean, Poisson by
    # hand on 1 cm^2 at N4's 0.07 /cm^2
    assert ok.code == 0 and ok.json()["yield"] == pytest.approx(np.exp(-0.4 * 0.07), rel=1e-9)

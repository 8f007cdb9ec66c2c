"""A value outside a distribution with no end, and a lognormal recentred onto 0
(session 33, LEFT-RISK items 1-3).

A normal never ends, so before this a value 10 sd from its mean was "inside" and drawn
silently around the old mean; now an unbounded side is cut at the central 99.9 %
interval (quantiles 0.0005 and 0.9995: mean -/+ 3.2905 sd, NIST/SEMATECH
e-Handbook 1.3.6.7.1). A lognormal cannot be moved onto 0 (all its draws are
positive): ``--recentre`` refuses it in one line. ``tigris.risk(...)`` refuses what the
CLI refuses with the same text; the building blocks (``monte_carlo`` ...) draw as
written, as their docstrings now say. Every expected number below is worked by hand
from the distribution written in the test.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, line_of, replaced
from tests.conftest import write_scenario as _write

#: Phi^-1(0.9995), the standard normal's 99.95th percentile (NIST/SEMATECH table).
Z9995 = 3.2905267


def _text(rate: str, dist: str) -> str:
    """SMALL_3Y with its discount rate ``rate`` and ``dist`` on it."""
    return (
        replaced(SMALL_3Y, ("discount_rate: 0.08\n", f"discount_rate: {rate}\n"))
        + "distributions:\n"
        + f'  discount_rate: {{{dist}, source: "test"}}\n'
    )


NORMAL = "dist: normal, mean: 0.08, sd: 0.002"
LOGNORMAL = "dist: lognormal, median: 0.08, sigma: 0.1"


def _risk(run_cli, path: Path, *flags: str):
    return run_cli(
        "risk", path, "--samples", "4", "--seed", "3", "--workers", "0", "--no-store", *flags
    )


def test_a_value_ten_sd_from_a_normals_mean_is_outside(tmp_path: Path, run_cli) -> None:
    """0.10 is (0.10 - 0.08) / 0.002 = 10 sd above the mean: scenario check warns at the
    distribution's line, saying the central interval 0.08 -/+ 3.2905 x 0.002 =
    0.0734189 to 0.0865811; tigris risk refuses it (exit 2, one error line, nothing
    solved). Before: no warning and exit 0."""
    path = _write(tmp_path, _text("0.10", NORMAL))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    warned = [ln for ln in res.err.splitlines() if "distributions.discount_rate" in ln]
    assert len(warned) == 1, res.err
    at = line_of(path, "  discount_rate: {dist")
    assert warned[0].startswith(f"warning: {path}:{at}: distributions.discount_rate: ")
    assert "value 0.1 of discount_rate" in warned[0]
    assert "99.9 % of its draws lie in 0.0734189 to 0.0865811" in warned[0]
    res = _risk(run_cli, path)
    assert res.code == 2, res.err
    errors = [ln for ln in res.err.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, res.err
    assert errors[0].startswith(f"error: {path}:{at}: distributions.discount_rate: ")
    assert "is outside this distribution" in errors[0]
    assert "Traceback" not in res.err and res.out == ""


@pytest.mark.parametrize(
    ("sd_away", "outside"),
    [(3.28, False), (-3.28, False), (3.30, True), (-3.30, True)],
)
def test_the_normal_rule_at_its_boundary(sd_away: float, outside: bool) -> None:
    """3.28 sd from the mean is inside the central 99.9 % (3.2905 sd), 3.30 outside,
    on either side."""
    from tigris.risk.support import mismatches
    from tigris.scenario.edit import load_any

    rate = 0.08 + sd_away * 0.002
    (m,) = mismatches(load_any(_text(repr(rate), NORMAL)))
    assert m.outside is outside


def test_an_unbounded_side_of_a_truncated_normal_is_cut_at_its_own_quantile() -> None:
    """Normal(0, 1) truncated below at 0 is the half-normal: its 0.9995 quantile is
    Phi^-1((1 + 0.9995) / 2) = Phi^-1(0.99975) = 3.48076 (not the untruncated 3.2905);
    its bounded side stays at 0."""
    from tigris.risk.distributions import Normal
    from tigris.risk.support import drawn_range

    lo, hi = drawn_range(Normal(mean=0.0, sd=1.0, low=0.0))
    assert lo == 0.0
    assert hi == pytest.approx(3.48076, abs=1e-4)


def test_a_lognormal_is_cut_at_both_tails() -> None:
    """Lognormal median 0.08, sigma 0.1: 0.08 exp(-/+ 0.1 x 3.2905) = 0.057590 to
    0.111130; a bounded triangular is still its ends."""
    from tigris.risk.distributions import Lognormal, Triangular
    from tigris.risk.support import drawn_range, mismatches
    from tigris.scenario.edit import load_any

    lo, hi = drawn_range(Lognormal(median=0.08, sigma=0.1))
    assert lo == pytest.approx(0.08 * math.exp(-0.1 * Z9995), rel=1e-6)
    assert hi == pytest.approx(0.08 * math.exp(0.1 * Z9995), rel=1e-6)
    assert drawn_range(Triangular(low=0.07, mode=0.08, high=0.09)) == (0.07, 0.09)
    for rate, outside in (("0.056", True), ("0.059", False), ("0.11", False), ("0.112", True)):
        (m,) = mismatches(load_any(_text(rate, LOGNORMAL)))
        assert m.outside is outside, rate


def test_recentring_a_lognormal_onto_zero_is_one_error(tmp_path: Path, run_cli) -> None:
    """A discount rate of 0 (the field allows it) under a lognormal: --recentre cannot
    centre a lognormal on 0, one error line naming the distribution and the field's
    line, exit 2, nothing solved. Before: the median was set to 0 and the run went on."""
    path = _write(tmp_path, _text("0.0", LOGNORMAL))
    check = run_cli("scenario", "check", path)  # the warning does not offer --recentre
    (warned,) = [ln for ln in check.err.splitlines() if "distributions.discount_rate" in ln]
    assert "a lognormal draws only positive values" in warned and "--recentre" not in warned
    assert "--as-written" in warned
    res = _risk(run_cli, path, "--recentre")
    assert res.code == 2, res.err
    errors = [ln for ln in res.err.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, res.err
    at = line_of(path, "  discount_rate: {dist")
    field_line = line_of(path, "discount_rate: 0.0")
    assert errors[0].startswith(f"error: {path}:{at}: distributions.discount_rate: ")
    assert f"(line {field_line})" in errors[0]
    assert "a lognormal draws only positive values" in errors[0]
    assert "cannot centre it on 0" in errors[0]
    assert "Traceback" not in res.err and res.out == ""


def test_recentre_itself_refuses_a_lognormal_onto_a_negative_value() -> None:
    from tigris.errors import InputError
    from tigris.risk.distributions import Lognormal
    from tigris.risk.support import recentre

    with pytest.raises(InputError, match="cannot centre it on -1"):
        recentre(Lognormal(median=2.0, sigma=0.5, source="s"), -1.0)


def test_the_api_refuses_what_the_cli_refuses_with_the_same_text(tmp_path: Path, run_cli) -> None:
    """tigris.risk(file) raises InputError (tigris.errors) whose text is the CLI's
    error line without 'error: ', each switch the line tells the user to give as the
    keyword set to True from Python ('tigris risk --recentre' is 'recentre=True': user
    test s46 API #8); recentre=True refuses the lognormal onto 0 as --recentre does."""
    import tigris
    from tigris.errors import InputError

    for rate, dist, flags in (("0.10", NORMAL, ()), ("0.0", LOGNORMAL, ("--recentre",))):
        path = _write(tmp_path, _text(rate, dist))
        cli = _risk(run_cli, path, *flags)
        (line,) = [ln for ln in cli.err.splitlines() if ln.startswith("error: ")]
        with pytest.raises(InputError) as exc:
            tigris.risk(path, samples=4, seed=3, workers=0, recentre=bool(flags))
        python = (
            line.removeprefix("error: ")
            .replace("tigris risk --recentre", "recentre=True")
            .replace("tigris risk --as-written", "as_written=True")
            .replace("--as-written", "as_written=True")
            .replace("--recentre", "recentre=True")
        )
        assert str(exc.value) == python


@pytest.mark.parametrize("block", ["monte_carlo", "sobol_plan", "tornado", "stochastic"])
def test_the_building_blocks_refuse_it_too(block: str) -> None:
    """tigris.risk.montecarlo.monte_carlo, sensitivity.sobol_plan, tornado.tornado and
    stochastic.stochastic called directly refuse the value 10 sd out with the same
    InputError text as the risk run's own check (``tigris.risk.api.risk.__wrapped__``, the
    command line's words; ``tigris.risk`` says its keywords, user test s46 API #8; here
    without file and line: the scenario is YAML text), before anything is solved.
    Before: each drew around 0.08 silently."""
    from tigris.errors import InputError
    from tigris.risk.montecarlo import monte_carlo
    from tigris.risk.sensitivity import sobol_plan
    from tigris.risk.stochastic import stochastic
    from tigris.risk.tornado import tornado
    from tigris.scenario.edit import load_any

    text = _text("0.10", NORMAL)
    from tigris.risk.api import risk

    with pytest.raises(InputError) as want:
        risk.__wrapped__(text, samples=4, seed=3, workers=0)
    call = {
        "monte_carlo": lambda sc: monte_carlo(sc, 4, 3, workers=0),
        "sobol_plan": lambda sc: sobol_plan(sc, None, 2, 3, workers=0),
        "tornado": lambda sc: tornado(sc, workers=0),
        "stochastic": lambda sc: stochastic(sc, 2, 3),
    }[block]
    with pytest.raises(InputError) as got:
        call(load_any(text))
    assert str(got.value) == str(want.value)
    assert "is outside this distribution" in str(got.value)


def test_as_written_draws_the_written_normal_and_recentre_moves_it() -> None:
    """monte_carlo(as_written=True) draws the written normal (every draw within 0.08
    -/+ 3.2905 x 0.002); recentre=True draws around 0.10 (mean x 1.25, sd x 1.25:
    within 0.10 -/+ 3.2905 x 0.0025)."""
    from tigris.risk.montecarlo import monte_carlo
    from tigris.scenario.edit import load_any

    sc = load_any(_text("0.10", NORMAL))
    for kw, mean, sd in (("as_written", 0.08, 0.002), ("recentre", 0.10, 0.0025)):
        mc = monte_carlo(sc, 4, 3, workers=0, **{kw: True})
        drawn = mc.inputs["discount_rate"].to_numpy()
        assert len(drawn) == 4, kw
        assert (abs(drawn - mean) < Z9995 * sd).all(), (kw, drawn)


def test_the_note_of_a_half_bounded_normal_drawn_as_written(tmp_path: Path, run_cli) -> None:
    """A normal truncated below at 0.07 only (its high side unbounded), the value 0.10
    beyond its central 99.9 %, drawn --as-written: the run exits 0 and its note gives
    the range as 0.07–∞. Before: the note formatted the missing high end (null) as a
    number and the run stopped with a TypeError."""
    path = _write(tmp_path, _text("0.10", NORMAL + ", low: 0.07"))
    res = _risk(run_cli, path, "--as-written")
    assert res.code == 0, res.err
    (note,) = [ln for ln in res.out.splitlines() if ln.startswith("note: discount_rate")]
    assert "outside its distribution (normal, 0.07–∞, mean 0.08)" in note, note
    assert "drawn as written (--as-written)" in note

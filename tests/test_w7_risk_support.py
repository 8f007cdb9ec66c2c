"""A scenario value outside its own distribution (user test 2026-12-04, UT-MONEY #3).

Editing a value (capex +30 %) and leaving its ``distributions`` entry made ``tigris
risk`` draw the old range and discard the edit silently. Now: ``scenario check`` warns
at the distribution's line, naming the field, its value and what the distribution
draws; ``tigris risk`` refuses (exit 2, one ``error:`` line per input, nothing solved)
unless given ``--recentre`` (each such distribution times value / mode) or
``--as-written``; a value inside the distribution but not its mode is said in the
output. Expected ranges are worked by hand from the distribution written below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, line_of, replaced
from tests.conftest import write_scenario as _write

#: The discount rate's distribution: triangular 0.07 / 0.08 / 0.09 around SMALL's 0.08.
DIST = """\
distributions:
  discount_rate: {dist: triangular, low: 0.07, mode: 0.08, high: 0.09, source: "test"}
"""


def _text(rate: str) -> str:
    return replaced(SMALL_3Y, ("discount_rate: 0.08\n", f"discount_rate: {rate}\n")) + DIST


def _risk(run_cli, path: Path, *flags: str):
    return run_cli(
        "risk", path, "--samples", "4", "--seed", "3", "--workers", "0", "--no-store", *flags
    )


def test_scenario_check_warns_of_a_value_outside_its_distribution(tmp_path: Path, run_cli) -> None:
    """0.10 is above the distribution's high 0.09: a warning at the distribution's line
    naming the field, the value and the range; the scenario stays valid."""
    path = _write(tmp_path, _text("0.10"))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if ln.startswith("warning: ")]
    at = line_of(path, "  discount_rate: {dist")
    assert line.startswith(f"warning: {path}:{at}: distributions.discount_rate: "), line
    assert "value 0.1 of discount_rate" in line
    assert "it draws 0.07 to 0.09" in line


def test_risk_refuses_a_value_outside_its_distribution(tmp_path: Path, run_cli) -> None:
    """Exit 2, one error line at the distribution's line naming the field's own line,
    no quantiles printed (nothing solved)."""
    path = _write(tmp_path, _text("0.10"))
    res = _risk(run_cli, path)
    assert res.code == 2, res.err
    errors = [ln for ln in res.err.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, res.err
    at = line_of(path, "  discount_rate: {dist")
    field_line = line_of(path, "discount_rate: 0.10")
    assert errors[0].startswith(f"error: {path}:{at}: distributions.discount_rate: ")
    assert f"(line {field_line})" in errors[0]
    assert "--recentre" in errors[0] and "--as-written" in errors[0]
    assert "Traceback" not in res.err
    assert res.out == ""


def test_both_options_are_refused(tmp_path: Path, run_cli) -> None:
    path = _write(tmp_path, _text("0.10"))
    res = _risk(run_cli, path, "--recentre", "--as-written")
    assert res.code == 2
    assert res.err.strip().splitlines()[-1] == (
        "error: --recentre: give --recentre or --as-written, not both"
    )


def test_recentre_draws_around_the_value(tmp_path: Path, run_cli) -> None:
    """--recentre: 0.10 / 0.08 = 1.25, so the draws lie in [0.0875, 0.1125] (every
    parameter x 1.25), none in the written [0.07, 0.09]; the JSON says what was done."""
    path = _write(tmp_path, _text("0.10"))
    res = _risk(run_cli, path, "--recentre", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    drawn = doc["inputs"]["discount_rate"]
    assert 0.0875 <= drawn["p5"] <= drawn["p95"] <= 0.1125
    assert drawn["p5"] > 0.09
    entry = drawn["off_centre"]
    assert entry["value"] == pytest.approx(0.10)
    assert entry["outside"] is True
    assert (entry["low"], entry["high"]) == (0.07, 0.09)
    assert entry["written_for"] == {"mode": 0.08}
    assert entry["drawn"] == "recentred onto the value"


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_as_written_draws_the_written_range_and_says_so(tmp_path: Path, run_cli) -> None:
    """--as-written: the draws stay in [0.07, 0.09]; the summary says the planned
    column uses 0.1."""
    path = _write(tmp_path, _text("0.10"))
    res = _risk(run_cli, path, "--as-written")
    assert res.code == 0, res.err
    assert "note: discount_rate is 0.1 in the scenario, outside its distribution" in res.out
    assert "drawn as written (--as-written); 'planned' uses 0.1" in res.out
    doc = json.loads(_risk(run_cli, path, "--as-written", "--json").out)
    drawn = doc["inputs"]["discount_rate"]
    assert 0.07 <= drawn["p5"] <= drawn["p95"] <= 0.09


def test_a_value_inside_but_not_the_mode_is_said(tmp_path: Path, run_cli) -> None:
    """0.085 is inside [0.07, 0.09] but not the mode 0.08: run, and say it."""
    path = _write(tmp_path, _text("0.085"))
    res = _risk(run_cli, path, "--json")
    assert res.code == 0, res.err
    entry = json.loads(res.out)["inputs"]["discount_rate"]["off_centre"]
    assert entry["outside"] is False
    assert entry["written_for"] == {"mode": 0.08}
    assert entry["drawn"] == "as written, around its mode"


def test_recentring_past_what_the_field_accepts_is_refused(tmp_path: Path, run_cli) -> None:
    """A distribution 0.5 / 0.6 / 0.9 with the rate edited to 0.95: x 0.95/0.6 puts
    its high at 1.425, which a discount rate (< 1) does not accept: exit 2."""
    text = replaced(SMALL_3Y, ("discount_rate: 0.08\n", "discount_rate: 0.95\n")) + DIST.replace(
        "low: 0.07, mode: 0.08, high: 0.09", "low: 0.5, mode: 0.6, high: 0.9"
    )
    path = _write(tmp_path, text)
    res = _risk(run_cli, path, "--recentre")
    assert res.code == 2, res.err
    (line,) = [ln for ln in res.err.splitlines() if ln.startswith("error: ")]
    assert "recentred by --recentre, the distribution reaches 1.425" in line


def test_recentre_by_hand() -> None:
    """Each kind moved onto a value: a PERT x ratio, a normal's mean and sd x ratio, a
    point to the value, an anchor of 0 shifted instead."""
    from tigris.risk.distributions import Normal, Pert, Point, Triangular
    from tigris.risk.support import recentre

    p = recentre(Pert(low=12.0, mode=18.0, high=30.0, source="s"), 27.0)
    assert (p.low, p.mode, p.high) == pytest.approx((18.0, 27.0, 45.0))
    n = recentre(Normal(mean=2.0, sd=0.5, low=1.0, source="s"), 3.0)
    assert (n.mean, n.sd, n.low, n.high) == pytest.approx((3.0, 0.75, 1.5, None))
    assert recentre(Point(value=1.0, source="s"), 2.5).value == 2.5
    t = recentre(Triangular(low=-1.0, mode=0.0, high=2.0, source="s"), 0.5)
    assert (t.low, t.mode, t.high) == pytest.approx((-0.5, 0.5, 2.5))

"""Review of S37 BOUND-AUDIT: the one-sided rule at its edges and the bounds file's checks.

``tigris.validation.within`` (JCGM 106:2012 single tolerance limits): a floor is met when
``tigris >= published x (1 - tolerance)``, a ceiling when ``tigris <= published x (1 +
tolerance)``, a point when ``|tigris - published| <= tolerance x published``. The limits
are closed (``>=``, ``<=``): a value exactly at the limit is within. The values below are
exact in binary (1, 0.75, 1.25, 0.25), so each edge is the limit itself, not a rounding of
it; one ulp beyond it is outside. A value that is not finite is never within, whatever
the side: an infinite tigris value does not meet a floor. ``load_bounds`` refuses a kind
it does not know and a case listed twice, naming the file's line.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import pytest

import tigris.validation as v

P, TOL = 1.0, 0.25
LOW, HIGH = P * (1 - TOL), P * (1 + TOL)  # 0.75 and 1.25, exact


@pytest.mark.parametrize(
    ("bound", "value", "expected"),
    [
        ("lower", LOW, True),  # at the floor's limit: within (closed)
        ("lower", math.nextafter(LOW, 0.0), False),  # one ulp below it: outside
        ("upper", HIGH, True),  # at the ceiling's limit
        ("upper", math.nextafter(HIGH, 2.0), False),
        ("point", LOW, True),  # a point's two limits, closed as before
        ("point", HIGH, True),
        ("point", math.nextafter(HIGH, 2.0), False),
    ],
)
def test_limits_are_closed(bound: str, value: float, expected: bool) -> None:
    assert v.within([value], [P], [TOL], [bound]).tolist() == [expected]


@pytest.mark.parametrize("bound", ["point", "lower", "upper"])
@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_value_that_is_not_finite_is_never_within(bound: str, value: float) -> None:
    # +inf is above any floor and -inf below any ceiling: still not a value that agrees
    assert v.within([value], [P], [TOL], [bound]).tolist() == [False]


def _bounds_file(tmp_path: Path, rows: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Point ``load_bounds`` at a made-up ``validation_bounds.csv``."""
    (tmp_path / "validation_bounds.csv").write_text(
        ",".join(v.BOUND_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    monkeypatch.setattr(v, "resources", SimpleNamespace(files=lambda _pkg: tmp_path))


def _row(case: str, bound: str) -> str:
    return f"{case},{bound},over 1,somewhere,,a source,2026-12,2026-12-04 REVIEW"


def test_load_bounds_reads_a_good_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the fake file is read at all (so the two refusals below are the checks', not an
    # unreadable file's)
    _bounds_file(tmp_path, [_row("a", "lower"), _row("b", "point")], monkeypatch)
    assert list(v.load_bounds()["bound"]) == ["lower", "point"]


def test_load_bounds_refuses_an_unknown_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bounds_file(tmp_path, [_row("a", "lower"), _row("b", "floor")], monkeypatch)
    with pytest.raises(ValueError, match=r"validation_bounds\.csv:3: bound 'floor' of 'b'"):
        v.load_bounds()


def test_load_bounds_refuses_a_case_listed_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bounds_file(
        tmp_path, [_row("a", "lower"), _row("b", "point"), _row("a", "point")], monkeypatch
    )
    with pytest.raises(ValueError, match=r"validation_bounds\.csv:4: case 'a' is listed twice"):
        v.load_bounds()

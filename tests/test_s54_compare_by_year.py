"""``tigris compare`` of a capital source given as ``amount_usd`` on one side and
``usd_by_year`` on the other lists the years B gives, not also a row
``capital.fund.usd_by_year | None | <absent>`` that read as B having none (user test
2026-12-06)."""

from __future__ import annotations

from tigris.runs.compare import scenario_diff
from tigris.scenario.edit import ABSENT, load_any

from .conftest import SMALL

#: SMALL's fund as one amount over two years ...
_AMOUNT = "    amount_usd: 2.0e10\n    first_year: 2026\n    last_year: 2027\n"
#: ... and as the same money by year.
_BY_YEAR = "    usd_by_year: {2026: 1.0e10, 2027: 1.0e10}\n"


def test_a_map_on_one_side_is_its_years_only() -> None:
    assert _AMOUNT in SMALL
    rows = scenario_diff(load_any(SMALL), load_any(SMALL.replace(_AMOUNT, _BY_YEAR)))
    by_path = {p: (a, b) for p, a, b in rows}
    assert "capital.fund.usd_by_year" not in by_path
    assert by_path["capital.fund.usd_by_year.2026"] == (ABSENT, 1.0e10)
    assert by_path["capital.fund.usd_by_year.2027"] == (ABSENT, 1.0e10)
    assert by_path["capital.fund.amount_usd"] == (2.0e10, None)
    # the other way round, the same rows mirrored
    back = {
        p: (b, a)
        for p, a, b in scenario_diff(load_any(SMALL.replace(_AMOUNT, _BY_YEAR)), load_any(SMALL))
    }
    assert back == by_path

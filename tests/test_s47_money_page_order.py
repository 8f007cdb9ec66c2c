"""The money page's shadow prices list equal values in year order (user test s47, the
check of the report fixes: nine equal $1.61M rows came 2033, 2029, 2034, 2027, ...)."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from tests.test_s47_rep_util import saved_run
from tigris.report import read_result
from tigris.report.money import money_lines


def test_equal_shadow_prices_come_in_year_order() -> None:
    r = read_result(saved_run())
    years = [2033, 2029, 2034, 2027, 2031]
    sp = pd.DataFrame(
        {
            "year": years,
            "resource": "capital",
            "item": "fund",
            "unit": "USD",
            "value_usd": 1.61e6,
            "method": "dual",
            "is_bound": False,
        }
    )
    r = dataclasses.replace(r, shadow_prices=sp)
    texts = [getattr(line, "text", str(line)) for line in money_lines(r)]
    shown = [int(m.group(1)) for t in texts if (m := re.match(r"• (\d{4}) capital fund:", t))]
    assert shown == sorted(years)

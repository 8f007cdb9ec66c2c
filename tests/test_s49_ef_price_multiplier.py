"""The advice on a percent written as ``datacenters.electricity_price_multiplier``
(user test s49, energy and finance #2).

``electricity_price_multiplier: 20`` warned "a multiplier above 10 is most likely a
percent: 20 % would be 0.2", a price 80 % cheaper; someone meaning "20 % dearer" needs
1.2, as the docs' own example writes ``1.5  # grid power 50 % dearer``.
"""

from __future__ import annotations

import pytest

from tests.conftest import replaced, write_scenario
from tests.test_scenario_energy import POWERED


@pytest.mark.parametrize(("value", "dearer"), [(20, "1.2"), (50, "1.5"), (35, "1.35")])
def test_percent_advice_is_the_dearer_multiplier(run_cli, tmp_path, value, dearer) -> None:
    text = replaced(
        POWERED,
        (
            "  baseline: announced\n",
            f"  baseline: announced\n  electricity_price_multiplier: {value}\n",
        ),
    )
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert res.code == 0, res.err
    [line] = [ln for ln in res.err.splitlines() if "electricity_price_multiplier" in ln]
    assert f"a price {value} % dearer is a multiplier of {dearer}" in line, line
    assert f"would be {value / 100:g}" not in line, line

"""A link takes what a visitor can type into the page's boxes (S41 note: the page then
refused its own state). Since user test s48 serve #3 a box takes any value within its
range, its step being only what the - and + buttons add, so a link does too
(``tests/test_s48_serve_steps.py``).
"""

from __future__ import annotations

import pytest

from tigris.scenario import reference_scenario
from tigris.serve.controls import controls_for, decode_state

ABU = "capital.abu-dhabi-sovereign.amount_usd"


def test_on_and_off_the_steps() -> None:
    ref = reference_scenario()
    (c,) = [c for c in controls_for(ref) if c.path == ABU]
    assert c.step == pytest.approx(0.1) and c.min == pytest.approx(0.1)
    assert list(decode_state(ref, f"?{ABU}=12.5").values()) == [12.5]
    assert list(decode_state(ref, f"?{ABU}=12.55").values()) == [12.55]

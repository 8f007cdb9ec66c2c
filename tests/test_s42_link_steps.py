"""A link takes only values a visitor could type into the page's boxes (S41 note: an
off-step value from a link was accepted, though the same value typed is refused by the
browser's step check and sent as empty, so the page then refused its own state).
"""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.serve.controls import controls_for, decode_state

ABU = "capital.abu-dhabi-sovereign.amount_usd"


def test_on_and_off_the_steps() -> None:
    ref = reference_scenario()
    (c,) = [c for c in controls_for(ref) if c.path == ABU]
    assert c.step == pytest.approx(0.1) and c.min == pytest.approx(0.1)
    assert list(decode_state(ref, f"?{ABU}=12.5").values()) == [12.5]
    with pytest.raises(InputError) as err:
        decode_state(ref, f"?{ABU}=12.55")
    assert "expected a value in steps of 0.1 from 0.1, got 12.55" in str(err.value)

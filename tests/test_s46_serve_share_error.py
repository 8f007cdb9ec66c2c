"""The demand-share error names the control the user changed (serve user test s46 #8):
"inference: share" set to 90 said "fine-tuning-and-other: share (...)": the scenario's
check blames the last class, which the user did not touch."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.serve.controls import control_id, whatif

SHARE = "demand.{}.calibrated_share"


@pytest.mark.parametrize(
    ("changed", "named"),
    [
        ({"inference": 90}, ["inference"]),
        ({"inference": 60, "frontier-training": 40}, ["frontier-training", "inference"]),
        ({"fine-tuning-and-other": 60}, ["fine-tuning-and-other"]),
    ],
)
def test_the_share_error_names_the_changed_controls(
    changed: dict[str, float], named: list[str]
) -> None:
    values = {control_id(SHARE.format(k)): v for k, v in changed.items()}
    with pytest.raises(InputError) as err:
        whatif(reference_scenario(), values)
    (line,) = str(err.value).splitlines()
    assert "add up to" in line
    for cls in ("frontier-training", "inference", "fine-tuning-and-other"):
        assert (SHARE.format(cls) in line) == (cls in named), line

"""The dashboard says the warnings its data tables give, as ``tigris plan --data`` does
(user test 2026-12-05 serve #4: a claimed part at 12.75 W, 306x beyond the catalog's
FLOP/s per watt, was warned of on the command line and not on the page).

The part is the dashboard's "claimed chip" what-if: b200's silicon, dense BF16 of 100
H100e (98.94 PFLOP/s) at 12.75 W of system power.
"""

from __future__ import annotations

import pytest

from tests.conftest import SMALL_3Y
from tigris.scenario.edit import load_any

CLAIMED = """\
accelerators:
- name: claimed-chip
  based_on: b200
  vendor: claimed (tigris serve what-if)
  peak_bf16_flop_per_s: 9.894e+16
  peak_fp8_flop_per_s: 1.9788e+17
  tdp_w: 7.132867132867133
  system_power_w: 12.75
  source: 'claimed: 100 H100e and 12.75 W per unit, copied from b200 otherwise'
  as_of: 2024-03
"""


def test_the_overlay_warnings_reach_the_page(run_cli, tmp_path) -> None:
    from tigris.serve.callbacks import _data_warnings, set_warnings_text
    from tigris.serve.controls import WhatIf

    said = _data_warnings(CLAIMED)
    assert any(
        line.startswith("warning: <data>:7: accelerators.0.tdp_w:") and "306x" in line
        for line in said
    ), said
    assert _data_warnings(CLAIMED) == said  # every time, not once a process
    # what the CLI prints for the same file, the file's name in place of <data>
    data = tmp_path / "claimed.yaml"
    data.write_text(CLAIMED, encoding="utf-8")
    cli = run_cli("catalog", "claimed-chip", "--data", data)
    for line in said:
        assert line.replace("<data>", str(data)) in cli.err
    base = load_any(SMALL_3Y)
    w = WhatIf(scenario=base, changes={}, data_yaml=CLAIMED, disruption=None)
    text = set_warnings_text(base, w)
    assert all(line in text for line in said)


def test_no_data_no_warning() -> None:
    from tigris.serve.callbacks import _data_warnings

    assert _data_warnings(None) == [] and _data_warnings("") == []


@pytest.fixture(autouse=True)
def _fresh_warned() -> None:
    """The command line writes a warning once a process: clear what earlier tests
    wrote, so this test's CLI run prints its lines."""
    from tigris import catalog

    catalog._WARNED.clear()

"""Review RV-W2 (session 33): tests killing mutations that survived CHIP-A's and
CHIP-B's own tests (tests/test_s33_chip_parts.py, test_s33_chip_overlay.py,
test_s33_chipb_*.py), run in a worktree with only the mutated source on PYTHONPATH.

Every expected value is from the data rows or by hand:

- a reticle field is 26 x 33 = 858 mm^2 (silicon_params.csv); a scanner exposes no
  more, so 860 mm^2 (2 mm^2 over) is not made, whatever the slack a check allows;
- a part's server share (system_power_w) includes the chip: 699 W under an H100's
  700 W TDP is as impossible as 100 W;
- the H100's 144 SMs (132 enabled) are on its one 814 mm^2 die; chip_bill harvests
  ``units_total // logic_dies`` units a die, so copying 144 onto two dies would model
  each 814 mm^2 die as 72 SMs: a based_on part that changes the die count must drop
  them (d5d7249: "another logic die (area, node or die count)");
- 1.2e20 FLOP (6 x 1e9 x 2e10) at MFU 0.4 and goodput 0.9 on H100s (989.4 TFLOP/s):
  one takes 1.2e20 / (9.894e14 x 0.4 x 0.9) s = 3.899 days; in 3 days that is 1.30
  parts -> 2, finishing in 1.950 days (35 % short); in 30 days 0.13 of one -> 1,
  finishing in 3.899 days (87 % short): the note names the worse, the 30 days.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tigris.catalog import get_accelerator
from tigris.silicon.chip import chip_bill, get_hbm, get_packaging
from tigris.units import SECONDS_PER_DAY
from tigris.workload import train

from .conftest import assert_one_line_error


def _part(tmp_path: Path, body: str, name: str = "acc.yaml") -> Path:
    """A one-part file ``based_on: h100``; ``body`` lines start on line 4."""
    f = tmp_path / name
    f.write_text(
        "accelerators:\n  - name: mine\n    based_on: h100\n"
        + body
        + "    source: 'review test part'\n    as_of: 2026-12\n",
        encoding="utf-8",
    )
    return f


def test_a_die_two_mm2_over_the_reticle_is_refused(run_cli, tmp_path: Path) -> None:
    """Kills a slack on the reticle bound (area > 1.05 x 858 passes CHIP-A's tests,
    whose too-large die is 1,200 mm^2)."""
    f = _part(tmp_path, "    logic_die_area_mm2: 860\n")
    res = run_cli("catalog", "mine", "--accelerators", f)
    assert_one_line_error(res, f"{f}:4: accelerators.0.logic_die_area_mm2: ", "860 mm2", "858 mm2")


def test_a_server_share_one_watt_below_the_tdp_is_refused(run_cli, tmp_path: Path) -> None:
    """Kills a loosened 'system_power_w < tdp_w' (CHIP-A's tests use 100 W and 1e-6 W
    under 700 W); at exactly the TDP the part loads."""
    assert get_accelerator("h100").tdp_w == 700
    f = _part(tmp_path, "    system_power_w: 699\n")
    res = run_cli("catalog", "mine", "--accelerators", f)
    assert_one_line_error(res, f"{f}:4: accelerators.0.system_power_w: ", "below tdp_w 700 W")
    ok = _part(tmp_path, "    system_power_w: 700\n", "ok.yaml")
    res = run_cli("catalog", "mine", "--accelerators", ok)
    assert res.code == 0, res.err


def test_two_of_the_base_dies_do_not_copy_its_one_die_harvesting(tmp_path: Path) -> None:
    """Kills 'logic_dies' dropped from the fields that make another die (CHIP-A's tests
    change only area and node). Interposer 1.1 x (2 x 814 + 6 x 121) = 2,589.4 mm^2 <
    3.3 x 858 = 2,831.4: the part is makeable on CoWoS-S."""
    assert get_hbm("HBM3").footprint_mm2 == 121
    assert get_packaging("CoWoS-S").max_interposer_reticles == 3.3
    base = get_accelerator("h100")
    assert (base.units_total, base.units_enabled, base.logic_dies) == (144, 132, 1)
    f = _part(tmp_path, "    logic_dies: 2\n")
    acc = get_accelerator("mine", custom=f)
    assert (acc.units_total, acc.units_enabled) == (None, None)
    bill = chip_bill("mine", custom=f)
    assert not bill.harvesting
    assert bill.interposer_area_mm2 == pytest.approx(1.1 * (2 * 814 + 6 * 121), rel=1e-12)


@pytest.mark.parametrize("days", [(3.0, 30.0), (30.0, 3.0)])
def test_the_rounded_count_note_names_the_days_furthest_short(days: tuple[float, float]) -> None:
    """Kills argmax -> argmin in training._rounded_count_note (CHIP-B's tests pass
    scalar days only)."""
    one = 6 * 1e9 * 2e10 / (9.894e14 * 0.4 * 0.9) / SECONDS_PER_DAY
    assert one == pytest.approx(3.8994, abs=1e-4)
    r = train(params=1e9, tokens=2e10, accelerator="h100", days=np.array(days), mfu=0.4)
    by_days = dict(zip(days, np.asarray(r.accelerators).tolist(), strict=True))
    assert by_days == {3.0: 2, 30.0: 1}  # ceil(3.899 / 3) and ceil(3.899 / 30)
    notes = [n for n in r.notes if "asked" in n]
    assert len(notes) == 1, r.notes
    assert "the 30 days asked are more than one h100-sxm needs (0.13 of one)" in notes[0]
    assert "it finishes in 3.899 days" in notes[0]

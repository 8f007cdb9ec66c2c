"""A --data file's own accelerators are checked against the same file's nodes, HBM and
packaging rows at load (CHIP-A, user test UT-CHIP defect 9): a part naming no row is
refused with file:line; a package row of the file sets the interposer limit its parts
are checked against (20 HBM3 stacks on an H100 die: 1.1 x (814 + 20 x 121) = 3,557 mm2,
inside 5 reticles of 858 mm2 = 4,290 mm2 and outside 4 = 3,432 mm2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.overlay import data_overlay, load_overlay
from tigris.silicon.chip import chip_bill

PACKAGE = (
    "packaging:\n  - name: CoWoS-X\n    based_on: CoWoS-S\n    max_interposer_reticles: 5\n"
    "    source: s\n    as_of: 2026-12\n"
)
PART = (
    "accelerators:\n  - name: mine\n    based_on: h100\n    package: CoWoS-X\n"
    "    hbm_stacks: 20\n    source: s\n    as_of: 2026-12\n"
)


def test_overlay_unknown_node_refused(tmp_path: Path) -> None:
    f = tmp_path / "o.yaml"
    f.write_text(
        "accelerators:\n  - name: mine\n    based_on: h100\n    node: N0.5\n"
        "    source: s\n    as_of: 2026-12\n"
    )
    with pytest.raises(InputError) as info:
        load_overlay(f)
    assert f"{f}:4: accelerators.0.node: unknown node 'N0.5'" in str(info.value)


def test_overlay_own_rows_seen(tmp_path: Path) -> None:
    f = tmp_path / "o.yaml"
    f.write_text(PACKAGE + PART)
    with data_overlay(f):
        assert chip_bill("mine").interposer_area_mm2 == pytest.approx(1.1 * (814 + 20 * 121))
    g = tmp_path / "g.yaml"
    g.write_text(f.read_text().replace("max_interposer_reticles: 5", "max_interposer_reticles: 4"))
    with pytest.raises(InputError) as info:
        load_overlay(g)
    assert "accelerators.0.hbm_stacks" in str(info.value) and "CoWoS-X" in str(info.value)

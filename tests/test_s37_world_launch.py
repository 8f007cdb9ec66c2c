"""A part is not made before its catalog ``launch_year`` (S37 FIX-WORLD; user test
UT-CONTRIB #2: a ``--data`` part with ``launch_year: 2030`` listed with
``first_year: 2027`` was made from 2027, three years before it exists)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from tigris.data import using_overlay
from tigris.overlay import load_overlay
from tigris.plan.assemble import assemble_file

PART = """\
accelerators:
  - name: acme-x2
    based_on: rubin
    vendor: "Acme AI"
    launch_year: 2030
    peak_bf16_flop_per_s: 2.5e16
    peak_fp8_flop_per_s: 5.0e16
    memory_gb: 288
    memory_bw_gb_per_s: 16000
    tdp_w: 1400
    hbm_stacks: 8
    hbm_generation: HBM4
    price_usd: 40000
    source: "Acme AI press release 2026-03-18 (hypothetical, test part)"
    as_of: 2026-03
"""


def _scenario(tmp_path: Path) -> Path:
    """The reference scenario (``tigris scenario show``) with the roadmap and the part,
    listed from 2027."""
    shown = subprocess.run(
        [sys.executable, "-m", "tigris", "scenario", "show"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [
        "products: [roadmap, {name: acme-x2, first_year: 2027, max_share: 0.3}]"
        if line.startswith("products:")
        else line
        for line in shown.splitlines()
    ]
    path = tmp_path / "my.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_part_is_not_made_before_its_launch_year(tmp_path: Path) -> None:
    data = tmp_path / "part.yaml"
    data.write_text(PART)
    with using_overlay(load_overlay(data)):
        _, inp, notes = assemble_file(_scenario(tmp_path))
    years = np.asarray(inp.years)
    i = list(inp.products).index("acme-x2")
    avail = np.asarray(inp.available, dtype=bool)[i]
    # the world: the part launches in 2030, so it can be made in 2030 and after only
    assert not avail[years < 2030].any()
    assert avail[years >= 2030].all()
    row = notes[notes["parameter"] == "acme-x2: first year made"]
    assert len(row) == 1 and int(row["value"].iloc[0]) == 2030
    assert "launch_year" in str(row["source"].iloc[0])

"""A user's part based_on a catalog part rents at that part's prices.csv row (CHIP-A).

CHIP-A's /work/notes/CHIP-A-rental-based-on.patch to workload/_common.py (rental_rate)
and its test, applied by CHIP-B (the file's owner): a copy of an H100 rents at the
H100's $2.35/h (2026, SemiAnalysis index in data/prices.csv), not at the $2/h default
(user test UT-CHIP 2026-12-04 #8, in part); a base without a row keeps the default.
"""

from __future__ import annotations

from pathlib import Path

from tigris.workload.training import train

RUN = {"params": 1e10, "tokens": 1e12, "count": 184, "mfu": 0.4}


def _file(tmp_path: Path, base: str) -> Path:
    f = tmp_path / "p.yaml"
    f.write_text(
        f"accelerators:\n  - name: mine\n    based_on: {base}\n"
        "    peak_bf16_flop_per_s: 1.2e15\n    peak_fp8_flop_per_s: 2.4e15\n"
        "    source: s\n    as_of: 2026-12\n"
    )
    return f


def test_based_on_h100_rents_at_the_h100_row_and_says_so(tmp_path: Path) -> None:
    # prices.csv's latest H100 rent: 2026, US$2.35 (SemiAnalysis index); not the $2 default
    r = train(accelerator="mine", accelerators_file=_file(tmp_path, "h100"), **RUN)
    assert r.usd_per_accelerator_hour == 2.35
    assert r.rental_basis == "prices.csv"
    note = " ".join(n for n in r.notes if "rental" in n)
    assert "H100's 2026 rent" in note and "based_on h100-sxm" in note


def test_based_on_a_part_without_a_row_keeps_the_default(tmp_path: Path) -> None:
    # h200: no rent row (the B200 was this example until its row, 2026-12-04 SCALEOUT)
    r = train(accelerator="mine", accelerators_file=_file(tmp_path, "h200"), **RUN)
    assert r.rental_basis == "default" and r.usd_per_accelerator_hour == 2.0

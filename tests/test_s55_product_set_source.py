"""A value of a listed product set on the command line is marked on its own row, not on
every row of the product (user test 2026-12-07 #1: ``--set products.1.max_share=0.3``
gave all six ``neuro-npu:`` rows, compute and wafers per unit, the source "set on the
command line (--set products.1.max_share=0.3) ...", erasing the chip bill's source, and
no row said max_share). Checked on the plan's assumption rows (``assemble``, no solve)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SMALL
from tigris.plan.assemble import assemble
from tigris.scenario import load_scenario
from tigris.scenario.edit import COMMAND_LINE, set_paths


def _rows(sc) -> dict[str, tuple[object, str]]:
    _, notes = assemble(sc)
    return {r.parameter: (r.value, str(r.source)) for r in notes.itertuples()}


def test_a_share_set_is_its_own_row_and_the_bill_rows_keep_their_source(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SMALL, encoding="utf-8")
    sc = load_scenario(path)
    before = _rows(sc)
    # a share (the one product of this scenario must be free to make everything: a
    # min_share, not the max_share of the report, which would leave years unmade)
    after = _rows(set_paths(sc, {"products.0.min_share": 0.2}, field=COMMAND_LINE))
    mine = [k for k in before if k.startswith("b200: ")]
    assert mine and all(after[k] == before[k] for k in mine)  # value and source unchanged
    (row,) = [k for k in after if k not in before]
    assert row == "products.b200.min_share"
    value, source = after[row]
    assert value == 0.2
    assert source.startswith("set on the command line (--set products.0.min_share=0.2); was 0")


def test_an_h100e_set_marks_the_compute_row_only(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SMALL, encoding="utf-8")
    sc = load_scenario(path)
    before = _rows(sc)
    edits = {"products.0.source": "analyst note", "products.0.h100e": 1.5}
    after = _rows(set_paths(sc, edits, field=COMMAND_LINE))
    value, source = after["b200: compute per unit"]
    assert value == 1.5 and "--set products.0.h100e=1.5" in source
    wafers = [k for k in before if k.startswith("b200: logic wafers per unit")]
    assert wafers and "--set" not in after[wafers[0]][1]

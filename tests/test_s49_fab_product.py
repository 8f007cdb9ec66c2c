"""``tigris fab --product``: the bill it points to is the one its count uses, and a
problem of the catalog's part names ``--product`` (user test s49 #5, #10)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import assert_one_line_error, data_table

RunCli = Callable[..., Any]


def _line_yield() -> float:
    rows = data_table("fab_parameters")
    return float(next(r["value"] for r in rows if r["parameter"] == "line_yield"))


def test_the_bill_pointed_to_gives_the_fabs_accelerator_count(run_cli: RunCli) -> None:
    """B200 is drawn for another node; with --recost-die an N7 fab counts it on N7's
    bill. The command the 'product bill basis' row names must give that count: wafers
    out a year (wspm x 12 months x line yield) over its logic wafers per unit."""
    wspm = 20_000
    fab = ("fab", "--node", "N7", "--wspm", str(wspm), "--site", "taiwan")
    res = run_cli(*fab, "--product", "b200", "--recost-die")
    assert res.code == 0, res.err
    flat = " ".join(res.out.replace("│", " ").split())
    m = re.search(r"'(tigris chip [^']*)'", flat)
    assert m is not None, flat
    cmd = shlex.split(m.group(1))[1:]
    bill = run_cli(*cmd, "--json")
    assert bill.code == 0, bill.err
    per_unit = bill.json()["logic_wafers_per_unit"]
    js = run_cli(*fab, "--product", "b200", "--recost-die", "--json").json()
    wafers = wspm * 12 * _line_yield()
    assert js["accelerators_per_year"] == pytest.approx(wafers / per_unit, rel=1e-9), m.group(1)


def test_a_part_without_logic_dies_is_a_product_error(run_cli: RunCli) -> None:
    res = run_cli(
        "fab", "--node", "N5", "--site", "taiwan", "--wspm", "20000", "--product", "tpu-v5p"
    )
    assert_one_line_error(res, "--product: ", "tpu-v5p", "logic_dies")
    assert not res.err.startswith("error: logic_dies"), res.err

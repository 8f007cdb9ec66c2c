"""User test of 2026-12-06 (a semiconductor analyst on ``die``, ``chip``, ``fab`` and
``hindcast``): each test fails on the code before its fix."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import write_scenario

#: A node of the user's own (N5 at another D0), as docs/contributing.md's ``nodes:`` entry.
MY_NODE = """\
nodes:
  - name: MYN
    based_on: N5
    d0_per_cm2: 0.2
    source: "mine"
    as_of: 2025-01
"""


def test_the_die_command_of_a_chip_on_a_data_node_carries_the_data_file(
    run_cli, tmp_path: Path
) -> None:
    """``tigris chip h100 --node MYN --data F``'s note suggested ``tigris die ... --node
    MYN`` without ``--data F``: run as written, "unknown node 'MYN'" (exit 2). Run as the
    note writes it, it gives the chip's exact gross and good dies."""
    data = write_scenario(tmp_path, MY_NODE, "my node.yaml")  # a space: the path is quoted
    res = run_cli("chip", "h100", "--node", "MYN", "--data", data, "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    match = re.search(r"\((tigris die .*?)\): the bill", doc["placed_exactly_note"])
    assert match, doc["placed_exactly_note"]
    argv = shlex.split(match.group(1))[1:]
    assert argv[-2:] == ["--data", str(data)]
    die = run_cli(*argv, "--json")
    assert die.code == 0, (argv, die.err)
    out = json.loads(die.out)
    assert out["gross_dies"] == doc["gross_dies_exact"]
    assert out["good_dies"] == pytest.approx(doc["good_dies_exact"], rel=1e-6)


#: A part of the user's own on a newer HBM than its base's launch (the user test's
#: ``asic3``: h100's 2022 launch year copied, HBM3e-12hi in volume from 2024-09).
LATE_HBM_PART = """\
accelerators:
  - name: asic3
    based_on: h100
    hbm_generation: HBM3e-12hi
    hbm_stacks: 6
    memory_gb: 216
    source: "mine"
    as_of: 2025-01
"""


def test_the_year_a_launch_bill_suggests_is_one_chip_accepts(run_cli, tmp_path: Path) -> None:
    """The basis row said "the part's launch year: --year 2022" (the year copied from
    h100), and ``--year 2022`` was refused (HBM3e-12hi entered volume production in
    2024-09). It now names the first year accepted, and that year runs."""
    from tests.conftest import kv_cells

    data = write_scenario(tmp_path, LATE_HBM_PART, "part.yaml")
    res = run_cli("chip", "asic3", "--data", data)
    assert res.code == 0, res.err
    hint = kv_cells(res.out)["basis"][-1]
    assert "launch year 2022 is before its HBM3e-12hi's volume production" in hint, hint
    year = re.search(r"--year (\d{4}), the first accepted", hint)
    assert year, hint
    assert run_cli("chip", "asic3", "--data", data, "--year", str(int(year[1]) - 1)).code == 2
    assert run_cli("chip", "asic3", "--data", data, "--year", year[1]).code == 0
    # a part whose launch year is accepted keeps the launch year (h100: 2022)
    hint = kv_cells(run_cli("chip", "h100").out)["basis"][-1]
    assert "the part's launch year: --year 2022;" in hint, hint


def test_chip_help_names_only_options_chip_has(run_cli) -> None:
    """``chip --help``'s --d0 said "each layer D0 / --critical-layers", an option of ``die``
    that ``chip`` refuses ("No such option")."""
    res = run_cli("chip", "--help")
    text = " ".join(res.out.replace("│", " ").split())  # wrapped cells joined
    assert "chip has no option for it" in text
    assert run_cli("chip", "h100", "--critical-layers", "13.5").code == 2
    # every mention of the option is of die's
    assert text.count("--critical-layers") == text.count("tigris die --critical-layers") > 0


def test_the_analytic_gross_count_of_an_elongated_die(run_cli) -> None:
    """``die``'s analytic estimate took every die as a square of its area: 189 dies of
    296 x 1 mm on a 294 mm usable wafer (none fits: its diagonal is longer than the
    diameter, and the exact count says 0), and 6,095,737 of 0.001 x 0.03 mm (+18 % over
    the exact 5,169,730: the cell of a grid is (w + s)(h + s), not (sqrt(A) + s)^2)."""
    from tigris.silicon import gross_dies_estimate

    # none fits: the estimate says 0 too, and the command refuses it, naming --width
    # (since user test s57 #7: a die on no wafer is refused, as one wider than it is)
    assert float(gross_dies_estimate(296.0, 300.0, 3.0, 0.1, width_mm=296.0)) == 0
    none = run_cli("die", "--width", "296", "--height", "1", "--d0", "0.1", "--json")
    assert none.code == 2 and "--width" in none.err and "0 gross dies" in none.err
    thin = run_cli("die", "--width", "0.001", "--height", "0.03", "--d0", "0.1", "--json").json()
    assert thin["gross_dies_estimate"] == pytest.approx(thin["gross_dies"], rel=0.01)
    # by hand: d = 294 mm, cell (0.001 + 0.1)(0.03 + 0.1) mm^2
    cell = (0.001 + 0.1) * (0.03 + 0.1)
    hand = 3.141592653589793 * (294 / 2) ** 2 / cell - 3.141592653589793 * 294 / (2 * cell) ** 0.5
    assert thin["gross_dies_estimate"] == pytest.approx(hand, rel=1e-12)
    # a square die is counted as before: (sqrt(A) + s)^2 is its cell
    sq = float(gross_dies_estimate(100.0, 300.0, 3.0, 0.1))
    assert float(gross_dies_estimate(100.0, 300.0, 3.0, 0.1, width_mm=10.0)) == pytest.approx(sq)


def test_a_misspelt_hindcast_baseline_gets_a_suggestion(run_cli) -> None:
    """``hindcast --baseline announcd`` named the choices but suggested none, unlike
    ``--node``, ``--site`` and ``--model``."""
    from tests.conftest import assert_one_line_error

    res = run_cli("hindcast", "--baseline", "announcd")
    assert_one_line_error(res, "--baseline", "(did you mean 'announced'?)")


def test_the_opex_row_says_its_depreciation_is_of_capex_net_of_subsidy(run_cli) -> None:
    """The row read "opex incl. depreciation" alone; at a subsidised site the
    depreciation is of the capex net of the subsidy (IAS 20, docs/fab.md), which the
    JSON's depreciation shows and the text did not say."""
    from tests.conftest import kv_cells

    args = ("fab", "--node", "N5", "--wspm", "50000", "--site", "arizona-usa")
    row = kv_cells(run_cli(*args).out)["opex incl. depreciation"]
    assert "depreciation of capex net of subsidy" in row[-1], row

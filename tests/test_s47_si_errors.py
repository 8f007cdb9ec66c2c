"""Bad input to ``tigris die``/``chip`` is one line naming the flag the user gave.

User test s47 #6: the errors named internal fields (``logic_die_area_mm2``,
``die_area_mm2``), a flag not given (``--edge-mm`` for a small ``--wafer-mm``), a flag
twice (``--units: --units needs a die``), and ``--scribe-mm 1e308`` was accepted.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error


@pytest.mark.parametrize(
    ("args", "flag", "absent"),
    [
        (("chip", "h100", "--d0", "1e300"), "--d0", "logic_die_area_mm2"),
        (("die", "--width", "1e308", "--height", "1e308", "--d0", "0.1"), "--width", "area"),
        (("die", "--width", "10", "--height", "1e308", "--d0", "0.1"), "--height", "area"),
        (
            ("die", "--width", "10", "--height", "10", "--d0", "0.1", "--wafer-mm", "5"),
            "--wafer-mm",
            "--edge-mm:",
        ),
        (("die", "--node", "N5", "--units", "144", "--spares", "12"), "--units", "--units needs"),
        (
            ("die", "--width", "10", "--height", "10", "--d0", "0.1", "--scribe-mm", "1e308"),
            "--scribe-mm",
            "Traceback",
        ),
        (("die", "--d0", "0.1", "--scribe-mm", "400"), "--scribe-mm", "Traceback"),
    ],
)
def test_error_names_the_flag_given(run_cli, args, flag, absent) -> None:
    res = run_cli(*args)
    assert_one_line_error(res, f"error: {flag}:")
    assert absent not in res.err


def test_edge_given_is_still_blamed_on_edge(run_cli) -> None:
    args = ("die", "--width", "10", "--height", "10", "--d0", "0.1")
    res = run_cli(*args, "--wafer-mm", "5", "--edge-mm", "3")
    assert_one_line_error(res, "error: --edge-mm:")


def test_scribe_up_to_the_usable_wafer_is_counted(run_cli) -> None:
    # a lane as wide as the usable wafer (294 mm) leaves one die, which is counted
    args = ("die", "--width", "10", "--height", "10", "--d0", "0.1", "--json")
    res = run_cli(*args, "--scribe-mm", "294")
    assert res.code == 0, res.err
    assert res.json()["gross_dies"] == 1

"""A numeric option's bad text is refused in a scenario file's words on the command
line itself (user test s47 scenario #8: ``--wspm 20B`` said "Invalid value for
'--wspm': Input should be a valid number, unable to parse string as a number";
docs/scenario-files.md says the options "say the same" as a file)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import assert_one_line_error


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (
            ["fab", "--node", "N5", "--site", "taiwan", "--wspm", "20B"],
            ["--wspm: expected a number, got the text '20B'", "2e10"],
        ),
        (["plan", "--mip-gap", "5%"], ["--mip-gap: expected a number", "0.05"]),
        (
            ["die", "--width", "10", "--height", "10", "--d0", "0.1", "--units=2.5"],
            ["--units: expected an integer, got the text '2.5'"],
        ),
    ],
)
def test_option_number_errors_say_what_a_file_says(
    run_cli: Any, args: list[str], needles: list[str]
) -> None:
    res = run_cli(*args)
    assert_one_line_error(res, *needles)
    assert "Input should be" not in res.err

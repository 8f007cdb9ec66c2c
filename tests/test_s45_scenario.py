"""Scenario files and ``--set`` as a user test found them (user test s45, scenarios).

Each case was reproduced before the fix:

1. switching a reference capital source from ``amount_usd`` to ``usd_by_year`` could not
   be done: the suggested ``--set`` (and docs/scenario-files.md's Python recipe) was
   refused because the reference's ``distributions`` draws the source's ``amount_usd``,
   and no command could remove that distribution;
2. a data-centre site's ``electricity_usd_per_kwh`` warning had no ``FILE:LINE:`` and
   no field leaf (``sites.6:``), and was missing from ``scenario check --json``;
3. an incomplete YAML file was reported past its last line (``x: [`` at line 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import assert_one_line_error, write_scenario

# --- 3: incomplete YAML ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("x: [\n", 1, "unclosed ["),
        ("x: [", 1, "unclosed ["),
        ("name: [unclosed\n", 1, "unclosed ["),
        ("a: 1\nx: {\n\n", 2, "unclosed {"),
        ("a: [1,\n  [2,\n   3\n", 2, "unclosed ["),
    ],
)
def test_incomplete_yaml_is_reported_where_the_bracket_opened(
    tmp_path: Path, run_cli: Any, text: str, line: int, what: str
) -> None:
    """The line is where the unclosed bracket opened, never past the file's last line,
    and the parser's stop at the end of the file says so (not "line 2" of a one-line
    file)."""
    path = write_scenario(tmp_path, text, "o3.yaml")
    res = run_cli("scenario", "check", path)
    assert_one_line_error(
        res, f"o3.yaml:{line}: not valid YAML: {what} (parser stopped at the end of the file"
    )

"""An unknown node is pointed to the row it is costed as (family/alias), not a spelling.

User test s47 #9: ``tigris fab --node N6`` said "did you mean 'N16'?", though
docs/silicon.md and the catalog cost N6 as the N7 row.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error


@pytest.mark.parametrize(
    ("verb", "node", "row"),
    [
        (("fab", "--wspm", "20000", "--site", "taiwan"), "N6", "N7"),
        (("die", "--width", "10", "--height", "10"), "N6", "N7"),
        (("chip", "h100"), "N3P", "N3"),
        (("die", "--width", "10", "--height", "10"), "4NP", "N4"),
    ],
)
def test_unknown_node_suggests_its_family_row(run_cli, verb, node, row) -> None:
    res = run_cli(*verb, "--node", node)
    assert_one_line_error(res, "--node", f"unknown node '{node}'", f"give {row};")
    assert "did you mean 'N16'" not in res.err


def test_other_unknown_node_keeps_the_spelling_hint(run_cli) -> None:
    res = run_cli("die", "--width", "10", "--height", "10", "--node", "N28x1")
    assert_one_line_error(res, "--node", "unknown node 'N28x1'", "known:")

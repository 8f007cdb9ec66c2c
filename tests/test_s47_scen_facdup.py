"""User test s47 #3: one facility type given twice gave 14 error lines, 13 of them
false (sites' "unknown facility type" suggesting the duplicate, distributions by type
"no item" though those facilities exist). The refused entry is left out of the
cross-field checks: one line."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import assert_one_line_error


def _reference(run_cli) -> str:
    res = run_cli("scenario", "show")
    assert res.code == 0
    return res.out


def test_a_facility_type_given_twice_is_one_line(run_cli, tmp_path: Path) -> None:
    text = _reference(run_cli)
    dup, n = re.subn(r"(?m)^    node: N3 ", "    node: N4 ", text)
    assert n == 1
    path = tmp_path / "fac_dup.yaml"
    path.write_text(dup, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert_one_line_error(res, "facilities.1: facility type logic-N5 is given twice")


def test_a_site_still_names_an_unknown_type_of_another_kind(run_cli, tmp_path: Path) -> None:
    text = _reference(run_cli)
    dup = re.sub(r"(?m)^    node: N3 ", "    node: N4 ", text)
    dup = dup.replace("logic-N2, cowos, hbm]", "logic-N2, cowoss, hbm]", 1)
    path = tmp_path / "fac_dup2.yaml"
    path.write_text(dup, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    lines = res.err.strip().splitlines()
    assert len(lines) == 2, res.err
    assert "unknown facility type 'cowoss' (did you mean 'cowos'?)" in lines[1]
    assert "logic-N5, logic-N5" not in res.err

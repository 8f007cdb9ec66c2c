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


# --- 2: a data-centre site's electricity price -------------------------------------

#: The reference's data-centre site, as ``tigris scenario show`` writes it.
_DC_SITE = "    facilities: [datacenter, datacenter-gas]"
_PRICE_WORDS = (
    "changes nothing at texas-usa: a site's electricity_usd_per_kwh is a fab's price, and "
    "texas-usa builds data centres only, which pay their region's grid price"
)


def _reference_text(run_cli: Any) -> str:
    res = run_cli("scenario", "show")
    assert res.code == 0, res.err
    return res.out


def test_a_data_centre_sites_price_warns_at_its_line_and_in_json(
    tmp_path: Path, run_cli: Any
) -> None:
    """``FILE:LINE: sites.6.electricity_usd_per_kwh: ...`` on stderr, and the same line
    in ``scenario check --json``'s warnings (it had neither: ``sites.6:``, ``[]``)."""
    text = _reference_text(run_cli)
    assert text.count(f"\n{_DC_SITE}") == 1
    edited = text.replace(f"\n{_DC_SITE}", f"\n    electricity_usd_per_kwh: 0.05\n{_DC_SITE}")
    path = write_scenario(tmp_path, edited, "d10.yaml")
    lines = edited.splitlines()
    at = lines.index("    electricity_usd_per_kwh: 0.05") + 1
    want = f"{path}:{at}: sites.6.electricity_usd_per_kwh: {_PRICE_WORDS}"
    res = run_cli("scenario", "check", path, "--json")
    assert res.code == 0, res.err
    warnings = res.json()["warnings"]
    assert [w for w in warnings if "electricity" in w] == [
        w for w in warnings if w.startswith(want)
    ]
    assert len([w for w in warnings if w.startswith(want)]) == 1, warnings
    err = [ln for ln in res.err.splitlines() if "electricity" in ln]
    assert all(ln.startswith(f"warning: {want}") for ln in err), err


def test_a_data_centre_sites_price_set_warns_with_its_field() -> None:
    """``plan --set sites.texas-usa.electricity_usd_per_kwh=0.05``: the line names the
    value set and the field, as every ``--set`` warning does."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks_subsidy import set_warning_lines
    from tigris.scenario.edit import set_paths

    ref = reference_scenario()
    changes = {"sites.texas-usa.electricity_usd_per_kwh": 0.05}
    lines = set_warning_lines(ref, set_paths(ref, changes), changes)
    head = "--set: sites.texas-usa.electricity_usd_per_kwh=0.05: "
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{head}sites.6.electricity_usd_per_kwh: {_PRICE_WORDS}")

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
    assert lines[0].startswith(f"{head}sites.texas-usa.electricity_usd_per_kwh: {_PRICE_WORDS}")


# --- 1: switching a capital source to usd_by_year on the reference -----------------

_SRC = "capital.abu-dhabi-sovereign"
_DIST = f"distributions[{_SRC}.amount_usd]"
_BY_YEAR = "{name: abu-dhabi-sovereign, usd_by_year: {2025: 3e+09, 2026: 3e+09, 2027: 3e+09}}"


def test_the_year_path_suggests_a_command_that_runs(run_cli: Any) -> None:
    """The refusal of ``usd_by_year.2027`` on an ``amount_usd`` source gives a command
    that removes the reference's distribution on ``amount_usd`` too, and that command
    plans (it exited 2: the distribution had no field to draw)."""
    res = run_cli("plan", "--set", f"{_SRC}.usd_by_year.2027=1e9", "--no-store")
    assert_one_line_error(res, "gives amount_usd over first_year..last_year")
    (line,) = res.err.splitlines()
    # the suggested --set arguments, as a shell would split them
    suggested = line.split(" by year, and remove the distribution on its amount_usd")[1]
    parts = suggested.split("'")
    assert parts[1] == f"{_SRC}={_BY_YEAR}", parts
    assert parts[3] == f"{_DIST}=null", parts
    plan = run_cli("plan", "--set", parts[1], "--set", parts[3], "--no-store", "--json")
    assert plan.code == 0, plan.err
    assert "reference (edited: " in plan.out and _DIST in plan.out, plan.out[:300]


def test_the_whole_source_alone_names_the_distribution_and_its_removal(run_cli: Any) -> None:
    """Setting the source by year without removing the distribution: one line naming the
    distribution and the ``--set`` that removes it (it said only that the path held
    null)."""
    res = run_cli("plan", "--set", f"{_SRC}={_BY_YEAR}", "--no-store")
    assert_one_line_error(
        res,
        f"this change removes the field that {_DIST} draws",
        f"--set '{_DIST}=null'",
    )


def test_a_distribution_written_with_dots_points_to_its_bracketed_key(run_cli: Any) -> None:
    """``distributions.capital.abu-dhabi-sovereign.amount_usd``: the line says a
    distribution is keyed by its whole path, in brackets (it said "unknown segment
    'capital'")."""
    res = run_cli("plan", "--set", f"distributions.{_SRC}.amount_usd=null", "--no-store")
    assert_one_line_error(res, f"in brackets: {_DIST}", f"--set '{_DIST}=null' removes it")


def test_the_docs_python_recipe_switches_forms_on_the_reference(
    run_cli: Any, tmp_path: Path
) -> None:
    """docs/scenario-files.md's recipe on ``tigris scenario show``'s file: refused
    naming the distribution without its removal, taken with it (with
    field="--set", as ``plan --set`` runs it, the removal is not a sourced value)."""
    from tigris.errors import InputError
    from tigris.scenario import load_scenario
    from tigris.scenario.edit import ABSENT, COMMAND_LINE, set_paths

    path = write_scenario(tmp_path, _reference_text(run_cli), "my.yaml")
    sc = load_scenario(path)
    switch = {
        f"{_SRC}.usd_by_year": {2026: 1e10, 2027: 1e10},
        f"{_SRC}.amount_usd": ABSENT,
        f"{_SRC}.first_year": ABSENT,
        f"{_SRC}.last_year": ABSENT,
    }
    with pytest.raises(InputError, match=r"set it to tigris\.scenario\.edit\.ABSENT"):
        sc.set(switch)
    sc2 = sc.set({**switch, _DIST: ABSENT})
    sc3 = sc2.set(f"{_SRC}.usd_by_year.2028", 12e9)
    assert sc3.capital[0].usd_by_year == {2026: 1e10, 2027: 1e10, 2028: 12e9}
    assert f"{_SRC}.amount_usd" not in sc3.distributions
    marked = set_paths(sc, {**switch, _DIST: ABSENT}, field=COMMAND_LINE)
    assert marked.name == "reference (edited: 5 values)"
    assert not [k for k in marked.sources if k.startswith("distributions")]


def test_a_removed_distribution_leaves_its_correlations() -> None:
    """``distributions[tools.euv_per_year.2028]=null`` removes the distribution and its
    two-path correlation group (the group was refused for naming it)."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    ref = reference_scenario()
    key = "tools.euv_per_year.2028"
    assert any(key in c.paths for c in ref.correlations)
    sc = set_paths(ref, {f"distributions[{key}]": None}, field="--set")
    assert key not in sc.distributions
    assert not any(key in c.paths for c in sc.correlations)
    assert len(sc.correlations) == len(ref.correlations) - 1


@pytest.mark.parametrize(
    ("key", "hint"),
    [("foo.bar", ""), ("tools.euv_per_year.2029", "did you mean 'tools.euv_per_year.2028'")],
)
def test_removing_a_distribution_the_scenario_lacks_is_refused(run_cli, key, hint) -> None:
    """Review of 2026-12-05: ``--set 'distributions[KEY]=null'`` on a key the scenario
    has no distribution of (a typo) removed nothing, yet the run was named edited; it
    is refused, naming the key, with the keys there are."""
    from tigris.scenario import reference_scenario

    assert key not in reference_scenario().distributions
    res = run_cli("plan", "--no-store", "--set", f"distributions[{key}]=null")
    assert_one_line_error(res, f"no distribution '{key}' to remove", hint, "there is:")


def test_removing_one_it_lacks_from_python_is_refused() -> None:
    from tigris.errors import InputError
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import ABSENT

    with pytest.raises(InputError, match=r"no distribution 'foo\.bar' to remove"):
        reference_scenario().set({"distributions[foo.bar]": ABSENT})

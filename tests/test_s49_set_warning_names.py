"""A warning brought by ``--set`` (and the dashboard's controls, and ``tigris.plan`` of a
scenario object) names the field as the change named it: ``sites.texas-usa...``, not
``sites.6...`` (the index form a file's lines use; left at stop 47). A distribution's
warning gave its input's index form in brackets after its path
(``of capital.abu-dhabi-sovereign.amount_usd (capital.0.amount_usd)``), which only
locates a file's line: without a file it is dropped, and a key that is its own index
form is not repeated.

The world: the reference's texas-usa may build only data centres (read here), so a
site subsidy there changes nothing; its investor capital carries a triangular
distribution, so a value far outside it is off that distribution's support.
"""

from __future__ import annotations

import contextlib
import io

from tigris.scenario import reference_scenario
from tigris.scenario.advice import scenario_warnings, warning_lines
from tigris.scenario.checks_subsidy import set_warning_lines
from tigris.scenario.edit import set_paths

TEXAS = "sites.texas-usa.subsidy_share_of_capex"
CAPITAL = "capital.abu-dhabi-sovereign.amount_usd"


def _index_of(items: list, name: str) -> int:
    return next(i for i, x in enumerate(items) if x.name == name)


def test_a_site_is_named_by_name_not_index() -> None:
    ref = reference_scenario()
    i = _index_of(ref.sites, "texas-usa")
    changes = {TEXAS: 0.9}
    [line] = set_warning_lines(ref, set_paths(ref, changes), changes)
    assert line.startswith(f"--set: {TEXAS}=0.9: {TEXAS}: changes nothing at texas-usa"), line
    assert f"sites.{i}." not in line


def test_a_distribution_off_its_support_names_its_input_once() -> None:
    ref = reference_scenario()
    assert CAPITAL in (ref.distributions or {})
    i = _index_of(ref.capital, "abu-dhabi-sovereign")
    changes = {CAPITAL: 1e15}
    lines = set_warning_lines(ref, set_paths(ref, changes), changes)
    [line] = [ln for ln in lines if "outside this distribution" in ln]
    assert f": distributions[{CAPITAL}]: " in line, line
    assert f"capital.{i}." not in line, line  # no index form, in brackets or as the field
    assert f"value 1e+15 of {CAPITAL} is outside" in line


def test_a_file_keeps_the_index_form_that_locates_its_line() -> None:
    """A file's warning names the field by index, as its errors do, so the index form
    of a distribution's input stays after its path."""
    ref = reference_scenario()
    i = _index_of(ref.capital, "abu-dhabi-sovereign")
    edited = set_paths(ref, {CAPITAL: 1e15})
    lines = warning_lines(edited, "s.yaml")
    [line] = [ln for ln in lines if "outside this distribution" in ln]
    assert f"of {CAPITAL} (capital.{i}.amount_usd) is outside" in line, line


def test_a_key_given_by_index_is_not_repeated_in_brackets() -> None:
    ref = reference_scenario()
    i = _index_of(ref.capital, "abu-dhabi-sovereign")
    doc = ref.model_dump(mode="python")
    doc["distributions"] = {f"capital.{i}.amount_usd": doc["distributions"][CAPITAL]}
    doc["correlations"] = []
    sc = type(ref).model_validate(doc)
    edited = set_paths(sc, {CAPITAL: 1e15})
    [(_, msg)] = [f for f in scenario_warnings(edited) if "outside this distribution" in f[1]]
    key = f"capital.{i}.amount_usd"
    assert f"of {key} is outside" in msg, msg
    assert f"({key})" not in msg


def test_plan_set_on_the_command_line_names_by_name() -> None:
    from tigris.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["plan", "--set", f"{TEXAS}=0.9", "--no-store", "--json"])
    assert code == 0
    lines = [ln for ln in err.getvalue().splitlines() if ln.startswith("warning: ")]
    assert lines and all(f": {TEXAS}: " in ln for ln in lines), lines

"""User test s48 (a notebook user) #9: a notebook can read a plan's scenario warnings.

The warnings of a scenario (a legal value that is likely a slip) go to standard error,
each once a process, where a notebook may not show them and a second plan says
nothing. ``result.warnings`` holds them, each line as written without ``warning: ``
(the command line's ``--json`` ``warnings``), whether or not written this time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tigris

SMALL = "docs/examples/small-plan.yaml"


def test_a_scenario_objects_warnings_are_on_the_result_every_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sc = tigris.load_scenario(SMALL).set("capital.fund.amount_usd", 24)
    first = tigris.plan(sc, explain=False, counterfactual=False)
    again = tigris.plan(sc, explain=False, counterfactual=False)
    assert capsys.readouterr().err.count("warning:") <= 1  # stderr: once a process
    for result in (first, again):
        assert len(result.warnings) == 1
        assert result.warnings[0].startswith("capital.fund.amount_usd: 24 USD is below 1/1,000")


def test_a_files_warning_keeps_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "slip.yaml"
    path.write_text(Path(SMALL).read_text().replace("amount_usd: 2.0e10", "amount_usd: 25"))
    result = tigris.plan(path, explain=False, counterfactual=False)
    assert [w.split(" USD")[0] for w in result.warnings] == [f"{path}:40: capital.0.amount_usd: 25"]


def test_a_plan_without_warnings_has_none() -> None:
    result = tigris.plan(SMALL, explain=False, counterfactual=False)
    assert result.warnings == ()

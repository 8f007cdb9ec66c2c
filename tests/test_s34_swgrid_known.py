"""An empty list the scenario writes itself gives no empty "known:" (user test UT-SWF, #10).

The analyst wrote ``capital: []`` in a copy of the reference (a zero-capital investor)
and got ``... there is: nothing`` for the capital distribution and ``... known: `` (and
nothing) for the capital-withdrawal disruption; ``facilities: []`` gave ``known: `` on
every site's facility type. Each line now says that the scenario's section defines
none. The two lines outside tigris.scenario.checks are scenario/edit.py's and
scenario/checks_disrupt.py's.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tigris.scenario import reference_scenario_text


def _errors(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error: ")]


def _reference_with(tmp_path: Path, key: str) -> Path:
    doc = yaml.safe_load(reference_scenario_text())
    assert doc[key]  # the reference defines some: the copy empties the list
    doc[key] = []
    path = tmp_path / f"{key}0.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _no_empty_known(lines: list[str]) -> None:
    for ln in lines:
        assert not ln.rstrip().endswith("known:"), ln
        assert not ln.rstrip().endswith("there is: nothing"), ln


def test_no_facilities_says_none_is_defined(tmp_path, run_cli) -> None:
    res = run_cli("scenario", "check", _reference_with(tmp_path, "facilities"))
    assert res.code == 2
    lines = _errors(res.err)
    facility = [ln for ln in lines if "unknown facility type" in ln]
    assert facility, res.err  # every site names a facility type the file no longer has
    _no_empty_known(facility)  # the distributions' lines: the patch's (below)
    assert all("none is defined (facilities: is empty)" in ln for ln in facility), res.err


def test_no_facilities_distribution_says_none_is_defined(tmp_path, run_cli) -> None:
    res = run_cli("scenario", "check", _reference_with(tmp_path, "facilities"))
    lines = _errors(res.err)
    dist = [ln for ln in lines if "distributions.facilities." in ln]
    assert dist, res.err  # the reference draws its facilities' capex and months
    _no_empty_known(lines)
    assert all("none is defined (facilities: is empty)" in ln for ln in dist), res.err


def test_no_capital_says_none_is_defined(tmp_path, run_cli) -> None:
    res = run_cli("scenario", "check", _reference_with(tmp_path, "capital"))
    assert res.code == 2
    lines = _errors(res.err)
    dist = [ln for ln in lines if "distributions.capital." in ln]
    event = [ln for ln in lines if "unknown capital source" in ln]
    assert dist and event, res.err  # the tranche's distribution and its withdrawal
    _no_empty_known(lines)
    for ln in dist + event:
        assert "none is defined (capital: is empty)" in ln, ln

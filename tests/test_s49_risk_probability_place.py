"""Disruption probabilities written in the scenario that sum past 1 are refused at
their place in the file, not as ``--disruption-probability``, a flag the user did not
give (user test s49 #6); before anything is solved."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import UNCERTAIN, assert_one_line_error, line_of

SCENARIO = (
    UNCERTAIN
    + """\
disruptions:
  - name: euv-cut
    kind: euv_cut
    share: 0.5
    start_year: 2027
    years: 2
    source: "test"
    probability: 0.6
    probability_source: "test A"
  - name: no-fund
    kind: capital_withdrawn
    capital: fund
    start_year: 2027
    source: "test"
    probability: 0.6
    probability_source: "test B"
"""
)


def test_scenario_probabilities_are_refused_at_their_line(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "prob.yaml"
    path.write_text(SCENARIO)
    first = line_of(path, 'probability_source: "test A"') - 1  # the line above it
    second = line_of(path, 'probability_source: "test B"') - 1
    assert path.read_text().splitlines()[first - 1].strip() == "probability: 0.6"
    res = run_cli("risk", path, "--samples", "1", "--stochastic", "1", "--disruption",
                  "euv-cut", "--disruption", "no-fund", "--workers", "0", "--no-store")  # fmt: skip
    assert_one_line_error(res, "sum to 1.2")
    line = res.err.strip()
    assert line.startswith(f"error: {path}:{first}: disruptions.0.probability: "), line
    assert f"line {second}" in line  # the other value's place too
    assert "--disruption-probability" not in line  # not given


def test_a_given_probability_is_named_as_the_flag(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "prob.yaml"
    path.write_text(SCENARIO)
    second = line_of(path, 'probability_source: "test B"') - 1
    res = run_cli("risk", path, "--samples", "1", "--stochastic", "1", "--disruption",
                  "euv-cut", "--disruption", "no-fund", "--disruption-probability",
                  "euv-cut=0.5", "--workers", "0", "--no-store")  # fmt: skip
    assert_one_line_error(res, "sum to 1.1", "euv-cut 0.5, --disruption-probability")
    # the scenario's own value is where it is: no-fund, the second entry
    assert res.err.strip().startswith(f"error: {path}:{second}: disruptions.1.probability: ")

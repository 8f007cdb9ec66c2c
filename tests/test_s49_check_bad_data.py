"""``tigris scenario check FILE --data BAD`` listed the ``--data`` file's problems only,
as if the scenario had none (left at stop 47): the scenario's checks read the data
tables, so it cannot be checked on a bad overlay, and the command now says so on one
more line naming the scenario file. A good overlay still checks the scenario with it."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
BAD_DATA = "nodes:\n  - name: X9\n    based_on: N3\n    d0_per_cm2: -1\n"


def test_a_bad_overlay_says_the_scenario_was_not_checked(run_cli, tmp_path):
    data = tmp_path / "bad.yaml"
    data.write_text(BAD_DATA, encoding="utf-8")
    scenario = EXAMPLES / "small-plan.yaml"
    res = run_cli("scenario", "check", scenario, "--data", data)
    assert res.code == 2, res.err
    assert "Traceback" not in res.err
    lines = [ln for ln in res.err.splitlines() if ln.startswith("error: ")]
    assert any(f"{data}:4: nodes.0.d0_per_cm2: must be >= 0" in ln for ln in lines), lines
    assert lines[-1].startswith(f"error: {scenario}: not checked: "), lines
    assert f"--data tables of {data}" in lines[-1]


def test_a_missing_overlay_file_also_says_so(run_cli, tmp_path):
    scenario = EXAMPLES / "small-plan.yaml"
    res = run_cli("scenario", "check", scenario, "--data", tmp_path / "nope.yaml")
    assert res.code == 2, res.err
    lines = [ln for ln in res.err.splitlines() if ln.startswith("error: ")]
    assert "file not found" in lines[0] and "not checked" in lines[-1], lines


def test_a_good_overlay_still_checks_the_scenario_with_it(run_cli, tmp_path):
    """The overlay is in force for the check: the example scenario naming the
    overlay's part is valid with it and refused without it; a scenario problem on a
    good overlay is listed, with no "not checked" line."""
    data = EXAMPLES / "neuromorphic-npu.yaml"
    plan = EXAMPLES / "neuromorphic-plan.yaml"
    assert run_cli("scenario", "check", plan, "--data", data).code == 0
    assert run_cli("scenario", "check", plan).code == 2
    text = plan.read_text(encoding="utf-8")
    bad = tmp_path / "s.yaml"
    bad.write_text(text + "\ndiscount_rate: banana\n", encoding="utf-8")
    res = run_cli("scenario", "check", bad, "--data", data)
    assert res.code == 2 and "not checked" not in res.err, res.err
    assert "discount_rate" in res.err

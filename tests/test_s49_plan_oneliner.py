"""``tigris plan``'s one line in ``tigris --help`` and the README said it builds "fabs,
CoWoS and HBM lines to close the AI chip gap", while the reference plan builds data
centres only (user test s49 new user #5); ``scenario show --help`` said the plan
"lists" an assumptions table its text does not print (#8). The world read here: the
kinds of facility the reference scenario may build, and what the plan's text prints."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_one_liner_names_every_kind_the_reference_may_build(run_cli) -> None:
    from tigris.scenario import reference_scenario

    kinds = {f.kind for f in reference_scenario().facilities}
    assert "datacenter" in kinds
    text = " ".join(run_cli("--help").out.replace("│", " ").split())
    line = text[text.index("plan Plan") :][:120]
    assert "data centres" in line, line
    assert "data centres" in README.read_text(encoding="utf-8").split("### Plan a network")[1][:300]


def test_scenario_show_help_does_not_promise_a_table_the_plan_does_not_print(run_cli) -> None:
    plan_text = run_cli("plan", "docs/examples/small-plan.yaml", "--no-store").out
    help_text = " ".join(run_cli("scenario", "show", "--help").out.split())
    assert "Sources:" in plan_text  # the plan gives the sources' count, not a table
    assert "'tigris plan' lists" not in help_text
    assert "plan.json" in help_text

"""``input_hash`` is the same for the same inputs however the plan is asked for
(UT-REPRO #5): the CLI hashed the scenario file's bytes (comments included), the Python
API the loaded scenario's JSON, so one file and one set of tables gave two hashes.
Now both hash the scenario as solved (its canonical JSON) with the data tables.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import tigris
from tigris.provenance import inputs_hash, scenario_inputs_hash
from tigris.scenario import reference_scenario, reference_scenario_text

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_cli_and_python_give_one_input_hash(run_cli: Callable[..., object]) -> None:
    cli = run_cli("plan", SMALL, "--json", "--no-store")
    assert cli.code == 0, cli.err
    from_cli = cli.json()["input_hash"]
    by_object = tigris.plan(tigris.load_scenario(SMALL), explain=False, counterfactual=False)
    by_path = tigris.plan(SMALL, explain=False, counterfactual=False)
    by_text = tigris.plan(SMALL.read_text(encoding="utf-8"), explain=False, counterfactual=False)
    assert from_cli == by_object.input_hash == by_path.input_hash == by_text.input_hash
    assert len(from_cli) == 64


def test_same_scenario_same_hash_whatever_its_text(tmp_path: Path) -> None:
    # a comment or a reordering is not an input: the same scenario hashes alike
    text = SMALL.read_text(encoding="utf-8")
    commented = tmp_path / "commented.yaml"
    commented.write_text("# my copy\n" + text + "\n# end\n", encoding="utf-8")
    base = scenario_inputs_hash(SMALL)
    assert scenario_inputs_hash(commented) == base
    assert scenario_inputs_hash(str(SMALL)) == base
    assert scenario_inputs_hash(tigris.load_scenario(SMALL)) == base
    # a value changed is another input
    changed = tigris.load_scenario(SMALL).set("discount_rate", 0.123)
    assert scenario_inputs_hash(changed) != base
    # the reference: None, its object and its text hash alike
    ref = scenario_inputs_hash(None)
    assert ref == scenario_inputs_hash(reference_scenario())
    assert ref == scenario_inputs_hash(tigris.load_scenario(reference_scenario_text()))
    # and it is the documented digest: the scenario as solved (its JSON) and the tables
    assert ref == inputs_hash(reference_scenario().model_dump_json())

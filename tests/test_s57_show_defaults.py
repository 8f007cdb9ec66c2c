"""``tigris scenario show FILE --defaults``: the YAML with every field, as ``--json``
has them (last stop's list: the help said the YAML had the defaults filled in; it left
them out, and only ``--json`` had them)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import assert_one_line_error
from tigris.scenario.load import load_scenario

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_defaults_write_every_field_and_load_back_equal(run_cli, tmp_path: Path) -> None:
    plain = yaml.safe_load(run_cli("scenario", "show", SMALL).out)
    full_text = run_cli("scenario", "show", SMALL, "--defaults").out
    full = yaml.safe_load(full_text)
    as_json = json.loads(run_cli("scenario", "show", SMALL, "--json").out)
    assert list(full) == list(as_json)  # every field, in the schema's order
    assert set(plain) < set(full)  # the plain YAML leaves the defaults out
    assert "solver" in full and "solver" not in plain
    path = tmp_path / "full.yaml"
    path.write_text(full_text, encoding="utf-8")
    assert load_scenario(path) == load_scenario(SMALL)


def test_defaults_with_json_or_assumptions_is_refused(run_cli) -> None:
    for other in ("--json", "--assumptions"):
        res = run_cli("scenario", "show", SMALL, "--defaults", other)
        assert res.code == 2 and "--defaults" in res.err, res.err
    assert_one_line_error(
        run_cli("scenario", "show", SMALL, "--defaults", "--assumptions"), "--defaults: "
    )

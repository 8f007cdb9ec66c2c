"""The dashboard's data-centre electricity control (user test 2026-12-03, #8).

``datacenters.electricity_price_multiplier`` (a scenario field since 2026-12-03)
scales data/grid.csv's price, what grid-powered data centres pay; the page had no
control for it, so "what if power is dearer?" could not be asked there. The control is
a Prices control of every scenario with a ``datacenters`` block, at the scenario's own
value (the reference leaves the key out: the schema's 1, the table's prices); a change
lands at its path and nowhere else, and the plan's reader
(:func:`tigris.plan.assemble_energy.grid_price_multiplier`) sees it. Runs without
solving, as tests/test_serve_controls.py.
"""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import SMALL
from tigris.errors import InputError
from tigris.plan.assemble_energy import grid_price_multiplier
from tigris.scenario import reference_scenario
from tigris.scenario.edit import diff, load_any
from tigris.scenario.schema import Scenario
from tigris.serve.controls import Control, controls_for, whatif

PATH = "datacenters.electricity_price_multiplier"
REF = reference_scenario()


def _control(sc: Scenario) -> Control | None:
    return next((c for c in controls_for(sc) if c.path == PATH), None)


def test_the_reference_has_the_control_at_its_own_value() -> None:
    from importlib import resources

    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")
    block = yaml.safe_load(text)["datacenters"]
    assert "electricity_price_multiplier" not in block  # so the schema's 1 applies
    c = _control(REF)
    assert c is not None and c.group == "Prices" and c.kind == "number"
    assert c.default == 1.0 and c.min == 0.1 and c.max == 10.0


def test_a_dearer_grid_lands_at_its_path_and_the_plan_reads_it() -> None:
    c = _control(REF)
    w = whatif(REF, {c.id: 1.5})
    assert w.changes == {PATH: pytest.approx(1.5)}
    assert w.data_yaml is None  # a scenario field, not a data-table cell
    assert [d[0] for d in diff(REF, w.scenario)] == [PATH]
    assert grid_price_multiplier(w.scenario) == pytest.approx(1.5)
    assert grid_price_multiplier(REF) == 1.0


def test_out_of_range_is_refused_naming_the_control() -> None:
    c = _control(REF)
    with pytest.raises(InputError) as err:
        whatif(REF, {c.id: 20.0})
    assert str(err.value).startswith(f"Data-centre electricity price ({PATH}): expected 0.1 to 10")


def test_no_control_without_a_datacenters_block() -> None:
    small = load_any(SMALL)
    assert small.datacenters is None
    assert _control(small) is None


def test_the_page_draws_it_in_the_prices_group() -> None:
    import json

    from plotly.utils import PlotlyJSONEncoder

    from tigris.serve.dash_tree import walk
    from tigris.serve.layout import controls_panel

    c = _control(REF)
    panel = json.loads(json.dumps(controls_panel(controls_for(REF), {}), cls=PlotlyJSONEncoder))
    prices = next(g for g in walk(panel) if g["props"].get("data-group") == "Prices")
    drawn = [x for x in walk(prices) if x["props"].get("data-control") == PATH]
    assert len(drawn) == 1
    inputs = [x for x in walk(drawn[0]) if isinstance(x["props"].get("id"), dict)]
    assert [x["props"]["id"] for x in inputs] == [{"type": "ctl", "id": c.id}]
    props = inputs[0]["props"]
    assert props["type"] == "number" and props["value"] == 1.0
    assert props["min"] == 0.1 and props["max"] == 10.0


def test_the_control_starts_at_a_scenarios_own_multiplier() -> None:
    """A scenario that sets the multiplier (x1.3) shows it, not the table's 1 (review of
    2026-12-03: a control fixed at 1 passed every test above); leaving it there changes
    nothing."""
    from tigris.scenario.edit import set_paths

    dear = set_paths(REF, {PATH: 1.3})
    c = _control(dear)
    assert c is not None and c.default == pytest.approx(1.3)
    w = whatif(dear, {c.id: c.default})
    assert w.changes == {} and grid_price_multiplier(w.scenario) == pytest.approx(1.3)


def test_the_solve_request_and_the_shared_link_carry_the_value() -> None:
    """What the dashboard's worker solves (the request's scenario YAML) and the page's
    link (its URL state) both keep x1.5: the value reaches the plan, and a shared link
    asks the same what-if."""
    from tigris.serve.controls import decode_state, encode_state

    c = _control(REF)
    request = whatif(REF, {c.id: 1.5}).request()
    solved = load_any(request["scenario_yaml"])
    assert grid_price_multiplier(solved) == pytest.approx(1.5)
    assert request["data_yaml"] is None
    query = encode_state(REF, {c.id: 1.5})
    assert decode_state(REF, query)[c.id] == pytest.approx(1.5)

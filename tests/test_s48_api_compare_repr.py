"""User test s48 (a notebook user) #6: ``tigris.compare`` of two results, in its repr.

``tigris.compare(result_a, result_b)`` of two plans with different discount rates
showed ``Comparison(labels=..., inputs=[], metrics=...`` with no word that the inputs
were not compared (a result carries no scenario): ``inputs_known=False`` came after
every table, off the screen. The repr names ``inputs_known`` before the inputs, says
why they are empty, and shows the tables by size (docs/api.md, "Compare").
"""

from __future__ import annotations

import pytest

import tigris

SMALL = "docs/examples/small-plan.yaml"


@pytest.fixture(scope="module")
def scenarios() -> tuple[object, object]:
    sc = tigris.load_scenario(SMALL)
    return sc, sc.set("discount_rate", 0.1)


def test_two_results_say_the_inputs_were_not_compared(scenarios: tuple[object, object]) -> None:
    a, b = (tigris.plan(s, explain=False, counterfactual=False) for s in scenarios)
    text = repr(tigris.compare(a, b))
    assert text.startswith(
        "Comparison(labels=('small (A)', 'small (B)'), inputs_known=False, inputs=[] "
        "(not compared: a side is a plan without its scenario"
    )
    assert "metrics=<" in text and "\n" not in text


def test_two_scenarios_show_their_inputs(scenarios: tuple[object, object]) -> None:
    cmp = tigris.compare(*scenarios, store=False, explain=False, counterfactual=False)
    assert "inputs_known=True, inputs=[('discount_rate', 0.08, 0.1)]" in repr(cmp)

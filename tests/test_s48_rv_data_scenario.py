"""Review of s48: since a Scenario object is checked again when loaded (user test s48
API #1), ``create_app(sc, data=NPU)`` and ``disrupt(sc, ..., data=NPU)`` checked it
before the ``--data`` parts were in force, and a product naming the overlay's part was
refused ("unknown accelerator 'neuro-npu'"). Both now load it with the overlay."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
NPU = EXAMPLES / "neuromorphic-npu.yaml"
PLAN = EXAMPLES / "neuromorphic-plan.yaml"


class _Jobs:
    """A job manager that starts nothing (create_app needs only its presence)."""

    def submit(self, *args: object, **kwargs: object) -> None:
        pass

    def close(self) -> None:
        pass


def _scenario():
    from tigris.overlay import data_overlay
    from tigris.scenario.edit import load_any

    with data_overlay(NPU):
        return load_any(PLAN)


@pytest.mark.parametrize("given", ["object", "file"])
def test_create_app_takes_a_scenario_naming_a_data_part(given: str) -> None:
    from tigris.serve.app import create_app

    sc = _scenario() if given == "object" else PLAN
    app = create_app(sc, data=NPU, jobs=_Jobs())
    assert app.server.extensions["tigris.serve"] is not None


def test_disrupt_loads_the_scenario_with_its_data(monkeypatch) -> None:
    """Only the loading is checked: the solve is replaced by a stand-in that stops."""
    import tigris.risk.disruptions as d

    seen = []

    def find(scenario, name):
        seen.append(scenario)
        raise KeyboardInterrupt  # stop before any solve

    monkeypatch.setattr(d, "find_disruption", find)
    with pytest.raises(KeyboardInterrupt):
        d.disrupt(_scenario(), "taiwan-12m", data=NPU)
    assert [p.name for p in seen[0].products] == [p.name for p in _scenario().products]

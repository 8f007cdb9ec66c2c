"""User test s48 (a notebook user) #5: the unit-slip warning on a capital amount.

``tigris.plan(sc.set("capital.fund.amount_usd", 20))`` warned ``capital.0.amount_usd:
20 USD is below 1/1,000 of the cheapest shipped module ($1.06B, data/datacenter_types.csv
datacenter ...)``: the field by its index where ``sc.set`` and its errors name
``capital.fund.amount_usd``, and a data-centre module the scenario (logic, CoWoS, HBM)
cannot build. A scenario object's warning names the item by its name; the capital is
compared with the cheapest shipped module of the scenario's own facilities (the
command line's warning on a file keeps its ``file:line`` and index, as its errors).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tigris
from tigris.scenario.advice import warning_lines
from tigris.scenario.checks import parts_of
from tigris.scenario.checks_extremes import money_unit_slips

SMALL = "docs/examples/small-plan.yaml"
OWN = (
    "the cheapest shipped module of the scenario's facilities "
    "($1.50B, data/facility_types.csv cowos)"
)


def test_tigris_plan_names_the_path_and_the_scenarios_cheapest_module(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tigris.scenario import advice

    monkeypatch.setattr(advice, "_WARNED", set())  # once a process: this test's own
    sc = tigris.load_scenario(SMALL).set("capital.fund.amount_usd", 23)  # once a process
    tigris.plan(sc, explain=False, counterfactual=False)
    warned = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("warning:")]
    assert warned == [
        f"warning: capital.fund.amount_usd: 23 USD is below 1/1,000 of {OWN}: money is in "
        "USD, not thousands, millions or billions (1.5e9 for $1.5B)"
    ]


def test_a_scenario_with_a_data_centre_compares_with_its_module() -> None:
    sc = tigris.load_scenario(SMALL)
    facilities = [*sc.get("facilities"), {"kind": "datacenter", "power": "gas"}]
    sc = sc.set({"facilities": facilities, "capital.fund.amount_usd": 20})
    [(loc, msg)] = money_unit_slips(parts_of(sc))
    assert loc == ("capital", 0, "amount_usd")
    # an on-site gas module, 100 MW x $12.58M/MW = $1.26B, is cheaper than CoWoS's $1.5B
    assert "($1.26B, data/datacenter_types.csv datacenter-gas: 100 MW x $12.6M/MW)" in msg


def test_the_command_lines_file_warning(tmp_path: Path, run_cli: Any) -> None:
    text = Path(SMALL).read_text().replace("amount_usd: 2.0e10", "amount_usd: 21")
    path = tmp_path / "slip.yaml"
    path.write_text(text)
    res = run_cli("scenario", "check", str(path))
    warned = [ln for ln in res.err.splitlines() if ln.startswith("warning:")]
    assert len(warned) == 1, res.err
    assert warned[0].startswith(f"warning: {path}:40: capital.0.amount_usd: 21 USD is below")
    assert OWN in warned[0]


def test_a_file_planned_from_python_is_not_warned_of_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tigris.scenario import advice

    monkeypatch.setattr(advice, "_WARNED", set())
    text = Path(SMALL).read_text().replace("amount_usd: 2.0e10", "amount_usd: 22")
    path = tmp_path / "slip.yaml"
    path.write_text(text)
    sc = tigris.load_scenario(path)  # warned with its file:line here
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert warning_lines(sc)[0].startswith("capital.fund.amount_usd: 22 USD")
    tigris.plan(sc, explain=False, counterfactual=False)
    assert "warning:" not in capsys.readouterr().err

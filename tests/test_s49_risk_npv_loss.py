"""Under ``--objective npv`` a disruption's objective loss is the investor's NPV lost,
money (docs/risk.md: "for npv the NPV lost"), not "penalty-valued ... not money spent"
as the lead, the text's caption and the report said (user test s49 #2)."""

from __future__ import annotations

import html
import math
from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN

SCENARIO = (
    UNCERTAIN
    + """\
disruptions:
  - name: no-fund
    kind: capital_withdrawn
    capital: fund
    start_year: 2027
    source: "test"
"""
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    import contextlib
    import io
    import json

    from tigris.cli import main

    d = tmp_path_factory.mktemp("npv")
    path = d / "s.yaml"
    path.write_text(SCENARIO)
    report = d / "r.html"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(
            ["risk", str(path), "--samples", "1", "--seed", "1", "--workers", "0",
             "--disruption", "no-fund", "--objective", "npv", "--no-store",
             "--json", "--report", str(report)]
        )  # fmt: skip
    assert code == 0
    return {"doc": json.loads(out.getvalue()), "page": Path(report).read_text()}


def test_the_json_names_the_objective_and_the_loss_is_npv_lost(run: dict) -> None:
    event = run["doc"]["disruptions"][0]
    nums = event["numbers"]
    assert nums["objective"] == "npv"
    # a loss under npv is the NPV made smaller: the plan as made's objective less the
    # fixed plan's (when that plan can be paid for)
    if nums["fixed_fundable"]:
        by_hand = nums["base"]["objective_usd"] - nums["fixed"]["objective_usd"]
        assert math.isclose(nums["fixed_loss_usd"], by_hand, abs_tol=1e-6 * abs(by_hand) + 1)
    line = next(x for x in event["lead"] if x.startswith("objective loss"))
    assert "the investor's NPV lost" in line
    assert "penalty-valued" not in line and "not money spent" not in line


def test_text_caption_says_npv_lost(run: dict, capsys) -> None:
    from tigris.cli.risk import _print_extras

    _print_extras({"disruptions": run["doc"]["disruptions"]})
    text = " ".join(capsys.readouterr().out.split())
    assert "objective loss: the investor's NPV lost" in text
    assert "penalty-valued" not in text and "not money spent" not in text


def test_report_says_npv_lost(run: dict) -> None:
    page = run["page"]
    start = page.index('id="disruptions"')
    section = html.unescape(" ".join(page[start:].split()))
    assert "the investor's NPV lost" in section
    assert "penalty-valued" not in section and "not money spent" not in section


def test_serve_keeps_the_penalty_words() -> None:
    from tigris.risk.labels import disruption_caption

    assert "penalty-valued" in disruption_caption([2027], "serve")
    assert "penalty-valued" in disruption_caption([2027])

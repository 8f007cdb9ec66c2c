"""``tigris plan``'s first screen gave eight lines of finance before what the plan does
(user test s49 new user #5): the ``Money:`` paragraph held, after the cost, NPV, IRR,
payback, capital spent and H100e added, the NPV of the same cash flows at the rate
-/+ 2 points and with the other terminal value. Those two follow the money table now,
as ``NPV valued otherwise:``; the ``Money:`` line still comes first (the money numbers
lead, as issue 11 asked), and nothing is lost: each sentence is printed once."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_money_line_is_one_sentence_and_the_rest_follows_the_money_table(run_cli):
    res = run_cli("plan", SMALL, "--no-store")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert lines[1].startswith("Money: Cost $")
    flat = _flat(res.out)
    money = flat[flat.index("Money: Cost") : flat.index("What the investor adds")]
    assert "The same cash flows at" not in money and "going concern" not in money
    assert money.rstrip().endswith("added."), money
    later = flat.index("NPV valued otherwise: The same cash flows at")
    assert flat.index("Money by year") < later
    assert flat.count("The same cash flows at") == 1


def test_key_is_its_two_parts(run_cli):
    """``headline()["key"]`` keeps every sentence (the report and the API read it)."""
    import tigris

    head = tigris.plan(str(SMALL)).headline()
    assert head["key"] == head["key_first"] + head["key_more"]
    assert head["key_first"].endswith(".") and "The same cash flows" in head["key_more"]

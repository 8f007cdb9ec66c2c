"""The dashboard's part of policy user test 2026-12-06 (#2-#5).

- #2: a plan whose sites' subsidies pass the programme that pays them is warned of on
  the page, beside the plan, as ``tigris plan`` warns of it;
- #3: the capex tile says it is before subsidy (it is the gross capex);
- #4: the capex tile and the sentences' "capital spent", the same amount written
  twice with float noise at a rounding boundary, print the same;
- #5: ``whatif`` takes a toggle's values in its display unit, ``"on"`` / ``"off"``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests._serve import FakeJobs, page_of
from tests.conftest import SMALL_3Y
from tests.test_s35_subsidy_cap import GERMANY, GERMANY_KTF_USD_2024, GERMANY_SHARE
from tigris.errors import InputError
from tigris.scenario.edit import load_any

# --- #2: the programme overrun beside the plan -------------------------------------------


@pytest.fixture(scope="module")
def germany_view(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The dashboard's view of GERMANY (eight modules forced at Germany, ~US$36B of
    subsidy against Germany's EUR 20B), solved as a worker solves it."""
    from tigris.serve.controls import whatif
    from tigris.serve.view import compute_view

    base = load_any(GERMANY)
    store = tmp_path_factory.mktemp("runs") / "runs.duckdb"
    return compute_view(whatif(base, {}).request(), store=store)


def _germany_total(view: dict[str, Any]) -> float:
    """The subsidy booked at Germany [USD], by hand: half of each module's capex there
    (sites.csv: ESMC Dresden, EUR 5B of aid on EUR 10B)."""
    builds = view["tables"]["builds"]
    capex = [b["capex_usd"] for b in builds if b.get("site") == "germany"]
    assert capex, builds[:2]
    return sum(GERMANY_SHARE * c for c in capex)


def test_the_view_carries_the_overrun(germany_view: dict[str, Any]) -> None:
    total = _germany_total(germany_view)
    assert total > GERMANY_KTF_USD_2024  # the scenario overruns, by construction
    lines = [w for w in germany_view.get("warnings") or [] if "germany-ktf-chips" in w]
    assert len(lines) == 1, germany_view.get("warnings")
    (line,) = lines
    assert line.startswith("warning: the plan's subsidy at")
    assert (
        f"{total / GERMANY_KTF_USD_2024:,.2f}x the whole of US$22.3B of 2024 (germany-ktf-chips"
        in line
    )


def test_the_page_shows_the_overrun_once_solved(germany_view: dict[str, Any]) -> None:
    from tigris.serve.app import create_app

    done = {"state": "done", "view": germany_view, "seconds": 1.0, "cached": False}
    page = page_of(create_app(GERMANY, jobs=FakeJobs(done)))  # type: ignore[arg-type]
    res = page.client.post("/_dash-update-component", json=page.body())
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    shown = json.loads(res.get_data(as_text=True))["response"]["warnings"]["children"]
    ratio = _germany_total(germany_view) / GERMANY_KTF_USD_2024
    said = [w for w in shown.splitlines() if w.startswith("warning: the plan's subsidy at")]
    assert len(said) == 1, shown
    assert f"{ratio:,.2f}x the whole of US$22.3B of 2024 (germany-ktf-chips" in said[0]
    # the error box stays for what stops a plan
    assert "germany-ktf-chips" not in json.dumps(
        json.loads(res.get_data(as_text=True))["response"].get("error-run", "")
    )


def test_no_overrun_is_said_before_the_plan_is_solved(germany_view: dict[str, Any]) -> None:
    from tigris.serve.callbacks import shown_warnings

    queued = {"state": "queued", "ahead": 0}
    assert shown_warnings("warning: controls: x", queued) == "warning: controls: x"
    done = {"state": "done", "view": germany_view}
    both = shown_warnings("warning: controls: x", done).splitlines()
    assert both[0] == "warning: controls: x"  # the values' warnings first
    assert any("germany-ktf-chips" in w for w in both[1:])


# --- #3: the capex tile says it is before subsidy ----------------------------------------


def _view(capex: float, spent: float) -> dict[str, Any]:
    return {"headline": {"numbers": {"capex_committed_usd": capex, "capital_spent_usd": spent}}}


def test_the_capex_tile_says_before_subsidy() -> None:
    from tigris.serve import layout

    # Japan at a 90 % subsidy: US$1.78B of capex, US$178M of the investor's own money
    texts = layout.headline_texts(_view(1.78e9, 1.78e8))
    label = texts[layout.LABEL_IDS["headline-capex"]]
    assert "before subsidy" in label
    assert texts["headline-capex"] == "$1.78B"  # the gross amount, its meaning kept
    disrupted = _view(1.78e9, 1.78e8)
    disrupted["headline"]["disruption"] = {"name": "x", "kind": "x", "event": {}}
    label = layout.headline_texts(disrupted)[layout.LABEL_IDS["headline-capex"]]
    assert "before subsidy" in label


def test_the_tile_tooltip_and_compare_say_before_subsidy() -> None:
    from tigris.serve.app import create_app
    from tigris.serve.compare import ROWS

    page = page_of(create_app(SMALL_3Y, jobs=FakeJobs()))  # type: ignore[arg-type]
    label = page.props["label-headline-capex"]["children"]
    assert "before subsidy" in label
    layout_json = page.client.get("/_dash-layout").get_data(as_text=True)
    assert "before any subsidy" in layout_json  # the tile's title (tooltip)
    rows = {key: text for text, _, key, _ in ROWS}
    assert "before subsidy" in rows["capex_committed_usd"]
    assert "after subsidy" in rows["capital_spent_usd"]


# --- #4: one amount, one rounding ---------------------------------------------------------

#: The reference with ``capital.abu-dhabi-sovereign.amount_usd=0.1`` (user test): the
#: same amount, US$30.65B, summed two ways [USD].
CAPEX_USD = 30650000000.0
SPENT_USD = 30650000000.000446


def test_the_same_amount_prints_the_same_in_tile_and_sentence() -> None:
    from tigris import fmt
    from tigris.serve import layout

    # the plan's sentence prints capital spent with fmt.money (tigris.plan.summary)
    sentence = f"capital spent {fmt.money(SPENT_USD)}"
    view = _view(CAPEX_USD, SPENT_USD)
    view["headline"]["sentences"] = [sentence]
    tile = layout.headline_texts(view)["headline-capex"]
    assert sentence.endswith(f" {tile}"), (tile, sentence)
    # by hand: 30.650000000000446 to one decimal is 30.7
    assert tile == "$30.7B"


def test_different_amounts_keep_their_own_print() -> None:
    from tigris.serve import layout

    # a subsidy makes them two amounts: the tile keeps the gross one
    assert layout.headline_texts(_view(30.65e9 * 2, SPENT_USD))["headline-capex"] == "$61.3B"


def test_compare_prints_capex_and_capital_spent_alike() -> None:
    from tigris.serve.compare import Side, _numbers_table

    side = Side(name="A", scenario=load_any(SMALL_3Y), view=_view(CAPEX_USD, SPENT_USD))
    table = json.dumps(
        _numbers_table([side]).to_plotly_json(), default=lambda o: o.to_plotly_json()
    )
    assert table.count("$30.7B") == 2 and "$30.6B" not in table


# --- #5: a toggle's values in its display unit ------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [("off", 0), (" OFF ", 0), ("Off", 0), (False, 0), ("on", None), ("ON", None), (True, None)],
)
def test_a_site_toggle_takes_on_and_off(value: Any, stored: int | None) -> None:
    from tigris.serve.controls import control_id, whatif

    base = load_any(SMALL_3Y)
    path = next(s.name for s in base.sites)
    path = f"sites.{path}.max_modules"
    w = whatif(base, {control_id(path): value})
    # off closes the site (max_modules 0); on is the default, no change
    assert w.changes.get(path) == stored


@pytest.mark.parametrize("value", ["true", "yes", 1, 0, "", "of", 1.0])
def test_other_toggle_values_are_refused_in_words(value: Any) -> None:
    from tigris.serve.controls import control_id, whatif

    base = load_any(SMALL_3Y)
    path = f"sites.{next(s.name for s in base.sites)}.max_modules"
    with pytest.raises(InputError) as info:
        whatif(base, {control_id(path): value})
    (p,) = info.value.problems
    assert path in p.field
    assert "expected on or off" in p.message and repr(value)[:30] in p.message

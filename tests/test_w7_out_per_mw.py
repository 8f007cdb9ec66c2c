""" "A MW powers N H100e" names its MW, so the power table's MW reconcile (user test D10).

The docs' B200-only data-centre plan (``docs/examples/neuromorphic-plan.yaml`` without
its NPU): the plan's own modules are new builds at PUE 1.1 (``data/datacenter_types.csv``)
while the scenario's ``pue`` is 1.2. The explanation said "(a MW powers 982 H100e of
the plan's fleet in 2029)", a facility MW at PUE 1.2, while the power table's MW online
are the modules' at 1.1: 300 MW online x 982 = 294,600, not the 321,269 H100e the plan
has in service that year. The sentence now says the MW's PUE and what a MW of the
plan's own modules powers.

Checked against the plan's own tables, by hand: H100e in service in year Y = the
production of the last ``fleet_lifetime_years`` years up to Y (``docs/plan-result.md``,
``power``), over the world's data-centre MW online in Y (all of it the plan's modules:
``datacenters: baseline: none``), since the sentence says that capacity is fully used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliResult

Run = Callable[..., CliResult]

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "neuromorphic-plan.yaml"
#: The scenario's PUE (the rows' unit) and the new-build modules' (datacenter_types.csv).
SCENARIO_PUE = 1.2
MODULE_PUE = 1.1

_SENTENCE = re.compile(
    r"\(a MW powers ([\d,]+) H100e of the plan's fleet in (\d{4}), a facility MW at PUE "
    r"([\d.]+); a MW of the plan's own modules, at PUE ([\d.]+), powers ([\d,]+) H100e\)"
)


@pytest.fixture(scope="module")
def b200_plan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The example without the NPU (its path and its fleet lifetime [years])."""
    text = "\n".join(ln for ln in EXAMPLE.read_text().splitlines() if "neuro-npu" not in ln)
    path = tmp_path_factory.mktemp("d10") / "b200only.yaml"
    path.write_text(text + "\n")
    return {"path": path, "life": int(yaml.safe_load(text)["fleet_lifetime_years"])}


def test_the_mw_of_the_sentence_reconciles_with_the_power_table(
    run_cli: Run, b200_plan: dict
) -> None:
    res = run_cli("plan", str(b200_plan["path"]), "--no-store", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    texts = " ".join(e["text"] for e in doc["binding"])
    m = _SENTENCE.search(texts.replace("\n", " "))
    assert m, texts
    priced, year, pue_priced, pue_own, own = m.groups()
    year = int(year)
    assert (float(pue_priced), float(pue_own)) == (SCENARIO_PUE, MODULE_PUE)
    life = b200_plan["life"]
    made = {}
    for r in doc["production"]:
        made[r["year"]] = made.get(r["year"], 0.0) + r["h100e"]
    in_service = sum(h for y, h in made.items() if year - life < y <= year)
    (world,) = [r for r in doc["power"] if r["region"] == "world" and r["year"] == year]
    online = world["datacenter_mw_online"]
    assert online > 0 and world["facility_mw_needed"] == pytest.approx(online, rel=1e-6)
    per_mw = in_service / online  # by hand: 321,269 / 300 = 1,071 in 2029
    assert int(own.replace(",", "")) == round(per_mw)
    # the priced MW, at the scenario's PUE, powers PUE_own / PUE_priced of that
    assert int(priced.replace(",", "")) == round(per_mw * MODULE_PUE / SCENARIO_PUE)


def test_a_site_rows_mw_names_the_pue_of_the_mw_priced() -> None:
    """Rows in facility MW of modules at PUE 1.1 under a plan PUE of 1.2 (a site's
    power: rows_per_mw = 1.2 / 1.1): the priced MW is at PUE 1.2 / (1.2 / 1.1) = 1.1 and
    powers 1,000 x 1.2 / 1.1 = 1,091 H100e, not 'PUE 1.2'."""
    from types import SimpleNamespace

    from tigris.plan.explain_power import _per_mw_words

    words = _per_mw_words(SimpleNamespace(pue=1.2), 1000.0, 1.2 / 1.1, None, 2029)
    assert "a MW powers 1,091 H100e of the plan's fleet in 2029" in words
    assert words.endswith("a facility MW at PUE 1.1)")

"""A new user's read of the README and the docs against what the verbs print (stop 64).

- ``tigris train -a h800`` quoted its price's source from the word "price" on: "as of
  2025-06: price are assumed equal to H100 SXM (tigris assumption)", the clause cut
  from its subject ("dense BF16/FP8 peaks, power, memory and price are assumed equal
  to H100 SXM"). The note now quotes the whole clause that holds the price.
- The README's ``--data`` site "India (Dholera, Gujarat)" was ``based_on: japan``; a
  site no programme names is capped by its base site's programme, so its grants were
  capped by Japan's (JPY 10 trillion), not India's Semiconductor Mission. It is now
  based on the shipped Indian site.
- docs/workload.md's worked example (2.6e12 tokens a day of Llama 3.1 405B in FP8)
  said 43,112 H100, 71.2 MW and $0.94 per million tokens, the fleet before prefill
  prompts queued for their share of a step; docs/plan.md's "Flat ends" deliveries were
  two model changes old (55,581 where the hand count of tests/test_s34_workload_plan.py
  gives 55,450).
- ``tigris fab --node N5 --product h100`` said the H100's N4 die is one "which a N5 fab
  makes"; it now says "which N5 fabs make".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WORKLOAD_DOC = ROOT / "docs" / "workload.md"
PLAN_DOC = ROOT / "docs" / "plan.md"

#: NVIDIA DGX H100: 10.2 kW per 8-GPU server, the share of one H100 [W]
#: (accelerators.csv system_power_w)
H100_SYSTEM_W = 10_200 / 8
#: Cluster IT over server power, DGX H100 SuperPOD (energy_parameters.csv) [-]
IT_OVERHEAD = 1.08
#: PUE of train and infer by default (workload_defaults.csv) [-]
PUE = 1.2
#: The H100's 2026 rent, SemiAnalysis index (prices.csv) [USD per accelerator-hour]
H100_RENT_USD_PER_H = 2.35
#: Hours in a day [h]
HOURS_PER_DAY = 24
#: The worked example's load and its busy-hour case [tokens a day]
EXAMPLE_TOKENS, PEAK_TOKENS = 2.6e12, 5.2e12


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_h800_purchase_note_quotes_its_price_clause_whole() -> None:
    """The catalog's H800 row says its price is assumed equal to the H100 SXM's, in a
    clause whose subject lists what is assumed ("... memory and price are assumed ...");
    the purchase note quotes that clause with its subject, not from the word "price"."""
    from tigris import train

    result = train(flops=3.2856e24, accelerator="h800", days=60, mfu=0.375)
    note = next(n for n in result.notes if n.startswith("cluster purchase"))
    said = _words(note)
    assert "memory and price are assumed equal to H100 SXM" in said, said
    assert ": price are" not in said, said


def test_a_price_clause_inside_parentheses_is_not_widened() -> None:
    """A 'price' inside brackets keeps the old reading (from the word to the clause's
    end), so an unbalanced bracket is never quoted."""
    from tigris.workload.training import _price_words

    assert _price_words("list (price $5 each); power") == "price $5 each)"
    assert _price_words("no price given") == "no price given"
    assert _price_words("datasheet; power 700 W") == ""


def test_the_readme_india_site_is_capped_by_india_s_programme(tmp_path: Path) -> None:
    """The README's own site, labelled an Indian fab with the ISM's 50 %, is paid by
    India's Semiconductor Mission: the programme that caps it must be India's."""
    from tigris.fab.data import subsidy_cap
    from tigris.overlay import data_overlay

    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    data = next(b for b in blocks if "name: india" in b)
    path = tmp_path / "my-data.yaml"
    path.write_text(data, encoding="utf-8")
    with data_overlay(path):
        cap = subsidy_cap("india")
    assert cap is not None
    assert cap.programme.startswith("india-"), cap.programme


def _example_figures() -> tuple[int, float, float]:
    """Accelerators, MW and USD per million tokens of the worked example as the doc
    states them."""
    text = _words(WORKLOAD_DOC.read_text(encoding="utf-8"))
    found = re.search(r"gives ([\d,]+) H100 \(([\d.]+) MW, \$([\d.]+) per million tokens", text)
    assert found, "the worked example's sentence is gone"
    count, mw, usd = found.groups()
    return int(count.replace(",", "")), float(mw), float(usd)


def test_the_worked_example_s_power_and_rent_follow_from_its_fleet() -> None:
    """By hand from the doc's own fleet: MW = n x 1,275 W x 1.08 x 1.2, and the rent per
    million tokens = n x $2.35 x 24 h / (2.6e12 / 1e6)."""
    count, mw, usd = _example_figures()
    assert count * H100_SYSTEM_W * IT_OVERHEAD * PUE / 1e6 == pytest.approx(mw, abs=0.05)
    rent = count * H100_RENT_USD_PER_H * HOURS_PER_DAY / (EXAMPLE_TOKENS / 1e6)
    assert rent == pytest.approx(usd, abs=0.005)


def test_the_worked_example_is_what_infer_sizes() -> None:
    """The doc's fleet for the worked example and its busy-hour case are what
    ``tigris infer`` sizes today (a docs guard: the sentence went stale when the prefill
    queue changed)."""
    from tigris import infer

    count, _, _ = _example_figures()
    args = {"model": "llama-3.1-405b", "precision": "fp8", "prompt_tokens": 1000}
    mean = infer(tokens_per_day=EXAMPLE_TOKENS, output_tokens=300, **args)
    assert mean.accelerators == count
    peak = infer(tokens_per_day=PEAK_TOKENS, output_tokens=300, **args)
    text = _words(WORKLOAD_DOC.read_text(encoding="utf-8"))
    assert f"--tokens-per-day 5.2e12`: {int(peak.accelerators):,} H100" in text


def test_the_flat_ends_deliveries_are_the_hand_counts() -> None:
    """docs/plan.md's "Flat ends" figures are those tests/test_s34_workload_plan.py counts
    by hand (266,897 H100e of training, 10,352 and 20,685 of inference at 5e11 and 1e12
    tokens a day, five-year lives): (266,897 + 10,352) / 5 = 55,450 a year before 2028,
    266,897 + 20,685 - 4 x 55,450 = 65,783 in 2028; with zeros around the run 10,352 in
    2027 and 266,897 + 20,685 - 10,352 = 277,230 in 2028."""
    train, low, high, life = 266_897, 10_352, 20_685, 5
    flat = (train + low) / life
    assert flat == pytest.approx(55_450, abs=1)  # 1 H100e: the counts are rounded
    assert train + high - 4 * flat == pytest.approx(65_783, abs=1)
    assert train + high - low == 277_230
    text = _words(PLAN_DOC.read_text(encoding="utf-8"))
    assert "55,450 H100e in 2026 and 2027" in text
    assert "(65,783, where the service grows to 1e12)" in text
    assert "10,352 in 2027 (the service), 277,230 in 2028" in text


def test_a_family_node_note_reads_without_a_wrong_article() -> None:
    """An N5 fab making the H100's N4 die said "which a N5 fab makes": the article before
    a node name depends on how it is read aloud ("an N5"), so the note is plural."""
    from tigris.fab import fab_model

    note = _words(str(fab_model("N5", 20_000, "taiwan", product="h100").product_note))
    assert "which N5 fabs make" in note, note
    assert "a N5" not in note, note

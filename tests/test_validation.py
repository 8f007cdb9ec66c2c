"""The validation table (issue 13 item 5): each published case a test, and its claims.

Each case asserts ``|tigris - published| / published <= tolerance`` with the published
value and tolerance read from ``tigris/data/validation_cases.csv`` (written before the
tigris values were looked at) and tigris's value recomputed through public API calls
(``tigris.validation.CASES``). A case that is honestly out of tolerance is a strict
xfail with its reason, so that it fails loudly the day it comes back inside.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from contextlib import redirect_stdout
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from tigris.fab.budgets import budget_cases
from tigris.validation import (
    CASES,
    LAYERS,
    counted,
    load_cases,
    main,
    run_cases,
    to_markdown,
    within,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "validation.md"
TABLE_START = "<!-- validation-table:start -->"
TABLE_END = "<!-- validation-table:end -->"

#: The issue's bar: at least 30 cases, at least 90 % of them within tolerance.
MIN_CASES = 30
MIN_WITHIN = 0.90

#: Cases honestly out of tolerance today, and why (strict: an XPASS fails the run).
OUT_OF_TOLERANCE: dict[str, str] = {
    # The errors themselves are in docs/validation.md; these say which way and why.
    # training: the MFU model (workload.mfu, hardware generation its only regressor; model
    # and cluster size break the published H100 benchmark bound, and the run year was
    # tested and not adopted: docs/workload.md "Run year as a software term")
    "llama2-70b-hours": (
        "MFU model: tigris high (+38 %); the hours imply ~0.48 A100 MFU at goodput 0.9 "
        "(2023 software), the hardware-year fit gives a 2020 part 0.350"
    ),
    "falcon-180b-hours": (
        "MFU model: tigris high (+53 %); the hours imply ~0.53 A100 MFU at goodput 0.9, "
        "the hardware-year fit gives a 2020 part 0.350"
    ),
    "llama3-8b-hours": (
        "MFU model: tigris far low (-58 %); the hours imply ~0.17 H100 MFU, below every "
        "published small-model MFU (TinyLlama 0.56, llm-foundry's H100 table 0.38-0.46); "
        "the hardware-year fit gives a 2022 part 0.411"
    ),
    # inference: the serving model, faster than measured
    "trtllm-falcon180b-h100-fp8-128-128": (
        "serving model: tigris high (+36 %; +15 % before the prefill replicas shared one "
        "queue): the shared queue takes steps of 8,192 prompt tokens on fewer prefill "
        "GPUs; the table ran prefill and decode on the same 8 GPUs at a fixed batch"
    ),
    # silicon and packaging
    "hbm3e-8hi-stack-bond-yield": (
        "hbm.csv's bonding curve is market-wide (~50 % a stack at HVM); SK hynix's own "
        "'close to 80 %' in 2024 is the leader's figure, and no source but the statement "
        "itself puts SK hynix there (analysts: its HBM3 60-70 % in 2024-03, its HBM3E "
        "60-70 % before the interview), so a curve per maker would be fitted on this case"
    ),
    # fab: equipment by node from DigiTimes' 50k-wspm reference fabs (IBS continues them)
    "cset-n5-capex-per-wspm": (
        "DigiTimes' 5 nm fab is 1.6x CSET's 5 nm capital, which equals TSMC's 2018 Fab 18 "
        "budget per wafer-year (one source, not two)"
    ),
    "cset-n7-capex-per-wspm": "DigiTimes' 7 nm fab cost is 1.4x CSET's 7 nm capital",
    # Blind cases of 2026-12-02 (V; rows in docs/validation_blind/, committed in 193ef8d
    # before these values were computed).
    "llama-65b-hours": (
        "MFU model: tigris high (+42 %); the hours, the paper's own 380 tokens/s per GPU "
        "with no downtime (goodput 1), imply ~0.50 A100 MFU, the hardware-year fit gives a "
        "2020 part 0.350"
    ),
    "n3-a17-yield-2023": (
        "silicon: a defect-limited yield at N3's D0 in mid-April 2023 (4.5 months after "
        "TSMC's December 2022 volume-production start, 0.082/cm2: 0.90 for the A17 and M3 "
        "dies Arete's figure covers) cannot be ~55 %, which needs ~0.49/cm2, about 5x N5's "
        "D0 at its own HVM; no source quantifies N3B's D0, and other reports of the time say "
        "70 % (The Information, 2023-08) and ~80 % (EDN Asia, 2023-03): the gap is "
        "parametric and binning losses tigris does not model, or the analyst's figure"
    ),
    "hbm4-12hi-yield-early-2025": (
        "memory: not like with like since hbm.csv dates HBM4 to February 2026 (Samsung's "
        "stated start; SK hynix's 2025-09 release said 'ready', docs/silicon.md 'HVM month'): "
        "mid-2025 is before HVM, so tigris gives the row's start value (0.598, the same "
        "report's end-2024 60 %) against its ~70 % before mass production"
    ),
    "hbm4-dram-die-yield-2026": (
        "memory: Samsung's 1c DRAM yield (~60 % in 2026, IT Chosun) against hbm.csv's "
        "all-maker HBM4 D0 (0.073/cm2 at mid-2026, die yield 0.897); SK hynix's and "
        "Micron's HBM4 dies are on their HBM3E node; 60 % would need ~0.34/cm2, or test "
        "losses the Poisson yield does not model (S37 MEM-DATA, chosen before computing)"
    ),
    # Jobs cases of 2026-12-03: staff ~ wspm^0.27 inside McKinsey's 20-45k wspm, flat per
    # wspm outside (docs/fab.md "Scale and staffing"), level from Arizona fab 1; the five
    # jobs cases are in-sample and no one staffing law fits them all (review: 2-3 inside
    # under every reading).
    "tsmc-arizona-two-fabs-jobs": (
        "fab: tigris low (-23 %); TSMC's Arizona figures rise per wspm with size (1,600 for "
        "20k, 4,500 for 50k in two fabs), against McKinsey's staff ~ wspm^0.27; a first US "
        "site's staffing"
    ),
    "esmc-dresden-jobs": (
        "fab: tigris low (-38 %); ESMC plans ~2,000 for 40,000 wspm of 28-12 nm (0.05 per "
        "wspm), more than the size law from Arizona fab 1's level gives a mature-node fab"
    ),
    # its tolerance narrowed from 30 % to the figure's own 5 % on 2026-12-07 (the old
    # basis, 'without the exact batch', was gone once the inputs were the paper's
    # configuration): a validation-table audit, whichever way it moved the case
    "pope-palm540b-decode-ms": (
        "inference: tigris low (-28 %); two Megatron-style all-reduces per layer at H100 "
        "NVSwitch latency stand in for Pope's 2D weight-stationary layout on TPU v4 ICI, "
        "whose collective latencies are not in tigris's data"
    ),
}

#: Published figures docs/validation.md ("Leave-one-out discipline") and the data
#: files' sources say a default was fitted on; each must be flagged in-sample.
KNOWN_IN_SAMPLE = (
    "h100-per-cowos-s-wafer",
    "b200-vs-h100-packaging-cost",
    "b200-mfg-cost",
    "n5-d0-15-months",
    "hbm3e-12hi-stacks-per-wafer-2025",
    # both 8-high HBM3E yield cases: the bonding curve's start and mature values were
    # chosen from the same article (S36 VAL-HBM, UT-HBM #8)
    "hbm3e-8hi-stack-bond-yield",
    "hbm3e-8hi-yield-mid-2024",
    "tsmc-arizona-jobs",
    "tsmc-arizona-two-fabs-jobs",
    "esmc-dresden-jobs",
    "jasm-kumamoto-fab1-jobs",
    "jasm-kumamoto-fabs-1-2-jobs",
    "superpod-h100-it-mw",
    "dgx-h100-kw",
    "llama3-405b-hours",
    "hp-die-yield-1.5cm",
    # fab capex cases flagged in-sample by the size rule of 2026-12-03 (docs/fab.md, rule
    # 35793f5 item c: they were in view when the rule was written)
    "cset-n5-capex-per-wspm",
    "cset-n7-capex-per-wspm",
    "tsmc-fab18-p1-3",
    "smic-beijing-jv",
    "smic-shanghai-lingang",
    # defaults changed or added after these cases missed (2026-12-05 audit, by the rule
    # the staffing and site rows already follow): b300's system power (W), MI300X's base
    # dies (X), the scale-out all-to-all and prefill token budget (I), the tpu-v4
    # interconnect row, the CoWoS-L mature yield and its learning constant (Y)
    "stargate-norway-100k-gb300-mw",
    "nscale-texas-104k-gb300-mw",
    "mi300x-interposer-mm2",
    "sglang-deepseek-decode-per-h100-node",
    "sglang-deepseek-prefill-per-h100-node",
    "pope-palm540b-decode-ms",
    "cowos-l-yield-2026",
    # inputs of the case switched after its miss (rule of 2026-12-06, one rule with
    # tsmc-arizona-fab1-2024's first-of-a-kind switch; new-user test s49 #3): LLaMA 65B's
    # goodput 1, the N3 case's month and dies, SMIC Shenzhen's standing building, TSMC
    # Nanjing's campus
    "llama-65b-hours",
    "n3-a17-yield-2023",
    "smic-shenzhen",
    "tsmc-nanjing-fab16",
    # a flag audit of 2026-12-07 (docs/validation.md, 'History'): the HBM3e price derived
    # from the H200 case's figure, then re-chosen with its error looked at; MI300X's HBM,
    # assembly and test from the same analyst's H100 split; the EUV tool power from the
    # same TechInsights report; the interposer rule and the EUV throughput checked against
    # their cases' figures before the cases were written; the goodput rule chosen on
    # reliability rows derived from the BLOOM and PaLM hours
    "h200-mfg-cost",
    "mi300x-mfg-cost",
    "techinsights-euv-power-share",
    "b200-interposer-mm2",
    "asml-euv-tools-per-layer-45k",
    "bloom-176b-hours",
    "palm-540b-chip-hours",
    # flagged before the audit and not listed here until it (it found that dropping one
    # of these flags failed only the pinned counts)
    "h100-mfg-cost",
    "b200-per-cowos-l-wafer",
    "n7-d0-9-months",
    # the serving cases: the prefill MFU from the same TensorRT-LLM document, the
    # all-to-all efficiencies and latencies from DeepEP on the same model and part
    "deepseek-decode-tokens-per-h800-node",
    "deepseek-v3-r1-fleet",
    "rtp-llm-deepseek-decode-per-gpu",
    "trtllm-falcon180b-h100-fp8-128-128",
    "trtllm-llama2-70b-h100-fp8-b1024-tp2-128-128",
    "trtllm-llama2-70b-h100-fp8-b480-tp4-128-2048",
    "trtllm-llama2-70b-h100-fp8-b64-tp2-2048-2048",
    "trtllm-llama70b-h100-fp8-128-128",
    "trtllm-llama70b-h100-fp8-128-2048",
    "trtllm-llama7b-h100-fp8-128-128",
    "trtllm-llama7b-h100-fp8-128-2048",
    "hbm4-12hi-yield-early-2025",
    # fab budgets whose note names the default (fab_budgets.csv): the japan multiplier
    # (JASM fab 1), the site rows added once the outcomes were known, the
    # first-of-a-kind switch, the two-fab pricing, the building fit
    "jasm-kumamoto-fab1",
    "jsmc-miyagi",
    "smic-tianjin-xiqing",
    "tata-psmc-dholera",
    "tsmc-arizona-fab1-2024",
    "tsmc-arizona-fabs-1-2-2022",
    "umc-singapore-fab12i-p3",
)

# fab_budgets.csv (engineer F) states its own known misses; they are validated here too,
# except where the published figure is a bound the case meets (validation_bounds.csv, S37
# BOUND-AUDIT): TSMC's Fab 18 NT$500B "will exceed", a floor tigris is above, stays a
# two-sided known miss in test_fab_budgets.py and is within here.
_ONE_SIDED_WITHIN = ("tsmc-fab18-p1-3",)
OUT_OF_TOLERANCE |= {
    b.case: b.known_miss for b in budget_cases() if b.known_miss and b.case not in _ONE_SIDED_WITHIN
}

CASE_TABLE = load_cases()


def _params() -> list:
    out = []
    withdrawn = CASE_TABLE.set_index("case")["withdrawn"]
    for name in CASE_TABLE["case"]:
        marks = ()
        if withdrawn[name]:
            # left out of every count, with its reason (validation_cases.csv withdrawn)
            marks = (pytest.mark.skip(reason=f"withdrawn: {withdrawn[name]}"),)
        elif name in OUT_OF_TOLERANCE:
            marks = (pytest.mark.xfail(strict=True, reason=OUT_OF_TOLERANCE[name]),)
        out.append(pytest.param(name, id=name, marks=marks))
    return out


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return run_cases()


@pytest.mark.parametrize("name", _params())
def test_case_within_tolerance(name: str) -> None:
    row = CASE_TABLE.set_index("case").loc[name]
    value = CASES[name]()
    error = abs(value - row["published"]) / row["published"]
    # two-sided for a point, one-sided for a stated floor or ceiling (validation_bounds.csv)
    ok = within([value], [row["published"]], [row["tolerance"]], [row["bound"]])
    assert ok[0], (
        f"{name}: tigris {value:.4g} vs published {row['published']:.4g} {row['unit']} "
        f"({error:.1%} > {row['tolerance']:.0%}, {row['bound'] or 'point'})"
    )


#: Rows committed before tigris's values were computed (docs/validation_blind/README.md).
BLIND = DOC.parent / "validation_blind"


@pytest.mark.parametrize(
    ("blind", "shipped", "key", "columns"),
    [
        (
            "validation_cases_2026-12-02.csv",
            "validation_cases.csv",
            "case",
            ["layer", "published", "unit", "tolerance", "tolerance_basis", "in_sample"],
        ),
        (
            "fab_budgets_2026-12-02.csv",
            "fab_budgets.csv",
            "case",
            ["site", "node_mix", "wspm", "capex_usd", "year", "tolerance", "in_sample"],
        ),
    ],
)
def test_blind_rows_stand_unchanged(blind: str, shipped: str, key: str, columns: list) -> None:
    """What a blind row committed before tigris's value was known (published value, its
    unit, tolerance and basis, the in-sample flag, a budget's fab) is what the shipped
    table tests today: never moved after the value was seen."""
    written = pd.read_csv(BLIND / blind).set_index(key)
    with resources.files("tigris.data").joinpath(shipped).open(encoding="utf-8") as fh:
        table = pd.read_csv(fh).set_index(key)
    assert set(written.index) <= set(table.index)
    fixed = [c for c in columns if c != "in_sample"]
    pd.testing.assert_frame_equal(
        table.loc[written.index, fixed], written[fixed], check_dtype=False
    )
    # a row may gain the in-sample flag (a default later read on its source), never lose it
    flagged = written.index[written["in_sample"].astype(bool)]
    assert table.loc[flagged, "in_sample"].astype(bool).all()


def test_registry_matches_the_table() -> None:
    assert sorted(CASES) == sorted(CASE_TABLE["case"])
    assert CASE_TABLE["case"].is_unique


def test_at_least_thirty_cases_across_layers() -> None:
    assert len(CASE_TABLE) >= MIN_CASES
    assert set(CASE_TABLE["layer"]) <= set(LAYERS)
    for layer in ("training", "inference", "power", "silicon", "fab"):
        assert (CASE_TABLE["layer"] == layer).any(), layer
    assert CASE_TABLE["layer"].isin(["packaging", "memory"]).any()


@pytest.mark.xfail(
    strict=True,
    reason="the issue's bar is not met: fewer than 90 % of the cases are within tolerance "
    "(the MFU model on four A100/H100 runs, PaLM's decode time and Falcon 180B's serving "
    "throughput, the 5/7 nm equipment basis against CSET, the SMIC Beijing, Lingang and "
    "Tianjin budgets, the Arizona two-fab and ESMC staffing, N3's 2023 yield, the HBM3E and "
    "HBM4 stack yields, Samsung's HBM4 DRAM die yield; docs/validation.md counts)",
)
def test_at_least_ninety_percent_within_tolerance(results: pd.DataFrame) -> None:
    kept = counted(results)
    share = kept["within"].mean()
    assert share >= MIN_WITHIN, kept.loc[~kept["within"], ["case", "error", "note"]]


def test_failures_are_exactly_the_declared_ones(results: pd.DataFrame) -> None:
    """Every counted case outside tolerance has a stated reason here, and no other does."""
    kept = counted(results)
    assert set(kept.loc[~kept["within"], "case"]) == set(OUT_OF_TOLERANCE)


def test_every_row_has_source_as_of_and_a_tolerance_basis() -> None:
    for col in ("source", "as_of", "tolerance_basis", "inputs", "unit"):
        assert CASE_TABLE[col].str.strip().ne("").all(), col
    assert CASE_TABLE["as_of"].str.fullmatch(r"\d{4}(-\d{2})?").all()
    assert (CASE_TABLE["published"] > 0).all()
    assert CASE_TABLE["tolerance"].between(0, 1, inclusive="neither").all()


def test_in_sample_cases_are_flagged_with_the_default_fitted() -> None:
    flagged = CASE_TABLE.set_index("case")
    for name in KNOWN_IN_SAMPLE:
        assert flagged.loc[name, "in_sample"], name
    # and no other: a flag dropped or added fails here, not only in the pinned counts
    # (a validation-table audit of 2026-12-07 cleared three flags and only the counts
    # failed)
    assert set(flagged.index[flagged["in_sample"].astype(bool)]) == set(KNOWN_IN_SAMPLE)
    # fitted_by is given exactly for in-sample rows and names a shipped data file.
    assert (CASE_TABLE["fitted_by"].str.strip().ne("") == CASE_TABLE["in_sample"]).all()
    data = resources.files("tigris.data")
    for text in CASE_TABLE.loc[CASE_TABLE["in_sample"], "fitted_by"]:
        files = re.findall(r"[a-z_]+\.(?:csv|yaml)", text)
        assert files, text
        assert all(data.joinpath(f).is_file() for f in files), text


def test_out_of_sample_share_is_reported(results: pd.DataFrame) -> None:
    """The table's first line counts in- and out-of-sample cases separately (of the
    counted cases: a withdrawn one is in no count)."""
    first = to_markdown(results).splitlines()[0]
    kept = counted(results)
    n_in = int(kept["in_sample"].sum())
    assert f"{n_in} in-sample, {len(kept) - n_in} out-of-sample" in first


def test_committed_doc_matches_the_markdown_output(results: pd.DataFrame) -> None:
    text = DOC.read_text()
    assert TABLE_START in text and TABLE_END in text
    committed = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip("\n") + "\n"
    # The real entry point, as a user runs it (under -m the module runs as __main__).
    run = subprocess.run(
        [sys.executable, "-m", "tigris.validation", "--markdown"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert committed == run.stdout, "regenerate: python -m tigris.validation --markdown"
    assert run.stdout == to_markdown(results)


def test_main_prints_the_plain_table() -> None:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main([]) == 0
    lines = buf.getvalue().splitlines()
    assert lines[0].split()[:3] == ["case", "published", "tigris"]
    assert len(lines) == len(CASE_TABLE) + 1

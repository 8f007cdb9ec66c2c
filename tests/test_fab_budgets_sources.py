"""The budget rows added 2026-12-03 against their pre-registration and their sources.

Six rows of ``data/fab_budgets.csv`` were pre-registered in docs/fab.md ("Cases added
2026-12-03: pre-registration", commit bd2ad9c) before tigris priced them. These tests
check (1) that the shipped rows are the pre-registered ones (a value moved after the
result fails here), and (2) that each published figure agrees with its source's own
second figure where the source gives two: a local amount and the rate or dollar figure
it was converted at, a total and its parts, a campus and its phases. The figures are
typed in from the sources named in each row, not read from the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tigris.data import load_rows
from tigris.fab.budgets import budget_cases

CASES = {c.case: c for c in budget_cases()}
NOTES = {str(r["case"]): str(r["note"]) for r in load_rows("fab_budgets")}
DOC = Path(__file__).resolve().parents[1] / "docs" / "fab.md"

CRORE = 1e7  # one crore = 10 million rupees

# As pre-registered in docs/fab.md at bd2ad9c: site, node mix, wspm, campus, building
# standing, capex [USD], year. Tolerance 0.35 and in_sample / first_of_a_kind False for all.
PREREGISTERED = {
    "umc-singapore-fab12i-p3": ("china", (("N28", 1.0),), 30_000, 80_000, False, 5.0e9, 2022),
    "jsmc-miyagi": ("japan", (("N28", 1.0),), 40_000, None, False, 5.3e9, 2023),
    "tata-psmc-dholera": ("china", (("N28", 1.0),), 50_000, None, False, 10.98e9, 2024),
    "smic-smsc-shanghai": ("china", (("N16", 1.0),), 35_000, None, False, 10.0e9, 2018),
    "tsmc-nanjing-28nm-2021": ("china", (("N28", 1.0),), 40_000, None, True, 2.887e9, 2021),
    "umc-fab12a-p6": ("taiwan", (("N16", 1.0),), 27_500, None, True, 3.58e9, 2021),
}

# (SITES, 2026-12-03) Sites moved after pre-registration: the two cases priced at china
# for want of a row go to the rows added for them (sites.csv, pre-registered in docs/fab.md
# "Sites added 2026-12-03" in 0eb4ed2 before these cases were priced there). Their outcome
# at china was known by then, so they are in-sample. PREREGISTERED keeps what was
# pre-registered (china); only the site and the in-sample flag differ.
MOVED_SITE = {"umc-singapore-fab12i-p3": "singapore", "tata-psmc-dholera": "india-gujarat"}
# Flagged in-sample by the building-share rule (docs/fab.md, 975cacf): its miss was in view
# when the building was refitted to published shares, though it did not enter the fit.
BUILDING_FIT_IN_VIEW = {"jsmc-miyagi"}


@pytest.mark.parametrize("name", sorted(PREREGISTERED))
def test_row_is_as_preregistered(name: str) -> None:
    c = CASES[name]
    site, mix, wspm, campus, standing, capex, year = PREREGISTERED[name]
    site = MOVED_SITE.get(name, site)
    assert (c.site, c.node_mix, c.wspm, c.campus_wspm) == (site, mix, wspm, campus)
    assert (c.building_exists, c.year) == (standing, year)
    assert c.capex_usd == pytest.approx(capex, rel=1e-9)
    assert c.tolerance == 0.35
    assert c.in_sample == (name in MOVED_SITE or name in BUILDING_FIT_IN_VIEW)
    assert not c.first_of_a_kind
    assert "Pre-registered 2026-12-03" in NOTES[name]


def _preregistration_table() -> dict[str, list[str]]:
    """The cells of each row of docs/fab.md's pre-registration table, by case."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### Cases added 2026-12-03: pre-registration")
    end = text.index("**Candidates dropped", start)
    rows = {}
    for line in text[start:end].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0] in PREREGISTERED:
            rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize("name", sorted(PREREGISTERED))
def test_pinned_values_are_the_documents(name: str) -> None:
    # The pinned values above are those of docs/fab.md's pre-registration table (columns
    # case | site | node mix | wspm | flags | published | year), so neither the CSV nor
    # this file can move a value without the written pre-registration disagreeing.
    _, site, node, wspm, flags, published, year = _preregistration_table()[name]
    p_site, p_mix, p_wspm, p_campus, p_standing, p_capex, p_year = PREREGISTERED[name]
    assert site.split()[0] == p_site
    assert node.split()[0] == p_mix[0][0] and len(p_mix) == 1
    assert wspm.split()[0] == f"{p_wspm:,}"
    assert ("building_exists" in flags) == p_standing
    assert (f"campus {p_campus:,}" in flags) if p_campus else not flags.startswith("campus")
    usd = re.findall(r"US\$([0-9.,]+)([BM])", published)[0]
    scale = 1e9 if usd[1] == "B" else 1e6
    assert float(usd[0].replace(",", "")) * scale == pytest.approx(p_capex, rel=1e-3)
    assert int(year) == p_year


def test_tata_rupees_at_the_days_rate() -> None:
    # Cabinet approval 2024-02-29: INR 91,000 crore; the rupee opened at 82.88 per US$
    # that day (PTI). 91,000 crore / 82.88 = US$10.98B.
    c = CASES["tata-psmc-dholera"]
    assert c.capex_usd == pytest.approx(91_000 * CRORE / 82.88, rel=5e-4)


def test_tsmc_nanjing_board_figures_agree() -> None:
    # TSMC's board: US$2,887M = NT$79,392.5M, i.e. exactly NT$27.5 per US$.
    c = CASES["tsmc-nanjing-28nm-2021"]
    assert c.capex_usd * 27.5 == pytest.approx(79_392.5e6, rel=1e-6)


def test_umc_p6_dollars_agree_across_reports() -> None:
    # UMC's NT$100B, reported as ~US$3.58B (NT$27.93 per US$) by Benzinga and, separately,
    # by CNA (taiwanwireservice.com, 2021-04-28: "NT$100 billion (US$3.58 billion)"); the
    # rate is within 2 % of the NT$27.5 TSMC's board used the same week (its budget rate).
    c = CASES["umc-fab12a-p6"]
    assert c.capex_usd == pytest.approx(3.58e9, rel=1e-3)
    # "27.5K more wpm production ability when fully equipped" (Benzinga)
    assert c.wspm == 27_500


def test_jsmc_yen_conversions_agree_across_sources() -> None:
    # eeNews Europe: JPY 800B = US$5.3B (JPY 150.9 per US$); SemiMedia: the first phase's
    # ~JPY 400B = US$2.6B (JPY 153.8 per US$). The two rates agree within 2.5 %.
    c = CASES["jsmc-miyagi"]
    assert 800e9 / c.capex_usd == pytest.approx(400e9 / 2.6e9, rel=0.025)
    # the row is the whole fab (eeNews's JPY 800B, of which the first phase is JPY 420B):
    # phase one's 10,000 wspm, phase two to 40,000 (particle.news)
    assert c.wspm == 40_000


def test_smsc_total_is_its_capital_and_debt() -> None:
    # SMIC 2018-01-30: US$3.5B registered capital + US$6.5B of debt, "about $10 billion".
    assert CASES["smic-smsc-shanghai"].capex_usd == pytest.approx(3.5e9 + 6.5e9)


def test_umc_singapore_campus_is_fab12i_plus_p3() -> None:
    # Fab12i's existing ~50,000 wspm (SemiMedia) plus P3's first phase of 30,000 (UMC
    # press release 2022-02-24): both typed from the sources, not read from the row.
    c = CASES["umc-singapore-fab12i-p3"]
    assert c.wspm == 30_000
    assert c.campus_wspm == 50_000 + 30_000

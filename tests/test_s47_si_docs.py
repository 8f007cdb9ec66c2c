"""The numbers of docs/silicon.md and docs/fab.md that went stale are re-run here.

User test s47 #2: fab.md said the cost per wafer is levelised at 8 % (the code uses the
real 5.52 %), its "by cost kind (now)" column was a record of commit 1eff7f8 (Arizona
fab 1 US$10.7B where the CLI prints US$8.54B), silicon.md's 2026 roadmap table had
Rubin at $10,713 (now $12,245) and MI455X at $15,016 ($17,314), and a Rubin Ultra 2026
row the CLI refuses. Each table below is parsed and compared with today's model.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tigris.fab.data import fab_param
from tigris.silicon import chip_bill, exceeds_reticle, gross_dies_exact
from tigris.validation import run_cases

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: Row label of docs/silicon.md's tables -> (catalog name, production year or None).
ROADMAP_PARTS = {
    "H100 SXM": ("h100", 2026),
    "B200": ("b200", 2026),
    "B300": ("b300", 2026),
    "Rubin": ("rubin", 2026),
    "Rubin Ultra (2027)": ("rubin-ultra", 2027),
    "MI355X": ("mi355x", 2026),
    "MI455X": ("mi455x", 2026),
    "TPU v6e": ("tpu-v6e", 2026),
    "TPU v7": ("tpu-v7", 2026),
    "Trainium3": ("trainium3", 2026),
    "Ascend 910C": ("ascend-910c", 2026),
}
LAUNCH_PARTS = {"H100 SXM": "h100", "H200": "h200", "B200": "b200", "MI300X": "mi300x"}
#: Row label of docs/fab.md's price-index table -> validation case.
FAB_CASES = {
    "TSMC Fab 18 P1-3 (2018)": "tsmc-fab18-p1-3",
    "TSMC Arizona fab 1 (2020 plan)": "tsmc-arizona-fab1-2020",
    "TSMC Arizona fab 1 (2024 outturn)": "tsmc-arizona-fab1-2024",
    "JASM Kumamoto fab 1 (2022)": "jasm-kumamoto-fab1",
    "ESMC Dresden (2024)": "esmc-dresden",
    "TSMC Nanjing (2016)": "tsmc-nanjing-fab16",
    "SMIC Beijing (2020)": "smic-beijing-jv",
    "SMIC Lingang (2021)": "smic-shanghai-lingang",
    "SMIC Shenzhen (2021)": "smic-shenzhen",
    "SMIC Tianjin (2021)": "smic-tianjin-xiqing",
    "JASM Kumamoto fab 2 (2025)": "jasm-kumamoto-fab2",
    "TSMC Arizona fabs 1+2 (Dec 2022)": "tsmc-arizona-fabs-1-2-2022",
}


def _rows(doc: str, header: str) -> dict[str, list[str]]:
    """Cells of the markdown table whose header line starts with ``header``, by label."""
    lines = (DOCS / doc).read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(header))
    out = {}
    for ln in lines[start + 2 :]:
        if not ln.startswith("|"):
            break
        cells = [c.strip() for c in ln.strip("|").split("|")]
        out[cells[0]] = cells[1:]
    return out


def _lead(cell: str) -> float:
    """The first number of a cell ("17 (+ 44 N3 ...)", "~3,620", "US$8.54B, -29%")."""
    return float(re.search(r"-?[\d,]*\.?\d+", cell).group().replace(",", ""))


def test_roadmap_table_is_todays_bill() -> None:
    rows = _rows("silicon.md", "| part | node | H100e |")
    assert set(rows) == set(ROADMAP_PARTS)
    for label, (name, year) in ROADMAP_PARTS.items():
        node, _, logic, cowos, dram, gb, cost = rows[label]
        b = chip_bill(name, year=year)
        assert node == b.node, label
        got = (
            b.logic_wafers_per_1000,
            b.interposer_wafers_per_1000,
            1000 * b.hbm_wafers_per_unit,
            b.hbm_gb_per_unit,
            b.manufacturing_cost_usd,
        )
        for cell, value in zip((logic, cowos, dram, gb, cost), got, strict=True):
            assert _lead(cell) == round(value), (label, cell, value)


def test_launch_table_is_todays_bill() -> None:
    rows = _rows("silicon.md", "| part (defaults) |")
    for label, name in LAUNCH_PARTS.items():
        good, logic, cowos, stacks, cost = rows[label][:5]
        b = chip_bill(name)
        assert _lead(good) == round(b.good_dies_per_wafer), label
        assert _lead(logic) == round(b.logic_wafers_per_1000), label
        assert _lead(cowos) == round(b.interposer_wafers_per_1000), label
        assert _lead(stacks) == round(b.hbm_stacks_per_1000), label
        assert _lead(cost) == pytest.approx(b.manufacturing_cost_usd, abs=10), label


def test_rubin_ultra_row_is_a_year_the_cli_accepts(run_cli) -> None:
    assert run_cli("chip", "rubin-ultra", "--year", "2027", "--json").code == 0
    assert run_cli("chip", "rubin-ultra", "--year", "2026").code == 2


def test_gh100_outline_counts_and_the_square_exceeds_the_reticle() -> None:
    text = " ".join((DOCS / "silicon.md").read_text(encoding="utf-8").split())
    assert int(gross_dies_exact(26.0, 31.3)) == 67
    assert "67 whole dies at 26 × 31.3 mm" in text
    assert bool(exceeds_reticle(28.5, 28.5))  # so the doc may not offer it as a layout
    assert "wider than the 26 mm reticle field" in text
    assert "and 68 at 28.5 × 28.5 mm." not in text


def test_fab_doc_discount_rate_is_the_data() -> None:
    text = " ".join((DOCS / "fab.md").read_text(encoding="utf-8").split())
    rate = fab_param("discount_rate")
    assert f"at the real discount rate {100 * rate:.2f} %" in text
    assert "levelised over 10 years of operation at 8%" not in text


def test_fab_doc_price_index_table_today_column() -> None:
    rows = _rows("fab.md", "| case (year) | CPI-U for everything |")
    assert set(rows) == set(FAB_CASES)
    df = run_cases(list(FAB_CASES.values())).set_index("case")
    for label, case in FAB_CASES.items():
        today = rows[label][2]
        usd = float(re.search(r"US\$([\d.]+)B", today).group(1)) * 1e9
        err = float(re.search(r"([+-]\d+)%", today).group(1)) / 100
        got = df.loc[case]
        assert usd == pytest.approx(got["tigris"], rel=0.006), (label, today)
        assert err == pytest.approx(got["error"], abs=0.006), (label, today)
        assert ("(miss)" in today) == (not bool(got["within"])), (label, today)

"""One documented rule for ``chip --year`` before volume production.

User test s47 #4: ``chip b200 --year 2023`` is refused (HBM3e from 2024-02) while
``--year 2024``, before CoWoS-L's 2025 HVM, exited 0 with the package's start yield
said only in a table cell. The rule: refused before the silicon's volume start,
accepted with a warning (stderr and ``--json``) before the package's.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_one_line_error

DOCS = Path(__file__).resolve().parents[1] / "docs" / "silicon.md"


def test_year_before_hbm_is_refused(run_cli) -> None:
    assert_one_line_error(run_cli("chip", "b200", "--year", "2023"), "--year", "2024")


def test_year_before_package_hvm_is_warned(run_cli) -> None:
    res = run_cli("chip", "b200", "--year", "2024", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["package_yield"] == 0.75  # packaging.csv CoWoS-L package_yield_start
    (warning,) = doc["warnings"]
    assert "CoWoS-L's 2025 HVM" in warning and "0.75" in warning
    assert f"warning: {warning}" in res.err
    assert "Years before volume production" in DOCS.read_text(encoding="utf-8")


def test_no_warning_from_the_package_hvm_on(run_cli) -> None:
    for args in (("b200", "--year", "2025"), ("b200",), ("h100", "--year", "2023")):
        res = run_cli("chip", *args, "--json")
        assert res.code == 0 and json.loads(res.out)["warnings"] == [], args
        assert "warning" not in res.err

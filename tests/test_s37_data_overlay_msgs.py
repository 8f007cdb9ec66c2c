"""UT-CONTRIB (2026-12-04) findings 8 and 14: a --data file's messages.

8. A site figure in the wrong unit ($/MWh written as $/kWh: 95 where the shipped sites
   pay $0.07-0.20 a kWh) is warned about at its line.
14. An unknown field gets a "did you mean", and the problems come in line order.
"""

from __future__ import annotations

from pathlib import Path

from tigris.errors import InputError
from tigris.overlay import load_overlay

SITE = """\
sites:
  - name: malaysia
    based_on: japan
    electricity_usd_per_kwh: {kwh}
    source: "test"
    as_of: 2026-06
"""

MULTI = """\
accelerators:
  - name: acme-x2
    based_on: rubin
    peak_bf16_flops_per_s: 2.5e15
    memory_gb: "288"
    as_of: 2026-03
sites:
  - name: malaysia
    based_on: japan
    subsidy_share_of_capex: 1.5
    source: "x"
"""


def test_electricity_in_usd_per_mwh_is_warned(tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(SITE.format(kwh=95), encoding="utf-8")
    load_overlay(path)
    err = capsys.readouterr().err
    assert f"warning: {path}:4: sites.0.electricity_usd_per_kwh: 95 is beyond" in err


def test_a_shipped_scale_price_is_not_warned(tmp_path: Path, capsys) -> None:
    """$0.095/kWh, the same price in the column's unit: no warning."""
    path = tmp_path / "ok.yaml"
    path.write_text(SITE.format(kwh=0.095), encoding="utf-8")
    load_overlay(path)
    assert "warning" not in capsys.readouterr().err


def test_problems_in_line_order_with_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "multi.yaml"
    path.write_text(MULTI, encoding="utf-8")
    try:
        load_overlay(path)
    except InputError as exc:
        problems = exc.problems
    else:
        raise AssertionError("accepted")
    lines = [p.line for p in problems]
    assert lines == sorted(lines) and len(lines) == 5, [str(p) for p in problems]
    typo = next(p for p in problems if p.field.endswith("peak_bf16_flops_per_s"))
    assert "did you mean 'peak_bf16_flop_per_s'" in typo.message


REGION = """\
sites:
  - name: malaysia
    based_on: japan
    region: {region}
    source: "test: Malaysia is in Asia-Pacific"
    as_of: 2026-06
"""


def test_a_data_site_carries_its_region(tmp_path: Path) -> None:
    """Finding 10: the region had to be repeated in every scenario; tigris fab had none."""
    from tigris.energy.data import site_region
    from tigris.overlay import data_overlay

    path = tmp_path / "r.yaml"
    path.write_text(REGION.format(region="asia-pacific"), encoding="utf-8")
    with data_overlay(path):
        assert site_region("malaysia") == "asia-pacific"


def test_an_unknown_region_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(REGION.format(region="asia-pacifc"), encoding="utf-8")
    try:
        load_overlay(path)
    except InputError as exc:
        (p,) = exc.problems
    else:
        raise AssertionError("accepted")
    assert (p.field, p.line) == ("sites.0.region", 4)
    assert "did you mean 'asia-pacific'" in p.message

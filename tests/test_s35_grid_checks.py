"""GRID-FIX (UT-GRID #8): a headroom no module fits in, and a site PUE beyond any
published average, are said, not accepted silently.

UT-GRID typed the usa headroom in GW (``{2026: 5.2, 2035: 52.3}``): exit 0, no warning,
and the plan built gas only, as no 100-MW grid module could connect in any year; and
``sites.texas-usa.pue=4.0`` served 2.5 % less, unremarked. The reference's grid module
is 100 MW (data/datacenter_types.csv, read as text here); the top of the published PUE
range is data/energy_parameters.csv's ``pue_max_published`` (2.5, Uptime Institute's
2007 industry average, the highest it published).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import data_table

REFERENCE = (
    Path(__file__).resolve().parents[1] / "src" / "tigris" / "data" / "reference_scenario.yaml"
)


def _module_mw() -> float:
    row = next(r for r in data_table("datacenter_types") if r["facility"] == "datacenter")
    return float(row["module_mw"])


def _pue_top() -> float:
    row = next(r for r in data_table("energy_parameters") if r["parameter"] == "pue_max_published")
    assert row["source"].strip() and row["as_of"].strip()
    return float(row["value"])


def scenario(tmp_path: Path, headroom: str | None = None, pue: float | None = None) -> Path:
    """The reference with usa's headroom and texas-usa's PUE set (text edits)."""
    text = REFERENCE.read_text(encoding="utf-8")
    if headroom is not None:
        anchor = "datacenters:\n  baseline: announced "
        assert text.count(anchor) == 1
        new = f"datacenters:\n  grid_headroom_mw: {{usa: {headroom}}}\n  baseline: announced "
        text = text.replace(anchor, new, 1)
    if pue is not None:
        anchor = "  - name: texas-usa\n"
        assert text.count(anchor) == 1
        text = text.replace(anchor, f"{anchor}    pue: {pue}\n", 1)
    path = tmp_path / "grid.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _found(path: Path, check: str) -> list:
    from tigris.scenario import checks_energy, checks_headroom
    from tigris.scenario.checks import parts_of
    from tigris.scenario.load import load_scenario

    func = getattr(checks_headroom, check, None) or getattr(checks_energy, check)
    return func(parts_of(load_scenario(path)))


def test_headroom_in_gw_is_said(tmp_path: Path) -> None:
    assert _module_mw() == 100.0
    found = _found(scenario(tmp_path, "{2026: 5.2, 2035: 52.3}"), "headroom_below_module")
    assert len(found) == 1
    loc, msg = found[0]
    assert loc == ("datacenters", "grid_headroom_mw", "usa")
    assert msg.startswith("5.2–52.3 MW in 2026–2035 is below one 100 MW")
    assert "100 MW grid data-centre module" in msg and "texas-usa" in msg
    assert "no grid module can connect in usa" in msg and "not GW" in msg


@pytest.mark.parametrize(
    "headroom",
    [
        None,  # the data's own series
        "{2026: 5.2, 2035: 100}",  # one module fits by 2035
        "{2026: 5230, 2035: 52303}",  # the data's values, given
    ],
)
def test_a_headroom_a_module_fits_in_is_not_said(tmp_path: Path, headroom: str | None) -> None:
    assert _found(scenario(tmp_path, headroom), "headroom_below_module") == []


def test_site_pue_beyond_published_is_said(tmp_path: Path) -> None:
    top = _pue_top()
    assert top == 2.5
    found = _found(scenario(tmp_path, pue=4.0), "site_pue_beyond_published")
    assert len(found) == 1
    loc, msg = found[0]
    assert loc[0] == "sites" and loc[2] == "pue"
    assert msg.startswith("4 is above 2.5, the highest industry-average PUE published")
    assert _found(scenario(tmp_path, pue=top), "site_pue_beyond_published") == []
    assert _found(scenario(tmp_path, pue=1.3), "site_pue_beyond_published") == []

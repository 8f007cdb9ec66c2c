"""A site a ``--data`` file names with capitals ("Malaysia") is found as the shipped
sites are, in lower case: before, it was listed as known and not found ("unknown site
'malaysia' (did you mean 'Malaysia'?)", at a field the file did not have), in the
scenario check and in ``tigris fab --site`` (user test 2026-12-07, scenario author #2)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = """sites:
  - name: Malaysia
    based_on: singapore
    source: "test"
    as_of: 2026-01
"""

SCENARIO = """name: case-test
currency_year: 2024
horizon: {{first_year: 2026, last_year: 2030}}
discount_rate: 0.06
unmet_penalty_usd_per_h100e: 27500
pue: 1.2
fleet_lifetime_years: table
demand:
  - {{name: all, priority: 1, h100e_by_year: {{2026: 1.0e7}}}}
products: roadmap
supply: {{baseline: announced}}
tools: {{euv_per_year: {{2026: 20}}}}
facilities:
  - {{kind: cowos}}
sites:
  - name: {site}
    facilities: [cowos]
    max_modules: 2
"""


@pytest.mark.parametrize("site", ["malaysia", "Malaysia"])
def test_a_capitalised_data_site_is_found(run_cli, tmp_path: Path, site: str) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(DATA)
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(site=site))
    res = run_cli("scenario", "check", str(path), "--data", str(data))
    assert res.code == 0, res.err
    assert "valid scenario" in " ".join(res.out.split())


def test_fab_site_from_data_is_priced_at_its_own_figures(run_cli, tmp_path: Path) -> None:
    """--site Malaysia from the file: priced as the site it copies (singapore), since it
    changes none of its figures."""
    data = tmp_path / "d.yaml"
    data.write_text(DATA)
    args = ["fab", "--node", "N3", "--wspm", "20000", "--json"]
    own = run_cli(*args, "--site", "Malaysia", "--data", str(data))
    assert own.code == 0, own.err
    copied = run_cli(*args, "--site", "singapore")
    assert copied.code == 0, copied.err
    key = "capex_usd"
    a, b = own.json(), copied.json()
    assert key in a, sorted(a)
    assert a[key] == pytest.approx(b[key], rel=1e-12)

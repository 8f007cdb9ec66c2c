"""A site's capex grant (``subsidy_share_of_capex``) read from ``data/sites.csv`` or a
``--data`` file is an assumption row of the plan, cited to where it is read: it moves
where fabs are built, yet Germany's 50 % and a ``--data`` site's 30 % were in no row
(user test 2026-12-07, scenario author #3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.data import load_table
from tigris.plan.assemble import assemble
from tigris.scenario.load import reference_scenario


def _rows(notes) -> dict[str, tuple[float, str]]:
    hits = notes[notes["parameter"].astype(str).str.endswith(": subsidy_share_of_capex")]
    return {
        str(p).split(":")[0]: (float(v), str(s))
        for p, v, s in zip(hits["parameter"], hits["value"], hits["source"], strict=True)
    }


def test_every_fab_site_of_the_reference_cites_its_grant() -> None:
    sc = reference_scenario()
    _, notes = assemble(sc)
    rows = _rows(notes)
    table = load_table("sites").set_index("site")
    fab_sites = [
        s.name
        for s in sc.sites
        if any(not f.startswith("datacenter") for f in (s.facilities or ["logic"]))
    ]
    assert fab_sites
    for site in fab_sites:
        value, source = rows[site]
        assert value == pytest.approx(float(table.loc[site, "subsidy_share_of_capex"]))
        assert source.startswith("data/sites.csv")


def test_a_data_file_grant_is_cited_to_its_line(run_cli, tmp_path: Path) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(
        "sites:\n"
        "  - name: malaysia\n"
        "    based_on: singapore\n"
        "    subsidy_share_of_capex: 0.3\n"
        "    source: MIDA incentive guide\n"
        "    as_of: 2026-01\n"
    )
    res = run_cli("scenario", "show")  # the reference, with a site of the file's added
    assert res.code == 0 and "  - name: taiwan\n" in res.out
    site = "  - name: malaysia\n    facilities: [cowos]\n"
    out = tmp_path / "s.yaml"
    out.write_text(res.out.replace("  - name: taiwan\n", site + "  - name: taiwan\n", 1))
    res = run_cli("scenario", "show", str(out), "--data", str(data), "--assumptions")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "malaysia: subsidy_share_of_capex: 0.3" in flat
    assert "d.yaml:4: sites malaysia subsidy_share_of_capex (source: MIDA" in flat

"""An outage running past the horizon's end is said, not cut silently (user test
UT-POLICY, 2026-12-04, #6: ``months: 1000`` passed ``tigris scenario check`` and a
100-month outage from 2028 printed "taiwan out 100 months from 2028" although only
2028-2035 can count). ``scenario check``/``plan`` warn at the field's line; ``tigris
risk``'s note says which years are counted."""

from __future__ import annotations

import numpy as np

from tests.conftest import SMALL_3Y, replaced, write_scenario
from tigris.scenario.checks_disrupt import events_past_horizon

#: SMALL_3Y (horizon 2026-2028) with its one site in Taiwan.
TW3 = replaced(SMALL_3Y, ("  - name: japan\n    max_modules: 3\n", "  - name: taiwan\n"))


def _events(months: float, years: int = 2) -> str:
    return (
        "disruptions:\n"
        f"  - {{name: tw, kind: region_outage, region: taiwan, start_year: 2027, "
        f'months: {months}, source: "test"}}\n'
        f"  - {{name: euv, kind: euv_cut, share: 0.5, start_year: 2027, years: {years}, "
        'source: "test"}\n'
    )


def _found(text: str) -> dict[str, str]:
    from tigris.scenario.checks import parts_of
    from tigris.scenario.edit import load_any

    return {
        ".".join(map(str, loc)): msg for loc, msg in events_past_horizon(parts_of(load_any(text)))
    }


def test_an_outage_past_the_end_says_which_years_count() -> None:
    """30 months from 2027 in a 2026-2028 horizon: it ends in 2029; 2027 and 2028 are
    counted, 24 of the 30 months (by hand). An EUV cut of 3 years: 2 of them."""
    found = _found(TW3 + _events(30, 3))
    assert found == {
        "disruptions.0.months": "the region outage runs past the horizon (it ends in 2029, "
        "the horizon in 2028): only 2027–2028 are counted, 24 of its 30 months",
        "disruptions.1.years": "the euv cut runs past the horizon (it ends in 2029, the "
        "horizon in 2028): only 2027–2028 are counted, 2 of its 3 years",
    }


def test_an_outage_ending_with_the_horizon_is_not_warned() -> None:
    assert _found(TW3 + _events(24, 2)) == {}
    assert _found(TW3 + _events(13.5, 1)) == {}


def test_the_users_1000_months_end_in_2111() -> None:
    """The user's mm.yaml: the reference's taiwan-12m with months: 1000 (from 2028, the
    horizon 2026-2035): 1000/12 = 83.3 years, so its last month is in 2028 + 83 = 2111;
    96 months (2028-2035) count."""
    from pathlib import Path

    import tigris

    ref = (Path(tigris.__file__).parent / "data" / "reference_scenario.yaml").read_text()
    assert "    months: 12 " in ref
    found = _found(ref.replace("    months: 12 ", "    months: 1000 ", 1))
    assert list(found) == ["disruptions.0.months"]
    assert "it ends in 2111, the horizon in 2035" in found["disruptions.0.months"]
    assert "only 2028–2035 are counted, 96 of its 1000 months" in found["disruptions.0.months"]


def test_the_risk_note_says_so_and_only_the_horizon_is_removed() -> None:
    """apply_disruption's note names the cut; the output removed at the Taiwan site is
    a full 2027 and a full 2028 (24 months), nothing else."""
    from tigris.plan.assemble import assemble
    from tigris.risk.disruptions import apply_disruption, find_disruption
    from tigris.scenario.edit import load_any

    sc = load_any(TW3 + _events(30))
    inp, _ = assemble(sc)
    hit = apply_disruption(inp, find_disruption(sc, "tw"), sc)
    note = hit.notes[-1]
    assert note.startswith("disruption tw: taiwan out 30 months from 2027")
    assert "; it runs past the horizon (it ends in 2029, the horizon in 2028)" in note
    assert "only 2027–2028 are counted, 24 of its 30 months" in note
    s = inp.sites.index("taiwan")
    lost = 1.0 - np.asarray(hit.site_availability)[s]
    assert lost.tolist() == [0.0, 1.0, 1.0]
    assert 12 * lost.sum() == 24
    # within the horizon: the note as before
    sc24 = load_any(TW3 + _events(24))
    hit24 = apply_disruption(inp, find_disruption(sc24, "tw"), sc24)
    assert "runs past" not in hit24.notes[-1]
    assert hit24.notes[-1].startswith("disruption tw: taiwan out 24 months from 2027")


def test_scenario_check_warns_at_the_line(tmp_path, run_cli) -> None:
    text = TW3 + _events(30)
    path = write_scenario(tmp_path, text)
    line = len(TW3.splitlines()) + 2  # the outage's one-line entry
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    want = (
        f"warning: {path}:{line}: disruptions.0.months: the region outage runs past the "
        "horizon (it ends in 2029, the horizon in 2028): only 2027–2028 are counted, 24 of "
        "its 30 months"
    )
    assert want in res.err.splitlines()

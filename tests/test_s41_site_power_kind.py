"""A site's power limit that stops the module the plan needs is reported, even when a
smaller module of another kind would still fit (user test 2026-12-05, scenarios #1).

``docs/examples/small-plan.yaml`` with one site, taiwan, at 150 MW and 30M H100e of
training demand by 2029: an HBM module draws 300 MW (``data/facility_types.csv``), so
none fits, while CoWoS modules (30 MW) do. The plan built two CoWoS modules, named HBM
as the bottleneck and then said "nothing else binds, so more capacity for it would
cost more than that penalty", because the site-power check asked only whether the
*smallest* module still fitted. Each claim is checked by a re-solve with the limit
raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tigris.plan import solve

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _scenario(tmp_path: Path, limit_mw: float, hbm_mw: float | None = None) -> Path:
    doc = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    if hbm_mw is not None:
        (hbm,) = [f for f in doc["facilities"] if f["kind"] == "hbm"]
        hbm["power_mw"] = hbm_mw
    doc["name"] = "site-power-kind"
    doc["demand"][0]["h100e_by_year"] = {2026: 6.0e6, 2029: 30.0e6}
    doc["sites"] = [{"name": "taiwan", "max_modules": 6, "power_limit_mw": limit_mw}]
    doc["capital"][0]["amount_usd"] = 1.0e11
    path = tmp_path / f"pw-{limit_mw:g}-{hbm_mw}.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def _solve(path: Path):
    return solve(path, counterfactual=False, explain_result=True)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[float, object]:
    tmp = tmp_path_factory.mktemp("site-power")
    return {mw: _solve(_scenario(tmp, mw)) for mw in (150.0, 10_000.0)}


def test_the_limit_that_stops_hbm_is_reported(plans: dict[float, object]) -> None:
    tight = plans[150.0]
    texts = [e.text for e in tight.binding]
    power = [e.text for e in tight.binding if e.kind == "site_power"]
    assert power, texts
    (text,) = power
    assert "below one HBM (300 MW) module, so none can be built there" in text
    assert "sites.taiwan.power_limit_mw" in text
    assert not any("nothing else binds" in t for t in texts), texts
    # the plan could not build HBM at 150 MW
    kinds = set(tight.builds.loc[tight.builds["modules"] > 0, "facility"])
    assert not any("hbm" in k for k in kinds), kinds


def test_raising_the_limit_builds_hbm_and_lowers_the_objective(
    plans: dict[float, object],
) -> None:
    """The claim checked: with the limit lifted the plan builds the module it could not,
    and its objective falls."""
    tight, loose = plans[150.0], plans[10_000.0]
    kinds = set(loose.builds.loc[loose.builds["modules"] > 0, "facility"])
    assert any("hbm" in k for k in kinds), kinds
    assert loose.objective_usd < tight.objective_usd * (1 - 1e-3)
    assert not [e for e in loose.binding if e.kind == "site_power"]


def test_what_no_longer_fits_and_what_still_does(tmp_path: Path) -> None:
    """With HBM modules at 150 MW and the site at 250 MW the plan takes 181 MW in 2029
    (N5 logic 81 + CoWoS 2 x 30 + ... as built): another N5 logic (81 MW) or HBM
    (150 MW) module would exceed the limit, one more CoWoS (30 MW) would not. The
    sentence says so, and the limit binds: lifting it lowers the objective."""
    tight = _solve(_scenario(tmp_path, 250.0, hbm_mw=150.0))
    (text,) = [e.text for e in tight.binding if e.kind == "site_power"]
    drawn = float(text.split("take ", 1)[1].split(" of ", 1)[0])
    assert drawn + 30 <= 250 < drawn + 81
    assert "another N5 logic (81 MW) or HBM (150 MW) module would exceed it" in text
    assert "one more CoWoS (30 MW) module still fits" in text
    loose = _solve(_scenario(tmp_path, 10_000.0, hbm_mw=150.0))
    assert loose.objective_usd < tight.objective_usd * (1 - 1e-4)


def test_two_kinds_too_big_are_named_each_with_its_module(tmp_path: Path) -> None:
    """At 70 MW neither an N5 logic (81 MW) nor an HBM (300 MW) module fits: each is
    named with "one ... module" (the sentence read "below one N5 logic (81 MW) or HBM
    (300 MW) module of each" before S42), and the plan builds neither."""
    tight = _solve(_scenario(tmp_path, 70.0))
    (text,) = [e.text for e in tight.binding if e.kind == "site_power" and "is below one" in e.text]
    assert (
        "is below one N5 logic (81 MW) module or one HBM (300 MW) module, so none of "
        "these kinds can be built there" in text
    ), text
    kinds = set(tight.builds.loc[tight.builds["modules"] > 0, "facility"])
    assert not any(k.startswith(("hbm", "logic")) for k in kinds), kinds

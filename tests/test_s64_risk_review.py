"""A risk analyst's review of ``tigris risk``, ``sweep`` and ``compare`` (2026-12-08):
outputs that replaced the store of runs or were written before a refusal, the drivers'
tornado swings printed without their unit, and a robust plan's caption that left out
the disruption futures it was made for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import SMALL_3Y, assert_one_line_error, replaced

#: SMALL_3Y with the discount rate drawn (uniform 6-10 %): its tornado's ends are the
#: rate's p5 and p95, 0.062 and 0.098 by hand (low + q (high - low)).
_RATE_ONLY = (
    SMALL_3Y
    + "distributions:\n"
    + '  discount_rate: {dist: uniform, low: 0.06, high: 0.10, source: "test"}\n'
)


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("verb", ["risk", "plan", "compare"])
def test_an_output_onto_the_store_the_run_creates_is_refused(run_cli, tmp_path, verb) -> None:
    """``--store X --report X`` (``--figure X`` for compare), X new: the run stored its
    plans in X, then the output replaced the store, exit 0, the stored runs gone. Now
    one line naming the output, exit 2, nothing solved and nothing left at X."""
    scenario = _write(tmp_path, _RATE_ONLY)
    target = tmp_path / "same.html"
    args = {
        "risk": ("risk", scenario, "--samples", "1", "--seed", "1", "--workers", "0",
                 "--report", target),
        "plan": ("plan", scenario, "--report", target),
        "compare": ("compare", scenario,
                    _write(tmp_path, replaced(SMALL_3Y, ("2.0e10", "1.0e9")), "b.yaml"),
                    "--figure", target),
    }[verb]  # fmt: skip
    res = run_cli(*args, "--store", target)
    option = "--figure" if verb == "compare" else "--report"
    assert_one_line_error(res, option, "store of runs")
    assert not target.exists()  # neither a store nor a report left there


def test_risk_png_onto_the_store_it_creates_is_refused(run_cli, tmp_path) -> None:
    """``--png`` naming the new store: refused before the plans are solved and stored
    (it was refused after, exit 2 with the store written)."""
    target = tmp_path / "runs.duckdb"
    res = run_cli(
        "risk", _write(tmp_path, _RATE_ONLY), "--samples", "1", "--seed", "1", "--workers",
        "0", "--store", target, "--png", target,
    )  # fmt: skip
    assert_one_line_error(res, "--png", "store of runs")
    assert not target.exists()


def test_risk_report_and_png_one_path_is_refused_before_solving(run_cli, tmp_path) -> None:
    """``--report X --png X``: the plans were solved, the report written to X, then
    ``--png`` refused X as a file, exit 2 with the report left behind (``tigris plan``
    and ``tigris report`` refuse it first). Now refused first, nothing written."""
    target = tmp_path / "r.html"
    res = run_cli(
        "risk", _write(tmp_path, _RATE_ONLY), "--samples", "1", "--seed", "1", "--workers",
        "0", "--no-store", "--report", target, "--png", target,
    )  # fmt: skip
    assert_one_line_error(res, "--png", "--report")
    assert not target.exists()


def _npv(run_cli, scenario: Path, rate: float) -> float:
    """The investor's NPV [USD] of ``tigris plan`` re-solved at a discount rate."""
    res = run_cli("plan", scenario, "--set", f"discount_rate={rate}", "--json", "--no-store")
    assert res.code == 0, res.err
    return float(json.loads(res.out)["headline"]["numbers"]["npv_usd"])


def _dollars(text: str) -> float:
    """``$74.5M`` -> 74.5e6 [USD]."""
    m = re.fullmatch(r"(-?)\$([\d,.]+)([KMBT]?)", text)
    assert m, f"not an amount of money: {text!r}"
    scale = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[m.group(3)]
    return (-1 if m.group(1) else 1) * float(m.group(2).replace(",", "")) * scale


def test_the_drivers_tornado_swing_is_money_as_re_solved(run_cli, tmp_path) -> None:
    """With ``--tornado`` the drivers table ranks by swing; the NPV's swing printed as
    ``7.45e+07``, no unit, beside the tornado's ``$74.5M``. Now in dollars, and equal
    (to its three digits) to the swing of three plans re-solved at the rate's p5, its
    own value and its p95: max - min of their NPVs (docs/risk.md, Sensitivity)."""
    scenario = _write(tmp_path, _RATE_ONLY)
    res = run_cli(
        "risk", scenario, "--samples", "1", "--seed", "1", "--workers", "0", "--no-store",
        "--tornado",
    )  # fmt: skip
    assert res.code == 0, res.err
    rows = re.findall(r"npv_total_usd\s*│\s*1\s*│\s*discount_rate\s*│\s*(\S+)\s*│", res.out)
    assert len(rows) == 1, res.out  # the drivers table's row for the NPV
    npvs = [_npv(run_cli, scenario, r) for r in (0.062, 0.08, 0.098)]
    swing = max(npvs) - min(npvs)
    assert _dollars(rows[0]) == pytest.approx(swing, rel=5e-3)


def test_the_robust_plans_caption_counts_the_disruption_futures(run_cli, tmp_path) -> None:
    """A robust plan made for one sampled future and a disruption's future said it was
    "measured on the 1 future the robust plan was made for, no others", while the JSON
    weighs two futures in its RP. The caption now names both."""
    text = SMALL_3Y + (
        "distributions:\n"
        "  capital.fund.amount_usd: {dist: triangular, low: 5e9, mode: 2e10, high: 2.5e10,"
        ' source: "test"}\n'
        "disruptions:\n"
        "  - {name: japan-28, kind: region_outage, region: japan, start_year: 2028, "
        'months: 12, source: "test"}\n'
    )
    scenario = _write(tmp_path, text)
    args = ("risk", scenario, "--samples", "1", "--seed", "1", "--workers", "0",
            "--no-store", "--stochastic", "1", "--disruption", "japan-28")  # fmt: skip
    from .riskruns import risk_kept

    report = tmp_path / "risk.html"
    with risk_kept():
        res = run_cli(*args, "--report", str(report))
        doc = run_cli(*args, "--json").json()
    assert res.code == 0, res.err
    futures = [f for f in doc["stochastic"]["scenarios"] if f["probability"] > 0]
    assert len(futures) == 2  # the sampled future and the disruption's
    said = "1 sampled future and 1 disruption future the robust plan"
    for where in (res.out, report.read_text(encoding="utf-8")):  # the text and the report
        words = " ".join(where.split())
        assert said in words
        assert "1 future the robust plan" not in words


def test_an_input_that_moves_nothing_is_ranked_below_one_that_moves() -> None:
    """y = x0³ on [0, 1]²: x1 cannot matter (ST = 0 exactly, its rows equal A), x0
    does (ST > 0). At a small base sample x0's interval reaches below 0, and the
    warnings said the order of ranks 1 and 2 "is not known" (``tigris risk --sobol``
    on a small scenario: the discount rate above a capital amount that moved no plan).
    The order is known: said no more; two inputs that both move still are."""
    from tigris.risk.distributions import Uniform
    from tigris.risk.sensitivity import sobol, sobol_warnings

    specs = [Uniform(low=0.0, high=1.0, source="test")] * 2
    res = sobol(lambda x: x[:, 0] ** 3, ["moves", "inert"], specs, 4, 1)
    rows = res.to_dict()["indices"]["y"]
    by = {r["path"]: r for r in rows}
    assert by["inert"]["ST"] == 0.0 and by["inert"]["ST_conf"] == 0.0
    assert by["moves"]["ST"] > 0.0 and by["moves"]["ST"] - by["moves"]["ST_conf"] < 0.0
    assert not any("order is not known" in w for w in sobol_warnings({"y": rows}, 4))
    both = sobol(lambda x: x[:, 0] + x[:, 1], ["a", "b"], specs, 4, 1).to_dict()["indices"]
    (lo, hi) = both["y"][:2]
    if lo["ST"] - lo["ST_conf"] <= hi["ST"] + hi["ST_conf"]:  # both move: still unknown
        assert any("order is not known" in w for w in sobol_warnings(both, 4))

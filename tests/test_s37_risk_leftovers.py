"""The risk layer's leftovers of the analyst's review (session 37, RISK-LEFT #1-#4).

Claims, checked against hand computations and invariants, not the code's own output:

1. a mean's t interval never leaves the range its quantity can take: eight plans with
   no unmet compute and one with 9 M H100e have mean 1 M and s = 3 M (by hand), so
   ``1 − t_{8, 0.95} · 1`` is below 0; the interval starts at 0 and says it was cut
   (JSON ``mean_clipped``, the text's mark and note); an NPV, which may be negative,
   is not cut; a share is cut at 1;
2. the HTML report shows the Monte Carlo intervals ``tigris risk`` prints: every
   interval cell holds the JSON's numbers, the median of nine plans is bounded by the
   2nd and 8th smallest (binomial coverage summed here with math.comb) and a p5 of nine
   is unbounded, P(NPV < 0) has Wilson's interval computed here by hand;
3. ``tigris.risk(..., sobol_n=N)`` without ``sobol=True`` is refused in one line naming
   the parameter, before anything runs;
4. the same members aggregated in two orders (as Dask workers finish them) give the
   same table and JSON bit for bit; a naive float sum of these values does not.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tigris
from tests.conftest import write_scenario
from tests.test_risk_api import RISKY
from tigris.errors import InputError
from tigris.risk.api import RiskResult
from tigris.risk.montecarlo import MonteCarlo, quantile_table

#: Student's t quantile, 8 degrees of freedom, 0.95 (tables: Abramowitz & Stegun 26.10).
T_8_95 = 1.8595
#: The standard normal quantile of 0.95 (z of a 90 % two-sided interval).
Z_95 = 1.6448536


def _mc(rows: list[tuple[int, str, str, float]], samples: int) -> MonteCarlo:
    outputs = pd.DataFrame(rows, columns=["member", "output", "year", "value"])
    return MonteCarlo(
        samples=samples,
        seed=0,
        inputs=pd.DataFrame({"x": np.arange(float(samples))}),
        outputs=outputs,
        quantiles=quantile_table(outputs),
        deterministic={},
        failed=pd.DataFrame(columns=["member", "error"]),
    )


def _nine() -> MonteCarlo:
    """Nine plans: unmet compute 0 in eight, 9e6 in one (2028 and in total); unmet
    share 1 in eight, 0.1 in one; NPV 1..9 billion less 3 billion (3 of 9 below 0)."""
    rows = []
    for m in range(9):
        unmet = 9e6 if m == 4 else 0.0
        rows += [
            (m, "unmet_h100e", "2028", unmet),
            (m, "unmet_h100e_total", "all", unmet),
            (m, "unmet_share_total", "all", 0.1 if m == 4 else 1.0),
            (m, "npv_total_usd", "all", (m + 1 - 3.5) * 1e9),
            (m, "served_h100e", "2028", 1e6),
        ]
    return _mc(rows, 9)


def _result(mc: MonteCarlo) -> RiskResult:
    return RiskResult(scenario="hand", horizon=(2026, 2028), monte_carlo=mc, outputs=[])


# ---------------------------------------------------------------- 1. clipped means
def test_mean_interval_of_unmet_compute_starts_at_zero() -> None:
    doc = _result(_nine()).to_dict()
    e = doc["quantiles"]["unmet_h100e"]["values"]["2028"]
    # by hand: mean 1e6, s^2 = (8 x 1e12 + 64e12) / 8 = 9e12, s / sqrt(9) = 1e6
    assert e["mean"] == pytest.approx(1e6) and e["mean_se"] == pytest.approx(1e6)
    assert 1e6 - T_8_95 * 1e6 < 0  # the raw t interval would start below zero
    low, high = e["interval"]["mean"]
    assert low == 0.0 and high == pytest.approx(1e6 + T_8_95 * 1e6, rel=1e-4)
    assert e["mean_clipped"] is True
    assert doc["quantiles"]["unmet_h100e_total"]["values"]["all"]["interval"]["mean"][0] == 0.0
    # a share is cut at 1: mean 0.9, s = 0.3, 0.9 + 1.86 x 0.1 > 1
    share = doc["quantiles"]["unmet_share_total"]["values"]["all"]
    assert share["interval"]["mean"][1] == 1.0 and share["mean_clipped"] is True
    assert share["interval"]["mean"][0] == pytest.approx(0.9 - T_8_95 * 0.1, rel=1e-4)
    # an NPV may be negative: its interval is Student's as it is
    npv = doc["quantiles"]["npv_total_usd"]["values"]["all"]
    assert npv["mean_clipped"] is False
    # an output that does not vary has no width to cut
    assert doc["quantiles"]["served_h100e"]["values"]["2028"]["mean_clipped"] is False
    assert "cut to the range" in doc["mc_error"]["mean_clip_note"]


def test_the_text_marks_a_clipped_mean() -> None:
    from tigris.cli._output import console
    from tigris.cli.risk import _print_mc_error

    doc = _result(_nine()).to_dict()
    with console.capture() as cap:
        _print_mc_error(doc, "2028")
    text = cap.get()
    row = next(line for line in text.splitlines() if "unmet share, all" in line)
    assert "100.0% †" in row  # the upper end, at the share's bound, marked
    assert "† a mean's t interval is cut to the range" in " ".join(text.split())


def test_no_interval_of_a_real_run_leaves_its_range(run: RiskResult) -> None:
    from tigris.risk.montecarlo import physical_range

    doc = run.to_dict()
    seen = 0
    for output, entry in doc["quantiles"].items():
        lo_b, hi_b = physical_range(output)
        for v in entry["values"].values():
            mean = (v.get("interval") or {}).get("mean")
            if mean is None:
                continue
            seen += 1
            assert lo_b <= mean[0] <= mean[1] <= hi_b, (output, mean)
    assert seen > 20


# -------------------------------------------------------------- 2. intervals in HTML
def _cells(page: str, table_id: str) -> dict[str, list[tuple[str | None, str | None]]]:
    """Row key -> the (data-low, data-high) of each interval cell of a table."""
    body = page[page.index(f'id="{table_id}"') :]
    body = body[: body.index("</table>")]
    out = {}
    for m in re.finditer(
        r'<tr data-(?:output|event)="([^"]+)"(?: data-year="([^"]+)")?>(.*?)</tr>', body
    ):
        key = m.group(1) + ("/" + m.group(2) if m.group(2) else "")
        tds = re.findall(r"<td([^>]*)>", m.group(3))
        pairs = []
        for attrs in tds:
            lo = re.search(r'data-low="([^"]+)"', attrs)
            hi = re.search(r'data-high="([^"]+)"', attrs)
            if lo or "unbounded" in attrs:
                pairs.append((lo and lo.group(1), hi and hi.group(1)))
        out[key] = pairs
    return out


def _json_pair(pair: list[float] | None) -> tuple[str | None, str | None]:
    return (None, None) if pair is None else (repr(float(pair[0])), repr(float(pair[1])))


def _coverage(n: int, q: float, lo: int, hi: int) -> float:
    """P(lo <= B <= hi - 1), B ~ Binomial(n, q), summed by hand."""
    return sum(math.comb(n, k) * q**k * (1 - q) ** (n - k) for k in range(lo, hi))


def test_report_intervals_are_the_hand_and_json_ones() -> None:
    from tigris.report.risk_html import render_risk_html

    res = _result(_nine())
    doc = res.to_dict()
    page = render_risk_html(res, doc=doc)
    rows = _cells(page, "table-intervals")
    npv = sorted((m + 1 - 3.5) * 1e9 for m in range(9))
    # the narrowest pair of order statistics of nine covering the median at 90 %:
    # (2, 8), 0.961; (3, 7) covers 0.820, (2, 7) and (3, 8) 0.891
    assert (
        _coverage(9, 0.5, 2, 8)
        >= 0.90
        > max(_coverage(9, 0.5, 3, 7), _coverage(9, 0.5, 2, 7), _coverage(9, 0.5, 3, 8))
    )
    got = rows["npv_total_usd/all"]  # p5, p25, p50, p75, p95, mean
    assert got[2] == (repr(npv[1]), repr(npv[7]))
    assert got[0] == (None, None) and got[4] == (None, None)  # 9 plans bound no p5/p95
    assert 'class="num unbounded">unbounded<' in page
    for key, cells in rows.items():
        output, year = key.split("/")
        iv = doc["quantiles"][output]["values"][year]["interval"]
        want = [_json_pair(iv[c]) for c in ("p5", "p25", "p50", "p75", "p95", "mean")]
        assert cells == want, key
    # the clipped mean is marked, with the note
    assert "mean-clipped" in page and "†" in page
    # P(NPV < 0): 3 of 9, Wilson by hand
    k, n = 3, 9
    p = k / n
    den = 1 + Z_95**2 / n
    centre = (p + Z_95**2 / (2 * n)) / den
    half = Z_95 * math.sqrt(p * (1 - p) / n + Z_95**2 / (4 * n * n)) / den
    ((lo, hi),) = _cells(page, "table-probabilities")["npv_below_zero"]
    assert float(lo) == pytest.approx(centre - half, rel=1e-6)
    assert float(hi) == pytest.approx(centre + half, rel=1e-6)
    assert (lo, hi) == _json_pair(doc["probabilities"]["npv_below_zero"]["interval"])
    assert ">3 of 9<" in page


def test_report_of_a_real_run_shows_the_json_intervals(run: RiskResult) -> None:
    from tigris.report.risk_html import render_risk_html

    doc = run.to_dict()
    page = render_risk_html(run, doc=doc)
    rows = _cells(page, "table-intervals")
    assert "unmet_h100e/2028" in rows and "npv_total_usd/all" in rows
    for key, cells in rows.items():
        output, year = key.split("/")
        iv = doc["quantiles"][output]["values"][year]["interval"]
        want = [_json_pair(iv[c]) for c in ("p5", "p25", "p50", "p75", "p95", "mean")]
        assert cells == want, key
    events = _cells(page, "table-probabilities")
    for year, e in doc["probabilities"]["shortage_ends_by"].items():
        assert events[f"shortage_ends_by.{year}"] == [_json_pair(e["interval"])]


# ------------------------------------------------------------ 3. sobol_n alone
def test_sobol_n_without_sobol_is_refused(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, RISKY)
    store = tmp_path / "runs.duckdb"
    with pytest.raises(InputError) as err:
        tigris.risk(path, samples=1, sobol_n=8, workers=0, store=store)
    (problem,) = err.value.problems
    assert problem.field == "sobol_n"  # the keyword written (user test s46 API #8)
    assert "sobol_n" in problem.message and "sobol=True" in problem.message
    assert "\n" not in str(err.value)
    assert not store.exists()


def test_sobol_without_sobol_n_takes_the_default() -> None:
    from tigris.risk.api import check_options

    common: dict[str, Any] = {
        "samples": 1,
        "seed": 1,
        "tornado": False,
        "disruptions": [],
        "stochastic": None,
        "workers": 0,
    }
    check_options(sobol=True, sobol_n=None, **common)
    check_options(sobol=False, sobol_n=None, **common)
    with pytest.raises(InputError, match="give --sobol with it"):
        check_options(sobol=False, sobol_n=16, **common)


# --------------------------------------------------------- 4. order of the members
#: Nine seeded values of a wide spread (lognormal, median e^20 = 4.9e8, sigma 2, as an
#: NPV or unmet compute across plans): numpy's float sum of them moves with their order
#: (checked in the tests), as the analyst saw in the last digits.
AWKWARD = np.random.default_rng(0).lognormal(20.0, 2.0, 9).tolist()
#: The order a run's members finished in on some workers.
SHUFFLED = [3, 0, 7, 5, 1, 6, 2, 4, 8]


def _members(order: list[int]) -> tuple[pd.DataFrame, dict[int, Any]]:
    """A sweep's members table and series, in the order the members finished."""
    series = {
        i: {
            "npv_total_usd": {"all": AWKWARD[i] - 1e9},
            "unmet_h100e": {"2027": AWKWARD[i] / 3, "2028": AWKWARD[i] * 0.1},
            "modules_built_by": {},
            "binds": {},
        }
        for i in range(len(AWKWARD))
    }
    members = pd.DataFrame(
        {"index": order, "status": ["optimal"] * len(order), "error": [None] * len(order)}
    )
    return members, {i: series[i] for i in order}


def test_evaluate_gives_the_same_whatever_order_members_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tigris.runs.sweep
    from tigris.risk.montecarlo import evaluate

    forward = list(range(len(AWKWARD)))
    # a naive sum of these values does move with the order
    assert sum(AWKWARD) != sum(AWKWARD[i] for i in SHUFFLED)
    got = []
    for order in (forward, SHUFFLED):
        members, series = _members(order)
        res = SimpleNamespace(members=members, series=series, sweep_id=None)
        monkeypatch.setattr(tigris.runs.sweep, "sweep", lambda *a, _r=res, **k: _r)
        ev = evaluate(None, [{}] * len(AWKWARD))  # type: ignore[arg-type]
        got.append(ev)
    a, b = got
    assert a.outputs.equals(b.outputs)
    assert list(a.outputs["member"]) == sorted(a.outputs["member"])
    assert quantile_table(a.outputs).equals(quantile_table(b.outputs))


def _reordered(mc: MonteCarlo, order: list[int]) -> MonteCarlo:
    """``mc`` with its members' rows in ``order`` (each member's own rows as they are),
    its quantiles aggregated again from them."""
    o = mc.outputs
    parts = [o[o["member"] == m] for m in order]
    out = pd.concat(parts, ignore_index=True)
    return dataclasses.replace(mc, outputs=out, quantiles=quantile_table(out))


def test_aggregates_are_bit_identical_in_any_member_order() -> None:
    rows = []
    for m, v in enumerate(AWKWARD):
        rows += [(m, "npv_total_usd", "all", v - 1e9), (m, "unmet_h100e", "2028", v)]
    mc = _mc(rows, len(AWKWARD))
    backwards = _reordered(mc, list(range(len(AWKWARD)))[::-1])
    v = np.array(AWKWARD)
    assert np.mean(v) != np.mean(v[::-1])  # numpy's sum moves with the order here
    assert np.std(v, ddof=1) != np.std(v[::-1], ddof=1)
    assert json.dumps(mc.to_dict()) == json.dumps(backwards.to_dict())
    assert mc.quantiles.equals(backwards.quantiles)


def test_a_seeded_run_aggregates_the_same_in_any_member_order(run: RiskResult) -> None:
    mc = run.monte_carlo
    members = sorted(set(mc.outputs["member"]))
    for order in (members[::-1], members[1:] + members[:1]):
        again = _reordered(mc, order)
        assert json.dumps(again.to_dict()) == json.dumps(mc.to_dict())
        assert again.quantiles.equals(mc.quantiles)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RiskResult:
    """One small seeded run of the tiny risky scenario, solved in this process."""
    path = write_scenario(tmp_path_factory.mktemp("s37-risk"), RISKY)
    return tigris.risk(path, samples=4, seed=37, workers=0)

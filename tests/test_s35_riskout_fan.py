"""The risk report has a fan chart of the compute the investor adds by year (RISK-OUT,
session 35): p5/p25/p75/p95 bands and the median over the sampled plans, in the HTML
(plotly) and as ``fan-added_h100e.png`` (matplotlib), as the other yearly outputs.

The run: tests.test_risk_api's RISKY (the tiny scenario with a fund, its 2028 demand
and the fund's capital drawn), 4 plans, seed 3, each re-solved without the investor,
so each plan has its own added compute by year. The expected median is worked in the
test from the per-plan numbers the run keeps (``MonteCarlo.outputs``) by Hyndman & Fan
(1996) definition 7, the rule tigris.risk.montecarlo documents for every output but the
payback year; the figure's numbers are read back from the HTML's plotly JSON and from
the matplotlib figure written to PNG.
"""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import write_scenario
from tests.test_risk_api import RISKY

SAMPLES = 4
SEED = 3
OUTPUT = "added_h100e"
#: The report shows H100e in millions (its axis says so; checked below).
MILLION = 1e6
#: The plotly trace names of the fan (tigris.report.risk.plotly_fan's legend): the lower
#: edge of each band carries the band's name.
TRACES = {
    "p5": "p5–p95 of the sampled plans",
    "p25": "p25–p75",
    "p50": "median (p50)",
    "p75": "p75",
    "p95": "p95",
}


def _type7(values: list[float], q: float) -> float:
    """Hyndman & Fan (1996) definition 7 by hand: sorted x, h = (n - 1) q, x[floor h]
    + (h - floor h)(x[floor h + 1] - x[floor h])."""
    x = sorted(values)
    h = (len(x) - 1) * q
    lo = math.floor(h)
    return x[lo] + (h - lo) * (x[min(lo + 1, len(x) - 1)] - x[lo])


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tigris.risk.api import risk

    folder = tmp_path_factory.mktemp("riskout-fan")
    return risk(write_scenario(folder, RISKY), samples=SAMPLES, seed=SEED, workers=0)


@pytest.fixture(scope="module")
def by_year(run: Any) -> dict[int, list[float]]:
    """Year -> the added compute of each sampled plan [H100e], from the run's outputs."""
    o = run.monte_carlo.outputs
    rows = o[o["output"] == OUTPUT]
    out: dict[int, list[float]] = {}
    for r in rows.itertuples(index=False):
        out.setdefault(int(r.year), []).append(float(r.value))
    assert out and all(len(v) == SAMPLES for v in out.values())
    # not degenerate: the plans add different compute in some year
    assert any(len(set(v)) > 1 for v in out.values())
    return out


def _decode(y: Any) -> list[float]:
    """A plotly JSON array: a list, or plotly's typed array ``{"dtype", "bdata"}``."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return [float(v) for v in y]


def _html_traces(page: str, div_id: str) -> dict[str, dict[int, float]]:
    """The traces of the plotly figure in ``div_id``: name -> year -> y."""
    start = page.index(f'Plotly.newPlot(                        "{div_id}"')
    start = page.index("[", start)
    data, _ = json.JSONDecoder().raw_decode(page, start)
    return {t["name"]: dict(zip(_decode(t["x"]), _decode(t["y"]), strict=True)) for t in data}


def test_html_fan_of_added_compute(
    run: Any, by_year: dict[int, list[float]], tmp_path: Path
) -> None:
    page = run.write_report(tmp_path / "risk.html").read_text(encoding="utf-8")
    assert f'id="fig-fan-{OUTPUT}"' in page
    traces = _html_traces(page, f"fig-fan-{OUTPUT}")
    band = {q: traces[name] for q, name in TRACES.items()}
    for year, values in by_year.items():
        got = {q: band[q][year] for q in TRACES}
        assert got["p5"] <= got["p25"] <= got["p50"] <= got["p75"] <= got["p95"], (year, got)
        assert got["p50"] == pytest.approx(_type7(values, 0.5) / MILLION, rel=1e-12, abs=1e-12)
        assert got["p5"] == pytest.approx(_type7(values, 0.05) / MILLION, rel=1e-12, abs=1e-12)
        assert got["p95"] == pytest.approx(_type7(values, 0.95) / MILLION, rel=1e-12, abs=1e-12)
    assert "million H100e" in page.split(f'id="fig-fan-{OUTPUT}"')[1].split("</script>")[0]


def test_png_fan_of_added_compute(
    run: Any, by_year: dict[int, list[float]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tigris.report.risk as risk_figures

    drawn: dict[str, Any] = {}
    save = risk_figures.save_png

    def keep(fig: Any, path: Path, **how: Any) -> Any:
        drawn[Path(path).name] = fig.axes[0]
        return save(fig, path, **how)

    monkeypatch.setattr(risk_figures, "save_png", keep)
    written = run.write_pngs(tmp_path)
    name = f"fan-{OUTPUT}.png"
    assert name in {p.name for p in written}
    assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ax = drawn[name]
    assert "million H100e" in ax.get_ylabel()
    (median,) = [ln for ln in ax.lines if ln.get_label() == TRACES["p50"]]
    got = dict(zip(median.get_xdata().tolist(), median.get_ydata().tolist(), strict=True))
    assert set(got) == set(by_year)
    for year, values in by_year.items():
        assert got[year] == pytest.approx(_type7(values, 0.5) / MILLION, rel=1e-12, abs=1e-12)


def test_no_fan_without_an_investor(tmp_path: Path) -> None:
    """Without the world without the investor solved, no plan has an added number: no
    fan (the quantile table keeps the row, with n = 0)."""
    from tigris.report.risk import yearly_outputs
    from tigris.risk.api import risk

    res = risk(write_scenario(tmp_path, RISKY), samples=1, seed=SEED, workers=0,
               counterfactual=False)  # fmt: skip
    q = res.monte_carlo.quantiles
    assert (q.loc[q["output"] == OUTPUT, "n"] == 0).all()
    assert OUTPUT not in {o for o, _ in yearly_outputs(res)}
    assert f'id="fig-fan-{OUTPUT}"' not in res.write_report(tmp_path / "r.html").read_text()


def test_html_inner_band_is_p25_to_p75(
    run: Any, by_year: dict[int, list[float]], tmp_path: Path
) -> None:
    """The inner band's two edges (trace "p25–p75" its lower edge, "p75" its upper) are
    the type-7 p25 and p75 of each year's sampled added compute, by hand (RV-S35
    finding 5: an inner band drawn from p5 kept the ordering the test above checks)."""
    page = run.write_report(tmp_path / "risk.html").read_text(encoding="utf-8")
    traces = _html_traces(page, f"fig-fan-{OUTPUT}")
    for year, values in by_year.items():
        for q in ("p25", "p75"):
            want = _type7(values, float(q[1:]) / 100) / MILLION
            assert traces[TRACES[q]][year] == pytest.approx(want, rel=1e-12, abs=1e-12), (
                year,
                q,
            )


def test_png_bands_are_the_quantiles(
    run: Any, by_year: dict[int, list[float]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PNG's two filled bands (matplotlib PolyCollections, by legend label) span,
    at each year, the type-7 p5..p95 and p25..p75 of the sampled added compute."""
    import tigris.report.risk as risk_figures

    drawn: dict[str, Any] = {}
    save = risk_figures.save_png

    def keep(fig: Any, path: Path, **how: Any) -> Any:
        drawn[Path(path).name] = fig.axes[0]
        return save(fig, path, **how)

    monkeypatch.setattr(risk_figures, "save_png", keep)
    run.write_pngs(tmp_path)
    ax = drawn[f"fan-{OUTPUT}.png"]
    bands = {c.get_label(): c for c in ax.collections}
    for lo, hi, label in (("p5", "p95", TRACES["p5"]), ("p25", "p75", "p25–p75")):
        (path,) = bands[label].get_paths()
        xy = path.vertices
        for year, values in by_year.items():
            ys = xy[np.isclose(xy[:, 0], year), 1]
            assert len(ys), (label, year)
            want_lo = _type7(values, float(lo[1:]) / 100) / MILLION
            want_hi = _type7(values, float(hi[1:]) / 100) / MILLION
            assert ys.min() == pytest.approx(want_lo, rel=1e-12, abs=1e-12), (label, year)
            assert ys.max() == pytest.approx(want_hi, rel=1e-12, abs=1e-12), (label, year)

"""UT-NEURO defect 2: the product-mix floors (``min_share``) and caps (``max_share``)
are named in the plan's "why" when they bind, with the re-solved value of dropping
them, and the roadmap's floors can be relaxed in a what-if
(``products: [{roadmap: {min_share_scale: s}}, ...]``).

Hand problem (the tiny world of ``tests/test_plan_tiny.py``): one N5 logic type with
1,000 wspm existing and no capital, so 12,000 wafers a year; two products of 0.01
wafers each, 'good' of 2 H100e and 'old' of 1 H100e; 3M H100e demanded in 2025. With
'old' at least half the H100e (``y >= 0.5 (2x + y)``, i.e. ``y >= 2x``) and
``x + y <= 1.2M`` units, the most served is ``x = 0.4M, y = 0.8M``: 1.6M H100e. Without
the floor, ``x = 1.2M``: 2.4M H100e, 0.8M more, worth 0.8M x $30,000 (the tiny world's
penalty) = $24.0B. The same numbers hold with the cap 'good' <= half instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SMALL, replaced
from tests.test_plan_explain_claims import exact_saving
from tests.test_plan_tiny import tiny
from tigris.plan import solve_inputs

#: The README's part (docs/scenario-files.md, "A part of your own beside the roadmap").
PART = """accelerators:
  - name: neuro-npu
    based_on: h100
    vendor: "Neuro Inc."
    peak_bf16_flop_per_s: 9.894e16
    peak_fp8_flop_per_s: 1.979e17
    source: "Vendor claim, press release 2024-03"
    as_of: 2024-03
"""


def _two(min_old: float, max_good: float) -> dict[str, np.ndarray | tuple[str, ...]]:
    return {
        "products": ("good", "old"),
        "h100e": np.array([2.0, 1.0]),
        "use": np.full((2, 1), 0.01),
        "available": np.ones((2, 1), dtype=bool),
        "min_share": np.array([[0.0], [min_old]]),
        "max_share": np.array([[max_good], [1.0]]),
        "system_power_w": np.full(2, 1000.0),
    }


@pytest.mark.parametrize(
    ("bounds", "phrase"),
    [((0.5, 1.0), "min_share floors bind"), ((0.0, 0.5), "max_share caps bind")],
)
def test_a_binding_share_bound_is_named_with_its_resolve(
    bounds: tuple[float, float], phrase: str
) -> None:
    """The 'why' names the floor (or cap) that binds, and its saving and H100e are the
    hand values ($24.0B, 800,000 H100e), equal to an independent re-solve without it."""
    inp = tiny(1, existing_wspm=1000.0, demand=3e6, capital=[0.0], **_two(*bounds))
    r = solve_inputs(inp, mip_gap=0.0)
    assert r.production["h100e"].sum() == pytest.approx(1.6e6, rel=1e-9)
    (mix,) = [e for e in r.binding if e.kind == "mix"]
    assert phrase in mix.text, mix.text
    assert "by $24.0B and serve 800,000 H100e more" in mix.text, mix.text
    assert "(re-solved)" in mix.text
    free = inp.replace(min_share=np.zeros((2, 1)), max_share=np.ones((2, 1)))
    assert exact_saving(inp, free, r.objective_usd) == pytest.approx(24.0e9, rel=1e-9)
    if bounds[0] > 0:
        assert "old makes no more than its min_share floor" in mix.text, mix.text
        rest = "the products without one (good) together may make at most 50 %"
        assert rest in mix.text, mix.text
    else:
        assert "good makes its max_share (50 %) in 2025" in mix.text, mix.text


def test_a_bound_that_does_not_bind_is_not_named() -> None:
    """'old' may be at most 90 % ('good' is better anyway) and 'good' has no floor: no
    share bound is at its limit, so no mix sentence."""
    inp = tiny(1, existing_wspm=1000.0, demand=3e6, capital=[0.0], **_two(0.0, 1.0))
    r = solve_inputs(inp, mip_gap=0.0)
    assert not [e for e in r.binding if e.kind == "mix"], r.binding


def _roadmap_scenario(run_cli, tmp_path: Path, entry: str) -> Path:
    res = run_cli("scenario", "show")
    assert res.code == 0, res.err
    text, n = re.subn(
        r"(?m)^products: roadmap.*$",
        f"products: [{entry}, {{name: neuro-npu, first_year: 2028, max_share: 1.0}}]",
        res.out,
    )
    assert n == 1
    path = tmp_path / f"w{abs(hash(entry))}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _number(pattern: str, text: str) -> float:
    m = re.search(pattern, text)
    assert m is not None, (pattern, text)
    return float(m.group(1).replace(",", ""))


def test_readme_part_floors_named_and_relaxed_by_a_what_if(run_cli, tmp_path: Path) -> None:
    """The README's 100x part beside the roadmap (UT-NEURO's world-neuro-full): the
    'why' names the roadmap's floors and what dropping them is worth; the what-if
    ``{roadmap: {min_share_scale: 0}}`` re-solved as a plan of its own serves exactly
    the H100e more, and costs exactly the objective less, that the sentence says."""
    part = tmp_path / "parts.yaml"
    part.write_text(PART, encoding="utf-8")
    base = run_cli("plan", _roadmap_scenario(run_cli, tmp_path, "roadmap"), "--data", part)
    assert base.code == 0, base.err
    out = " ".join(base.out.split())
    assert "Product-mix min_share floors bind" in out, out
    assert "min_share_scale: 0" in out
    more = _number(r"floor the plan would lower the objective[^.]*?serve ([\d,.]+)M H100e", out)
    saving = _number(
        r"min_share floor the plan would lower the objective \(cost \+ unmet "
        r"penalty\) by \$([\d,.]+)B",
        out,
    )
    free = run_cli(
        "plan",
        _roadmap_scenario(run_cli, tmp_path, "{roadmap: {min_share_scale: 0}}"),
        "--data",
        part,
    )
    assert free.code == 0, free.err
    free_out = " ".join(free.out.split())
    served = r"Serves ([\d,.]+)M H100e of"
    objective = r"Objective \(serve: cost \+ unmet penalty\): \$([\d,.]+)B"
    assert _number(served, free_out) - _number(served, out) == pytest.approx(more, abs=0.2)
    gain = _number(objective, out) - _number(objective, free_out)
    assert gain == pytest.approx(saving, rel=1e-3)
    assert "Product-mix min_share floors" not in free_out


def test_min_share_scale_scales_every_roadmap_floor(tmp_path: Path) -> None:
    """``min_share_scale: 0.5`` halves every roadmap product's floor and says so in its
    source; 'rubin-ultra' (data/roadmap.csv: min_share 0.4 in 2029) gets 0.2."""
    from tigris.scenario import load_scenario

    def products(entry: str) -> dict[str, object]:
        path = tmp_path / "s.yaml"
        path.write_text(_small(entry), encoding="utf-8")
        return {p.name: p for p in load_scenario(path).products}

    half, whole = products("{roadmap: {min_share_scale: 0.5}}"), products("roadmap")
    assert whole["rubin-ultra"].min_share[2029] == 0.4
    assert half["rubin-ultra"].min_share[2029] == pytest.approx(0.2)
    assert half["rubin-ultra"].max_share == whole["rubin-ultra"].max_share
    assert "min_share x 0.5 (the scenario's roadmap entry, min_share_scale)" in (
        half["rubin-ultra"].source
    )
    assert "min_share_scale" not in whole["rubin-ultra"].source


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ("{roadmap: {min_share_scale: 2}}", "products.0.roadmap.min_share_scale: must be <= 1"),
        ("{roadmap: {min_share_scale: -1}}", "products.0.roadmap.min_share_scale"),
        ("{roadmap: {floors: 0}}", "products.0.roadmap.floors: unknown field"),
    ],
)
def test_a_bad_roadmap_option_is_one_error_at_its_line(
    run_cli, tmp_path: Path, entry: str, needle: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(_small(entry), encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2, res.err
    errors = [ln for ln in res.err.splitlines() if ln.startswith("error")]
    line = next(
        i for i, ln in enumerate(path.read_text().splitlines(), start=1) if "products:" in ln
    )
    assert len(errors) == 1, res.err
    assert f"s.yaml:{line}: {needle}" in errors[0], errors[0]
    assert "Traceback" not in res.err


def _small(entry: str) -> str:
    """:data:`tests.conftest.SMALL` (2026-2029) with ``products: [{entry}]`` and the
    incumbents' capacity (every roadmap product's node)."""
    return replaced(
        SMALL,
        ("products:\n  - name: b200\n", f"products: [{entry}]\n"),
        ("supply:\n  logic_wspm:", "supply:\n  baseline: announced\n  logic_wspm:"),
    )

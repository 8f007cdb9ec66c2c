"""Rule 1's rows written straight from arrays (:mod:`tigris.plan.timing`) are the rows
linopy's own arithmetic gives: the same terms (column, coefficient) in every row and
the same constants, bit for bit.

``_plus_big_m(m, con, big, b)`` stands for ``con.lhs + big * (1 - b)`` and
``_terms_expr`` for sums of variables (``z - met - tight.sum(...)``); both are checked
against those linopy expressions on the built models of the timing rule's hand problem
and of seeded random pools (``tests/test_plan_timing``), where every family of the rule
exists. ``benchmarks/lp_dump.py`` checks the whole program HiGHS receives on the
reference too.
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from tests.test_plan_timing import hand, random_pool
from tigris.plan import timing
from tigris.plan.model import build_model


def _rows(expr) -> dict[tuple, tuple[dict[int, float], float]]:
    """Each row of a linopy expression as ({column: coefficient}, constant), its
    coordinates (all dims but ``_term``) as the key; terms without a column left out,
    repeated columns summed in order."""
    dims = [d for d in expr.coeffs.dims if d != "_term"]
    co = expr.coeffs.transpose(*dims, "_term").values
    va = expr.vars.transpose(*dims, "_term").values
    const = expr.const.transpose(*dims).values
    out = {}
    for idx in np.ndindex(const.shape):
        terms: dict[int, float] = {}
        for a, v in zip(co[idx].tolist(), va[idx].tolist(), strict=True):
            if v >= 0:
                terms[v] = terms.get(v, 0.0) + a
        out[idx] = (terms, float(const[idx]))
    return out


@pytest.mark.parametrize("case", ["hand", "pool0", "pool1"])
def test_rows_from_arrays_equal_linopy_arithmetic(case: str) -> None:
    m = build_model(hand() if case == "hand" else random_pool(int(case[-1])))
    families = [c for c in m.constraints if str(c).startswith("capacity-")]
    assert families, "row families to check (else nothing is checked)"
    rng = np.random.default_rng(7)
    for i, name in enumerate(families):
        con = m.constraints[name]
        b = m.add_variables(binary=True, coords=con.rhs.coords, name=f"b{i}")
        big = xr.DataArray(
            rng.uniform(0.5, 5.0, con.rhs.shape), coords=con.rhs.coords, dims=con.rhs.dims
        )
        got = _rows(timing._plus_big_m(m, con, big, b))
        want = _rows(con.lhs + big * (1 - b))
        assert got == want
        assert any(terms for terms, _ in got.values())
    # the cover row: z − met − Σ later (where the pool shrinks), and the demand sum
    z, met = m.variables[timing.RULE_VARIABLES[0]], m.variables[timing.RULE_VARIABLES[1]]
    later = [v for v in m.variables if str(v).startswith(timing.RULE_LATER_PREFIX)]
    years = m.constraints["fill-cover"].rhs.indexes["year"]
    parts = [(timing._by_year(z), 1.0), (timing._by_year(met), -1.0)]
    parts += [(timing._by_year(m.variables[v]), -1.0) for v in later]
    want = z.to_linexpr() - met.to_linexpr()
    for name in later:
        v = m.variables[name]
        want = want - v.sum([d for d in v.dims if d != "year"])
    assert _rows(timing._terms_expr(m, years, parts)) == _rows(want)
    unmet = m.variables["unmet"]
    got = timing._terms_expr(m, years, [(timing._by_year(unmet), 1.0)])
    assert _rows(got) == _rows(unmet.sum("demand_class"))


# pool0 has no later rows; in pool5 a window one year too long (tau = t + L(t) < T)
# adds a row
@pytest.mark.parametrize("case", ["hand", "pool1", "pool5"])
def test_later_rows_carry_big_m_on_their_own_binary(case: str) -> None:
    """Each ``fill-later-<family>`` row (the shrinking-pool excuse, written from arrays
    in ``timing._add_later_rows``) is ``kept terms + M · (1 − later) ≥ rhs_τ``: as
    stored by linopy, one term on its own binary with coefficient ``−M < 0``, the
    right-hand side ``rhs_τ − M`` (the constant ``M`` moved across), and every other
    term one of the family's row τ, with the family's coefficient (review of b525999:
    flipping the sign of ``M`` or dropping the constant in that function passed the
    test above), and only for t < tau < t + L(t) (``timing.life_window``; docs/plan.md,
    "Shrinking pools")."""
    inp = hand() if case == "hand" else random_pool(int(case[-1]))
    m = build_model(inp)
    window = timing.life_window(inp)  # L(t): t < tau < t + L(t) ("Shrinking pools")
    checked = 0
    for name in timing.LATER_ROWS:
        fill = f"fill-{timing.RULE_LATER_PREFIX}{name}"
        if fill not in m.constraints:
            continue
        con, fam = m.constraints[fill], m.constraints[name]
        other = [d for d in fam.rhs.dims if d != "year"]
        own = m.variables[f"{timing.RULE_LATER_PREFIX}{name}"].labels
        own = own.transpose(*other, "year", "later").values
        labels = con.labels.transpose(*other, "year", "later").values
        co = con.coeffs.transpose(*other, "year", "later", "_term").values
        va = con.vars.transpose(*other, "year", "later", "_term").values
        rhs = con.rhs.transpose(*other, "year", "later").values
        f_co = fam.coeffs.transpose(*other, "year", "_term").values
        f_va = fam.vars.transpose(*other, "year", "_term").values
        f_rhs = fam.rhs.transpose(*other, "year").values
        for idx in np.ndindex(labels.shape):
            if labels[idx] < 0:
                continue
            *row, t, tau = idx
            assert t < tau < t + window[t]
            terms = {int(v): float(a) for a, v in zip(co[idx], va[idx], strict=True) if v >= 0}
            big = -terms.pop(int(own[idx]))
            assert big > 0
            assert rhs[idx] == f_rhs[(*row, tau)] - big
            family = dict(zip(f_va[(*row, tau)].tolist(), f_co[(*row, tau)].tolist(), strict=True))
            assert all(family.get(v) == a for v, a in terms.items())
            checked += 1
    assert checked, "fill-later rows to check (else nothing is checked)"

"""The exact die count's search has a guard on time (s48: a 1 um x 29.5 um die took
37 s to prove, the suite's slowest test at 81 s). Past it the count found is kept
with a proven upper bound, and ``tigris die`` says which it is: "exact" only when the
bound meets the count."""

from __future__ import annotations

import pytest

import tigris.silicon.dies as dies
from tigris.silicon import gross_dies_exact, gross_dies_exact_bounds


@pytest.mark.parametrize(
    ("w", "h", "edge", "scribe"),
    [(10.0, 10.0, 3.0, 0.1), (26.0, 31.3, 3.0, 0.1), (10.0, 24.0, 0.0, 0.0), (2.0, 3.0, 3.0, 0.1)],
)
def test_a_proven_count_is_its_own_bound(w, h, edge, scribe) -> None:
    got, most = gross_dies_exact_bounds(w, h, 300.0, edge, scribe)
    assert got == most == int(gross_dies_exact(w, h, 300.0, edge, scribe))


def test_a_stopped_search_brackets_the_maximum(monkeypatch) -> None:
    """Stopped after its first level, the count is at most the proven maximum and the
    bound at least it; the sampled 16 x 16 search stays the floor."""
    w, h = 0.5, 0.7
    proven, _ = gross_dies_exact_bounds(w, h, 300.0, 3.0, 0.0)
    sampled = int(gross_dies_exact(w, h, 300.0, 3.0, 0.0, offsets=dies.DEFAULT_OFFSETS))
    monkeypatch.setattr(dies, "_EXACT_MAX_WORK", 1)
    got, most = gross_dies_exact_bounds(w, h, 300.0, 3.0, 0.0)
    assert sampled <= got <= proven <= most
    assert most > got  # not proven after one level of a die this small


def test_die_says_best_found_and_at_most_when_not_proven(run_cli, monkeypatch) -> None:
    args = ("die", "--width", "0.5", "--height", "0.7", "--d0", "0.1", "--scribe-mm", "0")
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert "gross dies (exact)" in res.out and "at most" not in res.out
    monkeypatch.setattr(dies, "_EXACT_MAX_WORK", 1)
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert "gross dies (exact)" not in res.out
    assert "gross dies (best found)" in res.out and "gross dies, at most" in res.out
    doc = run_cli(*args, "--json").json()
    assert doc["gross_dies_at_most"] > doc["gross_dies"]

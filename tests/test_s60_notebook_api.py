"""A notebook user's test of the Python API (2026-12-07): the reference a shared
object, numpy integers refused as counts, YAML text refused by compare."""

from __future__ import annotations

import numpy as np

import tigris
from tigris.scenario import reference_scenario

from .conftest import SMALL_3Y, UNCERTAIN


def test_an_edit_of_a_loaded_reference_stays_in_the_notebook() -> None:
    x = tigris.load_scenario()
    n = len(reference_scenario().sites)
    x.sites.pop(0)  # in place, as a notebook might
    assert len(tigris.load_scenario().sites) == n
    assert len(reference_scenario().sites) == n


def test_numpy_integers_are_counts() -> None:
    res = tigris.risk(
        UNCERTAIN, samples=np.int64(2), seed=np.int64(1), workers=np.int64(0), store=False
    )
    assert res.monte_carlo.samples == 2
    sw = tigris.sweep(
        UNCERTAIN, samples=np.int64(2), seed=np.int64(3), workers=np.int64(0), store=False
    )
    assert len(sw.members) == 2


def test_compare_takes_yaml_text() -> None:
    other = tigris.load_scenario(SMALL_3Y).set("discount_rate", 0.07).to_yaml()
    c = tigris.compare(SMALL_3Y, other, store=False)
    assert c.inputs == [("discount_rate", 0.08, 0.07)]

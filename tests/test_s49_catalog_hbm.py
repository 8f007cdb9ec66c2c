"""``tigris catalog --hbm HBM3`` listed the HBM3E parts too (user test s49 fab #8): a
generation was matched as a prefix, so HBM3 took in HBM3e and HBM2 took in HBM2e,
though JEDEC's HBM3 (JESD238) and HBM3E are distinct generations with their own rows
in data/hbm.csv. A generation now lists itself at any stack height (``HBM3e``:
HBM3e and HBM3e-12hi) and a trailing ``*`` lists the family. The expected sets are
read from data/accelerators.csv, not from the command."""

from __future__ import annotations

import csv
from importlib import resources

import pytest


def _by_generation() -> dict[str, set[str]]:
    text = resources.files("tigris.data").joinpath("accelerators.csv").read_text("utf-8")
    out: dict[str, set[str]] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        out.setdefault(row["hbm_generation"], set()).add(row["name"])
    return out


@pytest.mark.parametrize(
    ("given", "generations"),
    [
        ("HBM3", {"HBM3", "HBM3-12hi"}),
        ("hbm3e", {"HBM3e", "HBM3e-12hi"}),
        ("HBM2", {"HBM2"}),
        ("HBM3*", {"HBM3", "HBM3-12hi", "HBM3e", "HBM3e-12hi"}),
        ("HBM4*", {"HBM4", "HBM4e"}),
    ],
)
def test_a_generation_is_itself_at_any_height_and_star_is_the_family(
    run_cli, given, generations
) -> None:
    table = _by_generation()
    assert table.get("HBM3e") and table.get("HBM3")  # the world this test reads
    want = set().union(*(table.get(g, set()) for g in generations))
    res = run_cli("catalog", "--hbm", given, "--json")
    assert res.code == 0, res.err
    assert set(res.json()) == want


def test_an_unknown_generation_says_how_to_ask_for_a_family(run_cli) -> None:
    res = run_cli("catalog", "--hbm", "HBM3x")
    assert res.code == 2 and "Traceback" not in res.err
    [line] = [ln for ln in res.err.splitlines() if ln.strip()]
    assert line.startswith("error: --hbm: unknown HBM generation 'HBM3x'")
    assert "HBM4*" in line

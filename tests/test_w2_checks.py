"""Scenario errors all at once, on the right line (user test of 2026-12-03, #7, #8, #11).

The scenarios are hand-written variants of :data:`tests.conftest.SMALL`; the expected
lines are found in the text itself (:func:`tests.conftest.line_of`), and the expected
numbers are derived by hand from the shipped data tables, not from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, replaced, write_scenario

# --- #7: every problem at once, in the order of the file ------------------------------

#: SMALL with seven independent mistakes, each on its own line; the datacenters block
#: gives the plan power (docs/energy.md, "Scenario").
SEVEN = replaced(
    SMALL,
    ("pue: 1.2\n", "pue: 1.2\ndemand_regions: {pjm: 0.2}\n"),
    (
        "facilities:\n",
        "datacenters:\n"
        "  grid_headrom_mw: {usa: {2026: 2615}}\n"
        "  grid_headroom_mw: {usa: {2026: -500, 2029: 26152}, narnia: {2026: 100}}\n"
        "facilities:\n",
    ),
    (
        "  - name: japan\n",
        "  - name: japan\n    region: atlantis\n    pue: 0.9\n    module_capacity: -100\n",
    ),
)

#: (text on the line, field, words of the message) of each of SEVEN's mistakes, in
#: the order of the file.
SEVEN_EXPECTED = (
    ("demand_regions:", "demand_regions", "unknown region 'pjm'"),
    ("grid_headrom_mw", "datacenters.grid_headrom_mw", "did you mean 'grid_headroom_mw'"),
    ("grid_headroom_mw:", "datacenters.grid_headroom_mw.usa.2026", "must be >= 0"),
    ("grid_headroom_mw:", "datacenters.grid_headroom_mw.narnia", "unknown region 'narnia'"),
    ("region: atlantis", "sites.1.region", "unknown region 'atlantis'"),
    ("pue: 0.9", "sites.1.pue", "must be >= 1"),
    ("module_capacity: -100", "sites.1.module_capacity", "{facility type: module size}"),
)


def _lines_of(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error:")]


@pytest.mark.parametrize("verb", ["check", "plan"])
def test_seven_mistakes_are_reported_at_once_in_file_order(
    tmp_path: Path, run_cli, verb: str
) -> None:
    """The unknown regions (a headroom region beside a negative headroom in one map, a
    site's region beside its bad pue and module_capacity) used to appear only once the
    other mistakes were fixed: 5 of 7 on HEAD~1 (checks skipped a refused section)."""
    path = write_scenario(tmp_path, SEVEN)
    text_lines = path.read_text(encoding="utf-8").splitlines()
    args = ("scenario", "check", path) if verb == "check" else ("plan", path, "--no-store")
    res = run_cli(*args)
    assert res.code == 2, res.err
    assert res.out == "" and "Traceback" not in res.err
    got = _lines_of(res.err)
    assert len(got) == len(SEVEN_EXPECTED), res.err
    for line, (needle, field, words) in zip(got, SEVEN_EXPECTED, strict=True):
        number = int(line.split(":")[2])
        assert needle in text_lines[number - 1], (line, needle)
        assert f": {field}: " in line and words in line, line


def test_the_order_is_the_same_every_time(tmp_path: Path, run_cli) -> None:
    """One order whatever stage found a problem: by line, twice the same."""
    path = write_scenario(tmp_path, SEVEN)
    first = _lines_of(run_cli("scenario", "check", path).err)
    second = _lines_of(run_cli("scenario", "check", path).err)
    assert first == second
    numbers = [int(line.split(":")[2]) for line in first]
    assert numbers == sorted(numbers)


def test_each_mistake_alone_is_reported_alone(tmp_path: Path, run_cli) -> None:
    """The salvage reports nothing that is not a mistake: a refused value left out of
    its section adds no problem (the headroom's usa map keeps its 2029 value; the site
    keeps its name, which is known)."""
    alone = replaced(
        SMALL,
        ("tools:\n", "datacenters:\n  grid_headroom_mw: {usa: {2026: -500, 2029: 9}}\ntools:\n"),
    )
    res = run_cli("scenario", "check", write_scenario(tmp_path, alone))
    assert _lines_of(res.err) and len(_lines_of(res.err)) == 1, res.err
    assert "datacenters.grid_headroom_mw.usa.2026: must be >= 0" in res.err


def test_a_site_module_capacity_names_its_form(tmp_path: Path, run_cli) -> None:
    """``module_capacity: -100`` at a site said only "expected a mapping" (#11): the
    message names the form, a facility type to its module size, with an example."""
    text = replaced(SMALL, ("  - name: japan\n", "  - name: japan\n    module_capacity: -100\n"))
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    (line,) = _lines_of(res.err)
    assert "sites.1.module_capacity: expected a mapping {facility type: module size}" in line
    assert "e.g. {datacenter-gas: 100}" in line and line.endswith("got -100")

"""A launch bill says whose D0 and which date it is: each node's start of volume.

User test s47 #3: ``chip mi300x`` read its base dies at N7's April 2018 D0 (0.146, base
die yield 0.5826) for a 2023 part, ``chip rubin`` N3's December 2022 D0 for a 2026
part, and the label "launch" read as the part's launch.
"""

from __future__ import annotations

import pytest

from tigris.nodes import get_node
from tigris.silicon import chip_bill, die_yield
from tigris.silicon.chip import basis_text
from tigris.units import MM2_PER_CM2


@pytest.mark.parametrize(
    ("part", "starts", "launch"),
    [
        ("mi300x", ("N5 2020-04", "N7 2018-04"), 2023),
        ("rubin", ("N3 2022-12", "HBM4 2026-02"), 2026),
        ("h100", ("N4 2022-01",), 2022),
    ],
)
def test_launch_basis_names_each_volume_start_and_not_the_part(part, starts, launch) -> None:
    text = basis_text(chip_bill(part))
    for start in starts:
        assert start in text, (start, text)
    assert f"not the part's {launch} launch" in text


def test_mi300x_base_die_yield_is_n7_at_its_start_and_the_table_says_so(
    run_cli, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    bill = chip_bill("mi300x")
    n7 = get_node("N7")
    # the world: Poisson yield of a 370 mm^2 die at N7's start-of-volume D0 (nodes.csv)
    assert bill.base_die_yield == pytest.approx(
        float(die_yield("poisson", 370 / MM2_PER_CM2, n7.d0_per_cm2)), rel=1e-12
    )
    out = " ".join(run_cli("chip", "mi300x").out.split())
    assert "N7 D0 at its 2018-04 volume start" in out
    assert "--year 2023" in out  # points to the part's launch year


def test_die_explanation_says_start_of_volume(run_cli) -> None:
    doc = run_cli("die", "--width", "10", "--height", "10", "--node", "N7", "--json").json()
    assert doc["d0_explanation"] == "N7 at its 2018-04 volume start (HVM)"

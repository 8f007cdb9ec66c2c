"""``hbm_sites``: the HBM sites an interposer carries (active stacks plus dummies).

A100 and H100 SXM carry six HBM sites around the logic die, five of them with memory
(ServeTheHome photos via TweakTown 2022-05-05; heise 2022-06; ComputerBase 2021-06 on
the A100 80GB's dummy stack), so the interposer is sized by six stack footprints and
the memory bill by five. By hand from the data tables: interposer area = CoWoS-S's
area factor x (logic dies + sites x the generation's stack footprint)
(``docs/silicon.md``, "Per accelerator"). Custom parts (``--accelerators`` and the
``accelerators:`` section of a ``--data`` overlay share one reader): a part
``based_on`` another keeps its sites (the same package outline), more stacks than sites
size the interposer by the stacks, and a file that gives fewer sites than stacks is
refused in one line naming ``hbm_sites``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.catalog import get_accelerator
from tigris.errors import InputError
from tigris.overlay import data_overlay, load_overlay
from tigris.silicon.chip import chip_bill, get_packaging, wafers_by_year
from tigris.silicon.hbm import get_hbm

#: GH100's area [mm^2] (NVIDIA Hopper whitepaper), as in accelerators.csv.
GH100_MM2 = 814.0


def _area(sites: int, logic_mm2: float = GH100_MM2, gen: str = "HBM3") -> float:
    """Interposer area [mm^2] by hand for ``sites`` stack footprints on CoWoS-S."""
    factor = get_packaging("CoWoS-S").interposer_area_factor
    return factor * (logic_mm2 + sites * get_hbm(gen).footprint_mm2)


def _part(extra: str, name: str = "h100-variant") -> str:
    return (
        "accelerators:\n"
        f"  - name: {name}\n"
        "    based_on: h100\n"
        f"{extra}"
        "    source: 'test part'\n"
        "    as_of: 2025-01\n"
    )


def _stacks(bill: object) -> float:
    """HBM stacks in one good package [stacks] (the bill's per-unit count x Y_p)."""
    return bill.hbm_stacks_per_unit * bill.package_yield  # type: ignore[attr-defined]


def test_shipped_rows_have_at_least_as_many_sites_as_stacks() -> None:
    """Six sites on A100, H100 and H800 (five active); no shipped row gives fewer sites
    than stacks (a site is an active stack or a dummy)."""
    for name in ("a100-sxm-80gb", "h100-sxm", "h800"):
        acc = get_accelerator(name)
        assert (acc.hbm_sites, acc.hbm_stacks) == (6, 5), name
    from tigris.catalog import load_catalog

    for acc in load_catalog().values():
        if acc.hbm_sites is not None:
            assert acc.hbm_stacks is not None and acc.hbm_sites >= acc.hbm_stacks, acc.name


def test_six_sites_size_the_interposer_and_five_stacks_the_memory() -> None:
    h100 = chip_bill("h100")
    assert h100.interposer_area_mm2 == pytest.approx(_area(6), rel=1e-12)
    assert _stacks(h100) == pytest.approx(5.0)
    a100 = chip_bill("a100-sxm-80gb")
    assert a100.interposer_area_mm2 == pytest.approx(_area(6, 826.0, "HBM2e"), rel=1e-12)
    assert _stacks(a100) == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("extra", "sites", "stacks"),
    [
        # a four-stack H100 keeps its six sites; its memory is 4 x 16 GB = 64 GB (the
        # H100's 80 GB, copied by based_on, does not fit on four stacks: refused)
        ("    hbm_stacks: 4\n    memory_gb: 64\n", 6, 4),
        ("    hbm_stacks: 8\n", 8, 8),  # more stacks than sites: sized by the stacks
        ("    hbm_sites: 8\n", 8, 5),  # eight sites given, five stacks inherited
        ("    hbm_stacks: 6\n    hbm_sites: 6\n", 6, 6),
    ],
)
def test_custom_parts_based_on_h100(tmp_path: Path, extra: str, sites: int, stacks: int) -> None:
    f = tmp_path / "acc.yaml"
    f.write_text(_part(extra))
    bill = chip_bill("h100-variant", custom=f)
    assert bill.interposer_area_mm2 == pytest.approx(_area(sites), rel=1e-12)
    assert _stacks(bill) == pytest.approx(float(stacks))


def test_fewer_sites_than_stacks_is_refused_in_one_line(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "acc.yaml"
    f.write_text(_part("    hbm_sites: 4\n"))  # H100's five stacks on four sites
    res = run_cli("catalog", "--accelerators", str(f))
    assert_one_line_error(res, f"{f}:4: accelerators.0.hbm_sites: ", "at least 5")
    over = tmp_path / "data.yaml"
    over.write_text(_part("    hbm_stacks: 8\n    hbm_sites: 6\n"))
    with pytest.raises(InputError) as info:
        load_overlay(over)
    assert f"{over}:5: accelerators.0.hbm_sites: " in str(info.value)
    assert "hbm_stacks 8" in str(info.value)


def test_overlay_parts_with_and_without_sites_and_the_vectorised_bill(tmp_path: Path) -> None:
    """A ``--data`` overlay: a part that names no sites (``based_on`` B200, which has
    none) is sized by its stacks; one with sites by them; ``wafers_by_year`` (the
    plan's vectorised bill) gives the same interposer wafers as ``chip_bill``."""
    over = tmp_path / "data.yaml"
    over.write_text(
        _part("    hbm_sites: 8\n", "h100-eight-sites") + "  - name: b200-six\n"
        "    based_on: b200\n"
        "    hbm_stacks: 6\n"
        "    memory_gb: 144\n"  # 6 x 24 GB HBM3e; B200's 192 GB does not fit on six
        "    source: 'test part'\n"
        "    as_of: 2025-01\n"
    )
    with data_overlay(over):
        b200 = get_accelerator("b200")
        six = chip_bill("b200-six")
        cowos_l = get_packaging("CoWoS-L").interposer_area_factor
        logic = b200.logic_dies * b200.logic_die_area_mm2
        want = cowos_l * (logic + 6 * get_hbm(b200.hbm_generation).footprint_mm2)
        assert get_accelerator("b200-six").hbm_sites is None
        assert six.interposer_area_mm2 == pytest.approx(want, rel=1e-12)
        eight = chip_bill("h100-eight-sites")
        assert eight.interposer_area_mm2 == pytest.approx(_area(8), rel=1e-12)
        for name in ("h100-eight-sites", "h100", "b200-six"):
            by_year = wafers_by_year(name, [2024, 2026])["interposer"]
            for t, year in enumerate((2024, 2026)):
                one = chip_bill(name, year=year).interposer_wafers_per_unit
                assert by_year[t] == pytest.approx(one, rel=1e-12), (name, year)

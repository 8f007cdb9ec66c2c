"""The accelerator catalog against datasheets, and user-defined parts from YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.catalog import get_accelerator, load_catalog
from tigris.errors import InputError

REQUIRED = [
    "a100",
    "h100",
    "h800",
    "h200",
    "b200",
    "mi300x",
    "tpu-v4",
    "tpu-v5p",
    "trainium2",
    "gaudi3",
    "maia100",
    # the roadmap's parts (issue 10)
    "b300",
    "rubin",
    "rubin-ultra",
    "mi325x",
    "mi355x",
    "mi455x",
    "tpu-v5e",
    "tpu-v6e",
    "tpu-v7",
    "trainium3",
    "ascend-910b",
    "ascend-910c",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_parts_present(name: str) -> None:
    acc = get_accelerator(name)
    assert acc.peak_flop_per_s("bf16") > 1e14
    assert acc.memory_gb and acc.memory_bw_gb_per_s


@pytest.mark.parametrize(
    ("name", "tflops"),
    # Dense BF16 peaks from the vendors' datasheets (shared/reference/figures.md §2).
    [
        ("A100", 312),
        ("H100", 989.4),
        ("H200", 989.5),
        ("B200", 2250),
        ("MI300X", 1307.4),
        ("TPU-v4", 275),
        ("tpu-v5p", 459),
        ("Trainium2", 667),
        ("Gaudi3", 1835),
        ("maia100", 800),
        ("B300", 2250),  # glennklockwood.com B300 (HGX), dense
        ("MI325X", 1307.4),  # AMD, the MI300X silicon
        ("MI355X", 2516.6),  # AMD, dense
        ("TPU-v5e", 197),  # Google Cloud TPU docs
        ("Trillium", 918),  # Google Cloud TPU docs
        ("Ironwood", 2307),  # Google Cloud TPU7x docs
    ],
)
def test_dense_bf16_peaks_match_datasheets(name: str, tflops: float) -> None:
    assert get_accelerator(name).peak_flop_per_s("bf16") == pytest.approx(tflops * 1e12)


def test_h100_sparse_figure_not_used() -> None:
    # 1,979 TFLOP/s is H100's *sparse* BF16 number; the catalog must hold the dense one.
    assert get_accelerator("h100").peak_flop_per_s("bf16") < 1.0e15


def test_system_power_exceeds_tdp() -> None:
    for acc in load_catalog().values():
        if acc.system_power_w is not None and acc.tdp_w is not None:
            assert acc.system_power_w >= acc.tdp_w, acc.name


def test_names_case_insensitive_and_suggest() -> None:
    assert get_accelerator("h100-SXM").name == "h100-sxm"
    with pytest.raises(InputError, match="did you mean 'h100'"):
        get_accelerator("h10")


def test_missing_precision_is_input_error() -> None:
    with pytest.raises(InputError, match="fp8"):
        get_accelerator("a100").peak_flop_per_s("fp8")


def test_custom_claimed_part(tmp_path: Path) -> None:
    f = tmp_path / "acc.yaml"
    f.write_text(
        "accelerators:\n"
        "  - name: Neuro-NPU\n"
        "    based_on: h100\n"
        "    peak_bf16_flop_per_s: 9.894e16\n"
        "    peak_fp8_flop_per_s: 1.979e17\n"  # FP8 >= BF16 (UT-CLAIMS D7)
        "    source: 'vendor claim of 100x an H100 (press release)'\n"
        "    as_of: 2024-03\n"
    )
    acc = get_accelerator("neuro-npu", custom=f)
    assert acc.peak_flop_per_s("bf16") == pytest.approx(
        100 * get_accelerator("h100").peak_bf16_flop_per_s
    )
    assert acc.memory_gb == 80  # inherited from h100
    assert acc.system_power_w == get_accelerator("h100").system_power_w


def test_custom_file_errors_name_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(
        "accelerators:\n"
        "  - name: x\n"
        "    peak_bf16_flop_per_s: -3\n"
        "    source: s\n"
        "    as_of: 2024\n"
        "  - name: y\n"
        "    based_on: h1000\n"
        "    source: s\n"
        "    as_of: 2024\n"
        "    wat: 1\n"
    )
    with pytest.raises(InputError) as info:
        load_catalog(f)
    text = str(info.value)
    assert f"{f}:3: accelerators.0.peak_bf16_flop_per_s" in text
    assert f"{f}:10: accelerators.1.wat: unknown field" in text


def test_cli_catalog_unknown(run_cli) -> None:
    assert_one_line_error(run_cli("catalog", "h10"), "did you mean 'h100'")


def test_cli_catalog_json(run_cli) -> None:
    res = run_cli("catalog", "--json")
    assert res.code == 0
    data = res.json()
    assert data["h100-sxm"]["peak_bf16_flop_per_s"] == pytest.approx(989.4e12)


# HBM4 parts as their vendors announced them: Rubin with 288 GB HBM4 (NVIDIA GTC 2025),
# Rubin Ultra with HBM4e, MI455X with 432 GB HBM4 (AMD Advancing AI 2025).
HBM4_PARTS = {"rubin": "HBM4", "rubin-ultra": "HBM4e", "mi455x": "HBM4"}


def test_cli_catalog_lists_hbm4_parts(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: the catalog shows each part's HBM generation and package."""
    listed = run_cli("catalog", "--hbm", "HBM4*", "--json").json()  # the family
    for name, gen in HBM4_PARTS.items():
        assert listed[name]["hbm_generation"] == gen
    assert all(p["hbm_generation"] in ("HBM4", "HBM4e") for p in listed.values())
    assert "h100-sxm" not in listed and "b200" not in listed
    assert set(run_cli("catalog", "--hbm", "hbm4e", "--json").json()) < set(listed)
    hbm4 = run_cli("catalog", "--hbm", "HBM4", "--json").json()  # the generation
    assert {p["hbm_generation"] for p in hbm4.values()} == {"HBM4"}
    assert set(hbm4) | set(run_cli("catalog", "--hbm", "hbm4e", "--json").json()) == set(listed)
    # the table: at 80 columns, generation and package under the name
    monkeypatch.setenv("COLUMNS", "80")
    lines = run_cli("catalog").out.splitlines()
    for name, gen in HBM4_PARTS.items():
        i = next(i for i, ln in enumerate(lines) if ln.split()[0] == name)
        assert lines[i + 1].split()[:2] == [gen, "CoWoS-L"], lines[i + 1]
    # on a wide terminal, as columns of their own
    monkeypatch.setenv("COLUMNS", "140")
    out = run_cli("catalog").out
    header = next(ln for ln in out.splitlines() if ln.startswith("name"))
    assert "HBM" in header and "package" in header
    row = next(ln for ln in out.splitlines() if ln.startswith("rubin "))
    assert [c.strip() for c in row.split("│")][1:3] == ["HBM4", "CoWoS-L"]


def test_cli_catalog_hbm_errors(run_cli) -> None:
    assert_one_line_error(run_cli("catalog", "--hbm", "HBM9"), "--hbm", "did you mean 'HBM4'")
    assert_one_line_error(run_cli("catalog", "h100", "--hbm", "HBM4"), "--hbm")


def test_cli_malformed_custom_file(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "broken.yaml"
    f.write_text("accelerators: [\n  - name: x\n")
    assert_one_line_error(run_cli("catalog", "--accelerators", str(f)), str(f), "not valid YAML")


def test_cli_unknown_option(run_cli) -> None:
    assert_one_line_error(run_cli("catalog", "--bogus"), "--bogus")


# --- number rules of custom-part files: the same as scenario files ------------------

#: A valid custom part, its dense BF16 peak written as a YAML 1.2 exponent (line 4).
NUMBERS_OK = (
    "accelerators:\n"
    "  - name: exp-npu\n"
    "    based_on: h100\n"
    "    peak_bf16_flop_per_s: 1e15\n"
    "    launch_year: 2025\n"
    "    source: s\n"
    "    as_of: 2025-01\n"
)


def test_cli_custom_part_exponent_is_a_number(run_cli, tmp_path: Path) -> None:
    # YAML 1.1 (PyYAML's default) reads 1e15 as text; YAML 1.2 reads it as 10^15.
    f = tmp_path / "acc.yaml"
    f.write_text(NUMBERS_OK)
    listed = run_cli("catalog", "--accelerators", str(f), "--json")
    assert listed.code == 0, listed.err
    assert listed.json()["exp-npu"]["peak_bf16_flop_per_s"] == 1e15
    shown = run_cli("chip", "exp-npu", "--accelerators", str(f))
    assert shown.code == 0, shown.err


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "needle"),
    [
        ("1e15", '"1e15"', 4, "peak_bf16_flop_per_s", "a number, got the text '1e15' (write"),
        ("2025\n", '"2025"\n', 5, "launch_year", "an integer, got the text '2025' (write"),
        ("2025\n", "2025.0\n", 5, "launch_year", "expected an integer, got 2025.0"),
        ("2025\n", "2025.5\n", 5, "launch_year", "expected an integer, got 2025.5"),
        ("2025\n", "1989\n", 5, "launch_year", "must be >= 1990, got 1989"),
        ("2025\n", "2101\n", 5, "launch_year", "must be <= 2100, got 2101"),
        ("2025-01", "true", 7, "as_of", "give the date the figures refer to"),
        ("2025-01", "''", 7, "as_of", "give the date the figures refer to"),
        ("exp-npu", "n" * 201, 2, "name", "expected at most 200 characters, got 201"),
        ("exp-npu", '"   "', 2, "name", "expected text that is not blank, got the text '   '"),
        ("source: s", 'source: " "', 6, "source", "expected text that is not blank"),
    ],
)
def test_cli_custom_part_number_rules(
    run_cli, tmp_path: Path, old: str, new: str, line: int, field: str, needle: str
) -> None:
    f = tmp_path / "acc.yaml"
    f.write_text(NUMBERS_OK.replace(old, new, 1))
    res = run_cli("catalog", "--accelerators", str(f))
    assert_one_line_error(res, f"{f}:{line}: accelerators.0.{field}: ", needle)


@pytest.mark.parametrize(
    ("name", "tflops"),
    # Dense FP8 peaks: Google Cloud TPU7x docs (4,614), AMD MI355X (5.0 PF), AWS
    # re:Invent 2025 Trainium3 (2.52 PF); NVIDIA's rack figures per package: Vera
    # Rubin NVL144 1.2 EF FP8 over 72 packages, Rubin Ultra NVL576 5 EF over 144.
    [
        ("tpu-v7", 4614),
        ("mi355x", 5033.2),
        ("trainium3", 2520),
        ("rubin", 1.2e6 / 72),
        ("rubin-ultra", 5.0e6 / 144),
    ],
)
def test_dense_fp8_peaks_match_vendor_figures(name: str, tflops: float) -> None:
    assert get_accelerator(name).peak_flop_per_s("fp8") == pytest.approx(tflops * 1e12, rel=1e-3)


@pytest.mark.parametrize(
    ("name", "stacks", "generation", "memory_gb"),
    # Memory as the vendors state it, and the stacks that hold it (JEDEC / vendor stack
    # capacities in hbm.csv): H200 141 GB on 6 x 24 GB; B300 and MI355X 288 GB on 8 x 36
    # GB 12-high HBM3E; Rubin 288 GB on 8 x 36 GB HBM4; Rubin Ultra 1 TB on 16 x 64 GB
    # HBM4E; MI455X 432 GB on 12 x 36 GB HBM4; Ironwood 192 GB on 8 x 24 GB; Trainium3
    # 144 GB on 4 x 36 GB; Ascend 910C 128 GB on 8 x 16 GB HBM2E.
    [
        ("h200", 6, "HBM3e", 141),
        ("b300", 8, "HBM3e-12hi", 288),
        ("mi355x", 8, "HBM3e-12hi", 288),
        ("rubin", 8, "HBM4", 288),
        ("rubin-ultra", 16, "HBM4e", 1024),
        ("mi455x", 12, "HBM4", 432),
        ("tpu-v7", 8, "HBM3e", 192),
        ("trainium3", 4, "HBM3e-12hi", 144),
        ("ascend-910c", 8, "HBM2e", 128),
    ],
)
def test_memory_is_the_stacks_it_sits_on(
    name: str, stacks: int, generation: str, memory_gb: float
) -> None:
    from tigris.silicon import get_hbm

    acc = get_accelerator(name)
    assert (acc.hbm_stacks, acc.hbm_generation, acc.memory_gb) == (stacks, generation, memory_gb)
    made = stacks * get_hbm(generation).stack_capacity_gb
    # usable memory never exceeds what the stacks hold; H200 leaves 3 of 144 GB unused
    assert memory_gb <= made < 1.05 * memory_gb


def test_every_stacked_part_fits_its_stacks() -> None:
    # Across the whole catalog: a part's memory is at most its stacks' capacity, and at
    # least 85 % of it (MI325X ships 256 of the 288 GB its 12-high stacks hold).
    from tigris.silicon import get_hbm

    for acc in load_catalog().values():
        if acc.hbm_stacks and acc.hbm_generation and acc.memory_gb:
            made = acc.hbm_stacks * get_hbm(acc.hbm_generation).stack_capacity_gb
            assert 0.85 * made <= acc.memory_gb <= made, acc.name

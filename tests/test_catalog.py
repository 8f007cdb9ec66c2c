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

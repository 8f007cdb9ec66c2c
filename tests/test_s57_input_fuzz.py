"""Inputs users get wrong by accident (user test s57, input fuzzing): a YAML value its
tag cannot hold (an impossible date, ``!!int 1.5``) was a traceback in every verb (#1);
a reused anchor said "second occurrence" alone (#3); a huge ``--limit`` blamed the store
(#4); a 31-digit integer named no field (#7); a tiny ``--memory-fraction`` blamed
``--params`` (#10); a bound's message printed one number on both sides (#11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error, line_of, write_scenario
from tigris.errors import InputError
from tigris.yamlio import parse_yaml

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-02-30", "'2026-02-30' cannot be read as a date (day is out of range for month)"),
        ("2026-13-01", "'2026-13-01' cannot be read as a date (month must be in 1..12)"),
        ("!!int 1.5", "'1.5' cannot be read as an integer"),
        ("!!float abc", "'abc' cannot be read as a number"),
        ("!!bool 1", "'1' cannot be read as true or false"),
        ("!!timestamp abc", "'abc' cannot be read as a date"),
        ("1" + "0" * 30, "an integer of more than 30 digits"),
    ],
)
def test_a_value_its_tag_cannot_hold_is_one_line(
    run_cli, tmp_path: Path, value: str, words: str
) -> None:
    text = SMALL.read_text(encoding="utf-8").replace(
        "discount_rate: 0.08", f"discount_rate: {value}"
    )
    path = write_scenario(tmp_path, text)
    line = line_of(path, "discount_rate:")
    assert_one_line_error(run_cli("scenario", "check", path), f":{line}: discount_rate: {words}")


def test_a_data_files_impossible_date_is_named(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "sites:\n  - name: india\n    based_on: japan\n    source: x\n    as_of: 2024-06-31\n",
        encoding="utf-8",
    )
    res = run_cli("chip", "h100", "--data", path)
    assert_one_line_error(res, "d.yaml:5: sites.0.as_of: '2024-06-31' cannot be read as a date")


def test_parse_yaml_raises_input_error() -> None:
    with pytest.raises(InputError, match="cannot be read as a date"):
        parse_yaml("a: 2024-02-30")


def test_a_reused_anchor_is_named_with_its_first_line(run_cli, tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace(
        "sites:\n  - name: taiwan\n", "sites:\n  - &site\n    name: taiwan\n"
    )
    text = text.replace("  - name: japan\n", "  - &site\n    name: japan\n")
    path = write_scenario(tmp_path, text)
    first = line_of(path, "- &site")
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"the anchor 'site' is defined again here (first on line {first})")


def test_a_limit_beyond_any_store_lists_every_run(run_cli, small_store) -> None:
    path, rid = small_store
    res = run_cli("runs", "list", "--store", path, "--limit", str(2**63), "--json")
    assert res.code == 0, res.err
    assert [r["id"] for r in res.json()] == [rid]


def test_a_tiny_memory_fraction_is_blamed(run_cli) -> None:
    res = run_cli(
        "infer", "-m", "llama-3.1-405b", "-a", "h100", "--tokens-per-day", "1e9",
        "--prompt-tokens", "1000", "--output-tokens", "200", "--memory-fraction", "0.001",
    )  # fmt: skip
    assert_one_line_error(res, "--memory-fraction: ", "0.1% of 80 GB")


def test_the_demand_bound_says_the_value_given(run_cli, tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("{2026: 4.0e6,", "{2026: 1.0000001e12,")
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert_one_line_error(res, "1.0000001e+12 H100e in one year is more than 1e+12")


def test_two_names_of_one_part_are_refused(run_cli, tmp_path: Path) -> None:
    """``b200`` and its alias ``b200-hgx`` planned as two products, two share bands on
    one part (user test s57, fuzzing #5); a variant naming its part is left alone."""
    text = SMALL.read_text(encoding="utf-8")
    path = write_scenario(
        tmp_path, text.replace("  - name: b200\n", "  - name: b200\n  - name: b200-hgx\n")
    )
    line = line_of(path, "- name: b200-hgx")
    assert_one_line_error(
        run_cli("scenario", "check", path), f":{line}: products.1.name:", "catalog part b200"
    )
    variant = "  - name: b200\n  - {name: my-b200, accelerator: b200, max_share: 0.5}\n"
    ok = write_scenario(tmp_path, text.replace("  - name: b200\n", variant), "ok.yaml")
    assert run_cli("scenario", "check", ok).code == 0


def test_one_field_by_two_spellings_is_refused(run_cli) -> None:
    """``sites.0.max_modules`` and ``sites.taiwan.max_modules`` are one field: the last
    won in silence, and a sweep of both labelled members with values they were not
    planned with (user test s57, fuzzing #2)."""
    two = ("--set", "sites.taiwan.max_modules=0", "--set", "sites.0.max_modules=3")
    res = run_cli("plan", SMALL, "--no-store", *two)
    assert_one_line_error(
        res, "'sites.taiwan.max_modules' and 'sites.0.max_modules' name the same field"
    )
    res = run_cli(
        "sweep",
        SMALL,
        "--no-store",
        "--set",
        "sites.0.max_modules=0,3",
        "--set",
        "sites.taiwan.max_modules=3,0",
    )
    assert res.code == 2 and "name the same field" in res.err, res.err


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  - name: training\n", '  - name: "training "\n', "demand.0.name"),
        ("name: small\n", 'name: "   "\n', "name"),
        ("  - name: fund\n", '  - name: " fund"\n', "capital.0.name"),
    ],
)
def test_a_name_with_space_at_an_end_is_refused(
    run_cli, tmp_path: Path, old: str, new: str, field: str
) -> None:
    """Blank names and names differing only in a trailing space were accepted and
    printed alike (user test s57, fuzzing #6)."""
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    res = run_cli("scenario", "check", write_scenario(tmp_path, text.replace(old, new, 1)))
    assert_one_line_error(res, f"{field}: expected a name with no space at either end")

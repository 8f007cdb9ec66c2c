"""The scenario's money fields (issue 11): objective, served share, penalty, prices, tax.

Good values load; each bad value is one ``file:line: field: message`` problem at the
line it is written on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from tigris.errors import InputError
from tigris.scenario import Scenario, load_scenario, reference_scenario_text
from tigris.scenario.schema import OBJECTIVES

REFERENCE = reference_scenario_text()
#: The reference's pue line: new top-level fields are written after it.
_ANCHOR = "pue: 1.2"


def _with(tmp_path: Path, extra: str, old: str = _ANCHOR, new: str | None = None) -> Path:
    """The reference with ``extra`` lines after its ``pue`` line (or ``old`` -> ``new``)."""
    text = REFERENCE.replace(old, new if new is not None else f"{old}\n{extra}", 1)
    assert text != REFERENCE
    path = tmp_path / "money.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, ln in enumerate(lines) if needle in ln)


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return str(info.value).splitlines()


def test_objectives_match_the_schema() -> None:
    assert get_args(Scenario.model_fields["objective"].annotation) == OBJECTIVES


def test_good_values_load(tmp_path: Path) -> None:
    extra = (
        "objective: npv\n"
        "min_served_share: 0.9\n"
        "prices:\n"
        "  wafer: {N4: {2026: 18000, 2030: 15000}, N3: {2026: 21000}}\n"
        "  cowos: {cowos: {2026: 12000}}\n"
        "  hbm: {hbm3e-12hi: {2026: 14.0}}\n"
        "  rental: {H100: {2026: 2.1, 2045: 1.0}}\n"
    )
    path = _with(tmp_path, extra)
    sc = load_scenario(path)
    assert sc.objective == "npv" and sc.min_served_share == 0.9
    assert sc.prices["wafer"]["N4"] == {2026: 18000.0, 2030: 15000.0}
    assert sc.prices["rental"]["H100"][2045] == 1.0  # years after the horizon are allowed


def test_defaults_are_serve_and_no_share() -> None:
    sc = Scenario.model_validate(
        {k: v for k, v in load_scenario_dict().items() if k not in ("objective",)}
    )
    assert sc.objective == "serve" and sc.min_served_share == 0.0 and sc.prices == {}


def load_scenario_dict() -> dict:
    from tigris.yamlio import parse_yaml

    return dict(parse_yaml(REFERENCE))


@pytest.mark.parametrize("value", ["rental", "27500", "1.0e5"])
def test_penalty_is_a_number_or_rental(tmp_path: Path, value: str) -> None:
    path = _with(
        tmp_path, "", "unmet_penalty_usd_per_h100e:", f"unmet_penalty_usd_per_h100e: {value} #"
    )
    got = load_scenario(path).unmet_penalty_usd_per_h100e
    assert got == (value if value == "rental" else float(value))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("rent", r"expected a number \[USD per H100e\] or 'rental' .*got the text 'rent'"),
        ('"27500"', r"or 'rental' .*got the text '27500' \(write numbers without quotes\)"),
        ("true", r"expected a number \[USD per H100e\] or 'rental', got a YAML boolean"),
        ("~", r"or 'rental', got nothing \(null\)"),
        ("0", r"must be > 0, got 0"),
        ("-5", r"must be > 0, got -5"),
        ("1e16", r"must be <= 1e\+15, got 1e\+16"),
        (".inf", r"expected a finite number"),
    ],
)
def test_a_bad_penalty_is_one_problem_at_its_line(tmp_path: Path, value: str, message: str) -> None:
    path = _with(
        tmp_path, "", "unmet_penalty_usd_per_h100e:", f"unmet_penalty_usd_per_h100e: {value} #"
    )
    line = _line_of(path, "unmet_penalty_usd_per_h100e:")
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{line}: unmet_penalty_usd_per_h100e: ")
    assert re.search(message, problems[0]), problems[0]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("objective: profit", "objective", "expected one of 'serve' or 'npv'"),
        ("objective: 1", "objective", "expected one of 'serve' or 'npv'"),
        ("min_served_share: 1.5", "min_served_share", "must be <= 1, got 1.5"),
        ("min_served_share: -0.1", "min_served_share", "must be >= 0"),
        ('min_served_share: "0.5"', "min_served_share", "write numbers without quotes"),
        (
            "prices:\n  wafers: {N3: {2026: 1}}",
            "prices.wafers",
            "unknown price series 'wafers' (did you mean 'wafer'?)",
        ),
        (
            "prices:\n  accelerator: {h100: {2026: 1}}",
            "prices.accelerator",
            "the plan uses wafer, cowos, hbm, rental",
        ),
        ("prices:\n  wafer: {N9: {2026: 1}}", "prices.wafer.N9", "unknown wafer item 'N9'"),
        (
            "prices:\n  wafer:\n    N4: {2026: 1}\n    N5: {2026: 2}",
            "prices.wafer.N5",
            "'N5' and 'N4' both price N5",
        ),
        ("prices:\n  hbm: {HBM9: {2026: 1}}", "prices.hbm.HBM9", "unknown hbm item 'HBM9'"),
        ("prices:\n  cowos: {CoWoS-L: {2026: 1}}", "prices.cowos.CoWoS-L", "known: cowos"),
        ("prices:\n  rental: {A100: {2026: 1}}", "prices.rental.A100", "known: H100"),
        ("prices:\n  wafer: {N3: {2026: -1}}", "prices.wafer.N3.2026", "must be >= 0, got -1"),
        ("prices:\n  wafer: {N3: {2026: 1e16}}", "prices.wafer.N3.2026", "must be <= 1e+15"),
        (
            'prices:\n  wafer: {N3: {2026: "1"}}',
            "prices.wafer.N3.2026",
            "write numbers without quotes",
        ),
        (
            "prices:\n  wafer: {N3: {1999: 1}}",
            "prices.wafer.N3.1999",
            "year 1999 is outside 2000-2100",
        ),
        (
            "prices:\n  wafer: {N3: {33:45: 1}}",
            "prices.wafer.N3",
            "expected a year (integer) as key",
        ),
        ("prices:\n  wafer: {N3: {}}", "prices.wafer.N3", "expected at least 1 entry"),
        ("prices:\n  wafer: 3", "prices.wafer", "expected a mapping"),
    ],
)
def test_a_bad_money_field_is_named_at_its_line(
    tmp_path: Path, extra: str, field: str, message: str
) -> None:
    path = _with(tmp_path, extra)
    last = extra.splitlines()[-1].strip()
    line = _line_of(path, last)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{line}: {field}: "), problems[0]
    assert message in problems[0], problems[0]


def test_site_tax_rate_override(tmp_path: Path) -> None:
    good = _with(
        tmp_path, "", "    max_modules: 12", "    max_modules: 12\n    corporate_tax_rate: 0.2"
    )
    assert load_scenario(good).sites[0].corporate_tax_rate == 0.2
    for value, message in (("1.0", "must be < 1, got 1.0"), ("-0.1", "must be >= 0")):
        path = _with(
            tmp_path,
            "",
            "    max_modules: 12",
            f"    max_modules: 12\n    corporate_tax_rate: {value}",
        )
        line = _line_of(path, "corporate_tax_rate")
        problems = _problems(path)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{path}:{line}: sites.0.corporate_tax_rate: ")
        assert message in problems[0], problems

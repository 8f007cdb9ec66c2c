"""Extreme but legal finance inputs give a ``scenario check`` warning naming the field
and its line (user test 2026-12-04, UT-MONEY #9): a facility paid for entirely by others
(``subsidy_share: 1``), a discount rate of 50 % or more, a site's corporate tax rate of
60 % or more. Values just below are ordinary and say nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, line_of, replaced
from tests.conftest import write_scenario as _write


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning: ")]


def _subsidy(share: str) -> str:
    return replaced(SMALL, ("  - kind: cowos\n", f"  - kind: cowos\n    subsidy_share: {share}\n"))


def _tax(rate: str) -> str:
    return replaced(
        SMALL,
        ("  - name: japan\n", f"  - name: japan\n    corporate_tax_rate: {rate}\n"),
    )


def _rate(rate: str) -> str:
    return replaced(SMALL, ("discount_rate: 0.08\n", f"discount_rate: {rate}\n"))


@pytest.mark.parametrize(
    ("text", "needle", "field", "said"),
    [
        (_subsidy("1.0"), "subsidy_share: 1.0", "facilities.1.subsidy_share", "100% of this"),
        (_rate("0.95"), "discount_rate: 0.95", "discount_rate", "95% a year"),
        (_rate("0.5"), "discount_rate: 0.5", "discount_rate", "50% a year"),
        (_tax("0.99"), "corporate_tax_rate: 0.99", "sites.1.corporate_tax_rate", "99% at japan"),
        (_tax("0.6"), "corporate_tax_rate: 0.6", "sites.1.corporate_tax_rate", "60% at japan"),
    ],
)
def test_an_extreme_finance_input_is_a_warning(
    tmp_path: Path, run_cli, text: str, needle: str, field: str, said: str
) -> None:
    """The scenario is still valid (exit 0); one warning names file:line and field."""
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (line,) = _warnings(res.err)
    assert line.startswith(f"warning: {path}:{line_of(path, needle)}: {field}: "), line
    assert said in line


def test_the_discount_warning_says_what_ten_years_are_worth(tmp_path: Path, run_cli) -> None:
    """At 95 % a flow ten years out is worth 1/1.95^10 = 0.00126 of itself: 0.1 %."""
    path = _write(tmp_path, _rate("0.95"))
    (line,) = _warnings(run_cli("scenario", "check", path).err)
    assert "ten years out to 0.1% of its value" in line


@pytest.mark.parametrize(
    "text", [_subsidy("0.99"), _rate("0.49"), _tax("0.59"), _tax("0.21"), SMALL]
)
def test_ordinary_finance_inputs_say_nothing(tmp_path: Path, run_cli, text: str) -> None:
    """A 99 % subsidy, a 49 % rate, a 59 % tax: legal and not flagged."""
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    assert not [
        w for w in _warnings(res.err) if "discount_rate" in w or "subsidy" in w or "tax" in w
    ]

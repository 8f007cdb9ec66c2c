"""Product caps that add up to less than 1 in a year stop all production, so `scenario
check` and `plan` refuse them (user test 2026-12-05, scenarios #2).

A product's cap is ``e_p x_p <= hi_p S`` with ``S = sum_p e_p x_p`` the compute
delivered (``plan.model.add_mix``); summed over the products made in a year, ``S <=
(sum_p hi_p) S``, so with ``sum_p hi_p < 1`` only ``S = 0`` is feasible. The plan then
served nothing in those years while capacity stood idle, and `check` said the scenario
was valid although docs/plan.md says it refuses mix shares that would stop all
production.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import assert_one_line_error

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _write(tmp_path: Path, products: list[dict]) -> Path:
    doc = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    doc["products"] = products
    path = tmp_path / "mix.yaml"
    text = yaml.safe_dump(doc, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if ln.startswith(key))


@pytest.mark.parametrize(
    ("products", "year", "total"),
    [
        # one product capped at half of everything: nothing is possible in any year
        ([{"name": "b200", "max_share": 0.5}], 2026, "0.5"),
        # two caps adding up to 0.9
        ([{"name": "b200", "max_share": 0.6}, {"name": "h100", "max_share": 0.3}], 2026, "0.9"),
        # the helper's trap: h100 stops after 2027, leaving b200 capped at 0.5 alone
        ([{"name": "b200", "max_share": 0.5}, {"name": "h100", "last_year": 2027}], 2028, "0.5"),
    ],
)
def test_check_refuses_caps_below_one(run_cli, tmp_path: Path, products, year, total) -> None:
    path = _write(tmp_path, products)
    res = run_cli("scenario", "check", path)
    line = _line_of(path, "products:")
    assert_one_line_error(
        res, f"{path.name}:{line}: products:", f"made in {year} add up to {total}"
    )


def test_caps_adding_up_to_one_are_accepted(run_cli, tmp_path: Path) -> None:
    """0.5 + 0.5 = 1 leaves every mix of the two at its cap: feasible, not refused."""
    products = [{"name": "b200", "max_share": 0.5}, {"name": "h100", "max_share": 0.5}]
    res = run_cli("scenario", "check", _write(tmp_path, products))
    assert res.code == 0, res.err


def test_plan_refuses_the_cap_set_on_the_command_line(run_cli) -> None:
    res = run_cli("plan", SMALL, "--no-store", "--set", "products.b200.max_share=0.5")
    assert_one_line_error(res, "products.b200.max_share=0.5", "add up to 0.5")

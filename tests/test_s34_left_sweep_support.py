"""``tigris sweep --samples`` refuses a scenario value outside its own distribution, as
``tigris risk`` does (docs/risk.md, "An edited value and its distribution"): the same
one ``error:`` line, exit 2, nothing run or stored; ``--recentre`` and ``--as-written``
resolve it as they do for risk. Before, the sweep only warned and drew the written
range, discarding the edit.

The case: the reference's Abu Dhabi tranche raised to $15B while its distribution
stays triangular $8-10B (mode $9B). By hand: as written the draws lie in [8e9, 1e10];
recentred, every parameter times 15/9, so in [8e9 x 15/9, 1e10 x 15/9] =
[1.333e10, 1.667e10].
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PATH = "capital.abu-dhabi-sovereign.amount_usd"
LOW, MODE, HIGH, VALUE = 8.0e9, 9.0e9, 1.0e10, 1.5e10


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tigris.scenario import reference_scenario_text

    text = reference_scenario_text()
    old = "    amount_usd: 9.0e9 "
    assert text.count(old) == 1  # the tranche's value, its distribution left as written
    path = tmp_path_factory.mktemp("support") / "edited.yaml"
    path.write_text(text.replace(old, "    amount_usd: 1.5e10"), encoding="utf-8")
    return path


def _errors(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error: ")]


def test_sampled_sweep_refuses_as_risk_does(edited, tmp_path, run_cli) -> None:
    store = tmp_path / "runs.duckdb"
    swept = run_cli("sweep", edited, "--samples", "1", "--workers", "0", "--store", store)
    risk = run_cli("risk", edited, "--samples", "1", "--workers", "0", "--no-store")
    assert swept.code == 2 == risk.code, swept.err
    lines = _errors(swept.err)
    assert len(lines) == 1 and lines == _errors(risk.err), swept.err
    assert f"distributions.{PATH}" in lines[0] and "--recentre" in lines[0]
    assert swept.out == ""
    assert not store.exists()  # nothing stored


def _drawn(res) -> float:
    assert res.code == 0, res.err
    [member] = res.json()["members"]
    return json.loads(member["changes"])[PATH]


def test_as_written_draws_the_written_range(edited, run_cli) -> None:
    res = run_cli(
        "sweep", edited, "--samples", "1", "--seed", "1", "--workers", "0", "--no-store",
        "--as-written", "--json",
    )  # fmt: skip
    assert LOW <= _drawn(res) <= HIGH


def test_recentre_draws_around_the_value(edited, run_cli) -> None:
    res = run_cli(
        "sweep", edited, "--samples", "1", "--seed", "1", "--workers", "0", "--no-store",
        "--recentre", "--json",
    )  # fmt: skip
    ratio = VALUE / MODE
    assert LOW * ratio <= _drawn(res) <= HIGH * ratio


@pytest.mark.parametrize("flag", ["--recentre", "--as-written"])
def test_the_flags_apply_to_samples_only(flag, run_cli) -> None:
    res = run_cli("sweep", "--set", "discount_rate=0.05,0.06", flag, "--no-store")
    assert res.code == 2
    assert _errors(res.err) == [f"error: {flag}: {flag} applies to --samples only"]


def test_both_flags_are_refused(edited, run_cli) -> None:
    res = run_cli("sweep", edited, "--samples", "1", "--recentre", "--as-written", "--no-store")
    assert res.code == 2
    assert _errors(res.err) == ["error: --recentre: give --recentre or --as-written, not both"]

"""``tigris train`` with the defaults of issue 13: the MFU model, the goodput default
and the cluster's IT overhead, said on the table and in ``--json``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.workload.mfu import default_mfu

Run = Callable[..., CliResult]
LLAMA = ("--params", "405e9", "--tokens", "15.6e12", "-a", "h100", "--count", "16384")


def test_train_without_mfu_says_it_used_the_model(run_cli: Run) -> None:
    """The Must-show line: no --mfu, so the MFU model is used; the table and the note
    say so with the model's leave-one-out error."""
    est = default_mfu(params=405e9, accelerators=16384, accelerator="h100")
    res = run_cli("train", *LLAMA)
    assert res.code == 0, res.err
    out = " ".join(res.out.split())  # the table and the notes wrap long lines
    assert "(MFU model, LOO" in out  # the MFU row's unit column
    assert f"leave-one-out error {est.loo_mape:.0%}" in out and "pass --mfu" in out
    assert "goodput 0.9 is the default" in out


def test_train_json_carries_the_mfu_model(run_cli: Run) -> None:
    """--json: the MFU, where it came from and its error; days from 6ND by hand."""
    est = default_mfu(params=405e9, accelerators=16384, accelerator="h100")
    res = run_cli("train", *LLAMA, "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["mfu_basis"] == "model" and d["mfu"] == pytest.approx(est.value)
    assert d["mfu_loo_mape"] == pytest.approx(est.loo_mape)
    assert d["goodput_basis"] == "default" and d["goodput"] == 0.9
    days = 6 * 405e9 * 15.6e12 / (16384 * 989.4e12 * est.value * 0.9) / 86_400
    assert d["days"] == pytest.approx(days)
    assert any("MFU model" in n for n in d["notes"])


def test_train_with_mfu_does_not_mention_the_model(run_cli: Run) -> None:
    res = run_cli("train", *LLAMA, "--mfu", "0.4", "--goodput", "1", "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["mfu_basis"] == "given" and d["mfu_loo_mape"] is None
    assert d["goodput_basis"] == "given"
    assert not any("MFU model" in n or "goodput" in n for n in d["notes"])


def test_train_power_includes_the_cluster_overhead(run_cli: Run) -> None:
    """1,016 H100 at PUE 1: the DGX H100 SuperPOD's 1.4 MW (design guide, via Epoch
    AI), servers plus network and storage; --it-overhead 1 gives the servers alone,
    1,016 x 1,275 W (DGX H100 datasheet: 10.2 kW per 8 GPUs)."""
    base = ("train", "--flops", "1e24", "-a", "h100", "--count", "1016", "--pue", "1", "--json")
    res = run_cli(*base)
    assert res.code == 0, res.err
    assert res.json()["power_mw"] == pytest.approx(1.4, rel=0.01)
    assert "IT overhead 1.08" in " ".join(run_cli(*base[:-1]).out.split())
    bare = run_cli(*base, "--it-overhead", "1")
    assert bare.json()["power_mw"] == pytest.approx(1016 * 1275 / 1e6)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--flops", "1e24", "--count", "10", "--it-overhead", "0.5"), "--it-overhead"),
        (("--flops", "1e24", "--count", "10", "--it-overhead", "abc"), "--it-overhead"),
        (("--flops", "1e24", "--count", "10", "--precision", "fp4"), "--precision"),
        (("--flops", "1e24"), "two of --count, --days, --mfu"),
    ],
)
def test_train_bad_input_one_line_exit_2(run_cli: Run, args: tuple[str, ...], needle: str) -> None:
    res = run_cli("train", *args)
    assert res.code == 2
    assert_one_line_error(res, needle)


def test_train_has_no_run_year_option(run_cli: Run) -> None:
    """The run year was tested as an MFU term and not adopted (docs/workload.md, "Not
    adopted (lead, 2026-12-03)"), so tigris train has no --run-year (a knob that could
    not change the answer): it is refused as an unknown option in one line, exit 2, and
    --json carries no run-year field."""
    res = run_cli("train", "--flops", "1e24", "--count", "10", "--run-year", "2023")
    assert res.code == 2
    assert_one_line_error(res, "No such option: --run-year")
    d = run_cli("train", *LLAMA, "--json").json()
    assert not [k for k in d if "run_year" in k]

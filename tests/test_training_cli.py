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
    cells = " ".join(res.out.replace("│", " ").split())  # a cell wraps onto the next row
    assert "(MFU model, run year 2025 assumed, LOO" in cells  # the MFU row's unit column
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
    # no --run-year: the latest fitted run year (Llama 4 Behemoth's 2025) is assumed
    assert d["mfu_run_year"] == 2025 and d["mfu_run_year_basis"] == "assumed"


def test_train_with_mfu_does_not_mention_the_model(run_cli: Run) -> None:
    res = run_cli("train", *LLAMA, "--mfu", "0.4", "--goodput", "1", "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["mfu_basis"] == "given" and d["mfu_loo_mape"] is None
    assert d["mfu_run_year"] is None and d["mfu_run_year_basis"] is None
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
        (("--flops", "1e24", "--count", "10", "-a", "tpu-v5p"), "--power-w"),
        (("--flops", "1e24", "--count", "10", "--run-year", "0"), "--run-year"),
        (("--flops", "1e24", "--count", "10", "--run-year", "2023.5"), "--run-year"),
        # refused even where the MFU model is not consulted (an MFU given)
        (("--flops", "1e24", "--count", "10", "--mfu", "0.4", "--run-year", "-1"), "--run-year"),
    ],
)
def test_train_bad_input_one_line_exit_2(run_cli: Run, args: tuple[str, ...], needle: str) -> None:
    res = run_cli("train", *args)
    assert res.code == 2
    assert_one_line_error(res, needle)


def test_run_year_reaches_the_mfu_model(run_cli: Run) -> None:
    """--run-year 2023 on an A100: the MFU of a run of 2023 (lower than the latest
    fitted year's, Korthikanti et al. 2022's direction), and days follow from 6ND by
    hand at that MFU."""
    args = ("--params", "70e9", "--tokens", "2e12", "-a", "a100", "--count", "2048", "--json")
    then = run_cli("train", *args, "--run-year", "2023")
    now = run_cli("train", *args)
    assert then.code == 0 and now.code == 0, (then.err, now.err)
    d, latest = then.json(), now.json()
    want = default_mfu(params=70e9, accelerators=2048, accelerator="a100", run_year=2023)
    assert d["mfu"] == pytest.approx(want.value) and d["mfu"] < latest["mfu"]
    days = 6 * 70e9 * 2e12 / (2048 * 312e12 * d["mfu"] * 0.9) / 86_400
    assert d["days"] == pytest.approx(days)


def test_a_published_run_without_an_mfu_takes_its_own_year(monkeypatch) -> None:
    """A --model run without a published MFU (GPT-4's 2023-07 estimate, its MFU and days
    removed): the MFU model sees the run's year, 2023, not the latest fitted year."""
    import dataclasses

    import tigris.workload.training as tr

    run = dataclasses.replace(tr.get_run("gpt-4"), mfu=None, days=None)
    monkeypatch.setattr(tr, "get_run", lambda *a, **k: run)
    r = tr.train("gpt-4", count=25_000)
    assert r.mfu_basis == "model"
    assert r.mfu_run_year == 2023 and r.mfu_run_year_basis == "run"
    want = default_mfu(params=run.params, accelerators=25_000, accelerator="a100", run_year=2023)
    assert r.mfu == pytest.approx(want.value)
    latest = default_mfu(params=run.params, accelerators=25_000, accelerator="a100")
    assert r.mfu != pytest.approx(latest.value)


def test_a_run_year_past_the_fitted_runs_is_clamped_in_the_table_and_json(run_cli: Run) -> None:
    """The fitted runs end in 2025 (Llama 4 Behemoth): --run-year 2030 gives the 2025
    MFU; --json says the model was taken at 2025 for a year that was given, the note
    names the range it was clamped to, and the table's MFU row shows the year used
    (review of 2026-12-03, second session)."""
    at_2030 = run_cli("train", *LLAMA, "--run-year", "2030", "--json")
    at_2025 = run_cli("train", *LLAMA, "--run-year", "2025", "--json")
    at_2023 = run_cli("train", *LLAMA, "--run-year", "2023", "--json")
    assert at_2030.code == at_2025.code == at_2023.code == 0, at_2030.err
    d = at_2030.json()
    assert d["mfu"] == pytest.approx(at_2025.json()["mfu"])
    assert d["mfu"] > at_2023.json()["mfu"]
    assert d["mfu_run_year"] == 2025 and d["mfu_run_year_basis"] == "given"
    assert at_2023.json()["mfu_run_year"] == 2023
    assert any("(2020-2025), clamped to their range" in n for n in d["notes"])
    assert not any("clamped" in n for n in at_2025.json()["notes"])
    table = " ".join(run_cli("train", *LLAMA, "--run-year", "2030").out.replace("│", " ").split())
    assert "(MFU model, run year 2025, LOO" in table


def test_the_default_run_year_note_says_it_is_the_trend_at_the_edge(run_cli: Run) -> None:
    """No --run-year on an A100 and an H100: both get the fit at 2025 (the part enters
    only through its peak), and the note says it is the fitted trend at the edge of
    the data beside the one measured 2025 run (Behemoth, 390 / 989.4 = 0.39 of the BF16
    peak), not today's measured software."""
    for part in ("a100", "h100"):
        res = run_cli("train", "--flops", "1e24", "-a", part, "--count", "1024", "--json")
        assert res.code == 0, res.err
        note = next(n for n in res.json()["notes"] if "MFU model" in n)
        assert "2025 assumed" in note and "fitted trend at the edge of the data" in note
        assert f"llama-4-behemoth {390 / 989.4:.2f}" in note and "today's" not in note


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("--mfu", "0.4"), "given"),
        (("--days", "50"), "solved"),
    ],
)
def test_a_run_year_the_mfu_model_does_not_see_is_said_not_used(
    run_cli: Run, args: tuple[str, ...], why: str
) -> None:
    """--run-year reaches only the MFU model: with an MFU given or solved from --count
    and --days it changes nothing, and a note says it was not used."""
    res = run_cli("train", *LLAMA, *args, "--run-year", "2023", "--json")
    plain = run_cli("train", *LLAMA, *args, "--json")
    assert res.code == 0 and plain.code == 0, res.err
    d = res.json()
    assert d["mfu"] == pytest.approx(plain.json()["mfu"]) and d["mfu_run_year"] is None
    assert f"--run-year not used: the MFU is {why}, not the MFU model's" in d["notes"]


def test_a_run_year_beside_a_published_mfu_is_said_not_used(run_cli: Run) -> None:
    """Llama 3.1 405B's row carries its published MFU (0.38-0.43, Llama 3 Table 4):
    --run-year does not move it, and the note says so."""
    res = run_cli("train", "--model", "llama-3.1-405b", "--run-year", "2023", "--json")
    plain = run_cli("train", "--model", "llama-3.1-405b", "--json")
    assert res.code == 0 and plain.code == 0, res.err
    d = res.json()
    assert d["mfu_basis"] == "run" and d["mfu"] == plain.json()["mfu"]
    assert "--run-year not used: the MFU is the published run's, not the MFU model's" in d["notes"]

"""A bad-input review of 2026-12-07: what a hand-edited run folder, a failed write and a
workload's demand did with the one-line contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import SMALL_3Y


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory) -> Path:
    from tigris.cli import main

    root = tmp_path_factory.mktemp("fr")
    scenario = root / "s.yaml"
    scenario.write_text(SMALL_3Y, encoding="utf-8")
    assert main(["plan", str(scenario), "--no-store", "--out", str(root / "run")]) == 0
    return root / "run"


@pytest.mark.parametrize(
    ("key", "value", "want"),
    [
        ("mip_gap", "0.01", "options.mip_gap: expected a number in [0, 1), got '0.01' (str)"),
        ("mip_gap", [1], "options.mip_gap: expected a number in [0, 1)"),
        ("time_limit_s", "30", "options.time_limit_s: expected a finite number > 0"),
        ("time_limit_s", -1, "options.time_limit_s: expected a finite number > 0, got -1"),
        ("min_served_share", "x", "options.min_served_share: expected a number in [0, 1]"),
        ("relax", "no", "options.relax: expected true or false, got 'no' (str)"),
        ("objective", 5, "options.objective: expected one of serve, npv, got 5"),
    ],
)
def test_a_hand_edited_run_json_is_one_line(
    saved_run: Path, tmp_path: Path, run_cli, key, value, want
) -> None:
    """Was a traceback (TypeError in require_positive), or the relaxation solved for
    "no", or the error named --time-limit, a flag not given."""
    folder = tmp_path / "edited"
    shutil.copytree(saved_run, folder)
    doc = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    doc["options"][key] = value
    (folder / "run.json").write_text(json.dumps(doc), encoding="utf-8")
    res = run_cli("plan", "--from-run", str(folder), "--no-store")
    assert res.code == 2, res.err
    assert "Traceback" not in res.err and len(res.err.strip().splitlines()) == 1
    assert f"{folder / 'run.json'}: {want}" in res.err


def test_the_saved_options_themselves_pass(saved_run: Path, run_cli) -> None:
    res = run_cli("plan", "--from-run", str(saved_run), "--no-store")
    assert res.code == 0, res.err


def test_a_failed_out_after_storing_says_the_run_is_stored(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    """A full disk under --out (found with a 40 kB tmpfs): exit 2 with "nothing was
    changed there", and the run stored before it said nowhere; each retry stored another
    copy. The one line now names the stored run."""
    import tigris.cli.plan as plan_cli
    from tigris.errors import InputError
    from tigris.runs.store import RunStore

    def full(out, *args, **kwargs):
        raise InputError(f"cannot write {out}: No space left on device", field="--out")

    monkeypatch.setattr(plan_cli, "_write_out", full)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SMALL_3Y, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    res = run_cli("plan", str(scenario), "--store", str(store), "--out", str(tmp_path / "o"))
    assert res.code == 2
    lines = [ln for ln in res.err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in res.err
    (rid,) = RunStore(store).runs()["id"].tolist()
    assert f"No space left on device; the plan is stored as run {rid} in {store}" in lines[0]
    assert f"'tigris runs rm {rid} --store {store}' removes it" in lines[0]
    assert f"'tigris runs export {rid} --store {store} --format csv --out DIR'" in lines[0]


@pytest.mark.parametrize(
    ("extra", "field", "what"),
    [
        (
            "  - name: lab\n    priority: 2\n    workloads:\n"
            "      - train: {flops: 2.15e25, accelerator: a100, mfu: 0.34, days: 95}\n"
            "        runs_by_year: {2026: 1e12, 2028: 3}\n",
            "15: demand.1.workloads.0",
            "its deliveries in 2026",
        ),
        (
            "  - name: many\n    priority: 2\n    accelerators_by_year: {2026: {b200: 9.0e11}}\n",
            "14: demand.1.accelerators_by_year",
            "the parts in H100e in 2026",
        ),
    ],
)
def test_demand_from_workloads_or_parts_is_bounded_too(
    run_cli, tmp_path: Path, extra: str, field: str, what: str
) -> None:
    """The 1e12 H100e a year bound held for h100e_by_year only: a workload's 1e12 runs
    (4.5e14 H100e) and 9e11 B200 (2.0e12 H100e; the bound counted units) planned with
    exit 0, the penalty drowning the supply. By hand: 9e11 x 2.27 H100e per B200 (its
    dense BF16 peak over the H100's, 2,250 / 989.4 TFLOP/s) = 2.05e12 > 1e12."""
    text = SMALL_3Y.replace(
        "    h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}\n",
        "    h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}\n" + extra,
    )
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    for args in (("plan", str(scenario), "--no-store"), ("scenario", "check", str(scenario))):
        res = run_cli(*args)
        assert res.code == 2 and "Traceback" not in res.err
        errors = [ln for ln in res.err.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1, res.err
        assert f"s.yaml:{field}: {what}: " in errors[0]
        assert "is more than 1e+12" in errors[0]


def test_micro_batches_past_the_memory_are_named(run_cli) -> None:
    """--micro-batches 1000000 needs a batch of a million sequences; the error named
    --prompt-tokens ("at most 699"), and shorter prompts then failed on --tpot-ms."""
    res = run_cli(
        "infer", "--model", "llama-3.1-70b", "--tokens-per-day", "1e9", "--prompt-tokens",
        "1000", "--output-tokens", "200", "--micro-batches", "1000000",
    )  # fmt: skip
    assert res.code == 2 and "Traceback" not in res.err
    assert "error: --micro-batches: --micro-batches 1000000 needs a batch of at least" in res.err
    assert "sequences of 1,200 tokens fit beside the weights; give fewer --micro-batches" in (
        res.err
    )


def test_based_on_an_entry_of_the_same_file_says_so(run_cli, tmp_path: Path) -> None:
    """Two sites based on each other read "unknown site 'b-site'; known: ...", though
    b-site is in the file: based_on copies a shipped row only, and now says it."""
    data = tmp_path / "d.yaml"
    data.write_text(
        "sites:\n"
        "  - {name: a-site, based_on: b-site, source: x, as_of: 2024}\n"
        "  - {name: b-site, based_on: japan, source: x, as_of: 2024}\n",
        encoding="utf-8",
    )
    res = run_cli("catalog", "--data", str(data))
    assert res.code == 2 and "Traceback" not in res.err
    errors = [ln for ln in res.err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1
    assert "d.yaml:2: sites.0.based_on: 'b-site' is an entry of this file" in errors[0]


def test_the_class_total_is_bounded(run_cli, tmp_path: Path) -> None:
    """Two workloads of one class, each 4.5e11 H100e in 2026 (half the bound), make 9e11
    + the map's 4e6: within; three make 1.35e12, past it, named at the class."""
    one = (
        "      - train: {flops: 2.15e25, accelerator: a100, mfu: 0.34, days: 95}\n"
        "        runs_by_year: {2026: 1.0e9, 2028: 3}\n"
    )
    for n, code in ((2, 0), (3, 2)):
        text = SMALL_3Y.replace(
            "    h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}\n",
            "    h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}\n"
            "  - name: lab\n    priority: 2\n    workloads:\n" + one * n,
        )
        scenario = tmp_path / f"s{n}.yaml"
        scenario.write_text(text, encoding="utf-8")
        res = run_cli("scenario", "check", str(scenario))
        assert res.code == code, res.err
        if code:
            assert f"s{n}.yaml:12: demand.1: the class's demand in 2026: " in res.err


def test_options_of_another_kind_are_named(saved_run: Path, tmp_path: Path, run_cli) -> None:
    """``"options": [1]`` read "has no options; ... not a complete run"."""
    folder = tmp_path / "edited"
    shutil.copytree(saved_run, folder)
    doc = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    doc["options"] = [1]
    (folder / "run.json").write_text(json.dumps(doc), encoding="utf-8")
    res = run_cli("plan", "--from-run", str(folder), "--no-store")
    assert res.code == 2 and "Traceback" not in res.err
    assert f"{folder / 'run.json'}: options: expected a mapping, got [1]" in res.err


@pytest.mark.parametrize(
    ("text", "word"), [("42\n", "42"), ("'x'\n", "the text 'x'"), ("[1]\n", "a list")]
)
def test_a_scenario_of_one_value_is_named_in_words(
    run_cli, tmp_path: Path, text: str, word: str
) -> None:
    """ "got a int" was Python's type name."""
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    assert res.err.strip().endswith(
        f"expected a mapping of fields (name, horizon, demand, ...), got {word}"
    )


def test_a_workloads_tokens_per_day_is_bounded_alone(run_cli, tmp_path: Path) -> None:
    """1e18 tokens a day was accepted with no growth, and refused with a growth of
    0.0001 as if the growth had grown it past 1e15."""
    text = SMALL_3Y.replace(
        "    h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}\n",
        "    h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}\n"
        "  - name: chat\n    priority: 1\n    workloads:\n"
        "      - infer: {model: llama-3.1-70b, prompt_tokens: 1000, output_tokens: 200}\n"
        "        tokens_per_day: 1.0e18\n",
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    assert "s.yaml:16: demand.1.workloads.0.tokens_per_day: must be <= 1e+15, got 1e+18" in (
        res.err
    )

"""User test s50 (workload) #7: ``tigris scenario check`` said a file's problems over
three runs; a training workload's ``mfu: 40`` (a range as simple as an inference
workload's ``prompt_tokens: -5``) came only after every other field error was fixed,
because the training fields were bounded by the workload layer, run after the schema.
They are now bounded as the ``tigris train`` options of the same inputs, so one run
names them all with the schema's other errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, replaced, write_scenario

WORKLOADS = """    h100e_by_year: {2026: 1.0e6}
    workloads:
      - infer: {model: llama-3.1-70b, prompt_tokens: -5, output_tokens: 300}
        tokens_per_day: 1.0e10
      - train: {params: 405e9, tokens: 15.6e12, accelerator: h100, count: 16384, mfu: 40}
        runs_by_year: {2026: 1}
      - train: {params: 405e9, tokens: 15.6e12, accelerator: h100, count: 64, goodput: 0}
        runs_by_year: {2026: 1}
"""


@pytest.fixture()
def bad(tmp_path: Path) -> Path:
    text = replaced(SMALL, ("    h100e_by_year: {2026: 1.0e6}\n", WORKLOADS))
    return write_scenario(tmp_path, text)


def test_one_check_names_every_range_error(run_cli: Any, bad: Path) -> None:
    res = run_cli("scenario", "check", str(bad))
    assert res.code == 2
    lines = [x for x in res.err.splitlines() if x.startswith("error:")]
    fields = [x.split(": ")[2] for x in lines]
    assert fields == [
        "demand.1.workloads.0.infer.prompt_tokens",
        "demand.1.workloads.1.train.mfu",
        "demand.1.workloads.2.train.goodput",
    ], res.err
    mfu = lines[1]
    assert "got 40; write a fraction: 0.40 for 40 %" in mfu
    assert f"{bad.name}:" in mfu  # its file:line


@pytest.mark.parametrize("field", ["params", "tokens", "days", "flops", "active_params"])
def test_a_negative_training_number_is_a_schema_error(field: str) -> None:
    """Each bounded field refused by the scenario's schema, as ``tigris train --FIELD
    -1`` refuses it (a count of accelerators already was)."""
    from pydantic import ValidationError

    from tigris.scenario.schema import TrainWorkload

    with pytest.raises(ValidationError, match=field):
        TrainWorkload(**{field: -1.0})

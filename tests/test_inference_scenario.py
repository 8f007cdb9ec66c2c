"""A scenario's inference workload takes the serving targets and shapes of ``infer``
(tpot_ms, ttft_ms, prefix_cache_hit, batch_size, replica_size); bad values are reported
as ``file:line: field: message`` with exit code 2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tigris.scenario import load_scenario, workload_fleet_h100e
from tigris.workload import infer

from .test_scenario_workloads import SCENARIO

SERVING = (
    "          output_tokens: 1000\n"
    "          tpot_ms: 40\n"
    "          ttft_ms: 1500\n"
    "          prefix_cache_hit: 0.5\n"
    "          replica_size: 8\n"
    "          batch_size: 16\n"
)


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), start=1) if needle in ln)


def test_serving_options_reach_infer(tmp_path: Path) -> None:
    """The entry's fleet is infer's with the same options (1 H100 = 1 H100e); a tighter
    TPOT and a smaller batch than the defaults need more accelerators than without."""
    text = SCENARIO.replace("          output_tokens: 1000\n", SERVING, 1)
    path = tmp_path / "serving.yaml"
    path.write_text(text, encoding="utf-8")
    w = load_scenario(path).demand[1].workloads[0]  # type: ignore[index]
    kw = {"prompt_tokens": 8000, "output_tokens": 1000, "precision": "fp8"}
    served = infer(
        "llama-3.1-405b",
        tokens_per_day=1e10,
        tpot_ms=40,
        ttft_ms=1500,
        prefix_cache_hit=0.5,
        replica_size=8,
        batch_size=16,
        **kw,
    )
    plain = infer("llama-3.1-405b", tokens_per_day=1e10, **kw)
    fleet = workload_fleet_h100e(w, np.array([2026]))
    np.testing.assert_allclose(fleet, [served.accelerators], rtol=1e-12)
    assert served.decode_accelerators > plain.decode_accelerators


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("tpot_ms", "0"),
        ("ttft_ms", "-5"),
        ("prefix_cache_hit", "1.5"),
        ("batch_size", "0"),
        ("replica_size", "2.5"),
    ],
)
def test_bad_serving_option_names_file_and_line(
    run_cli, tmp_path: Path, field: str, bad: str
) -> None:
    serving = SERVING.replace(f"{field}: ", f"{field}: {bad} #", 1)
    text = SCENARIO.replace("          output_tokens: 1000\n", serving, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2, res.out
    assert "Traceback" not in res.err
    line = _line(text, f"{field}: {bad}")
    errs = res.err.strip().splitlines()
    assert len(errs) == 1, errs
    assert errs[0].startswith(f"error: {path}:{line}: demand.1.workloads.0.infer.{field}:")


def test_unmeetable_target_is_located_on_its_line(run_cli, tmp_path: Path) -> None:
    """A TPOT below one weight read of 405 GB on 8 H100 (~19 ms at MBU 0.58) cannot be
    met: the workload layer's error names the scenario's field and line."""
    text = SCENARIO.replace(
        "          output_tokens: 1000\n",
        "          output_tokens: 1000\n          tpot_ms: 5\n          replica_size: 8\n",
        1,
    )
    path = tmp_path / "slow.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2, res.out
    errs = res.err.strip().splitlines()
    assert len(errs) == 1, errs
    assert f"{path}:{_line(text, 'tpot_ms: 5')}: demand.1.workloads.0.infer.tpot_ms:" in errs[0]

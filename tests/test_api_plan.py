"""The notebook entry points: ``tigris.plan(...)``, ``tigris.load_scenario(...)`` and the
lazy ``tigris.sweep``/``tigris.compare`` (tigris/plan/api.py; docs/api.md).

``tigris.plan`` is the planner package and a function at once, in any import order
(each order in a fresh interpreter); ``tigris.plan(sc)`` is the same plan as
``tigris.plan.solve(sc)``; a bad option is refused by name before any work; a stored
plan reads back from the store; ``import tigris`` loads none of the heavy layers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tigris
from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.scenario.edit import scenario_hash, to_yaml

#: A small scenario (3 years, one candidate site, given as text): solves in about a
#: second. The capital is short of what the demand needs, so builds and unmet demand
#: are both non-zero.
SMALL = SMALL_3Y

#: Tables compared value by value (the plan itself, not timings).
TABLES = ("builds", "production", "demand", "capex", "capital", "tools", "power", "capacity")

#: Packages ``import tigris`` must not load (tests/test_import_speed.py's list).
HEAVY = ("pandas", "xarray", "linopy", "highspy", "plotly", "matplotlib", "scipy", "duckdb")


def _run(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON line."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


_ORDERS = {
    "tigris first": """
        import json, sys
        import tigris
        from tigris import plan as f
        import tigris.plan.solve
        from tigris.plan import solve
        """,
    "tigris.plan.solve first": """
        import json, sys
        import tigris.plan.solve
        from tigris.plan import solve
        import tigris
        f = tigris.plan
        """,
}


@pytest.mark.parametrize("order", list(_ORDERS))
def test_plan_callable_in_any_import_order(order: str) -> None:
    """``tigris.plan`` is the package, callable, and ``solve`` is still the function;
    calling it runs :func:`tigris.plan.api.plan` (a bad option: refused by name)."""
    code = (
        _ORDERS[order]
        + """
        from tigris.errors import InputError
        try:
            f(mip_gap=2.0)
            refused = ""
        except InputError as exc:
            refused = str(exc)
        print(json.dumps({
            "same": f is tigris.plan is sys.modules["tigris.plan"],
            "callable": callable(f),
            "solve_is_function": callable(solve) and solve.__name__ == "solve",
            "refused": refused,
        }))
        """
    )
    out = _run(code)
    assert out["same"] and out["callable"] and out["solve_is_function"]
    assert out["refused"].startswith("mip_gap: expected a number in [0, 1)")


def test_import_tigris_is_cheap() -> None:
    """``import tigris`` and ``tigris.load_scenario(...)`` load no heavy layer."""
    out = _run(
        """
        import json, sys
        import tigris
        names = dir(tigris)
        assert tigris.load_scenario(None).name == "reference"
        print(json.dumps({"modules": sorted({m.split(".")[0] for m in sys.modules}),
                          "names": names}))
        """
    )
    assert not set(HEAVY) & set(out["modules"])
    assert {"plan", "load_scenario", "sweep", "compare"} <= set(out["names"])


def test_lazy_names() -> None:
    from tigris.plan.api import load_scenario, plan
    from tigris.runs.compare import compare
    from tigris.runs.sweep import sweep
    from tigris.scenario.edit import load_any

    assert tigris.load_scenario is load_scenario is load_any
    assert tigris.sweep is sweep and tigris.compare is compare
    assert tigris.plan.api.plan is plan
    with pytest.raises(AttributeError, match="no attribute 'plann'"):
        _ = tigris.plann


@pytest.mark.parametrize(
    ("options", "start"),
    [
        ({"mip_gap": 1.0}, "mip_gap: expected a number in [0, 1)"),
        ({"mip_gap": "0.1"}, "mip_gap: expected a number"),
        ({"time_limit_s": 0}, "time_limit_s: expected a number > 0"),
        ({"time_limit_s": float("nan")}, "time_limit_s: expected a number > 0"),
        ({"min_served_share": 1.5}, "min_served_share: expected a number in [0, 1]"),
        ({"objective": "profit"}, "objective: expected one of 'serve', 'npv'"),
        ({"explain": "yes"}, "explain: expected True or False"),
        ({"counterfactual": 1}, "counterfactual: expected True or False"),
        ({"relax": None}, "relax: expected True or False"),
        ({"store": 3}, "store: expected True, False or a file name"),
    ],
)
def test_bad_option_named(options: dict[str, Any], start: str) -> None:
    with pytest.raises(InputError) as info:
        tigris.plan(SMALL, **options)
    assert str(info.value).startswith(start)


def test_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="mipgap"):
        tigris.plan(SMALL, mipgap=0.1)


def test_bad_scenario_text_has_lines() -> None:
    with pytest.raises(InputError) as info:
        tigris.plan(SMALL.replace("pue: 1.2", "pue: 0.9"))
    assert str(info.value).startswith("<text>:5: pue: ")


@pytest.fixture(scope="module")
def small() -> Any:
    return tigris.load_scenario(SMALL)


@pytest.fixture(scope="module")
def direct(small: Any) -> Any:
    """The small scenario through tigris.plan.solve (exact optimum, no explanations)."""
    return tigris.plan.solve(small, mip_gap=0.0, explain_result=False, counterfactual=False)


#: The same options through tigris.plan.
OPTIONS = {"mip_gap": 0.0, "explain": False, "counterfactual": False}


def _same(a: Any, b: Any) -> None:
    assert a.status == b.status == "optimal"
    assert a.objective_usd == pytest.approx(b.objective_usd, rel=1e-9)
    for name in TABLES:
        pd.testing.assert_frame_equal(
            getattr(a, name).reset_index(drop=True), getattr(b, name).reset_index(drop=True)
        )


def test_plan_equals_solve(small: Any, direct: Any, tmp_path: Path) -> None:
    """tigris.plan(sc) is tigris.plan.solve(sc): same status, objective and tables;
    stored when asked, and the store gives the run back with the scenario and options."""
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    ours = tigris.plan(small, store=store, **OPTIONS)
    _same(ours, direct)
    assert direct.builds["modules"].sum() > 0  # a plan with something in it
    runs = RunStore(store).runs()
    assert len(runs) == 1 and runs["kind"].iloc[0] == "plan"
    record = RunStore(store).record(runs["id"].iloc[0])
    assert record["scenario_hash"] == scenario_hash(small)
    assert tigris.load_scenario(record["scenario_yaml"]) == small
    assert record["options"]["mip_gap"] == 0.0 and record["options"]["explain_result"] is False
    _same(RunStore(store).result(runs["id"].iloc[0]), direct)


def test_plan_of_an_edit_and_a_file(small: Any, direct: Any, tmp_path: Path) -> None:
    """An edited scenario plans as its YAML file does. The edit takes effect: with no
    module allowed at the one site nothing is built, and a tighter problem cannot cost
    less (serve: a cost, minimised)."""
    closed = small.set("sites.japan.max_modules", 0)
    f = tmp_path / "closed.yaml"
    f.write_text(to_yaml(closed), encoding="utf-8")
    from_file = tigris.plan(f, **OPTIONS)
    from_edit = tigris.plan(closed, **OPTIONS)
    _same(from_file, from_edit)
    assert direct.builds["modules"].sum() > 0
    assert from_edit.builds["modules"].sum() == 0
    assert from_edit.objective_usd >= direct.objective_usd * (1 - 1e-9)


def test_a_stored_plan_of_a_file_keeps_the_file(small: Any, tmp_path: Path) -> None:
    """``tigris.plan(FILE, store=...)`` keeps the file's absolute path, so ``tigris runs
    list`` tells two copies of one scenario apart (user test 2026-12-03, #21); a Scenario
    object has no file."""
    from tigris.runs.store import RunStore

    f = tmp_path / "copy.yaml"
    f.write_text(to_yaml(small), encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    tigris.plan(f, store=store, **OPTIONS)
    tigris.plan(small, store=store, **OPTIONS)
    files = sorted(RunStore(store).runs()["scenario_file"].fillna("-"))
    assert files == ["-", str(f.resolve())]

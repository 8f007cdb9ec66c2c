"""What HiGHS is given for a set of planning models, to compare two ways of building them.

A change that only makes the model's build faster must give HiGHS the same program:
the same columns (costs, bounds, integrality), rows (bounds) and matrix (column-wise
starts, row indices, values), bit for bit. ``dump`` builds the planning model of each
case below with :func:`tigris.plan.model.build_model` from the tree on ``PYTHONPATH``,
applies :func:`tigris.plan.highs.sanitize` as :func:`tigris.plan.highs.run_highs` does
(linopy's own passes in a tree without it),
converts it as linopy's direct interface does (``linopy.io.to_highspy``) and saves
HiGHS's ``getLp()`` arrays; ``compare`` says which arrays differ between two dumps.
(Used on 2026-12-03 to check a rewrite of the lagged rows: identical on all cases;
``docs/plan.md``, "Speed of the reference plan, fourth session".)

Cases: the timing rule's hand problem and four random pools (``tests/test_plan_timing``),
the reference as assembled (MIP, LP relaxation, ``npv``, a 20 % served-share floor)
and ``tests/scenario_explicit.yaml``.

Run (from the repository root)::

    PYTHONPATH=/tmp/old/src python benchmarks/lp_dump.py dump /tmp/old.npz
    python benchmarks/lp_dump.py dump /tmp/new.npz
    python benchmarks/lp_dump.py compare /tmp/old.npz /tmp/new.npz
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def cases() -> Iterator[tuple[str, object, bool]]:
    """``(name, PlanInputs, relax)`` of each model dumped."""
    sys.path.insert(0, str(ROOT))  # the tests package, for the hand problems
    from tests.test_plan_timing import hand, random_pool

    from tigris.plan.assemble import assemble, assemble_file
    from tigris.plan.solve import _override
    from tigris.scenario import reference_scenario

    yield "hand", hand(), False
    for seed in range(4):
        yield f"pool{seed}", random_pool(seed), False
    inp, assumptions = assemble(reference_scenario())
    yield "reference", inp, False
    yield "reference_relaxed", inp, True
    yield "reference_npv", _override(inp, assumptions, "npv", None)[0], False
    yield "reference_share", _override(inp, assumptions, None, 0.2)[0], False
    yield "explicit", assemble_file(ROOT / "tests" / "scenario_explicit.yaml")[1], False


def dump(out: Path) -> dict[str, np.ndarray]:
    """Save HiGHS's arrays of every case to ``out`` (``.npz``) and return them."""
    from linopy.io import to_highspy

    from tigris.plan.highs import quiet_stdout
    from tigris.plan.model import build_model

    try:
        from tigris.plan.highs import sanitize
    except ImportError:  # a tree before 6546f21: linopy's own passes, as its solve ran

        def sanitize(m: object) -> None:
            m.constraints.sanitize_zeros()  # type: ignore[attr-defined]
            m.constraints.sanitize_infinities()  # type: ignore[attr-defined]

    arrays: dict[str, np.ndarray] = {}
    for name, inp, relax in cases():
        m = build_model(inp, relax=relax)
        sanitize(m)
        with quiet_stdout():
            lp = to_highspy(m).getLp()
        a = lp.a_matrix_
        parts = {
            "start": a.start_,
            "index": a.index_,
            "value": a.value_,
            "col_cost": lp.col_cost_,
            "col_lower": lp.col_lower_,
            "col_upper": lp.col_upper_,
            "row_lower": lp.row_lower_,
            "row_upper": lp.row_upper_,
            "integrality": [int(v) for v in lp.integrality_],
            "offset": [lp.offset_],
            "sense": [int(lp.sense_)],
        }
        for key, values in parts.items():
            arrays[f"{name}:{key}"] = np.asarray(values, dtype=float)
        print(f"{name}: {lp.num_col_} columns, {lp.num_row_} rows, {len(a.value_)} nonzeros")
    np.savez(out, **arrays)
    return arrays


def compare(a_path: Path, b_path: Path) -> list[str]:
    """Names of the arrays that differ (or exist in one dump only)."""
    a, b = np.load(a_path), np.load(b_path)
    differ = sorted(set(a.files) ^ set(b.files))
    for key in sorted(set(a.files) & set(b.files)):
        x, y = a[key], b[key]
        if x.shape != y.shape or not np.array_equal(x, y, equal_nan=True):
            differ.append(key)
    return differ


def main(argv: list[str] | None = None) -> int:
    """``dump OUT`` or ``compare A B``; exit 1 when the dumps differ."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dump").add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out)
        return 0
    differ = compare(args.a, args.b)
    print("identical" if not differ else "differ: " + ", ".join(differ))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``tigris.train`` and ``tigris.infer`` beside ``tigris.plan`` (user test UT-HYPER
2026-12-04 #11), imported on first use: ``import tigris`` loads no more modules."""

from __future__ import annotations

import json
import subprocess
import sys

import tigris
import tigris.workload


def test_train_and_infer_are_the_workload_functions() -> None:
    assert tigris.train is tigris.workload.train
    assert tigris.infer is tigris.workload.infer
    assert {"train", "infer"} <= set(tigris.__all__)
    assert {"train", "infer"} <= set(dir(tigris))


def test_import_tigris_does_not_load_the_workload_layer() -> None:
    """The exports are lazy: a fresh ``import tigris`` imports no ``tigris.workload``
    (nor numpy's heavy users beyond what it did before: the set is checked by
    ``tests/test_import_speed.py``)."""
    code = "import json, sys, tigris\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    modules = json.loads(out)
    assert "tigris" in modules
    assert not [m for m in modules if m.startswith("tigris.workload")]


def test_the_export_answers_as_the_module_does() -> None:
    """The user test's training case by hand: 3e27 / (2.25e15 x 0.4 x 0.9 x 120 x 86,400)
    = 357,224.5 B200, rounded up."""
    assert tigris.train(flops=3e27, days=120, accelerator="b200", mfu=0.4).accelerators == 357_225

"""``tigris die --seed`` without ``--plot`` is refused, as ``--alpha`` without its model.

User test s47 #10: ``--seed 5`` was accepted silently though only the wafer map uses
it, while ``--alpha``, ``--critical-layers`` and ``--unit-fraction`` are refused when
nothing uses them.
"""

from __future__ import annotations

import json

from tests.conftest import assert_one_line_error

DIE = ("die", "--width", "10", "--height", "10", "--d0", "0.1")


def test_seed_without_plot_is_refused(run_cli) -> None:
    assert_one_line_error(run_cli(*DIE, "--seed", "5"), "--seed", "--plot")
    assert_one_line_error(run_cli("die", "--d0", "0.1", "--seed", "5"), "--seed")


def test_seed_with_plot_is_used(run_cli, tmp_path) -> None:
    res = run_cli(*DIE, "--seed", "5", "--plot", str(tmp_path / "w.png"), "--json")
    assert res.code == 0, res.err
    assert json.loads(res.out)["plot"]["seed"] == 5
    res = run_cli(*DIE, "--plot", str(tmp_path / "v.png"), "--json")
    assert json.loads(res.out)["plot"]["seed"] == 0

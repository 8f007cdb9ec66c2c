"""``tigris die`` without ``--d0`` or ``--node`` (gross dies only) refuses ``--model``
as it refuses the other yield options, and says truly what ``--plot`` and ``--seed`` do.

Review of the gross-dies-only path: ``tigris die --width 26 --height 31 --model seeds
--json`` exited 0 with no ``model`` key (the model was silently dropped), and ``--plot``
was refused as an option that "shapes the yield", though it draws the wafer map.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error

DIE = ("die", "--width", "26", "--height", "31")


@pytest.mark.parametrize("model", ["seeds", "poisson"])
def test_model_without_d0_is_refused(run_cli, model: str) -> None:
    # even the default's name, once given, asks for a yield the command cannot compute
    res = run_cli(*DIE, "--model", model)
    assert_one_line_error(res, "--model", "--d0", "--node")
    assert "yield model" in res.err
    # with --json: the error document, not a gross-dies document without the model
    res = run_cli(*DIE, "--model", model, "--json")
    assert res.code == 2
    assert "--model" in res.json()["error"]["messages"][0]


def test_plot_and_seed_without_d0_say_they_draw_the_wafer_map(run_cli, tmp_path) -> None:
    res = run_cli(*DIE, "--plot", str(tmp_path / "w.png"))
    assert_one_line_error(res, "--plot", "wafer map", "--d0", "--node")
    assert "shapes the yield" not in res.err
    assert not (tmp_path / "w.png").exists()
    res = run_cli(*DIE, "--seed", "3")
    assert_one_line_error(res, "--seed", "wafer map", "--d0")
    assert "shapes the yield" not in res.err


def test_gross_dies_without_model_still_work(run_cli) -> None:
    res = run_cli(*DIE, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["yield"] is None and doc["gross_dies"] > 0


def test_default_model_kept_with_a_d0(run_cli) -> None:
    plain = run_cli(*DIE, "--d0", "0.1", "--json")
    assert plain.code == 0, plain.err
    poisson = run_cli(*DIE, "--d0", "0.1", "--model", "poisson", "--json").json()
    seeds = run_cli(*DIE, "--d0", "0.1", "--model", "seeds", "--json").json()
    assert plain.json()["yield"] == pytest.approx(poisson["yield"], rel=1e-12)
    assert seeds["yield"] != pytest.approx(poisson["yield"])
    ladder = run_cli("die", "--d0", "0.1", "--json")
    assert ladder.code == 0, ladder.err  # without a die: the default model as before

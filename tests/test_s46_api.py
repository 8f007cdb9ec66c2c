"""The Python API's answers to a notebook user's mistakes (user test s46 of docs/api.md).

- A file name holding a ``:`` but no ``": "`` (``C:/s.yaml``, ``runs:2026.yaml``) is a
  file name: a missing one is "file not found", as ``tigris.compare`` said, not YAML
  text "expected a mapping ... got a str".
- A figure function given the scenario instead of its plan says so in one
  :class:`~tigris.errors.InputError`, as its docstring promises, not a raw
  ``TypeError: object of type 'Horizon' has no len()``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import tigris
from tigris.errors import InputError

SMALL = "docs/examples/small-plan.yaml"


@pytest.mark.parametrize("name", ["C:/scenarios/my.yaml", "runs:2026.yaml"])
def test_a_file_name_with_a_colon_is_a_missing_file(name: str) -> None:
    with pytest.raises(InputError, match="file not found"):
        tigris.load_scenario(name)


def test_one_line_yaml_mapping_is_still_text() -> None:
    """``name: x`` is one line of YAML (a mapping): read as text, every missing field said."""
    with pytest.raises(InputError) as err:
        tigris.load_scenario("name: x")
    assert "<text>:1: horizon: required field is missing" in str(err.value)


def test_a_figure_of_the_scenario_is_refused_in_one_line() -> None:
    from tigris.report import supply_figure

    with pytest.raises(InputError, match="expected a plan's result") as err:
        supply_figure(tigris.load_scenario(SMALL))
    assert len(str(err.value).splitlines()) == 1


@pytest.mark.parametrize("bad", [{"horizon": 3}, {"horizon": "2026"}])
def test_a_horizon_that_is_no_pair_is_an_input_error(bad: dict) -> None:
    from tigris.report import supply_figure

    with pytest.raises(InputError, match=r"result\.horizon: expected"):
        supply_figure(bad)


def test_catalog_shows_each_parts_h100e_from_the_datasheets() -> None:
    """The glossary sends readers to ``tigris catalog`` for a part's H100e (B200 2.27);
    the catalog printed no H100e (user test s46 README #2). B200 and H100 SXM dense
    BF16 from their datasheets: 2,250 / 989.4 TFLOP/s."""
    import json

    from typer.testing import CliRunner

    from tigris.cli import app

    runner = CliRunner()
    one = json.loads(runner.invoke(app, ["catalog", "b200", "--json"]).stdout)
    assert one["h100e"] == pytest.approx(2250 / 989.4, rel=1e-9)
    listed = json.loads(runner.invoke(app, ["catalog", "--json"]).stdout)
    assert listed["h100-sxm"]["h100e"] == pytest.approx(1.0)
    assert listed["a100-sxm-80gb"]["h100e"] == pytest.approx(312 / 989.4, rel=1e-3)
    table = runner.invoke(app, ["catalog"], env={"COLUMNS": "80"}).stdout
    assert "(H100e)" in table and "(2.27)" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_compare_takes_a_data_file_as_the_command_line_does(tmp_path) -> None:
    """``tigris.compare(..., data=FILE)`` solves with the overlay in force, as
    ``tigris compare --data FILE`` (user test s46 API #7: "unknown options ['data']").
    Halving Taiwan's construction cost lowers the small plan's capex, by the building's
    share only (the tools are not built)."""
    ov = tmp_path / "ov.yaml"
    ov.write_text(
        "sites:\n  - name: taiwan\n    based_on: taiwan\n"
        "    construction_cost_multiplier: 0.5\n"
        '    source: "what-if"\n    as_of: 2026-12\n',
        encoding="utf-8",
    )
    sc = tigris.load_scenario(SMALL)
    other = sc.set("discount_rate", 0.1)
    plain = tigris.compare(sc, other, store=False)
    cheap = tigris.compare(sc, other, data=ov, store=False)
    alone = tigris.plan(sc, data=ov, store=False)

    def capex(c, side: str) -> float:
        return float(c.metrics.set_index("metric").loc["capex_committed_usd", side])

    assert capex(cheap, "a") < capex(plain, "a")
    assert capex(cheap, "a") == pytest.approx(alone.headline()["numbers"]["capex_committed_usd"])
    with pytest.raises(InputError, match="YAML text, not a file"):
        tigris.compare(sc, other, data="sites:\n  - name: x", store=False)
    with pytest.raises(InputError, match="data: nothing is solved here"):
        tigris.compare(alone, alone, data=ov, store=False)


def test_plan_of_a_scenario_object_writes_its_warnings(capsys, monkeypatch) -> None:
    """``tigris.plan(sc.set("capital.fund.amount_usd", 20))`` (meant as $20B) warns as
    ``tigris plan --set capital.fund.amount_usd=20`` does: 20 USD is below 1/1,000 of
    the cheapest module (user test s46 API #3: the API planned it without a word)."""
    from tigris.scenario import advice

    monkeypatch.setattr(advice, "_WARNED", set())  # once a process: this test's own
    sc = tigris.load_scenario(SMALL).set("capital.fund.amount_usd", 20)
    capsys.readouterr()
    tigris.plan(sc, explain=False, counterfactual=False)
    err = capsys.readouterr().err
    assert "warning: capital.fund.amount_usd: 20 USD is below 1/1,000" in err
    tigris.plan(sc, explain=False, counterfactual=False)
    assert "warning:" not in capsys.readouterr().err  # once


def test_assumptions_cite_a_repeated_source_once() -> None:
    """``tigris scenario show --assumptions`` wrote a roadmap product's ~1,900-character
    source under each of its six per-unit rows (191 kB; user test s46 README #11): a
    source equal to the row's before is "as above", and every row still has a source."""
    from typer.testing import CliRunner

    from tigris.cli import app

    out = CliRunner().invoke(app, ["scenario", "show", "--assumptions"]).stdout
    sources = [line for line in out.splitlines() if line.startswith("    source: ")]
    written = [s for s in sources if s != "    source: as above"]
    assert all(a != b for a, b in itertools.pairwise(written))
    assert len(sources) > len(written) > 0
    assert len(out) < 120_000


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"samples": 0}, "samples: expected a whole number >= 1"),
        ({"seed": "7"}, "seed: expected a whole number >= 0"),
        ({"disruptions": "quake"}, "disruptions: expected a list of disruption names"),
        ({"tornado": "no"}, "tornado: expected True or False"),
        ({"sobol_n": 8}, "sobol_n: the Saltelli base sample (sobol_n) belongs to Sobol"),
        ({"data": "sites:\n  - name: x\n"}, "data: YAML text, not a file"),
    ],
)
def test_risk_errors_name_the_keyword_written(given: dict, named: str) -> None:
    """``tigris.risk``'s refusals name the Python keyword (``samples``), as docs/api.md
    promises and ``tigris.train`` does, not the ``tigris risk`` flag (``--samples``;
    user test s46 API #8), all before anything is solved."""
    with pytest.raises(InputError) as err:
        tigris.risk(SMALL, workers=0, **({"samples": 2, "seed": 1} | given))
    assert str(err.value).startswith(named)
    assert "--" not in str(err.value).split(":")[0]


def test_the_risk_command_still_names_its_flags(run_cli) -> None:
    res = run_cli("risk", SMALL, "--samples", "0")
    assert res.code == 2
    assert "--samples: expected a whole number >= 1" in res.err
    res = run_cli("risk", SMALL, "--sobol-n", "8", "--samples", "2", "--no-store")
    assert res.code == 2
    assert "--sobol-n" in res.err


def test_a_data_file_name_with_a_colon_is_a_file() -> None:
    """``data="C:/parts.yaml"`` is a missing file, as ``tigris.plan("C:/s.yaml")`` is,
    not YAML text "expected a mapping ... got the text" (review of s46); a one-line
    mapping is still text."""
    from tigris.plan.api import _data_is_text

    assert not _data_is_text("C:/parts.yaml")
    assert _data_is_text("sites: []")
    with pytest.raises(InputError, match="no such file"):
        tigris.plan(SMALL, data="C:/parts.yaml", explain=False)


def test_a_files_warning_is_not_written_again_by_plan(tmp_path, capsys, monkeypatch) -> None:
    """``load_scenario("f.yaml")`` writes a slip's warning with its ``f.yaml:LINE``;
    ``tigris.plan`` of that scenario does not write it again without them (review of
    s46: each warning came twice)."""
    from tigris.scenario import advice

    monkeypatch.setattr(advice, "_WARNED", set())
    small = Path(SMALL).read_text(encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        small.replace("amount_usd: 2.0e10", "amount_usd: 20"), encoding="utf-8"
    )
    sc = tigris.load_scenario(tmp_path / "s.yaml")
    first = capsys.readouterr().err
    assert "s.yaml:" in first and "20 USD is below" in first
    tigris.plan(sc, explain=False, counterfactual=False)
    assert "20 USD is below" not in capsys.readouterr().err

"""``tigris compare`` of a run made without ``--data`` against a file solved with it
(user test s50 compare #1).

The side without an overlay reads the shipped tables, not the ``--data`` overlay the
command turned on for the side it solves: japan's subsidy share is 0.37 in
``data/sites.csv`` (read here from the CSV itself) against 0.5 in the overlay, whichever
order the two are given in, for a stored run and for a ``tigris plan --out`` folder
alike. Before, both sides read 0.5 and compare said "inputs: the same".
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import pytest

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: A plan that solves in a second or two (docs/examples); it has a japan site.
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
OVERLAY = """\
sites:
  - name: japan
    based_on: japan
    subsidy_share_of_capex: 0.5
    source: my guess
    as_of: 2025-01
"""
SHARE = "data.sites.japan.subsidy_share_of_capex"


def _shipped_share() -> float:
    """japan's ``subsidy_share_of_capex`` as data/sites.csv ships it."""
    text = resources.files("tigris.data").joinpath("sites.csv").read_text(encoding="utf-8")
    rows = {r["site"]: r for r in csv.DictReader(text.splitlines())}
    return float(rows["japan"]["subsidy_share_of_capex"])


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    return path


def _rows(out: str) -> dict[str, dict]:
    return {r["path"]: r for r in json.loads(out)["inputs"]}


def _check(rows: dict[str, dict], d5: Path, plain: str, shipped: float) -> None:
    """The side ``plain`` ("a" or "b") had no overlay; the other solved with d5."""
    other = "b" if plain == "a" else "a"
    assert set(rows) == {"option.data", SHARE}, rows
    assert rows["option.data"][plain] == "<absent>"
    assert Path(rows["option.data"][other]).resolve() == d5.resolve()
    row = rows[SHARE]
    assert row[plain] is None and row[f"{plain}_used"] == pytest.approx(shipped)
    assert row[f"{plain}_from"] == "data/sites.csv"
    assert row[other] == pytest.approx(0.5)


def test_a_run_without_data_reads_the_shipped_tables(
    run_cli, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = _shipped_share()
    assert shipped != 0.5  # else the overlay changes nothing
    d5 = tmp_path / "d5.yaml"
    d5.write_text(OVERLAY, encoding="utf-8")
    res = run_cli("plan", SMALL, "--out", tmp_path / "plan1")
    assert res.code == 0, res.err
    rid = json.loads(run_cli("runs", "list", "--json").out)[0]["id"]
    for plain_side in (rid, tmp_path / "plan1"):
        for order in ("ab", "ba"):
            a, b = (plain_side, SMALL) if order == "ab" else (SMALL, plain_side)
            res = run_cli("compare", a, b, "--data", d5, "--no-store", "--json")
            assert res.code == 0, res.err
            _check(_rows(res.out), d5, "a" if order == "ab" else "b", shipped)
    # the text says it too, not "inputs: the same"
    monkeypatch.setenv("COLUMNS", "200")
    res = run_cli("compare", rid, SMALL, "--data", d5, "--no-store")
    assert res.code == 0, res.err
    assert "inputs: the same" not in res.out
    assert SHARE in res.out and f"{shipped:g} (data/sites.csv)" in res.out


def test_a_site_value_left_to_the_data_is_read_with_each_sides_own_data(
    run_cli, store: Path, tmp_path: Path
) -> None:
    """A scenario leaf left to data/sites.csv shows the value that side used: the run
    without --data used the shipped 0.37, not the overlay's 0.5."""
    shipped = _shipped_share()
    d5 = tmp_path / "d5.yaml"
    d5.write_text(OVERLAY, encoding="utf-8")
    text = SMALL.read_text(encoding="utf-8")
    assert "  - name: japan\n" in text
    b = tmp_path / "b.yaml"
    b.write_text(
        text.replace("  - name: japan\n", "  - name: japan\n    subsidy_share_of_capex: 0.6\n"),
        encoding="utf-8",
    )
    res = run_cli("plan", SMALL, "--out", tmp_path / "plan1")
    assert res.code == 0, res.err
    res = run_cli("compare", tmp_path / "plan1", b, "--data", d5, "--no-store", "--json")
    assert res.code == 0, res.err
    row = _rows(res.out)["sites.japan.subsidy_share_of_capex"]
    assert (row["a"], row["b"]) == (None, pytest.approx(0.6))
    assert row["a_used"] == pytest.approx(shipped)
    assert row["a_from"] == "data/sites.csv"


def test_an_overlay_made_from_text_is_the_solved_sides_own(
    run_cli, store: Path, tmp_path: Path
) -> None:
    """From Python, a scenario solved under an overlay made from text (the dashboard's,
    the API's ``data=`` text) keeps that text as its overlay; the stored run made
    without one reads the shipped tables."""
    import tigris
    from tigris.plan.reuse import using_data_text

    res = run_cli("plan", SMALL)
    assert res.code == 0, res.err
    rid = json.loads(run_cli("runs", "list", "--json").out)[0]["id"]
    with using_data_text(OVERLAY):
        c = tigris.compare(rid, SMALL, store=False)
    row = next(r for r in c.to_dict()["inputs"] if r["path"] == SHARE)
    assert row["a_used"] == pytest.approx(_shipped_share())
    assert row["a_from"] == "data/sites.csv"
    assert row["b"] == pytest.approx(0.5)

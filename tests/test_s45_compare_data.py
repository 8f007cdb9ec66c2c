"""``tigris compare`` with ``--data`` and a scenario file (user test s45, compare).

A scenario file solved by compare with ``--data`` is solved with that overlay, and
its inputs are compared with it: against a run stored from the same file and overlay,
"inputs: the same"; against one stored with another overlay, the overlay's row that
differs (japan's subsidy share 0.5 against 0.7, this file's own numbers), not
``option.data | <absent>`` (#1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: A plan that solves in a second or two (docs/examples); it has a japan site.
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
OVERLAY = """\
sites:
  - name: japan
    based_on: japan
    subsidy_share_of_capex: {share}
    source: test
    as_of: 2026-01
"""
SHARE = "data.sites.japan.subsidy_share_of_capex"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    return path


def _overlay(tmp_path: Path, share: float) -> Path:
    path = tmp_path / f"d{share}.yaml"
    path.write_text(OVERLAY.format(share=share), encoding="utf-8")
    return path


def _run_id(run_cli) -> str:
    return json.loads(run_cli("runs", "list", "--json").out)[0]["id"]


def test_a_file_solved_with_data_is_compared_with_its_overlay(
    run_cli, store: Path, tmp_path: Path
) -> None:
    d5, d7 = _overlay(tmp_path, 0.5), _overlay(tmp_path, 0.7)
    res = run_cli("plan", SMALL, "--data", d5)
    assert res.code == 0, res.err
    rid = _run_id(run_cli)
    for a, b in ((rid, SMALL), (SMALL, rid)):
        res = run_cli("compare", a, b, "--data", d5, "--no-store", "--json")
        assert res.code == 0, res.err
        assert json.loads(res.out)["inputs"] == []
    res = run_cli("compare", rid, SMALL, "--data", d7, "--json")  # B stored too
    assert res.code == 0, res.err
    rows = {r["path"]: (r["a"], r["b"]) for r in json.loads(res.out)["inputs"]}
    assert rows == {"option.data": (str(d5), str(d7)), SHARE: (0.5, 0.7)}
    # the run compare stored keeps its overlay: read back, the same row differs
    res = run_cli("compare", rid, _run_id(run_cli), "--json")
    assert res.code == 0, res.err
    rows = {r["path"]: (r["a"], r["b"]) for r in json.loads(res.out)["inputs"]}
    assert rows == {"option.data": (str(d5), str(d7)), SHARE: (0.5, 0.7)}


def test_a_bad_currency_year_is_refused_before_anything_is_solved(
    run_cli, store: Path, tmp_path: Path
) -> None:
    """#2: refused with its side, file and line; the good side not solved or stored."""
    text = SMALL.read_text(encoding="utf-8")
    assert "\ncurrency_year: 2024\n" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("\ncurrency_year: 2024\n", "\ncurrency_year: 2025\n"))
    line = text.split("\n").index("currency_year: 2024") + 1
    res = run_cli("compare", SMALL, bad)
    assert res.code == 2
    assert res.out == ""
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    assert lines[0].startswith(f"error: B: {bad}:{line}: currency_year: expected a year")
    assert not store.exists() or json.loads(run_cli("runs", "list", "--json").out) == []
    res = run_cli("compare", bad, bad, "--no-store")
    assert res.code == 2
    heads = [ln.split(":")[:2] for ln in res.err.splitlines() if ln.strip()]
    assert heads == [["error", " A"], ["error", " B"]], res.err


def test_a_bad_data_file_is_one_line_naming_data(run_cli, store: Path, tmp_path: Path) -> None:
    """#3: the first problem, labelled --data, and the count of the others."""
    bad = tmp_path / "less.yaml"
    bad.write_text(
        "sites:\n  - name: japan\n    based_on: japan\n    foo: 1\n    bar: 2\n",
        encoding="utf-8",
    )  # no source, no as_of, two unknown fields: 4 problems
    res = run_cli("compare", SMALL, SMALL, "--data", bad, "--no-store")
    assert res.code == 2
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    assert lines[0].startswith(f"error: --data: {bad}:2: sites.0.")
    assert "(and 3 more problems: tigris catalog --data" in lines[0]
    one = tmp_path / "one.yaml"
    one.write_text(OVERLAY.format(share=0.5) + "    foo: 1\n", encoding="utf-8")
    res = run_cli("compare", SMALL, SMALL, "--data", one, "--no-store")
    assert res.code == 2
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert lines == [f"error: --data: {one}:7: sites.0.foo: unknown field"], res.err


def test_the_per_added_row_is_named_capital_per_added() -> None:
    """#4: the row is capital spent / H100e added ($2.24B / 5.885M = $381 in
    docs/compare.md), not capex committed (that would be $604): named as `tigris plan`
    names it."""
    from tigris.runs.compare import metric_labels

    assert metric_labels()["capex_usd_per_added_h100e"] == "capital per added H100e"


def test_an_overlay_row_replacing_a_shipped_one_shows_its_fields(
    run_cli, store: Path, tmp_path: Path
) -> None:
    """#5: against no overlay, japan's subsidy share is 0.37 in data/sites.csv (the
    shipped table) and 0.5 in the overlay, one row of the field, not
    ``data.sites.japan | <absent> | japan``; a new site stays one row."""
    from tigris.risk.cells import cell_value

    shipped = cell_value(SHARE)
    assert shipped == pytest.approx(0.37)
    d5 = _overlay(tmp_path, 0.5)
    for out, extra in (("plain", ()), ("d5", ("--data", d5))):
        res = run_cli("plan", SMALL, "--no-store", "--out", tmp_path / out, *extra)
        assert res.code == 0, res.err
    res = run_cli("compare", tmp_path / "plain", tmp_path / "d5", "--json")
    assert res.code == 0, res.err
    rows = {r["path"]: r for r in json.loads(res.out)["inputs"]}
    assert set(rows) == {"option.data", SHARE}
    row = rows[SHARE]
    assert (row["a"], row["b"]) == (None, 0.5)
    assert (row["a_used"], row["a_from"]) == (shipped, "data/sites.csv")
    assert (row["b_used"], row["b_from"]) == (0.5, f"--data {d5.name}")
    new = tmp_path / "new.yaml"
    new.write_text(OVERLAY.format(share=0.5).replace("name: japan", "name: mars"))
    res = run_cli("plan", SMALL, "--no-store", "--out", tmp_path / "new", "--data", new)
    assert res.code == 0, res.err
    res = run_cli("compare", tmp_path / "plain", tmp_path / "new", "--json")
    rows = {r["path"]: (r["a"], r["b"]) for r in json.loads(res.out)["inputs"]}
    assert rows["data.sites.mars"] == ("<absent>", "mars")

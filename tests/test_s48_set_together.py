"""User test s48 (plan claims #4): ``tigris plan --set 'capital=[]' --set
'distributions[capital.X.amount_usd]=null'`` was refused with the advice to remove the
distribution "in the same change", the change the user had made: values refused alone
and still refused together are refused for what remains (a disruption that names the
capital source), not for what the values beside them already cured."""

from __future__ import annotations

SOURCE = "abu-dhabi-sovereign"
DIST = f"distributions[capital.{SOURCE}.amount_usd]=null"


def test_the_line_says_what_the_values_together_leave_refused(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "s.duckdb"))
    for sets in (("capital=[]", DIST), (DIST, "capital=[]")):
        args = ["plan", "--no-store"]
        for s in sets:
            args += ["--set", s]
        res = run_cli(*args)
        assert res.code == 2, res.err
        (line,) = res.err.strip().splitlines()
        assert "remove it in the same change" not in line, line  # advice already taken
        assert "together" in line and f"unknown capital source '{SOURCE}'" in line, line
        assert "disruptions." in line, line  # names what still refers to the source


def test_refused_alone_and_together_alike_keeps_its_line(run_cli, tmp_path, monkeypatch):
    """Alone and together the same problem: the line stays the value's own."""
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "s.duckdb"))
    res = run_cli("plan", "--no-store", "--set", "capital=[]", "--set", "discount_rate=0.05")
    assert res.code == 2, res.err
    assert res.err.startswith("error: --set: capital=[]: "), res.err
    assert "remove it in the same change" in res.err


def test_null_removes_a_named_entry_and_the_capital_can_be_zero(run_cli, tmp_path, monkeypatch):
    """The disruption's line says how to remove it, ``--set 'disruptions.NAME=null'``
    removes that entry, and with the three changes the investor has no capital: what it
    adds is zero (the baseline the plan compares itself with, user test s48 plan #4)."""
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "s.duckdb"))
    res = run_cli("plan", "--no-store", "--set", "capital=[]", "--set", DIST)
    assert "--set 'disruptions.no-gulf-money=null'" in res.err, res.err
    args = ["plan", "--no-store", "--json", "--set", "capital=[]", "--set", DIST]
    res = run_cli(*args, "--set", "disruptions.no-gulf-money=null")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["added"]["total_h100e"] == 0.0
    assert doc["capital"] == [] or all(r["available_usd"] == 0 for r in doc["capital"])


def test_null_removes_an_entry_only(tmp_path) -> None:
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    sc = reference_scenario()
    names = [d.name for d in sc.disruptions]
    edited = set_paths(sc, {"disruptions.euv-cut": None})
    assert [d.name for d in edited.disruptions] == [n for n in names if n != "euv-cut"]


def test_removing_a_site_drops_its_sources(run_cli, tmp_path, monkeypatch) -> None:
    """Review of s48: ``--set 'sites.taiwan=null'`` was refused for
    ``sources.sites.taiwan.max_modules`` (a source of the removed site's field), and a
    source cannot be set to null: a dead end. The site's sources go with it."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    sc = reference_scenario()
    assert any(k.startswith("sites.taiwan.") for k in sc.sources)  # the premise
    edited = set_paths(sc, {"sites.taiwan": None}, field="--set")
    assert "taiwan" not in [s.name for s in edited.sites]
    assert not any(k.startswith("sites.taiwan") for k in edited.sources)
    assert set(edited.sources) == {k for k in sc.sources if not k.startswith("sites.taiwan.")}

"""Two YAML slips a scenario author makes, said in words with the parser's (user test
2026-12-07, scenario author #9): a tab in the indentation of a list item ("found
character that cannot start any token", naming no character) and a second document
after a '---' line ("but found another document")."""

from __future__ import annotations

from pathlib import Path


def test_a_tab_is_named(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nsites:\n  - name: a\n    facilities:\n\t- cowos\n")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    assert f"{path}:5: not valid YAML: " in res.err
    assert "a tab character: YAML indents with spaces only" in res.err


def test_another_character_gets_no_tab_hint(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nsites: @a\n")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2 and "cannot start any token" in res.err
    assert "tab" not in res.err


def test_a_second_document_is_named(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\n---\nname: y\n")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    assert f"{path}:2: " in res.err
    assert "remove the '---' line that starts a second one" in res.err

"""``tigris plan --from-run ID --json`` says what became of the stored run's ``--data``
file (user test s47 #5; docs/runs.md, "Repeating a run": the file "is applied again if
it is still there ...; the output says so").

The plain output said "the file has changed since; its text now is not used", the JSON
only ``matches: True, differences: []`` and no warning. Its ``from_run`` now has
``data`` (``file``, ``file_now``, ``used``) and ``notes``, the plain output's sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL, CliResult, replaced
from .test_s36_neuro_fromrun import PART


@pytest.fixture
def stored(run_cli: Callable[..., CliResult], tmp_path: Path) -> tuple[Path, Path, str]:
    """A stored run made with a ``--data`` file: the file, the store and the run id."""
    part = tmp_path / "my-data.yaml"
    part.write_text(PART.format(bf16="9.894e16", fp8="1.979e17"), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        replaced(SMALL, ("  - name: b200\n", "  - name: b200\n  - name: neuro-npu\n")),
        encoding="utf-8",
    )
    store = tmp_path / "runs.duckdb"
    res = run_cli("plan", scenario, "--data", part, "--store", store, "--json")
    assert res.code == 0, res.err
    from tigris.runs.store import RunStore

    return part, store, str(RunStore(store).runs()["id"][0])


def test_json_says_the_data_file_has_changed(
    run_cli: Callable[..., CliResult], stored: tuple[Path, Path, str]
) -> None:
    """The file edited since (a comment appended, as in the user test): the JSON says
    so, and that the text the run kept was used."""
    part, store, rid = stored
    with part.open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    res = run_cli("plan", "--from-run", rid, "--no-store", "--json", "--store", store)
    assert res.code == 0, res.err
    fr = res.json()["from_run"]
    assert fr["matches"] is True, fr
    assert fr["data"] == {"file": str(part.resolve()), "file_now": "changed", "used": "kept_text"}
    assert any("has changed since; its text now is not used" in n for n in fr["notes"]), fr
    plain = run_cli("plan", "--from-run", rid, "--no-store", "--store", store)
    said = "".join(plain.out.split())  # the console folds long lines, paths too
    assert all("".join(n.split()) in said for n in fr["notes"]), (fr["notes"], said)


@pytest.mark.parametrize(("edit", "now"), [("keep", "unchanged"), ("remove", "gone")])
def test_json_says_the_data_file_is_unchanged_or_gone(
    run_cli: Callable[..., CliResult], stored: tuple[Path, Path, str], edit: str, now: str
) -> None:
    """Unchanged, or deleted since: said the same way."""
    part, store, rid = stored
    if edit == "remove":
        part.unlink()
    res = run_cli("plan", "--from-run", rid, "--no-store", "--json", "--store", store)
    assert res.code == 0, res.err
    fr = res.json()["from_run"]
    assert fr["data"] == {"file": str(part.resolve()), "file_now": now, "used": "kept_text"}
    assert any(f"the file is {now}" in n for n in fr["notes"]), fr


def test_json_says_a_data_given_wins(
    run_cli: Callable[..., CliResult], stored: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """A ``--data`` given on the command line wins over the stored run's: said so."""
    part, store, rid = stored
    mine = tmp_path / "mine.yaml"
    mine.write_text(part.read_text(encoding="utf-8"), encoding="utf-8")
    res = run_cli(
        "plan", "--from-run", rid, "--data", mine, "--no-store", "--json", "--store", store
    )
    assert res.code == 0, res.err
    assert res.json()["from_run"]["data"]["used"] == "given"

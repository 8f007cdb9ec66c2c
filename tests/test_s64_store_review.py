"""Review of the store of runs as a data engineer uses it (user test s64): many runs
stored, listed, shown, exported and removed, by several processes at once.

- A run removed by another process (``tigris runs rm``) between the moment a reader
  found its id and the moment it read the run's row: ``RunStore.record`` gave an empty
  record (``tigris runs show`` then died with a ``KeyError`` traceback) and
  ``RunStore.result`` an ``AssertionError``. Both are now the one-line ``run`` error
  that an unknown id gives, exit code 2 (measured with two processes, one reading a run
  in a loop while the other removed it: 7 of 15 reads gave the empty record, 1 of 15
  results the ``AssertionError``).
- A Ctrl-C in a command's first tenths of a second, while ``import tigris`` loaded
  numpy (the console script imports the package before its Ctrl-C guard), was a
  ``KeyboardInterrupt`` traceback and exit status -2 (10 of 16 tries of ``tigris runs
  export`` stopped in its first 0.6 s), and one while typer read the arguments ended
  with exit code 130 and nothing said (9 of 30 tries stopped at 0.3-0.9 s). Both are
  one line and exit code 130 (30 of 30 tries).
- The exported units of the cash flows and shadow prices said "money of that year"
  (nominal dollars); they are constant dollars of the scenario's currency year.
- ``runs list --limit`` said "(newest first)"; with ``--sweep`` it keeps the first
  members.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.errors import InputError
from tigris.runs.store import RunStore


def _removed_once_found(monkeypatch: pytest.MonkeyPatch, store: Path, rid: str) -> None:
    """Make the next lookup of ``rid`` find it, then have another writer (a second
    :class:`RunStore` on the file, as ``tigris runs rm`` in another process) remove it
    before the run's row is read."""
    resolve = RunStore.resolve
    removed: list[str] = []

    def found_then_removed(self: RunStore, id_or_prefix: str) -> str:
        full = resolve(self, id_or_prefix)
        if full == rid and not removed:
            removed.append(full)  # first, so that the removal's own lookup passes
            RunStore(store).remove([rid])
        return full

    monkeypatch.setattr(RunStore, "resolve", found_then_removed)


def test_runs_show_of_a_run_removed_meanwhile_is_one_line(
    run_cli: Callable[..., CliResult],
    one_run: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, rid = one_run
    _removed_once_found(monkeypatch, store, rid)
    res = run_cli("runs", "show", rid, "--store", str(store))
    assert_one_line_error(res, "RUN", rid, "removed")
    assert RunStore(store).runs().empty  # the other writer's removal stands


def test_result_of_a_run_removed_meanwhile_is_an_input_error(
    one_run: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, rid = one_run
    reader = RunStore(store)
    assert reader.record(rid)["id"] == rid  # found and read whole before
    _removed_once_found(monkeypatch, store, rid)
    with pytest.raises(InputError, match=f"run {rid} was removed"):
        reader.result(rid)


def test_runs_export_of_a_run_removed_meanwhile_writes_nothing(
    run_cli: Callable[..., CliResult],
    one_run: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store, rid = one_run
    _removed_once_found(monkeypatch, store, rid)
    out = tmp_path / "plan.xlsx"
    res = run_cli("runs", "export", rid, "--format", "xlsx", "--out", out, "--store", store)
    assert_one_line_error(res, "RUN", rid)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no file, no staging


#: The console script's own lines (``.venv/bin/tigris``), with a Ctrl-C raised where
#: numpy is first imported: what a Ctrl-C in a command's first tenths of a second does.
_CTRL_C_AT_NUMPY = textwrap.dedent(
    """\
    import importlib.abc
    import sys

    class CtrlC(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name == "numpy":
                raise KeyboardInterrupt

    sys.meta_path.insert(0, CtrlC())
    sys.argv = ["tigris", "runs", "list", "--store", sys.argv[1]]
    from tigris._entry import entry
    sys.exit(entry())
    """
)


def test_a_ctrl_c_while_numpy_loads_is_one_line(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    proc = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AT_NUMPY, str(store)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("stopped by the user before the command")
    assert not store.exists()


def test_a_ctrl_c_while_the_arguments_are_read_is_one_line(
    run_cli: Callable[..., CliResult],
    one_run: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A Ctrl-C while typer reads ``runs export``'s arguments (it imports its parsers
    then): typer's own exit 130 said nothing, the one moment of the verb without its
    line."""
    import typer.core

    store, rid = one_run
    parse = typer.core.TyperCommand.parse_args

    def ctrl_c(self: typer.core.TyperCommand, ctx: object, args: list[str]) -> list[str]:
        if self.name == "export":
            raise KeyboardInterrupt
        return parse(self, ctx, args)  # type: ignore[arg-type]

    monkeypatch.setattr(typer.core.TyperCommand, "parse_args", ctrl_c)
    out = tmp_path / "plan.xlsx"
    res = run_cli("runs", "export", rid, "--format", "xlsx", "--out", out, "--store", store)
    assert res.code == 130
    assert res.err == "stopped by the user before the command started; nothing written or stored\n"
    assert not out.exists()


def test_the_exported_cash_flows_are_labelled_in_the_currency_years_dollars() -> None:
    """The units table (and the NetCDF's ``long_name``) called the cash flows and the
    shadow prices "money of that year", nominal dollars, where the flows are constant
    dollars of the scenario's currency year (docs/finance.md, "Cash flows"): a warehouse
    deflating them as nominal would have cut them twice. The world: the investor's
    capex spread over its flows sums to its builds' capex, no year's inflation added."""
    from tests.conftest import SMALL
    from tigris.plan import solve
    from tigris.runs.export import units_frame
    from tigris.scenario.edit import load_any

    r = solve(load_any(SMALL))
    built = r.builds.query("owner == 'investor'")["capex_usd"].sum()
    assert built > 0
    assert r.subsidies["subsidy_usd"].sum() == 0  # so the flows' capex is all of it
    assert r.cash_flows["capex_usd"].sum() == pytest.approx(built, rel=1e-9)
    units = units_frame()
    money = units[
        units["table"].isin(["cash_flows", "finance_flows", "shadow_prices"])
        & units["column"].str.endswith("_usd")
    ]
    assert len(money) >= 3 * 2
    for row in money.itertuples():
        assert "currency_year" in row.description, (row.table, row.column, row.description)
        assert "money of th" not in row.description, (row.table, row.column)


def test_runs_list_limit_help_says_which_runs_a_sweep_keeps(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """``--limit`` said "(newest first)", but with ``--sweep`` the list is in member
    order and ``--limit 1`` keeps member 0, the oldest: the help says which runs stay."""
    import json

    import tigris
    from tests.conftest import SMALL

    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    store = tmp_path / "runs.duckdb"
    res = tigris.sweep(str(f), {"discount_rate": [0.06, 0.10]}, workers=0, store=store)
    out = run_cli(
        "runs", "list", "--sweep", res.sweep_id, "--limit", "1", "--json", "--store", store
    )
    assert out.code == 0, out.err
    (kept,) = json.loads(out.out)
    members = RunStore(store).runs(sweep_id=res.sweep_id)
    newest = members.sort_values("created").iloc[-1]
    assert kept["member"] == 0 and kept["id"] != newest["id"]  # the first, not the newest
    # the help's box drawn by rich: its borders out, its lines joined
    help_ = " ".join(re.sub("[│╭╮╰╯─]", " ", run_cli("runs", "list", "--help").out).split())
    assert "with --sweep, the first members" in help_

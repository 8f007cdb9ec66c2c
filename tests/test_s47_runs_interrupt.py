"""Ctrl-C in ``tigris runs list|show|export|rm`` says one line, exit code 130 (user test
s47 #3; docs/runs.md, "Several processes at once").

``tigris runs export`` imported its export layer (~0.5 s) before it could say anything:
a Ctrl-C there was typer's silent exit 130 (once a ``KeyboardInterrupt`` traceback from
importlib). Its last step, and ``rm``'s, printed outside the stoppable block.

Deterministic, not a race: the command runs in a subprocess whose wrapper pauses at
one named point (a module's import, or a function's call), touches a marker file and
sleeps; the test sends SIGINT once the marker is there, so the interrupt lands exactly
at that point.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tigris.runs.store import RunStore

#: Longest wait for the command to reach its pause point, and to end [s].
REACH_S, END_S = 120.0, 60.0
#: How often the marker is looked for [s].
POLL_S = 0.02
#: Exit code of a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130

#: Runs ``tigris ARGS`` pausing at $PAUSE_AT: ``import:MODULE`` (before the module is
#: imported) or ``call:MODULE:ATTR.PATH`` (when the function is called).
WRAPPER = textwrap.dedent(
    """
    import faulthandler, importlib, importlib.abc, os, signal, sys, time

    signal.signal(signal.SIGINT, signal.default_int_handler)
    # a command that never ends after its SIGINT: every thread's stack on SIGUSR1
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    MARK, AT = os.environ["PAUSE_MARK"], os.environ["PAUSE_AT"]

    def pause():
        open(MARK, "w").close()
        time.sleep(60)

    kind, _, where = AT.partition(":")
    if kind == "import":
        class Finder(importlib.abc.MetaPathFinder):
            def find_spec(self, fullname, path, target=None):
                if fullname == where:
                    sys.meta_path.remove(self)
                    pause()
                return None

        assert where not in sys.modules
        sys.meta_path.insert(0, Finder())
    else:
        module, _, attr = where.partition(":")
        owner = importlib.import_module(module)
        *parents, name = attr.split(".")
        for part in parents:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        def paused(*args, **kwargs):
            pause()
            return original(*args, **kwargs)

        setattr(owner, name, paused)
    from tigris.cli import entry

    sys.argv = ["tigris", *sys.argv[1:]]
    entry()
    """
)


def interrupted(tmp_path: Path, at: str, *args: str) -> tuple[int, str]:
    """Run ``tigris ARGS``, send SIGINT once it pauses at ``at``; its exit code and
    stderr."""
    mark = tmp_path / "paused"
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    env = {**os.environ, "PAUSE_MARK": str(mark), "PAUSE_AT": at}
    env.pop("TIGRIS_STORE", None)
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + REACH_S
    while not mark.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"never paused at {at}: exit {proc.returncode}\n{out}\n{err}")
        time.sleep(POLL_S)
    proc.send_signal(signal.SIGINT)
    try:
        _out, err = proc.communicate(timeout=END_S)
    except subprocess.TimeoutExpired:
        # where it stands (the wrapper's faulthandler), then no process left behind
        proc.send_signal(signal.SIGUSR1)
        time.sleep(POLL_S * 100)
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"not ended {END_S:.0f} s after SIGINT at {at}:\n{out}\n{err}")
    return proc.returncode, err


def one_line(err: str) -> str:
    """The one line a stop says (no traceback, nothing else)."""
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith("stopped by the user while "), lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("verb", "at", "said"),
    [
        (["list"], "call:tigris.runs.store:RunStore.runs", "reading the store; the store is"),
        (["list"], "call:tigris.cli.runs:_print_runs", "printing the runs; the output above"),
        (["show", "{id}"], "call:tigris.runs.store:RunStore.record", "reading the store"),
        (["show", "{id}"], "call:tigris.cli.runs:_print_run", "printing the run"),
        (["rm", "{id}"], "call:tigris.runs.store:RunStore.resolve", "reading the store; nothing"),
        (["rm", "{id}", "--json"], "call:tigris.cli.runs:emit_json", "printing what was removed"),
    ],
)
def test_every_runs_verb_says_one_line(
    tmp_path: Path, small_store: tuple[Path, str], verb: list[str], at: str, said: str
) -> None:
    """``runs list``, ``show`` and ``rm`` stopped at a read or while printing: one
    line, exit 130; ``rm`` stopped once its removal committed says it was removed."""
    store = tmp_path / "runs.duckdb"
    store.write_bytes(small_store[0].read_bytes())
    args = [a.format(id=small_store[1]) for a in verb]
    code, err = interrupted(tmp_path, at, "runs", *args, "--store", str(store))
    assert code == EXIT_INTERRUPTED, err
    line = one_line(err)
    assert line.startswith(f"stopped by the user while {said}"), line
    left = set(RunStore(store).runs()["id"])
    if "printing what was removed" in said:
        assert line.endswith(f"1 run removed from {store}"), line
        assert left == set()
    else:
        assert left == {small_store[1]}

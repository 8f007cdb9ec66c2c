"""A Ctrl-C after a verb has finished cannot change its exit code.

UT-RECHECK (2026-12-04): ``tigris plan --out --store`` interrupted in its last ~0.1 s
exited 130 with nothing on stderr, though its output was complete, all 21 files were
written and the run was stored: the signal landed in the interpreter's teardown. The
console entry point now ignores SIGINT once the verb has returned. Here a SIGINT is sent
from an ``atexit`` callback (after ``entry()`` has run, before the interpreter ends), the
deterministic stand-in for a Ctrl-C in the teardown.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import atexit, os, signal, sys
    from tigris.cli import entry

    def late_ctrl_c():
        ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        sys.stderr.write(f"sigint ignored: {ignored}\\n")
        os.kill(os.getpid(), signal.SIGINT)

    atexit.register(late_ctrl_c)
    sys.argv = ["tigris", *sys.argv[1:]]
    entry()
    """
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_ctrl_c_after_a_finished_verb_keeps_exit_0() -> None:
    proc = _run("catalog", "H100")
    assert proc.returncode == 0, proc.stderr
    assert "H100" in proc.stdout
    # the only line on stderr is the callback's own: no KeyboardInterrupt traceback
    assert proc.stderr.splitlines() == ["sigint ignored: True"], proc.stderr


def test_ctrl_c_after_bad_input_keeps_exit_2() -> None:
    proc = _run("catalog", "nosuchpart")
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert lines[-1] == "sigint ignored: True"
    assert sum(line.startswith("error:") for line in lines) == 1
    assert "Traceback" not in proc.stderr

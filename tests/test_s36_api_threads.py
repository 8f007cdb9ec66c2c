"""Plans in threads leave the process's stdout and stderr where they were (UT-API #1).

The solver's banner is kept off C-level stdout by pointing file descriptor 1 at
/dev/null around each HiGHS call (``tigris.plan.highs.quiet_stdout``). Each call used to
save fd 1, redirect it and restore what it had saved: two overlapping calls (two
``tigris.plan`` in two threads, or the plan and its counterfactual inside one) undid it
out of order, the second "restoring" /dev/null, and every later print of the process
was lost with exit code 0. The redirect is now counted process-wide: the first call in
redirects, the last call out restores.

Checked in a fresh interpreter whose stdout is a pipe (as a script's under ``| tee`` or
a notebook kernel's): N threads plan a small scenario at once; afterwards fd 1 and fd 2
point at the same files as before (``os.fstat``, and ``/proc/self/fd`` where there is
one), and a line printed last reaches the pipe.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y
from tigris.plan.highs import quiet_stdout

#: Threads planning at once: more than the two cores of the test machine, so that
#: their HiGHS calls overlap in every order.
N_THREADS = 4

_SCRIPT = textwrap.dedent(
    """\
    import json, os, sys, threading, time
    import tigris

    def where(fd):
        st = os.fstat(fd)
        link = None
        if os.path.exists("/proc/self/fd"):
            link = os.readlink(f"/proc/self/fd/{fd}")
        return [st.st_dev, st.st_ino, link]

    before = {fd: where(fd) for fd in (1, 2)}
    text = sys.argv[1]
    n = int(sys.argv[2])
    errors = []

    def one(i):
        time.sleep(0.05 * i)  # staggered, so the calls overlap at different points
        try:
            tigris.plan(text, explain=False)
        except Exception as exc:  # reported on stderr below
            errors.append(repr(exc))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = {fd: where(fd) for fd in (1, 2)}
    sys.stderr.write(json.dumps({"before": before, "after": after, "errors": errors}) + "\\n")
    sys.stderr.flush()
    print("reached the pipe", flush=True)
    """
)


def test_threads_leave_stdout_and_stderr_where_they_were(tmp_path: Path) -> None:
    script = tmp_path / "threads.py"
    script.write_text(_SCRIPT)
    out = subprocess.run(
        [sys.executable, str(script), SMALL_3Y, str(N_THREADS)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stderr.strip().splitlines()[-1])
    assert doc["errors"] == []
    assert doc["after"] == doc["before"]
    assert "/dev/null" not in str(doc["after"])
    assert out.stdout.strip().splitlines()[-1] == "reached the pipe"


def _stdout_fd() -> int:
    """The descriptor ``quiet_stdout`` silences: ``sys.stdout``'s (pytest's capture
    file here), else 1."""
    try:
        return sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return 1


def test_overlapping_redirects_undone_in_any_order() -> None:
    """The race itself, without a solver: A in, B in, A out, B out (the order that left
    /dev/null behind), then B out before A out; stdout is back after the last one."""
    fd = _stdout_fd()
    before = os.fstat(fd)
    for first_out in ("A", "B"):
        a_in, b_in, a_go, b_go = (threading.Event() for _ in range(4))

        def worker(me: threading.Event, go: threading.Event) -> None:
            with quiet_stdout():
                me.set()
                go.wait(10)

        ta = threading.Thread(target=worker, args=(a_in, a_go))
        tb = threading.Thread(target=worker, args=(b_in, b_go))
        ta.start()
        a_in.wait(10)
        tb.start()
        b_in.wait(10)
        null = os.stat(os.devnull)
        inside = os.fstat(fd)
        assert (inside.st_dev, inside.st_ino) == (null.st_dev, null.st_ino)
        (a_go if first_out == "A" else b_go).set()
        (ta if first_out == "A" else tb).join(10)
        middle = os.fstat(fd)  # one call still inside: still quiet
        assert (middle.st_dev, middle.st_ino) == (null.st_dev, null.st_ino), first_out
        (b_go if first_out == "A" else a_go).set()
        ta.join(10)
        tb.join(10)
        after = os.fstat(fd)
        assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino), first_out


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_a_fork_inside_the_redirect_gets_its_stdout_back(tmp_path: Path) -> None:
    """A process forked while another thread solves (a fork-based process pool) starts
    with its stdout where the parent's was before the redirect, not at /dev/null."""
    fd = _stdout_fd()
    before = os.fstat(fd)
    report = tmp_path / "child.txt"
    with quiet_stdout():
        pid = os.fork()
        if pid == 0:  # the child: write where its stdout points, then leave at once
            st = os.fstat(fd)
            report.write_text(f"{st.st_dev} {st.st_ino}")
            os._exit(0)
        os.waitpid(pid, 0)
    assert report.read_text() == f"{before.st_dev} {before.st_ino}"

"""The console script ends without the interpreter's teardown, losing nothing (s39 EXIT).

:func:`tigris.cli.leave` ends the process with :func:`os._exit` once the verb is done,
after running the :mod:`atexit` handlers and flushing the standard streams, and only
when no other non-daemon thread is alive (docs/plan.md, "Speed of the reference
plan"). What finalisation would have done for a correct program must still happen:
each check below is a thing a bare ``os._exit`` would lose.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path


def _python(code: str, *, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_exit_handlers_run_and_buffered_output_is_flushed() -> None:
    """An atexit handler runs (after the verb, as at a normal exit) and output still in
    the buffers (no newline, no flush) reaches the pipe; the status is kept."""
    res = _python(
        """
        import atexit, sys
        atexit.register(lambda: sys.stdout.write("|handler"))
        from tigris.cli import leave
        sys.stdout.write("buffered")
        sys.stderr.write("err-buffered")
        leave(3)
        """
    )
    assert res.returncode == 3
    assert res.stdout == "buffered|handler"
    assert res.stderr == "err-buffered"


def test_a_temporary_directory_is_removed(tmp_path: Path) -> None:
    """A TemporaryDirectory left to its weakref finalizer is removed, as at exit."""
    record = tmp_path / "where.txt"
    res = _python(
        f"""
        import tempfile
        from pathlib import Path
        from tigris.cli import leave
        keep = tempfile.TemporaryDirectory()
        Path({str(record)!r}).write_text(keep.name)
        leave(0)
        """
    )
    assert res.returncode == 0, res.stderr
    assert not Path(record.read_text()).exists()


def test_a_non_daemon_thread_is_waited_for(tmp_path: Path) -> None:
    """With another non-daemon thread still working, the ordinary exit waits for it:
    the file it writes after 0.5 s is there, and the status is the verb's."""
    out = tmp_path / "late.txt"
    res = _python(
        f"""
        import threading, time
        from pathlib import Path
        from tigris.cli import leave
        def late():
            time.sleep(0.5)
            Path({str(out)!r}).write_text("done")
        threading.Thread(target=late).start()
        leave(1)
        """
    )
    assert res.returncode == 1
    assert out.read_text() == "done"


def test_the_console_script_keeps_status_and_every_byte() -> None:
    """Through ``python -m tigris`` (the console script's entry): a JSON document of
    the chain is whole on the pipe with status 0, and bad input keeps status 2."""
    ok = subprocess.run(
        [sys.executable, "-m", "tigris", "chip", "h100-sxm", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    doc = json.loads(ok.stdout)
    assert doc and ok.stdout.endswith("\n")
    bad = subprocess.run(
        [sys.executable, "-m", "tigris", "chip", "no-such-part"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "no-such-part" in bad.stderr


def test_a_profiler_gets_to_write_its_results(tmp_path: Path) -> None:
    """``python -m cProfile -o FILE -m tigris ...`` writes FILE after the program
    returns: with a profiler active the ordinary exit runs, so the file is written."""
    prof = tmp_path / "chip.prof"
    res = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "tigris", "chip", "h100-sxm"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert prof.stat().st_size > 0


def test_a_tracer_sees_the_program_end() -> None:
    """With a trace function set (coverage, a debugger) the process exits by
    SystemExit, which the caller can catch and act on."""
    res = _python(
        """
        import sys
        sys.settrace(lambda *a: None)
        from tigris.cli import leave
        try:
            leave(4)
        except SystemExit as exc:
            print("caught", exc.code)
        """
    )
    assert res.returncode == 0 and res.stdout.strip() == "caught 4"

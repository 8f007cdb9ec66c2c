"""The ``tigris`` console script: :func:`tigris.cli.entry`, imported inside a guard.

Importing the command line (typer, rich, the verbs' registry) takes a few tenths of a
second; a Ctrl-C then raised ``KeyboardInterrupt`` in the console script's own import
line, a traceback and exit status -2 (user test s45 sweep #3). Here it is one line and
exit 130, as a Ctrl-C anywhere later (``tigris.cli.stopped_before_start``).
"""

from __future__ import annotations

import signal
import sys

#: Exit status of a run stopped by Ctrl-C: 128 + SIGINT, the shell's convention, as
#: tigris.cli._output.EXIT_INTERRUPTED (not imported here: that import may be what the
#: Ctrl-C stops).
_EXIT_INTERRUPTED = 128 + int(signal.SIGINT)


def entry() -> None:  # pragma: no cover - exercised by the console script
    """Run :func:`tigris.cli.entry`; a Ctrl-C while it is imported is one line, 130."""
    try:
        from tigris.cli import entry as run
    except KeyboardInterrupt:
        sys.stderr.write("stopped by the user before the command started; nothing written\n")
        sys.stderr.flush()
        raise SystemExit(_EXIT_INTERRUPTED) from None
    run()

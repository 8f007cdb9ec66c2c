"""Standard streams the console script can always write to, or fail on in one line.

- Text that the terminal's encoding cannot show (a POSIX locale with
  ``PYTHONIOENCODING=ascii``, a latin-1 terminal) is written backslash-escaped
  (``\\u2013``) instead of ending the run in ``UnicodeEncodeError``.
- A failure to write stdout (closed with ``>&-``, ``/dev/full``, an I/O error) becomes
  :class:`StdoutError`, which the CLI reports as one line on stderr with exit code
  :data:`EXIT_STDOUT`.
- A reader that stops early (``tigris ... | head -1``) is not an error: the first write
  that meets the closed pipe points file descriptor 1 at ``/dev/null`` and every later
  write is dropped, so the command finishes its work (a plan is still stored) and exits
  with its own code (0, or 1 for ``tigris plan`` that found no plan), stderr empty. The
  ``BrokenPipeError`` used to reach rich (whose ``Console.on_broken_pipe`` exits 1) or
  the console script (exit 1), and a script could not tell it from a failed plan.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, TextIO

from tigris.errors import TigrisError

__all__ = ["EXIT_STDOUT", "StdoutError", "guard_streams"]

#: Exit code when stdout cannot be written (the work may be done; its output is lost).
EXIT_STDOUT = 1


class StdoutError(TigrisError):
    """Standard output could not be written (closed, full disk, I/O error)."""


class _Closed:
    """Stands in for a closed stdout (``sys.stdout is None`` after ``>&-``)."""

    encoding = "utf-8"
    errors = "backslashreplace"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        """Nothing buffered, nothing to flush."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _GuardedStdout:
    """Delegates to a text stream; an ``OSError`` while writing becomes ``StdoutError``.

    A ``BrokenPipeError`` means the reader went away on purpose: from then on stdout
    is ``/dev/null`` and writes are dropped (:attr:`reader_gone`).
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        #: True once a write met a closed pipe; later output is discarded.
        self.reader_gone = False

    def _drop_output(self) -> None:
        """The reader left: silence descriptor 1 so no later flush can fail again."""
        self.reader_gone = True
        silence_stdout()

    def write(self, text: str) -> int:
        if self.reader_gone:
            return len(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._drop_output()
            return len(text)
        except OSError as exc:
            raise StdoutError(exc.strerror or str(exc)) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            # what the pipe did not take is flushed again, now into /dev/null
            self._drop_output()
            with contextlib.suppress(OSError, ValueError):
                self._stream.flush()
        except OSError as exc:
            raise StdoutError(exc.strerror or str(exc)) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _tolerant(stream: TextIO | None) -> None:
    if stream is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")


def guard_streams() -> None:
    """Install the tolerant, guarded streams (console script only; idempotent)."""
    _tolerant(sys.stderr)
    if isinstance(sys.stdout, _GuardedStdout):
        return
    _tolerant(sys.stdout)
    sys.stdout = _GuardedStdout(sys.stdout if sys.stdout is not None else _Closed())  # type: ignore[assignment]


def silence_stdout() -> None:
    """Point file descriptor 1 at ``/dev/null`` so the interpreter's final flush of
    whatever is still buffered cannot fail (and print) a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)

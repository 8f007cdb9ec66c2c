"""Progress of many members on stderr: a bar on a terminal, else one line per member.

Used by :func:`tigris.runs.sweep.sweep` (and so by the risk runs that go through it).
Importing this module imports nothing heavy (rich only when a bar is shown).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tigris.runs.worker import MemberOutcome

__all__ = ["Progress"]


class Progress:
    """A rich bar on a terminal's stderr, else one flushed line per finished member."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self._bar, self._task = total, 0, None, None
        self.enabled = enabled
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import (
                Progress as RichProgress,
            )

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("sweep", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def finished(self, out: MemberOutcome) -> None:
        """One member written to the store (or finished, without a store).

        Parameters
        ----------
        out : MemberOutcome
            The member's outcome (its index, status and seconds on its worker [s]).
        """
        self.done += 1
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=f"sweep (last: {out.status})")
            return
        from tigris.runs.worker import PLANNED_MEMBER

        who = "the plan as planned" if out.index == PLANNED_MEMBER else f"member {out.index}"
        sys.stderr.write(
            f"{who} done ({out.status}, {out.seconds:.1f} s; {self.done}/{self.total} finished)\n"
        )
        sys.stderr.flush()

"""Where a report comes from: the run (its id and when it was made), the tigris version,
when the report was drawn (UTC) and a hash of the inputs.

Every HTML report and every PNG carries one :class:`ReportInfo` line, so a figure that
travels alone (a slide, a paper) still says which run, code and inputs made it. A
report re-drawn later from a saved run (``tigris report DIR``) says the run's time and
id, and the drawing time as such (UT-REPRO #10: it gave the drawing time as
"created", and no run id).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["UNKNOWN", "ReportInfo", "report_info", "saved_run"]
#: What a report says when a saved run does not record its input hash.
UNKNOWN = "unknown"
#: Hex digits of the input hash shown on the page (64 are kept in ``ReportInfo``).
SHORT_HASH = 12


@dataclass(frozen=True)
class ReportInfo:
    """Provenance of one report.

    Attributes
    ----------
    version : str
        tigris version that drew the report.
    created_utc : str
        When the run was made, ISO 8601 in UTC to the second (``2026-12-01T15:40:00Z``)
        when known (a saved or stored run); else when the report was drawn (a report
        drawn as the plan is solved: the same moment to within the solve's end).
    input_hash : str
        SHA-256 of the plan's inputs (hex), or :data:`UNKNOWN` if the result lacks it.
    relaxed : bool
        Whether the plan is the LP relaxation (fractional modules).
    mip_gap : float or None
        Relative MIP gap reported by the solver [-].
    run_id : str or None
        The stored run's id (None: not stored, or not known to the report).
    drawn_utc : str or None
        When the report was drawn, as ``created_utc``; None: the same as
        ``created_utc`` (the run's time is not known apart).
    """

    version: str
    created_utc: str
    input_hash: str = UNKNOWN
    relaxed: bool = False
    mip_gap: float | None = None
    run_id: str | None = None
    drawn_utc: str | None = None

    @property
    def short_hash(self) -> str:
        """The first :data:`SHORT_HASH` hex digits of the input hash (or ``unknown``)."""
        return self.input_hash if self.input_hash == UNKNOWN else self.input_hash[:SHORT_HASH]

    def run_text(self) -> str:
        """The run and its times: ``run ID made T · drawn T2`` (``run not stored (its
        time not recorded) · drawn T2`` for a run saved with ``--no-store``, whose
        ``run.json`` keeps no time so that the same plan saves the same bytes), or
        ``run ID created T`` when the run's time is not known apart (a report drawn as
        the plan is solved and stored, ``tigris plan --report``: both the same),
        ``created T`` when not stored either.

        Returns
        -------
        str
            The run's id (when stored) and times, ISO 8601 in UTC.

        Examples
        --------
        >>> ReportInfo("0.1.0", "2026-12-01T15:40:00Z").run_text()
        'created 2026-12-01T15:40:00Z'
        >>> ReportInfo("0.1.0", "2026-12-01T15:40:00Z", run_id="3fa9c2d1e0ab").run_text()
        'run 3fa9c2d1e0ab created 2026-12-01T15:40:00Z'
        >>> ReportInfo("0.1.0", "2026-12-01T15:40:00Z", run_id="3fa9c2d1e0ab",
        ...            drawn_utc="2026-12-04T09:00:00Z").run_text()
        'run 3fa9c2d1e0ab made 2026-12-01T15:40:00Z · drawn 2026-12-04T09:00:00Z'
        >>> ReportInfo("0.1.0", UNKNOWN, drawn_utc="2026-12-04T09:00:00Z").run_text()
        'run not stored (its time not recorded) · drawn 2026-12-04T09:00:00Z'
        """
        if self.drawn_utc is None:  # drawn as the plan was solved (and stored)
            run = f"run {self.run_id} " if self.run_id else ""
            return f"{run}created {self.created_utc}"
        if self.run_id is None and self.created_utc == UNKNOWN:
            # saved with --no-store: run.json keeps no time, so that the same plan
            # saves the same bytes (user test 2026-12-07, report reader #3: "run made
            # unknown" read as lost provenance)
            return f"run not stored (its time not recorded) · drawn {self.drawn_utc}"
        run = f"run {self.run_id} made" if self.run_id else "run made"
        return f"{run} {self.created_utc} · drawn {self.drawn_utc}"

    def line(self) -> str:
        """One line for a footer.

        Returns
        -------
        str
            ``tigris VERSION · RUN TEXT · inputs sha256 HASH`` (:meth:`run_text`, the first
            :data:`SHORT_HASH` hex digits of the hash).

        Examples
        --------
        >>> ReportInfo("0.1.0", "2026-12-01T15:40:00Z").line()
        'tigris 0.1.0 · created 2026-12-01T15:40:00Z · inputs sha256 unknown'
        """
        return f"tigris {self.version} · {self.run_text()} · inputs sha256 {self.short_hash}"


def _get(result: Any, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


def _utc_text(value: Any) -> str | None:
    """An ISO 8601 time (``2026-12-04T14:57:00.123456Z`` or with an offset) as
    ``2026-12-04T14:57:00Z``; None when it is not one."""
    try:
        stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:  # the store and run.json write UTC
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def saved_run(folder: str | Path) -> dict[str, Any]:
    """The run a saved folder holds, from its ``run.json``: ``run_id`` and ``created``.

    ``tigris plan --out DIR`` writes ``run_id`` (None with ``--no-store``) and, since
    2026-12-04, ``created``; ``tigris runs export --format csv`` writes the stored
    record's ``id`` and ``created``. Empty when there is no readable ``run.json``.

    Parameters
    ----------
    folder : str or Path
        A directory written by ``tigris plan --out`` or ``tigris runs export``.

    Returns
    -------
    dict
        ``{"run_id": str or None, "created": str or None}``, or ``{}``.
    """
    try:
        doc = json.loads((Path(folder) / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict):
        return {}
    rid = doc.get("run_id") or doc.get("id")
    return {"run_id": str(rid) if rid else None, "created": doc.get("created")}


def report_info(
    result: Any, now: datetime | None = None, run: Mapping[str, Any] | None = None
) -> ReportInfo:
    """The provenance of a report of ``result``, drawn now.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result; its ``input_hash`` (:mod:`tigris.provenance`), ``relaxed`` and
        ``mip_gap`` are used where present.
    now : datetime, optional
        Drawing time (default the current time); converted to UTC.
    run : mapping, optional
        The run drawn (:func:`saved_run`: ``run_id`` and ``created``, the run's time);
        without ``run``, or a run with no ``created`` key (``tigris plan --report``: drawn
        as it is solved), the report gives its drawing time alone; a ``created`` of None
        or one that cannot be read is "made unknown" (a saved run of before 2026-12-04).

    Returns
    -------
    ReportInfo
        The version, times (to the second, UTC), run id, input hash, and the result's
        ``relaxed`` and ``mip_gap`` (None when absent or not finite).

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> i = report_info({"relaxed": True}, datetime(2026, 12, 1, 15, 40, tzinfo=timezone.utc))
    >>> i.created_utc, i.input_hash, i.relaxed
    ('2026-12-01T15:40:00Z', 'unknown', True)
    >>> ran = {"run_id": "3fa9c2d1e0ab", "created": "2026-11-30T08:00:01.5Z"}
    >>> report_info({}, datetime(2026, 12, 1, 15, 40, tzinfo=timezone.utc), ran).run_text()
    'run 3fa9c2d1e0ab made 2026-11-30T08:00:01Z · drawn 2026-12-01T15:40:00Z'
    """
    from tigris import __version__

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    digest = str(_get(result, "input_hash") or UNKNOWN)
    gap = _get(result, "mip_gap")
    try:
        gap = float(gap) if gap is not None and math.isfinite(float(gap)) else None
    except (TypeError, ValueError):
        gap = None
    drawn = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    made = _utc_text((run or {}).get("created")) if run else None
    if run and "created" in run and made is None:
        # a saved run (saved_run gives the key) whose time is missing or cannot be read:
        # unknown, not the drawing's time (a run drawn as it is solved gives no key)
        made = UNKNOWN
    return ReportInfo(
        version=__version__,
        created_utc=made or drawn,
        drawn_utc=drawn if made else None,
        run_id=(str(run["run_id"]) if run and run.get("run_id") else None),
        input_hash=digest,
        relaxed=bool(_get(result, "relaxed") or False),
        mip_gap=gap,
    )

"""Where a report comes from: tigris version, creation time (UTC) and a hash of the inputs.

Every HTML report and every PNG carries one :class:`ReportInfo` line, so a figure that
travels alone (a slide, a paper) still says which code and which inputs made it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["UNKNOWN", "ReportInfo", "report_info"]
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
        Creation time, ISO 8601 in UTC to the second (``2026-12-01T15:40:00Z``).
    input_hash : str
        SHA-256 of the plan's inputs (hex), or :data:`UNKNOWN` if the result lacks it.
    relaxed : bool
        Whether the plan is the LP relaxation (fractional modules).
    mip_gap : float or None
        Relative MIP gap reported by the solver [-].
    """

    version: str
    created_utc: str
    input_hash: str = UNKNOWN
    relaxed: bool = False
    mip_gap: float | None = None

    @property
    def short_hash(self) -> str:
        """The first :data:`SHORT_HASH` hex digits of the input hash (or ``unknown``)."""
        return self.input_hash if self.input_hash == UNKNOWN else self.input_hash[:SHORT_HASH]

    def line(self) -> str:
        """One line for a footer.

        Examples
        --------
        >>> ReportInfo("0.1.0", "2026-12-01T15:40:00Z").line()
        'tigris 0.1.0 · created 2026-12-01T15:40:00Z · inputs sha256 unknown'
        """
        return (
            f"tigris {self.version} · created {self.created_utc} · inputs sha256 {self.short_hash}"
        )


def _get(result: Any, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


def report_info(result: Any, now: datetime | None = None) -> ReportInfo:
    """The provenance of a report of ``result``, stamped now.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result; its ``input_hash`` (:mod:`tigris.provenance`), ``relaxed`` and
        ``mip_gap`` are used where present.
    now : datetime, optional
        Creation time (default the current time); converted to UTC.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> i = report_info({"relaxed": True}, datetime(2026, 12, 1, 15, 40, tzinfo=timezone.utc))
    >>> i.created_utc, i.input_hash, i.relaxed
    ('2026-12-01T15:40:00Z', 'unknown', True)
    """
    from tigris import __version__

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    digest = str(_get(result, "input_hash") or UNKNOWN)
    gap = _get(result, "mip_gap")
    try:
        gap = float(gap) if gap is not None and math.isfinite(float(gap)) else None
    except (TypeError, ValueError):
        gap = None
    return ReportInfo(
        version=__version__,
        created_utc=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        input_hash=digest,
        relaxed=bool(_get(result, "relaxed") or False),
        mip_gap=gap,
    )

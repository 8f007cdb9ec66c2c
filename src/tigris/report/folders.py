"""A PNG folder holds one run's figures of a verb, never a mix of two runs.

``--png DIR`` (``tigris plan``, ``tigris report``, ``tigris risk``) writes its figures
aside and moves each into ``DIR`` (:func:`tigris.fsio.atomic_dir`). How many it writes
depends on the run: a text page longer than a page continues on ``assumptions-2.png``,
a risk run draws ``tornado-*.png`` only with ``--tornado``. Without a clean-up, a
second run into the same folder would leave the first run's extra files beside its
own, read as one set (old user test #19e). So, once the new set is in place, every
file whose name is one the same verb writes and which this run did not write is
removed; files of any other name (the user's, another verb's) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["drop_stale", "plan_png_names", "risk_png_names"]


def risk_png_names() -> re.Pattern[str]:
    """The names ``tigris risk --png`` writes (:func:`tigris.report.risk.write_risk_pngs`):
    ``fan-<output>.png``, ``tornado-<output>.png``, ``sobol-<output>.png``, the output
    one of :data:`tigris.risk.montecarlo.OUTPUTS`, maybe by region (``@usa`` written
    ``-usa``) and of a year (``_2028``). A file of the user's that only begins the same
    way (``fan-custom-notes.png``) is not one of them: the first pattern, any name after
    ``fan-``, removed it (user test 2026-12-05).

    Returns
    -------
    re.Pattern
        A pattern to match a file name in full (``fullmatch``).

    Examples
    --------
    >>> p = risk_png_names()
    >>> names = ("fan-unmet_h100e.png", "tornado-unmet_h100e_2028.png",
    ...          "fan-power_mw-middle-east.png", "fan-custom-notes.png", "fan-.png")
    >>> [bool(p.fullmatch(n)) for n in names]
    [True, True, True, False, False]
    """
    from tigris.risk.montecarlo import OUTPUTS

    keys = "|".join(re.escape(k) for k in sorted(OUTPUTS, key=len, reverse=True))
    return re.compile(rf"(?:fan|tornado|sobol)-(?:{keys})(?:-[a-z0-9-]+)?(?:_\d{{4}})?\.png")


def plan_png_names() -> re.Pattern[str]:
    """The names ``tigris plan/report --png`` writes (:func:`tigris.report.write_pngs`):
    one per figure of :data:`~tigris.report.figures.FIGURES` and one per text page of
    :data:`~tigris.report.png_pages.PAGES`, a page's continuation ``KEY-2.png``, ...

    Returns
    -------
    re.Pattern
        A pattern to match a file name in full (``fullmatch``).

    Examples
    --------
    >>> p = plan_png_names()
    >>> [bool(p.fullmatch(n)) for n in ("supply.png", "assumptions-2.png", "fan-x.png")]
    [True, True, False]
    """
    from tigris.report.figures import FIGURES
    from tigris.report.png_pages import PAGES

    stems = "|".join(re.escape(s.key) for s in (*FIGURES, *PAGES))
    return re.compile(rf"(?:{stems})(?:-\d+)?\.png")


def drop_stale(
    folder: str | Path, written: Iterable[str | Path], own: re.Pattern[str]
) -> list[Path]:
    """Remove from ``folder`` the files named by ``own`` that are not in ``written``.

    Parameters
    ----------
    folder : str or Path
        The ``--png`` folder, after this run's files were moved in.
    written : iterable of str or Path
        The files this run wrote (their names are kept).
    own : re.Pattern
        The names the verb writes (:func:`risk_png_names`, :func:`plan_png_names`), matched
        in full.

    Returns
    -------
    list of Path
        The files removed (an earlier run's), sorted.
    """
    keep = {Path(w).name for w in written}
    out = Path(folder)
    stale = sorted(
        p for p in out.iterdir() if p.is_file() and own.fullmatch(p.name) and p.name not in keep
    )
    for p in stale:
        p.unlink(missing_ok=True)
    return stale

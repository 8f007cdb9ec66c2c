"""A fingerprint of what a plan is computed from: the scenario as solved and the data tables.

:func:`scenario_inputs_hash` is stamped on every :class:`tigris.plan.PlanResult`
(``input_hash``, saved in ``plan.json``) and printed on every report, so a report
names the exact inputs that made it.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["inputs_hash", "scenario_inputs_hash"]


def inputs_hash(
    scenario_text: str | bytes, data_dir: str | Path | None = None, overlay: Any = None
) -> str:
    """SHA-256 of a plan's inputs: the scenario text and every data table it reads.

    The digest runs over the scenario's bytes, then, in file-name order, the name and
    bytes of each ``*.csv`` / ``*.yaml`` file in ``data_dir`` (default the package's
    ``tigris/data``), then the rows of a user data overlay (``--data FILE``) if one is
    in force, each part prefixed by its length so that no two different input sets
    hash alike.

    Parameters
    ----------
    scenario_text : str or bytes
        The scenario file's text (UTF-8 if ``str``).
    data_dir : str or Path, optional
        Folder of data tables; default the package's.
    overlay : tigris.data.DataOverlay, optional
        User rows added to the tables; default the overlay in force
        (:func:`tigris.data.active_overlay`), if any.

    Returns
    -------
    str
        64 hex digits.

    References
    ----------
    .. [1] NIST FIPS 180-4, *Secure Hash Standard* (SHA-256), 2015.

    Examples
    --------
    >>> len(inputs_hash("name: x")), inputs_hash("a") == inputs_hash("b")
    (64, False)
    """
    h = hashlib.sha256()

    def part(data: bytes) -> None:
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)

    part(scenario_text.encode("utf-8") if isinstance(scenario_text, str) else scenario_text)
    root = Path(data_dir) if data_dir is not None else Path(str(resources.files("tigris.data")))
    for f in sorted(root.iterdir(), key=lambda p: p.name):
        if f.is_file() and f.suffix in (".csv", ".yaml"):
            part(f.name.encode("utf-8"))
            part(f.read_bytes())
    if overlay is None:
        from tigris.data import active_overlay

        overlay = active_overlay()
    if overlay is not None:
        rows = {str(k): [dict(r) for r in v] for k, v in dict(overlay.rows).items()}
        part(json.dumps(rows, sort_keys=True, default=str).encode("utf-8"))
    return h.hexdigest()


def scenario_inputs_hash(scenario: Any = None) -> str:
    """:func:`inputs_hash` of what a plan is solved from: the scenario as solved.

    Every form of a scenario is hashed as the one it loads to: its canonical JSON
    (``Scenario.model_dump_json``), so a file, its text, the loaded object and a run
    stored and repeated (``tigris plan --from-run``) all give one hash, and a comment
    or the order of a file's keys changes nothing (UT-REPRO #5: the command line hashed
    the file's bytes, the Python API the object's JSON, so the same file and tables
    gave two hashes).

    Parameters
    ----------
    scenario : str, Path, Scenario or None
        A scenario YAML file, its text, a ``Scenario`` object, or ``None`` for the
        built-in reference scenario.

    Returns
    -------
    str
        64 hex digits.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> scenario_inputs_hash() == scenario_inputs_hash(reference_scenario())
    True
    """
    if scenario is None:
        from tigris.scenario import reference_scenario

        scenario = reference_scenario()
    elif isinstance(scenario, str | Path):
        from tigris.scenario.edit import load_any

        scenario = load_any(scenario)
    return inputs_hash(scenario.model_dump_json())

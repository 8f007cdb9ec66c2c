"""Options shared by the verbs that solve many plans at once (``sweep``, ``risk``).

Each is a Typer option for a verb's signature, used as
``workers: Annotated[int | None, WORKERS_OPTION] = None``; :func:`store_choice` turns
``--store FILE`` / ``--no-store`` into the ``store=`` argument of
:func:`tigris.runs.sweep.sweep` and :func:`tigris.risk.api.risk`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from tigris.errors import InputError

__all__ = [
    "MIP_GAP_OPTION",
    "OBJECTIVE_OPTION",
    "SCHEDULER_OPTION",
    "WORKERS_OPTION",
    "store_choice",
]

#: ``--workers N``: processes of the local Dask cluster (docs/dask.md).
WORKERS_OPTION = typer.Option(
    "--workers",
    help="Worker processes of a local Dask cluster; 0 runs in this process; default one per core.",
)
#: ``--scheduler ADDRESS``: a running Dask scheduler instead of a local cluster.
SCHEDULER_OPTION = typer.Option(
    "--scheduler",
    help="Address of a running Dask scheduler (tcp://HOST:8786); default "
    "$TIGRIS_SCHEDULER, else a local cluster (docs/dask.md).",
)
#: ``--mip-gap G``: HiGHS's relative MIP gap for every plan of the run.
MIP_GAP_OPTION = typer.Option("--mip-gap", help="Relative MIP gap \\[-]; default the scenario's.")
#: ``--objective serve|npv`` for every plan of the run.
OBJECTIVE_OPTION = typer.Option(
    "--objective", help="serve or npv; default the scenario's objective."
)


def store_choice(store: Path | None, no_store: bool) -> Path | bool:
    """The ``store=`` argument from ``--store FILE`` and ``--no-store``.

    Parameters
    ----------
    store
        ``--store FILE``, or None for the default store.
    no_store
        ``--no-store``.

    Returns
    -------
    Path or bool
        False with ``--no-store``, the file with ``--store``, else True (the default
        store: ``$TIGRIS_STORE``, else the user data directory, docs/runs.md).

    Raises
    ------
    InputError
        Both flags given.
    """
    if store is not None and no_store:
        raise InputError("give --store FILE or --no-store, not both", field="--no-store")
    if no_store:
        return False
    return store if store is not None else True

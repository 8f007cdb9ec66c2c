"""``--data FILE``: the user data overlay option every table-reading verb takes.

The option's callback reads the overlay (:func:`tigris.overlay.load_overlay`) and
applies it to the running command only: the context manager is handed to click's
``Context.with_resource``, which leaves it when the command finishes, so an overlay
never outlives the call that named it.
"""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["DATA_OPTION"]


def _apply(ctx: typer.Context, value: Path | None) -> Path | None:
    if value is not None and not ctx.resilient_parsing:
        from tigris.overlay import data_overlay

        ctx.with_resource(data_overlay(value))
    return value


#: Typer option for a verb's signature: ``data: Annotated[Path | None, DATA_OPTION] = None``.
DATA_OPTION = typer.Option(
    "--data",
    help=(
        "YAML file of your own sites, nodes, HBM, packaging and accelerators, added to "
        "the shipped tables for this run (each entry may be based_on a shipped one; "
        "see README, 'Your own data')."
    ),
    dir_okay=False,
    callback=_apply,
)

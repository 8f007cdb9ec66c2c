"""``--data FILE``: the user data overlay option every table-reading verb takes.

The option's callback reads the overlay (:func:`tigris.overlay.load_overlay`) and
applies it to the running command only: the context manager is handed to click's
``Context.with_resource``, which leaves it when the command finishes, so an overlay
never outlives the call that named it.
"""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["CHECK_DATA_OPTION", "DATA_OPTION", "apply_for_check"]


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


#: ``--data`` of ``tigris scenario check``: read by the command (:func:`apply_for_check`),
#: not by the option's callback, so that a bad overlay can say the scenario was not
#: checked (left at stop 47: only the data file's problems were listed, as if the
#: scenario had none).
CHECK_DATA_OPTION = typer.Option(
    "--data",
    help=DATA_OPTION.help,
    dir_okay=False,
)


def apply_for_check(ctx: typer.Context, data: Path | None, file: Path) -> None:
    """Apply ``data`` for the rest of the command, as :data:`DATA_OPTION` does; when it
    has problems, raise them with one more saying ``file`` was not checked.

    Parameters
    ----------
    ctx : typer.Context
        The command's context (the overlay is left when it finishes).
    data : Path or None
        The ``--data`` file, if given.
    file : Path
        The scenario file the command checks.

    Raises
    ------
    tigris.errors.InputError
        The overlay's problems, then ``file: not checked: ...``.
    """
    if data is None:
        return
    from tigris.errors import InputError, Problem
    from tigris.overlay import data_overlay

    try:
        ctx.with_resource(data_overlay(data))
    except InputError as exc:
        why = (
            f"not checked: its checks read the --data tables of {data}, which have the "
            "problems above; fix them and check again (or check it without --data)"
        )
        raise InputError([*exc.problems, Problem("", why, file=str(file))]) from None

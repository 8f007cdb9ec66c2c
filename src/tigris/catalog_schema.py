"""Schema of user-defined accelerators (``--accelerators FILE`` and data overlays).

Kept apart from :mod:`tigris.catalog` so that reading the shipped catalog does not
import pydantic and the YAML reader: only a user file needs them.

The number rules are those of scenario files (:data:`tigris.yamlio.STRICT_MODEL`): a
number is a YAML 1.2 number (``1e15`` is one), a quoted ``"1e15"`` or ``"2025"`` is
text and refused with a hint to drop the quotes, a boolean is not a number, an integer
field refuses a fraction (``2025.0``), and a name has at most
:data:`tigris.yamlio.MAX_NAME_CHARS` characters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from tigris.errors import InputError
from tigris.scenario.schema import YEAR_MAX
from tigris.yamlio import MAX_NAME_CHARS, STRICT_MODEL, Locator, load_yaml, validation_problems

__all__ = ["LAUNCH_YEAR_MIN", "AsOf", "CustomAccelerator", "read_custom_file"]

#: Earliest launch year of a user-defined accelerator (a validation bound, not data);
#: the latest is the scenario files' :data:`tigris.scenario.schema.YEAR_MAX`.
LAUNCH_YEAR_MIN = 1990


def _as_of_text(v: Any) -> str:
    """The date a user row's figures refer to, as text; refused if empty or a boolean."""
    if v is None or isinstance(v, bool) or not str(v).strip():
        msg = "give the date the figures refer to, e.g. 2024-03"
        raise ValueError(msg)
    return str(v)


#: The ``as_of`` field of a user row (custom parts and data overlays): any non-empty
#: date, kept as text (``2024`` and ``2024-03`` alike).
AsOf = Annotated[str, BeforeValidator(_as_of_text)]


class CustomAccelerator(BaseModel):
    """Schema of one user-defined accelerator in a YAML file."""

    model_config = STRICT_MODEL

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"\S")
    based_on: str | None = None
    aliases: list[str] = []
    vendor: str | None = None
    launch_year: int | None = Field(None, ge=LAUNCH_YEAR_MIN, le=YEAR_MAX)
    peak_bf16_flop_per_s: float | None = Field(None, gt=0)
    peak_fp8_flop_per_s: float | None = Field(None, gt=0)
    memory_gb: float | None = Field(None, gt=0)
    memory_bw_gb_per_s: float | None = Field(None, gt=0)
    tdp_w: float | None = Field(None, gt=0)
    system_power_w: float | None = Field(None, gt=0)
    logic_dies: int | None = Field(None, ge=1)
    logic_die_area_mm2: float | None = Field(None, gt=0)
    node: str | None = None
    units_total: int | None = Field(None, ge=1)
    units_enabled: int | None = Field(None, ge=1)
    hbm_stacks: int | None = Field(None, ge=0)
    hbm_sites: int | None = Field(None, ge=0)
    hbm_generation: str | None = None
    package: str | None = None
    base_dies: int | None = Field(None, ge=1)
    base_die_area_mm2: float | None = Field(None, gt=0)
    base_die_node: str | None = None
    price_usd: float | None = Field(None, gt=0)
    source: str = Field(min_length=1, pattern=r"\S")
    as_of: AsOf


class _CustomFile(BaseModel):
    model_config = STRICT_MODEL
    accelerators: list[CustomAccelerator] = Field(min_length=1)


def read_custom_file(path: str | Path) -> tuple[list[CustomAccelerator], Locator]:
    """Read and validate an ``--accelerators`` file.

    Parameters
    ----------
    path : str or Path
        YAML file with an ``accelerators:`` list.

    Returns
    -------
    specs : list of CustomAccelerator
        The validated entries, in file order.
    locate : callable
        The file's line locator (:func:`tigris.yamlio.load_yaml`).

    Raises
    ------
    InputError
        Unreadable file or an invalid entry; every problem with its ``file:line``.
    """
    data, locate = load_yaml(path)
    try:
        parsed = _CustomFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise InputError(validation_problems(exc, str(path), locate)) from None
    return list(parsed.accelerators), locate

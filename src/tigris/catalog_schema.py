"""Schema of user-defined accelerators (``--accelerators FILE`` and data overlays).

Kept apart from :mod:`tigris.catalog` so that reading the shipped catalog does not
import pydantic and the YAML reader: only a user file needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tigris.errors import InputError
from tigris.yamlio import Locator, load_yaml, validation_problems

__all__ = ["CustomAccelerator", "read_custom_file"]


class CustomAccelerator(BaseModel):
    """Schema of one user-defined accelerator in a YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: str = Field(min_length=1)
    based_on: str | None = None
    aliases: list[str] = []
    vendor: str | None = None
    launch_year: int | None = Field(None, ge=1990, le=2100)
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
    hbm_generation: str | None = None
    package: str | None = None
    price_usd: float | None = Field(None, gt=0)
    source: str = Field(min_length=1, pattern=r"\S")
    as_of: str

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_str(cls, v: Any) -> str:
        if v is None or not str(v).strip():
            msg = "give the date the figures refer to, e.g. 2024-03"
            raise ValueError(msg)
        return str(v)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_numbers(cls, v: Any, info: Any) -> Any:
        # YAML reads yes/no/true as booleans, which pydantic would take as 1 and 0.
        if isinstance(v, bool) and info.field_name not in ("name", "based_on", "aliases"):
            msg = f"expected a number, got {str(v).lower()}"
            raise ValueError(msg)
        return v


class _CustomFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
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

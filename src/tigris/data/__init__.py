"""Shipped default data: plain CSV/YAML tables, every row with ``source`` and ``as_of``.

Tables are read with :func:`load_table`; a shipped table with a row lacking a source is
a packaging bug and raises :class:`~tigris.errors.TigrisError`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

from tigris.errors import TigrisError

__all__ = ["REQUIRED_COLUMNS", "list_tables", "load_table"]

#: Columns every shipped table must carry, non-empty on every row.
REQUIRED_COLUMNS = ("source", "as_of")


def list_tables() -> list[str]:
    """Names of the shipped CSV tables (file stems)."""
    root = resources.files(__name__)
    return sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".csv"))


@cache
def _read(name: str) -> pd.DataFrame:
    root = resources.files(__name__)
    path = root / f"{name}.csv"
    if not path.is_file():
        msg = f"no shipped table '{name}'; known: {', '.join(list_tables())}"
        raise TigrisError(msg)
    with path.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment=None, skipinitialspace=True, keep_default_na=True)
    for col in REQUIRED_COLUMNS:
        if col not in df.columns:
            msg = f"shipped table {name}.csv has no '{col}' column"
            raise TigrisError(msg)
        empty = df[col].isna() | (df[col].astype(str).str.strip() == "")
        if empty.any():
            rows = ", ".join(str(i + 2) for i in df.index[empty])
            msg = f"shipped table {name}.csv: empty '{col}' on line(s) {rows}"
            raise TigrisError(msg)
    return df


def load_table(name: str) -> pd.DataFrame:
    """Return a copy of the shipped table ``name`` (e.g. ``"accelerators"``).

    Parameters
    ----------
    name : str
        File stem of a CSV in ``tigris/data``.

    Returns
    -------
    pandas.DataFrame
        The table; ``source`` and ``as_of`` are guaranteed non-empty.
    """
    return _read(name).copy()

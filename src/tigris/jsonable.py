"""Tables as JSON records at full precision.

``DataFrame.to_json`` writes floats with 10 decimal places by default (15 at most):
a plan's ``--json`` then disagreed with itself and with its CSV and Parquet, 0.0719617
against 0.07196169299020228 for one IRR, and a value below 5e-11 became 0 (user test
s57, data engineer #6). :func:`json_records` writes each float as Python's ``repr``
does (the shortest text that reads back to the same double), as ``json.dumps`` does.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["json_records", "json_value"]


def json_value(value: Any) -> Any:
    """One cell as JSON-ready Python: numpy scalars as Python numbers, NaN, infinities
    and missing values (None, ``pd.NA``, ``NaT``) as None, timestamps as ISO text.

    Parameters
    ----------
    value : Any
        A table cell.

    Returns
    -------
    Any
        ``None``, ``bool``, ``int``, ``float``, ``str`` or the value as given (a list
        or dict cell).

    Examples
    --------
    >>> import numpy as np
    >>> json_value(np.float64(0.07196169299020228)), json_value(float("inf"))
    (0.07196169299020228, None)
    """
    if value is None or isinstance(value, str | bool):
        return value
    if hasattr(value, "item") and not isinstance(value, list | dict):
        try:
            value = value.item()  # numpy scalar -> Python
        except (ValueError, TypeError):  # an array cell: left to the caller
            return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int | list | dict):
        return value
    if hasattr(value, "isoformat"):
        try:
            return value.isoformat()
        except ValueError:  # NaT
            return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def json_records(df: Any) -> list[dict[str, Any]]:
    """A table as a list of records, one dict a row, every cell :func:`json_value`.

    Parameters
    ----------
    df : pandas.DataFrame
        The table (its index is not written).

    Returns
    -------
    list of dict
        ``[{column: value}]`` in the table's row and column order.

    Examples
    --------
    >>> import pandas as pd
    >>> json_records(pd.DataFrame({"irr": [0.07196169299020228, float("nan")], "n": [1, 2]}))
    [{'irr': 0.07196169299020228, 'n': 1}, {'irr': None, 'n': 2}]
    """
    cols = [str(c) for c in df.columns]
    return [
        {c: json_value(v) for c, v in zip(cols, row, strict=True)}
        for row in df.itertuples(index=False, name=None)
    ]

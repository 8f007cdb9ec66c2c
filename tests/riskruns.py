"""``tigris risk`` through the real entry point, its result kept, for test modules that
read one run several ways (the printout, ``--json``, the :class:`RiskResult` itself)
instead of solving the same plans again for each.

:func:`risk_kept` keeps every result the command line computes, and gives a second
call with the same arguments the first's result again: the command line is
deterministic for a given seed (same seed, same result bit for bit, docs/risk.md), so a
test that prints one run with ``--json`` and then as text sees what two runs would
print, and every line of the command after the computation (the summary, the JSON
document, the report, the exit code) still runs each time.
"""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import CliResult


@contextlib.contextmanager
def risk_kept() -> Iterator[list[Any]]:
    """Within: ``tigris risk`` (which calls ``tigris.risk.api.risk.__wrapped__``)
    computes its result once per set of arguments; a later call with the same
    arguments gets a deep copy of it. Yields the list of the results computed, in
    order, each a copy made as it was computed (so the command's own reading of it
    cannot change what a test reads); a call answered from an earlier one adds none."""
    import tigris.risk.api as api

    real = api.risk
    inner = real.__wrapped__
    computed: dict[str, Any] = {}
    kept: list[Any] = []

    def once(*args: Any, **kwargs: Any) -> Any:
        key = repr((args, sorted(kwargs.items())))
        if key not in computed:  # kept as computed, before the command reads it
            res = inner(*args, **kwargs)
            computed[key] = copy.deepcopy(res)
            kept.append(computed[key])
            return res
        return copy.deepcopy(computed[key])

    def outer(*args: Any, **kwargs: Any) -> Any:  # the Python API: as it was
        return real(*args, **kwargs)

    outer.__wrapped__ = once  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(api, "risk", outer)
        yield kept


def cli(*args: Any) -> CliResult:
    """``tigris`` in this process, its stdout and stderr captured outside pytest's
    per-test capture (for module fixtures)."""
    from tigris.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return CliResult(code, out.getvalue(), err.getvalue())


def cli_risk(*args: Any) -> tuple[CliResult, Any]:
    """``tigris risk ARGS`` once: what it printed and the :class:`RiskResult` it
    computed (the command line's own, not a second solve)."""
    with risk_kept() as kept:
        res = cli("risk", *args)
    assert len(kept) == 1, (res.code, res.err)
    return res, kept[0]

"""A scenario's site may not take the name the plan gives an incumbent's own site
(user test 2026-12-05, owners #3).

With incumbents responding, the plan names their sites ``owner@site`` (``tsmc@taiwan``,
``tigris.plan.assemble_sites``). A scenario site added under such a name (through a
``--data`` row) was accepted: its two modules were the investor's in ``builds`` and
``capacity`` but TSMC's in ``finance_sites`` and ``subsidies``, so the per-owner tables
disagreed. Such a name is now refused at its line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import SMALL, CliResult, assert_one_line_error, line_of, write_scenario


def test_an_owner_at_site_name_is_refused_at_its_line(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    assert "  - name: japan\n" in SMALL
    text = SMALL.replace("  - name: japan\n", "  - name: tsmc@japan\n", 1)
    path = write_scenario(tmp_path, text)
    line = line_of(path, "tsmc@japan")
    for verb in (("scenario", "check"), ("plan",)):
        res = run_cli(*verb, path, "--no-store") if verb == ("plan",) else run_cli(*verb, path)
        assert_one_line_error(
            res, f"{path}:{line}: sites.", ".name: 'tsmc@japan': '@' marks an incumbent's"
        )

"""The dashboard's subsidy controls take what a scenario file and ``--set`` take: a share
of capex below 100 % (the schema's ``Site.subsidy_share_of_capex``, ``lt=1``), in the
page's whole-percent steps up to 99 %. The page capped it at 90 % (``SUBSIDY_MAX =
0.9``), so 95 %, which ``tigris plan --set`` accepts, was refused in the browser."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths
from tigris.scenario.schema import Site
from tigris.serve.controls import _check, controls_for, whatif

SUBSIDY = "subsidy_share_of_capex"


def _subsidy_controls():
    cs = [c for c in controls_for(reference_scenario()) if c.path.endswith(SUBSIDY)]
    assert len(cs) >= 4  # one per site of the reference
    return cs


def test_each_subsidy_control_ends_where_the_schema_ends() -> None:
    for c in _subsidy_controls():
        top = c.max / 100.0  # [% of capex] -> share
        Site(name="x", subsidy_share_of_capex=top)  # the schema takes the page's top
        beyond = (c.max + c.step) / 100.0  # one step more: 100 %, which it refuses
        with pytest.raises(ValidationError):
            Site(name="x", subsidy_share_of_capex=beyond)
        with pytest.raises(InputError):
            _check(c, c.max + c.step)


def test_a_share_the_cli_takes_the_page_takes() -> None:
    ref = reference_scenario()
    path = f"sites.germany.{SUBSIDY}"
    by_cli = set_paths(ref, {path: 0.95}, field="--set")  # as tigris plan --set does
    c = next(c for c in _subsidy_controls() if c.path == path)
    assert _check(c, 95.0) == 95.0  # refused at 90 % before
    w = whatif(ref, {c.id: 95.0})
    assert w.scenario.get(path) == pytest.approx(0.95) == by_cli.get(path)

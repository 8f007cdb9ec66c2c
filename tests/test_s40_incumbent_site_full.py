"""An incumbent's full site says where its cap comes from (user test, 2026-12-05).

With ``incumbents.respond`` the incumbents build at their own sites (``<owner>@<site>``),
each capped by a row of ``data/incumbent_sites.csv``. The explanation of a full site
was the investor's: "an assumption of the scenario (sites.microsoft@texas-usa.
max_modules) ... its source: the assumptions row 'site microsoft@texas-usa: max
modules'. To lift it: --set sites.microsoft@texas-usa.max_modules=N". No such
assumptions row exists and that ``--set`` is refused (no scenario site has the name).
Now the sentence quotes the table's row: its cap, its source, and that no scenario field
sets it.
"""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest

from tigris.errors import InputError

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def responding() -> object:
    from tigris.plan.solve import solve
    from tigris.scenario import reference_scenario

    return solve(reference_scenario().set("incumbents.respond", True))


def _table() -> dict[tuple[str, str], dict[str, str]]:
    text = files("tigris").joinpath("data/incumbent_sites.csv").read_text(encoding="utf-8")
    return {(r["owner"], r["site"]): r for r in csv.DictReader(text.splitlines())}


def test_a_full_incumbent_site_quotes_its_table_row(responding: object) -> None:
    table = _table()
    full = [e.text for e in responding.binding if e.kind == "site_modules" and "@" in e.text]
    assert full, "the reference with incumbents responding fills an incumbent's site"
    for text in full:
        site = text.split("Site ", 1)[1].split(" ", 1)[0]  # microsoft@texas-usa
        where = site.split("@", 1)[1]
        (owner, row), *more = [
            (o, r)
            for (o, s), r in table.items()
            if s == where and o.lower().replace(" ", "-") == site.split("@")[0]
        ]
        assert not more
        cap = int(row["max_modules"])
        assert f"all {cap} modules it may host are built or started" in text
        assert "data/incumbent_sites.csv" in text
        assert row["source"].strip().rstrip(".")[:80] in text
        assert "--set" not in text and "assumptions row" not in text
        assert "No scenario field sets it" in text
        assert f"({owner}'s own site in {where})" in text


def test_the_old_advice_was_refused() -> None:
    """What the sentence used to advise: no scenario site has an incumbent's name."""
    from tigris.scenario import reference_scenario

    with pytest.raises(InputError, match="microsoft@texas-usa"):
        reference_scenario().set("incumbents.respond", True).set(
            "sites.microsoft@texas-usa.max_modules", 30
        )

"""UT-CONTRIB (2026-12-04) findings 3, 4, 9 and 13: where a contributor's data goes.

3. An overlay site's tax rate is cited to the overlay file's line with its own source
   and as_of, not to data/tax_rates.csv (which has no such row).
4. A key of ``sources:`` that names no field is refused at its line.
9, 13. A shipped row with an empty or malformed ``as_of`` is one ``file:line`` error,
   exit 2, no traceback.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.overlay import data_overlay
from tigris.scenario import load_scenario

SITE = """\
sites:
  - name: malaysia
    based_on: japan
    construction_cost_multiplier: 1.1
    corporate_tax_rate: 0.24
    source: "Malaysia corporate income tax 24% (LHDN, test)"
    as_of: 2026-06
"""


def test_an_overlay_tax_rate_is_cited_to_its_file_line(tmp_path: Path) -> None:
    from tigris.overlay import overlay_source

    path = tmp_path / "d.yaml"
    path.write_text(SITE, encoding="utf-8")
    with data_overlay(path):
        cited = overlay_source("tax_rates", "malaysia", "corporate_tax_rate")
        assert overlay_source("tax_rates", "japan", "corporate_tax_rate") is None
    assert cited is not None
    assert cited.startswith(f"--data {path}:5: tax_rates malaysia corporate_tax_rate")
    assert "LHDN, test" in cited and "as_of 2026-06" in cited
    assert "data/tax_rates.csv" not in cited
    assert overlay_source("tax_rates", "malaysia", "corporate_tax_rate") is None  # no overlay


def test_the_plan_dates_an_overlay_citation_by_the_overlay_row(tmp_path: Path) -> None:
    """The assumptions' as_of of a row quoting the overlay's source is the overlay's."""
    from tigris.overlay import overlay_source
    from tigris.plan.result import _data_rows, assumption_as_of

    path = tmp_path / "d.yaml"
    path.write_text(SITE, encoding="utf-8")
    with data_overlay(path):
        cited = overlay_source("tax_rates", "malaysia", "corporate_tax_rate")
        assert assumption_as_of(str(cited), frozenset(), _data_rows()) == "2026-06"


def _reference_with_sources(tmp_path: Path, key: str) -> Path:
    ref = resources.files("tigris.data") / "reference_scenario.yaml"
    doc = yaml.safe_load(ref.read_text(encoding="utf-8"))
    doc.setdefault("sources", {})[key] = "my estimate"
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_a_typo_under_sources_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    path = _reference_with_sources(tmp_path, "sites.texsa-usa.max_modules")
    with pytest.raises(InputError) as err:
        load_scenario(path)
    (p,) = err.value.problems
    assert p.field == "sources.sites.texsa-usa.max_modules" and p.line is not None
    assert "did you mean 'texas-usa'" in p.message


def test_a_known_path_under_sources_is_accepted(tmp_path: Path) -> None:
    sc = load_scenario(_reference_with_sources(tmp_path, "sites.texas-usa.max_modules"))
    assert sc.sources["sites.texas-usa.max_modules"] == "my estimate"


def _set_as_of(root: Path, name: str, value: str) -> int:
    """Set the as_of of the h100-sxm row of accelerators.csv; return its line."""
    path = root / "accelerators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    assert header[-1] == "as_of"
    i = next(k for k, ln in enumerate(lines) if ln.startswith(f"{name},"))
    cells = lines[i].rstrip("\n").rsplit(",", 1)
    lines[i] = f"{cells[0]},{value}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return i + 1


@pytest.mark.parametrize(("value", "needle"), [("", "empty"), ("soon", "not a date")])
def test_a_bad_shipped_as_of_is_one_line(run_cli, edited_tables: Path, value, needle) -> None:
    line = _set_as_of(edited_tables, "h100-sxm", value)
    res = run_cli("catalog", "h100")
    assert_one_line_error(res, f"accelerators.csv:{line}: as_of: ", needle)

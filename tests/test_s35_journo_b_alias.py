"""A custom part named like a shipped alias is refused (UT-JOURNO defect 9).

``name: h100`` in a custom file made ``h100`` (the alias of the catalog's ``h100-sxm``)
name the file's part everywhere, the roadmap's and shipments' rows included, with no
word; the journalist's part without ``based_on`` then failed later, elsewhere, as "h100
has no system power". Refused at the name's line, naming both; the canonical name still
replaces its row, and a new name is unaffected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.catalog import get_accelerator, load_catalog
from tigris.errors import InputError

ROW = """accelerators:
  - name: {name}
{extra}    peak_bf16_flop_per_s: 1.0e15
    source: test part
    as_of: 2026-12
"""


def _file(tmp_path: Path, name: str, extra: str = "") -> Path:
    p = tmp_path / "parts.yaml"
    p.write_text(ROW.format(name=name, extra=extra))
    return p


@pytest.mark.parametrize("name", ["h100", "H100", "mi300"])
def test_alias_as_a_name_is_refused(tmp_path: Path, name: str) -> None:
    shipped = load_catalog()
    owner = next(a.name for a in shipped.values() if name.lower() in a.aliases)
    path = _file(tmp_path, name)
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    (problem,) = exc.value.problems
    assert problem.line == 2
    assert problem.field == "accelerators.0.name"
    assert f"'{name.lower()}' is an alias of the catalog's '{owner}'" in problem.message
    assert f"name: {owner}" in problem.message


def test_canonical_name_and_new_name_still_work(tmp_path: Path) -> None:
    path = _file(tmp_path, "h100-sxm", "    based_on: h100-sxm\n")
    acc = get_accelerator("h100", custom=path)  # the alias still reaches the replaced row
    assert acc.name == "h100-sxm"
    assert acc.peak_bf16_flop_per_s == 1.0e15
    path = _file(tmp_path, "neuro-h100", "    based_on: h100\n")
    assert get_accelerator("neuro-h100", custom=path).peak_bf16_flop_per_s == 1.0e15
    assert get_accelerator("h100").peak_bf16_flop_per_s == pytest.approx(989.4e12)

"""s50 contributor test, defect 2: a shipped accelerators.csv row whose alias names
another part (a copy of the h200 row carrying alias ``h200-sxm`` with another peak) was
silently unreachable (``tigris catalog h200-sxm`` still showed h200), while the same
clash in a ``--data`` file is refused at its line. It is now one ``file:line`` error
when the catalog loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError


def _add_copy(root: Path, name: str, aliases: str) -> int:
    """Append a copy of the h200 row named ``name`` with ``aliases`` and a doubled BF16
    peak to accelerators.csv; return its line."""
    path = root / "accelerators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(ln for ln in lines if ln.startswith("h200,"))
    assert row.startswith("h200,h200-sxm,NVIDIA,2024,9.895e14,")
    copy = row.replace("h200,h200-sxm,NVIDIA,2024,9.895e14,", f"{name},{aliases},NVIDIA,2024,2e15,")
    text = "".join(lines)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + copy, encoding="utf-8")
    return len(lines) + 1


def test_a_repeated_shipped_alias_is_refused_at_its_line(run_cli, edited_tables: Path) -> None:
    line = _add_copy(edited_tables, "acme-x2", "h200-sxm")
    res = run_cli("catalog", "h200-sxm")
    assert_one_line_error(
        res, f"accelerators.csv:{line}: aliases: ", "alias 'h200-sxm'", "'h200'", "another alias"
    )


def test_an_alias_naming_another_shipped_part_is_refused(edited_tables: Path) -> None:
    line = _add_copy(edited_tables, "acme-x2", "acme|h100-sxm")
    from tigris.catalog import load_catalog

    with pytest.raises(InputError) as err:
        load_catalog()
    (p,) = err.value.problems
    assert (p.field, p.line) == ("aliases", line)
    assert p.file is not None and p.file.endswith("accelerators.csv")
    assert "is the name of 'h100-sxm'" in p.message


def test_a_shipped_name_given_twice_is_refused(edited_tables: Path) -> None:
    line = _add_copy(edited_tables, "H200", "")
    from tigris.catalog import load_catalog

    with pytest.raises(InputError) as err:
        load_catalog()
    (p,) = err.value.problems
    assert (p.field, p.line) == ("name", line)
    assert "'h200' names the row at line" in p.message


def test_a_new_shipped_row_with_its_own_aliases_loads(run_cli, edited_tables: Path) -> None:
    _add_copy(edited_tables, "acme-x2", "acme|acme-x2-sxm")
    res = run_cli("catalog", "acme-x2-sxm", "--json")
    assert res.code == 0, res.err
    assert '"acme-x2"' in res.out

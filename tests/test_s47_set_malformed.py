"""A malformed ``--set`` path is refused naming ``--set``, as every other ``--set``
error is (user test s47 scenario #9: ``--set 'sites..max_modules=1'`` said
``error: sites..max_modules: an empty segment ...`` with no option named)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import assert_one_line_error


@pytest.mark.parametrize(
    "edit", ["sites..max_modules=1", "discount_rate.=0.1", "distributions[discount_rate=null"]
)
def test_a_malformed_set_path_names_the_option(run_cli: Any, edit: str) -> None:
    res = run_cli("plan", "--no-store", "--set", edit)
    assert_one_line_error(res, "--set: ", edit.split("=", 1)[0])


def test_a_huge_set_value_is_echoed_cut(run_cli: Any) -> None:
    """A 1,000-digit value is echoed cut, not whole (user test s47 scenario #10: a
    2,054-character line)."""
    res = run_cli("plan", "--no-store", "--set", "discount_rate=" + "9" * 1000)
    assert_one_line_error(res, "--set: discount_rate=", "(1,000 ch)")
    assert len(res.err) < 300

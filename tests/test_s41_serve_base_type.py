"""A page's scenario store that is not text is refused in words (user test 2026-12-05
serve, minor: ``base.data`` sent as a number, a mapping or a list gave "internal error
(logged)" from an AttributeError, and the status blamed the controls' values)."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.serve.callbacks import ServeContext


@pytest.mark.parametrize("base", [3, {"a": 1}, ["x"]])
def test_a_base_that_is_not_text_is_refused(base: object) -> None:
    ctx = ServeContext(base=reference_scenario(), jobs=None)  # type: ignore[arg-type]
    with pytest.raises(InputError) as info:
        ctx.session_base(base)  # type: ignore[arg-type]
    (p,) = info.value.problems
    assert p.field == "base" and "must be YAML text" in p.message


def test_no_base_is_the_servers() -> None:
    sc = reference_scenario()
    ctx = ServeContext(base=sc, jobs=None)  # type: ignore[arg-type]
    assert ctx.session_base(None)[0] is sc


@pytest.mark.parametrize("path", ["", "   "])
def test_an_empty_path_is_refused_as_such(path: str) -> None:
    """``tigris.load_scenario("")`` said ".: is a directory" (Path("") is ".")."""
    import tigris

    with pytest.raises(InputError) as info:
        tigris.load_scenario(path)
    (p,) = info.value.problems
    assert p.field == "path" and "empty string" in p.message

"""A misspelt option of the roadmap entry suggests the roadmap's own options.

``products: [{roadmap: {min_share_scal: 0}}]`` said "did you mean 'min_share'?", a field
of a product of one's own, which the roadmap entry does not take (NEURO-FIX, S36); the
roadmap entry's options are ``tigris.world.roadmap.ROADMAP_OPTIONS``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any


def test_a_misspelt_roadmap_option(run_cli: Any, tmp_path: Path) -> None:
    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")
    assert text.count("\nproducts: roadmap\n") == 1
    text = text.replace("\nproducts: roadmap\n", "\nproducts:\n  - roadmap: {min_share_scal: 0}\n")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2
    lines = res.err.strip().splitlines()
    assert len(lines) == 1, res.err
    assert "products.0.roadmap.min_share_scal: unknown field" in lines[0]
    assert "did you mean 'min_share_scale'?" in lines[0]

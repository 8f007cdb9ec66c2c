"""Every file the package needs at run time is shipped by a non-editable install.

``pip install .`` (or a wheel) copies only the ``[tool.setuptools.package-data]``
patterns besides the modules; ``serve/assets/stale.js``, which the dashboard loads to
mark numbers of an older solve, was left out (user test s46 README #8), so only an
editable install had it. Each file under ``src/tigris`` that is not a module must match
one pattern.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tigris"


def test_every_data_file_of_the_package_is_in_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tigris"]
    files = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert "serve/assets/stale.js" in files
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == []

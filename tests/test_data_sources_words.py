"""No shipped data file rests a figure on "from memory".

The project rule is that every number has a source and an estimate says whose. A source
cell that says a figure is "from memory" names neither: it must cite a public source or
say plainly "tigris assumption (unverified)". This test reads every shipped data file's
text (CSV, YAML, JSON) and fails, naming the file and line, if the words appear in any
letter case.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

DATA = resources.files("tigris.data")
DATA_SUFFIXES = (".csv", ".yaml", ".yml", ".json")
DATA_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(DATA_SUFFIXES))

# "from memory", "From Memory", "from  memory" (any whitespace, any case)
FORBIDDEN = re.compile(r"from\s+memory", re.IGNORECASE)


def forbidden_lines(text: str) -> list[int]:
    """Line numbers (1-based) of ``text`` that contain the forbidden words.

    Parameters
    ----------
    text : str
        A data file's text.

    Returns
    -------
    list of int
        1-based line numbers; empty when the text is clean.
    """
    return [i for i, line in enumerate(text.splitlines(), start=1) if FORBIDDEN.search(line)]


def test_the_files_checked_include_the_tables_that_had_the_words() -> None:
    # a glob that matched nothing would make the parametrised test below pass vacuously
    for name in ("grid.csv", "sites.csv", "fab_parameters.csv", "reference_scenario.yaml"):
        assert name in DATA_FILES


def test_the_check_finds_the_words_in_any_case() -> None:
    text = 'a,b,source\n1,2,"ok"\n3,4,"EU 244 g (From Memory, unverified)"\n5,6,"from\tmemory"\n'
    assert forbidden_lines(text) == [3, 4]
    assert forbidden_lines('1,2,"tigris assumption (unverified): memory bandwidth"') == []


@pytest.mark.parametrize("name", DATA_FILES)
def test_no_data_file_says_from_memory(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    bad = forbidden_lines(text)
    assert not bad, (
        f"{name}: lines {bad[:10]} say 'from memory'; cite a public source or write "
        "'tigris assumption (unverified): ...'"
    )

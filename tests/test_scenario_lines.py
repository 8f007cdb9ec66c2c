"""``file:line`` of every leaf of the reference scenario, mutated one at a time.

Each scalar of ``src/tigris/data/reference_scenario.yaml`` and of the old-style
reference with every map written out (``tests/scenario_explicit.yaml``), values and year
keys, is replaced in the text by a value of the wrong kind; the problem must name that
leaf's field path and the line it is written on (it pointed one line off for booleans,
nulls and year keys).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tigris.errors import InputError
from tigris.scenario import load_scenario, reference_scenario_text


@dataclass(frozen=True)
class Leaf:
    """One scalar of the reference scenario's text."""

    path: tuple[str, ...]  # field path, every part as text ("demand", "0", "h100e_by_year")
    line: int  # 1-based line of the scalar
    start: int  # character span of the scalar in the text
    end: int
    text: str  # the scalar as written
    is_key: bool  # a mapping key (a year), not a value
    doc: str = "reference"  # which scenario text (a key of TEXTS)

    def __str__(self) -> str:
        return f"{self.doc}:" + ".".join(self.path)


def leaves(text: str) -> list[Leaf]:
    """Every scalar value and every integer mapping key (year) of a YAML text."""
    out: list[Leaf] = []

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.ScalarNode):
            s, e = node.start_mark, node.end_mark
            out.append(Leaf(path, s.line + 1, s.index, e.index, text[s.index : e.index], False))
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value.isdigit():
                    s, e = k.start_mark, k.end_mark
                    out.append(Leaf((*path, k.value), s.line + 1, s.index, e.index, k.value, True))
                walk(v, (*path, k.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, str(i)))

    walk(yaml.compose(text, Loader=yaml.SafeLoader), ())
    return out


def mutate(text: str, leaf: Leaf, value: str) -> str:
    """``text`` with ``leaf`` replaced by ``value`` (YAML source text); a block scalar
    (``description: >-``) keeps its closing line break."""
    tail = "\n" if leaf.text.endswith("\n") else ""
    return text[: leaf.start] + value + tail + text[leaf.end :]


REFERENCE = reference_scenario_text()
#: The scenario texts whose leaves are mutated: the reference (world layer) and the
#: old-style one (every map written out).
TEXTS = {
    "reference": REFERENCE,
    "explicit": Path(__file__).with_name("scenario_explicit.yaml").read_text(encoding="utf-8"),
}
LEAVES = [
    Leaf(lf.path, lf.line, lf.start, lf.end, lf.text, lf.is_key, doc)
    for doc, text in TEXTS.items()
    for lf in leaves(text)
]
#: Boolean fields (``incumbents.respond``): ``true`` is a value they take.
BOOLEAN_FIELDS = {"respond"}


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return str(info.value).splitlines()


def test_the_reference_has_leaves_of_every_kind() -> None:
    assert len(LEAVES) > 150 and {lf.doc for lf in LEAVES} == set(TEXTS)
    assert any(leaf.is_key for leaf in LEAVES)
    assert {"name", "source", "first_year", "priority"} <= {leaf.path[-1] for leaf in LEAVES}


@pytest.mark.parametrize(
    "leaf", [lf for lf in LEAVES if not lf.is_key and lf.path[-1] not in BOOLEAN_FIELDS], ids=str
)
def test_a_boolean_in_any_value_is_named_at_its_line(tmp_path: Path, leaf: Leaf) -> None:
    """Only ``incumbents.respond`` is a yes/no, so ``true`` is wrong in every other value."""
    path = tmp_path / "s.yaml"
    path.write_text(mutate(TEXTS[leaf.doc], leaf, "true"), encoding="utf-8")
    field = ".".join(leaf.path)
    expected = f"{path}:{leaf.line}: {field}: expected "
    lines = _problems(path)
    assert any(ln.startswith(expected) and "YAML boolean (true)" in ln for ln in lines), lines


@pytest.mark.parametrize("leaf", [lf for lf in LEAVES if lf.is_key], ids=str)
def test_a_bad_year_key_is_named_at_its_line(tmp_path: Path, leaf: Leaf) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(mutate(TEXTS[leaf.doc], leaf, "33:45"), encoding="utf-8")
    parent = ".".join(leaf.path[:-1])
    expected = f"{path}:{leaf.line}: {parent}: expected a year (integer) as key, got '33:45'"
    assert expected in _problems(path)


@pytest.mark.parametrize(
    "leaf",
    [
        lf
        for lf in LEAVES
        if not lf.is_key and lf.path[-1] in {"first_year", "priority", "pue", "name"}
    ],
    ids=str,
)
def test_a_null_is_named_at_its_line_or_accepted(tmp_path: Path, leaf: Leaf) -> None:
    """``~`` leaves an optional field unset (valid) or is an error at its own line."""
    path = tmp_path / "s.yaml"
    path.write_text(mutate(TEXTS[leaf.doc], leaf, "~"), encoding="utf-8")
    try:
        load_scenario(path)
    except InputError as exc:
        field = ".".join(leaf.path)
        lines = str(exc).splitlines()
        assert any(ln.startswith(f"{path}:{leaf.line}: {field}: ") for ln in lines), lines


@pytest.mark.parametrize(
    ("key", "shown"),
    [("true", "a YAML boolean (true)"), ("2025.5", "2025.5"), ("null", "nothing (null)")],
)
def test_a_year_key_of_another_kind_is_shown_as_written_at_its_line(
    tmp_path: Path, key: str, shown: str
) -> None:
    """A boolean key was shown as '1' one line up; a fractional key split at its dot."""
    leaf = next(lf for lf in LEAVES if lf.is_key and lf.path[:2] == ("supply", "cowos_wspm"))
    path = tmp_path / "s.yaml"
    path.write_text(mutate(TEXTS[leaf.doc], leaf, key), encoding="utf-8")
    parent = ".".join(leaf.path[:-1])
    expected = f"{path}:{leaf.line}: {parent}: expected a year (integer) as key, got {shown}"
    assert expected in _problems(path)

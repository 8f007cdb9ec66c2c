"""Bounded, total YAML reading: every hostile file is one ``file:line`` problem, fast."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.yamlio import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_yaml, read_yaml

#: Wall-clock bound for refusing any one hostile file [s] (2 shared cores, libyaml).
_FAST_S = 5.0


def _refused(path: Path | str) -> str:
    """The one problem line a file gives, checked to come quickly."""
    t0 = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_yaml(path)
    assert time.perf_counter() - t0 < _FAST_S
    (line,) = str(info.value).splitlines()
    assert line.startswith(str(path))
    return line


def _write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert _refused(device) == f"{device}: not a regular file (a pipe, device or socket); " + (
        "give a YAML file"
    )


def test_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    assert _refused(tmp_path).endswith("is a directory, expected a YAML file")
    assert _refused(tmp_path / "nope.yaml").endswith("file not found")


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\n")
    assert f"at most {MAX_FILE_BYTES:,} are read" in _refused(path)
    just_under = _write(tmp_path, "# " + "x" * (MAX_FILE_BYTES - 20) + "\na: 1\n", "ok.yaml")
    assert read_yaml(just_under).data == {"a": 1}


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    """Nine levels of nine aliases each expand to 9**9 (387 million) values."""
    names = "abcdefghij"
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, cur in itertools.pairwise(names):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    line = _refused(_write(tmp_path, "\n".join(lines) + "\n"))
    assert f"aliases expanded the document has more than {MAX_NODES:,} values" in line


def test_a_quadratic_alias_chain_fails_fast(tmp_path: Path) -> None:
    """Each entry lists the previous one twice: 2**n values from n lines."""
    lines = ["a0: &a0 [1]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    assert "aliases expanded" in _refused(_write(tmp_path, "\n".join(lines) + "\n"))


def test_a_self_referring_alias_is_refused(tmp_path: Path) -> None:
    line = _refused(_write(tmp_path, "x: 1\nname: &a [1, *a]\n"))
    assert line.endswith(":2: not valid here: a YAML alias refers to itself (&a ... *a inside it)")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    """An accelerators file nested 5,000 deep ended in RecursionError."""
    flow = _write(tmp_path, "accelerators: " + "[" * depth + "]" * depth + "\n")
    assert ":1: not valid" in _refused(flow)
    block = "".join("  " * i + f"k{i}:\n" for i in range(min(depth, 200)))
    assert "nested deeper than" in _refused(_write(tmp_path, block, "block.yaml"))


def test_deep_nesting_within_the_limit_reads(tmp_path: Path) -> None:
    depth = MAX_DEPTH - 1
    doc = read_yaml(_write(tmp_path, "a: " + "[" * depth + "1" + "]" * depth + "\n")).data
    for _ in range(depth):
        (doc,) = doc["a"] if isinstance(doc, dict) else doc
    assert doc == 1


def test_too_many_values_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: [" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n")
    assert f"more than {MAX_NODES:,} values" in _refused(path)


@pytest.mark.parametrize(
    ("content", "line", "text"),
    [
        (b"name: x\n\xff\xfe\x00garbage", 2, "not UTF-8 text (byte 0xff)"),
        (b"name: x\nyear: \x00\x01\x02\n", 2, "control character #x0000"),
        (b"", 1, "no YAML content (the file is empty or only comments)"),
        (b"# only\n# comments\n", 1, "no YAML content"),
        (b"a: [1, 2\n", 1, "not valid YAML: unclosed [ (parser stopped at the end of the file"),
        (b"a: 1\n---\nb: 2\n", 2, "not valid YAML"),
        (("a: " + "9" * 5_000 + "\n").encode(), 1, "an integer of more than 30 digits"),
    ],
)
def test_binary_empty_and_broken_files_name_their_line(
    tmp_path: Path, content: bytes, line: int, text: str
) -> None:
    path = _write(tmp_path, content)
    got = _refused(path)
    assert got.startswith(f"{path}:{line}: ") and text in got, got


def test_yaml_1_2_core_schema_numbers_and_text(tmp_path: Path) -> None:
    """YAML 1.2 reads exponents without a dot as floats and yes/no, 33:45, 1_000 as text
    (PyYAML's YAML 1.1 default reads 1e6 as text, yes as True, 33:45 as 2025)."""
    path = _write(
        tmp_path,
        "a: 1e6\nb: 1.5e0\nc: -5e-1\nd: '13'\ne: yes\nf: off\ng: 33:45\nh: 017\n"
        "i: 1_000\nj: true\nk: ~\nl: .inf\n2025: year\n33:45: text\n",
    )
    data = read_yaml(path).data
    assert data["a"] == 1e6 and isinstance(data["a"], float)
    assert data["b"] == 1.5 and data["c"] == -0.5
    assert data["d"] == "13" and data["e"] == "yes" and data["f"] == "off"
    assert data["g"] == "33:45" and data["h"] == 17 and data["i"] == "1_000"
    assert data["j"] is True and data["k"] is None and data["l"] == float("inf")
    assert data[2025] == "year" and data["33:45"] == "text"


def test_duplicate_keys_are_kept_as_problems_and_refused_by_load_yaml(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    doc = read_yaml(path)
    assert [(p.field, p.line) for p in doc.duplicates] == [("b.c", 4), ("a", 5)]
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert str(info.value).splitlines() == [
        f"{path}:4: b.c: given twice (first on line 3); YAML would keep the last",
        f"{path}:5: a: given twice (first on line 1); YAML would keep the last",
    ]


def test_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    path = _write(tmp_path, "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 3\n")
    data, _ = load_yaml(path)
    assert data["c"] == {"x": 3, "y": 2}


def test_locator_finds_year_keys_list_items_and_nulls(tmp_path: Path) -> None:
    path = _write(tmp_path, "m:\n  2025: 1\n  2026:\n  '2027': true\nl:\n  - a: ~\n  -\n    b: 2\n")
    _, locate = load_yaml(path)
    assert locate(("m", 2025)) == 2 and locate(("m", "2025")) == 2
    assert locate(("m", 2026)) == 3 and locate(("m", 2027)) == 4
    assert locate(("l", 0, "a")) == 6 and locate(("l", 1, "b")) == 8
    assert locate(("l", 1, "nope")) == 8 and locate(("zzz",)) == 1


def test_accelerators_file_with_duplicate_keys_is_refused(run_cli, tmp_path: Path) -> None:
    """The last of two equal keys used to win silently in an --accelerators file."""
    path = _write(
        tmp_path,
        "accelerators:\n  - name: x\n    based_on: h100\n    source: s\n    as_of: 2024\n"
        "    peak_bf16_flop_per_s: 1.0e15\n    peak_bf16_flop_per_s: 1.0e18\n",
    )
    res = run_cli("catalog", "--accelerators", str(path), "x")
    assert res.code == 2
    assert res.err.splitlines() == [
        f"error: {path}:7: accelerators.0.peak_bf16_flop_per_s: given twice (first on line 6); "
        "YAML would keep the last"
    ]


@pytest.mark.parametrize("kind", ["fifo", "deep", "zero"])
def test_cli_refuses_hostile_scenario_and_accelerator_files(
    run_cli, tmp_path: Path, kind: str
) -> None:
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs")
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    elif kind == "zero":
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("no /dev/zero")
    else:
        path = _write(tmp_path, "accelerators: " + "[" * 5_000 + "]" * 5_000 + "\n")
    for args in (("scenario", "check", str(path)), ("catalog", "--accelerators", str(path))):
        t0 = time.perf_counter()
        res = run_cli(*args)
        assert time.perf_counter() - t0 < _FAST_S
        assert res.code == 2, (args, res.err)
        (line,) = res.err.splitlines()
        assert line.startswith(f"error: {path}") and "Traceback" not in res.err


@pytest.mark.parametrize(
    ("broken", "opened", "stopped", "what"),
    [
        # user test 2026-12-03 #12: an unclosed [ on line 49 of the reference was
        # reported at line 55, the next key, where the parser gave up
        ("discount_rate: [0.08", 3, "line 6", "unclosed ["),
        ("discount_rate: {a: 0.08", 3, "line 6", "unclosed {"),
        ('name: "reference', 3, "the end of the file", "unclosed quote"),  # runs to the end
    ],
)
def test_unclosed_bracket_is_reported_where_it_opened(
    tmp_path: Path, broken: str, opened: int, stopped: str, what: str
) -> None:
    text = f"# a comment\nhorizon: 2035\n{broken}\n# one\n# two\nobjective: serve\n"
    got = _refused(_write(tmp_path, text.encode()))
    assert got.startswith(f"{tmp_path / 'f.yaml'}:{opened}: not valid YAML: {what}"), got
    assert f"parser stopped at {stopped}" in got, got


def test_other_syntax_errors_keep_the_parser_line(tmp_path: Path) -> None:
    """A bad indentation is where the parser found it, not where its mapping began."""
    got = _refused(_write(tmp_path, b"a:\n  b: 1\n  c: 2\n d: 3\n"))
    assert ":4: not valid YAML" in got and "unclosed" not in got, got

"""Uploaded scenarios (tigris.serve.upload): the file loader's answers, through a data URL.

An upload must give the scenario the same text gives as a file, and every problem the
file loader reports, named ``<filename>:LINE`` at the line the text has it on (found
here in the text itself); the size limit holds before decoding; fuzzed uploads fail
only as input errors.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL, replaced
from tigris.errors import InputError
from tigris.scenario import reference_scenario, reference_scenario_text
from tigris.scenario.edit import load_any
from tigris.scenario.load import load_scenario
from tigris.serve.limits import MAX_UPLOAD_BYTES
from tigris.serve.upload import scenario_from_upload
from tigris.yamlio import MAX_FILE_BYTES


def url(data: bytes, media: str = "application/x-yaml") -> str:
    """A file as Dash's dcc.Upload sends it."""
    return f"data:{media};base64," + base64.b64encode(data).decode("ascii")


def _line(text: str, start: str) -> int:
    """1-based line of the first line of ``text`` starting with ``start``."""
    return next(i for i, s in enumerate(text.splitlines(), 1) if s.lstrip().startswith(start))


def test_an_upload_is_the_scenario_its_text_is() -> None:
    assert scenario_from_upload(url(SMALL.encode()), "small.yaml") == load_any(SMALL)
    ref = reference_scenario_text().encode("utf-8")
    assert scenario_from_upload(url(ref, "text/yaml"), "ref.yaml") == reference_scenario()
    assert scenario_from_upload(url(b"\xef\xbb\xbf" + SMALL.encode()), "bom.yaml") == load_any(
        SMALL
    )  # a UTF-8 byte-order mark, as an editor may save it


def test_problems_are_the_file_loaders_named_by_the_upload(tmp_path: Path) -> None:
    text = replaced(SMALL, ("discount_rate: 0.08", "discount_rate: 1.5"), ("pue: 1.2", "pue: x"))
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as as_file:
        load_scenario(path)
    with pytest.raises(InputError) as as_upload:
        scenario_from_upload(url(text.encode()), "mine.yaml")
    # the same problems, the file named as uploaded
    assert str(as_upload.value) == str(as_file.value).replace(str(path), "mine.yaml")
    lines = str(as_upload.value).splitlines()
    assert lines[0].startswith(f"mine.yaml:{_line(text, 'discount_rate')}: discount_rate:")
    assert lines[1].startswith(f"mine.yaml:{_line(text, 'pue')}: pue: expected a number")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"name: x\nhorizon: [2026\n", "bad.yaml:2: not valid YAML: unclosed ["),  # where it opened
        (b"name: ok\n\xff\xfe\n", "bad.yaml:2: not UTF-8 text (byte 0xff)"),
        (b"", "bad.yaml:1: no YAML content"),
        (b"# only a comment\n", "bad.yaml:1: no YAML content"),
        (b"\x00\x01\x02", "bad.yaml:1: not YAML text: control character"),
        (b"- a list\n- not a scenario\n", "bad.yaml:1: scenario: expected a mapping of fields"),
        (
            SMALL.encode() + b"pue: 1.3\n",
            f"bad.yaml:{len(SMALL.splitlines()) + 1}: pue: given twice",
        ),
    ],
)
def test_a_bad_file_names_its_line(data: bytes, expected: str) -> None:
    with pytest.raises(InputError) as err:
        scenario_from_upload(url(data), "bad.yaml")
    assert expected in str(err.value)


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        (None, "no file was uploaded"),
        ("", "no file was uploaded"),
        ("name: x", "not an uploaded file"),
        ("data:text/yaml,name: x", "not base64 data"),
        ("data:;base64,@@@@", "not base64 data"),
        ("data:;base64,bmFtZ", "not base64 data"),  # truncated
        ("data:" + "x" * 1000 + ";base64,", "not an uploaded file"),
    ],
)
def test_not_an_upload_is_one_input_error(contents: object, expected: str) -> None:
    with pytest.raises(InputError) as err:
        scenario_from_upload(contents, "f.yaml")  # type: ignore[arg-type]
    assert str(err.value).startswith(f"f.yaml: {expected}")


def test_the_size_limit_holds_before_decoding() -> None:
    assert MAX_UPLOAD_BYTES <= MAX_FILE_BYTES  # never more than the YAML reader reads
    # ~100 MB of base64 that is not even valid: refused by its length, without decoding
    huge = "data:;base64," + "!" * (100 * MAX_UPLOAD_BYTES)
    start = time.perf_counter()
    with pytest.raises(InputError, match=f"at most {MAX_UPLOAD_BYTES:,} are read"):
        scenario_from_upload(huge, "big.yaml")
    assert time.perf_counter() - start < 1.0
    # a file of exactly one byte too many (YAML comments) is refused; at the limit it is read
    body = SMALL.encode()
    pad = MAX_UPLOAD_BYTES - len(body)
    at_limit = body + b"#" * (pad - 1) + b"\n"
    assert len(at_limit) == MAX_UPLOAD_BYTES
    assert scenario_from_upload(url(at_limit), "ok.yaml") == load_any(SMALL)
    with pytest.raises(InputError, match=r"big\.yaml: file is"):
        scenario_from_upload(url(at_limit + b"#"), "big.yaml")


def test_a_yaml_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{k}: &{k} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, k in zip("abcdefgh", "bcdefghi", strict=True)
    )
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"^bomb\.yaml:"):
        scenario_from_upload(url(bomb.encode()), "bomb.yaml")
    assert time.perf_counter() - start < 2.0


def test_the_file_name_is_cut_to_its_last_part_and_one_line() -> None:
    with pytest.raises(InputError) as err:
        scenario_from_upload(url(b"pue: [\n"), "C:\\Users\\me\\evil\nname.yaml")
    assert str(err.value).startswith("evil\\nname.yaml:")  # one line, no directories
    with pytest.raises(InputError) as err:
        scenario_from_upload(url(b"pue: [\n"), "x" * 5000 + ".yaml")
    assert len(str(err.value).split(":")[0]) == 100
    with pytest.raises(InputError) as err:
        scenario_from_upload(url(b"pue: [\n"), "")
    assert str(err.value).startswith("<upload>:")


def test_an_uploaded_scenario_may_name_the_servers_own_parts() -> None:
    data = (Path(__file__).parents[1] / "docs/examples/neuromorphic-npu.yaml").read_text("utf-8")
    plan = (Path(__file__).parents[1] / "docs/examples/neuromorphic-plan.yaml").read_bytes()
    with pytest.raises(InputError, match="neuro-npu"):
        scenario_from_upload(url(plan), "plan.yaml")  # no such part without the overlay
    sc = scenario_from_upload(url(plan), "plan.yaml", data_yaml=data)
    assert [p.name for p in sc.products] == ["b200", "neuro-npu"]


@settings(max_examples=120, deadline=None, derandomize=True)
@given(
    data=st.binary(max_size=300)
    | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass"))
    | st.sampled_from(SMALL.splitlines(keepends=True)).map(str.encode)
)
def test_fuzzed_files_raise_only_input_errors(data: bytes) -> None:
    try:
        scenario_from_upload(url(data), "fuzz.yaml")
    except InputError as exc:
        assert str(exc).startswith("fuzz.yaml")


@settings(max_examples=120, deadline=None, derandomize=True)
@given(contents=st.text(max_size=200) | st.text(max_size=100).map(lambda s: "data:;base64," + s))
def test_fuzzed_contents_raise_only_input_errors(contents: str) -> None:
    with pytest.raises(InputError):
        scenario_from_upload(contents, "fuzz.yaml")

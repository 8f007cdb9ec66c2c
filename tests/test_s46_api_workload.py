"""The workload API (``tigris.train``, ``tigris.infer``) as docs/api.md describes it
(user test s46, Python API).

A. "Errors are an ``InputError`` naming the keyword you wrote": a number where a name
   belongs (``accelerator=5``, ``train(5)``, ``infer(5, ...)``), arrays of unequal
   length and an empty array gave raw ``AttributeError``/``ValueError``.
B. "``to_dict()`` is the ``--json`` of the verb": the CLI added ``cost_purchase_usd``
   and the purchase note outside ``to_dict()``.
C. From Python the notes name the keywords (``usd_per_accelerator_hour``), not the
   CLI's flags (``--usd-per-hour``); the CLI keeps its flags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

import tigris
from tigris.catalog import get_accelerator
from tigris.cli import main
from tigris.errors import InputError

FLAG = re.compile(r"--[a-z][a-z0-9-]*")
TRAIN = {"flops": 3e27, "days": 120, "accelerator": "b200", "mfu": 0.4}
TRAIN_ARGS = ["train", "--flops", "3e27", "--days", "120", "-a", "b200", "--mfu", "0.4"]
INFER = {"tokens_per_day": 1e12, "prompt_tokens": 2000, "output_tokens": 500}
INFER_ARGS = ["infer", "-m", "deepseek-v3", "--tokens-per-day", "1e12"]
INFER_ARGS += ["--prompt-tokens", "2000", "--output-tokens", "500"]


def _refusal(call: Callable[[], Any]) -> tuple[str, str]:
    """The one problem ``call`` is refused with: (field, message)."""
    with pytest.raises(InputError) as info:
        call()
    assert len(info.value.problems) == 1, str(info.value)
    p = info.value.problems[0]
    return p.field, p.message


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- A: a clear InputError naming the keyword --------------------------------------


@pytest.mark.parametrize(
    ("call", "keyword"),
    [
        (lambda: tigris.train(flops=3e27, days=120, mfu=0.4, accelerator=5), "accelerator"),
        (lambda: tigris.train(5), "model"),
        (lambda: tigris.train(True, flops=3e27, days=120, mfu=0.4), "model"),
        (lambda: tigris.infer(5, **INFER), "model"),
        (lambda: tigris.infer("deepseek-v3", accelerator=5.0, **INFER), "accelerator"),
        (
            lambda: tigris.train(flops=3e27, days=9, mfu=0.4, accelerators_file=5),
            "accelerators_file",
        ),
    ],
)
def test_a_number_for_a_name_is_an_input_error_naming_the_keyword(
    call: Callable[[], Any], keyword: str
) -> None:
    field, message = _refusal(call)
    assert field == keyword
    assert message.startswith("expected ") and "got " in message
    assert "strip" not in message and "--" not in message


def test_an_accelerator_object_is_still_a_name() -> None:
    part = get_accelerator("b200")
    assert tigris.train(**{**TRAIN, "accelerator": part}).accelerator == "b200"


def test_arrays_of_unequal_length_name_both_keywords() -> None:
    field, message = _refusal(
        lambda: tigris.train(flops=[3e27, 1e27], days=[120, 100, 90], mfu=0.4)
    )
    assert field == "days"
    assert "flops" in message and "2" in message and "3" in message
    assert "broadcast together" not in message  # numpy's words, not the API's


def test_arrays_of_equal_length_and_scalars_still_broadcast() -> None:
    r = tigris.train(flops=[3e27, 1e27], days=[120, 100], mfu=0.4, accelerator="b200")
    assert len(r.accelerators) == 2
    r = tigris.train(flops=[3e27, 1e27], days=120, mfu=[0.4], accelerator="b200")
    assert len(r.accelerators) == 2


@pytest.mark.parametrize("empty", [[], (), pytest.param("array", id="ndarray")])
def test_an_empty_array_is_an_input_error(empty: Any) -> None:
    import numpy as np

    value = np.array([]) if empty == "array" else empty
    field, message = _refusal(lambda: tigris.train(flops=3e27, days=10, mfu=value))
    assert field == "mfu"
    assert message.startswith("expected ") and "empty" in message


def test_cli_still_names_its_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, *TRAIN_ARGS)
    assert code == 0 and "357,225" in out
    code, _, err = _cli(capsys, "train", "--flops", "3e27", "--days", "9", "-a", "nosuch")
    assert code != 0 and "--accelerator" in err and "unknown accelerator 'nosuch'" in err
    code, _, err = _cli(capsys, "train", "--model", "nosuch")
    assert code != 0 and "--model" in err and "unknown model 'nosuch'" in err
    code, out, _ = _cli(capsys, *INFER_ARGS)
    assert code == 0 and "accelerators" in out


# --- B: to_dict() is the --json of the verb ------------------------------------------


def _in_keywords(note: str) -> str:
    """A CLI note in the API's words: each flag as its keyword (docs/api.md)."""
    flags = {"--usd-per-hour": "usd_per_accelerator_hour", "--layers": "n_layers"}
    return FLAG.sub(lambda m: flags.get(m[0], m[0][2:].replace("-", "_")), note)


@pytest.mark.parametrize(
    ("kwargs", "args"),
    [
        (TRAIN, TRAIN_ARGS),
        ({**TRAIN, "price_usd": 30_000}, [*TRAIN_ARGS, "--price-usd", "30000"]),
        (
            {"flops": 1e25, "count": 100, "accelerator": "tpu-v5p"},
            ["train", "--flops", "1e25", "--count", "100", "-a", "tpu-v5p"],
        ),
    ],
)
def test_train_to_dict_is_the_json(
    capsys: pytest.CaptureFixture[str], kwargs: dict[str, Any], args: list[str]
) -> None:
    d = tigris.train(**kwargs).to_dict()
    code, out, _ = _cli(capsys, *args, "--json")
    cli = json.loads(out)
    assert code == 0
    assert sorted(d) == sorted(cli)
    d = {k: None if v != v else v for k, v in d.items()}  # JSON has no NaN: null
    assert {k: v for k, v in d.items() if k != "notes"} == {
        k: v for k, v in cli.items() if k != "notes"
    }
    assert d["notes"] == [_in_keywords(n) for n in cli["notes"]]


def test_purchase_is_count_times_price() -> None:
    r = tigris.train(**TRAIN)
    d = r.to_dict()
    assert d["cost_purchase_usd"] == pytest.approx(r.accelerators * r.price_usd)
    assert any(n.startswith("cluster purchase $") for n in d["notes"])
    cases = tigris.train(**{**TRAIN, "mfu": [0.4, 0.5]})
    want = [n * cases.price_usd for n in cases.accelerators.tolist()]
    assert cases.to_dict()["cost_purchase_usd"] == pytest.approx(want)
    assert len(cases.to_frame()["cost_purchase_usd"]) == 2
    priceless = tigris.train(flops=1e25, count=100, accelerator="tpu-v5p").to_dict()
    assert priceless["cost_purchase_usd"] is None
    assert not any(n.startswith("cluster purchase") for n in priceless["notes"])


def test_infer_to_dict_is_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    d = tigris.infer("deepseek-v3", **INFER).to_dict()
    code, out, _ = _cli(capsys, *INFER_ARGS, "--json")
    cli = json.loads(out)
    assert code == 0 and sorted(d) == sorted(cli)
    assert d["notes"] == [_in_keywords(n) for n in cli["notes"]]


# --- C: the API's notes name keywords, the CLI's flags -------------------------------


def test_train_notes_name_keywords_in_python_flags_in_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes = " ".join(tigris.train(**TRAIN).notes)
    assert "pass usd_per_accelerator_hour" in notes and "pass goodput" in notes
    assert not FLAG.search(notes)
    _, out, _ = _cli(capsys, *TRAIN_ARGS)
    text = " ".join(out.split())
    assert "pass --usd-per-hour" in text and "pass --goodput" in text


def test_infer_notes_name_keywords_in_python_flags_in_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes = " ".join(tigris.infer("deepseek-v3", **INFER).notes)
    assert "as tokens_per_day" in notes and "pass usd_per_accelerator_hour" in notes
    assert not FLAG.search(notes)
    _, out, _ = _cli(capsys, *INFER_ARGS)
    text = " ".join(out.split())
    assert "as --tokens-per-day" in text and "pass --usd-per-hour" in text

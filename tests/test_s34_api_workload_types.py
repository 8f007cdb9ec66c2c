"""The Python workload API refuses what the scenario refuses: one rule for ``train`` and
``infer`` (user test UT-HYPER 2026-12-04 #6).

A boolean is not a count (``count=True`` gave 1 accelerator and 42,866,941 days), a
text is not a number (``mfu="0.4"`` was parsed), and a pandas Series loses its index
(``train``) or failed with a bare TypeError (``infer``). Each is one
:class:`~tigris.errors.InputError` naming the keyword the caller wrote.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tigris.errors import InputError
from tigris.workload import infer, train

#: The user test's training case: 3e27 FLOP on B200 at MFU 0.4 (goodput default 0.9).
TRAIN = {"flops": 3e27, "accelerator": "b200", "mfu": 0.4}
#: A small inference case (Llama 3.1 405B in FP8 on H100, 1e10 tokens a day).
INFER = {
    "model": "llama-3.1-405b",
    "precision": "fp8",
    "tokens_per_day": 1e10,
    "prompt_tokens": 1000,
    "output_tokens": 300,
}


def _one_problem(exc: pytest.ExceptionInfo[InputError]) -> tuple[str, str]:
    problems = exc.value.problems
    assert len(problems) == 1, problems
    return problems[0].field, problems[0].message


@pytest.mark.parametrize(
    ("func", "base", "keyword"),
    [
        (train, {**TRAIN, "days": 120}, "mfu"),
        (train, {**TRAIN, "mfu": 0.4}, "count"),
        (infer, INFER, "tokens_per_day"),
        (infer, INFER, "batch_size"),
        (infer, INFER, "tpot_ms"),
    ],
)
@pytest.mark.parametrize("flag", [True, False, np.bool_(True)])
def test_a_boolean_is_not_a_number(func, base, keyword, flag) -> None:  # type: ignore[no-untyped-def]
    """``count=True`` gave 1 accelerator; ``batch_size=True`` a batch of 1."""
    kw = {**base, keyword: flag}
    with pytest.raises(InputError) as exc:
        func(**kw)
    assert _one_problem(exc) == (keyword, "expected a number, got a boolean")


@pytest.mark.parametrize(
    ("func", "base", "keyword", "text"),
    [
        (train, {**TRAIN, "days": 120}, "mfu", "0.4"),
        (train, {**TRAIN, "days": 120}, "flops", "3e27"),
        (infer, INFER, "tokens_per_day", "1e12"),
        (infer, INFER, "ttft_ms", "1000"),
    ],
)
def test_a_text_is_not_a_number(func, base, keyword, text) -> None:  # type: ignore[no-untyped-def]
    """The scenario says "got the text '0.5'"; the API now says the same."""
    with pytest.raises(InputError) as exc:
        func(**{**base, keyword: text})
    assert _one_problem(exc) == (keyword, f"expected a number, got the text '{text}'")


@pytest.mark.parametrize("func", [train, infer])
def test_a_pandas_series_is_refused_by_both(func) -> None:  # type: ignore[no-untyped-def]
    """``infer`` raised ``TypeError: float() argument must be ... not 'Series'``;
    ``train`` returned bare arrays without the Series' index. Both refuse it now."""
    s = pd.Series([0.3, 0.4], index=["low", "high"])
    kw = (
        {**TRAIN, "days": 120, "mfu": s} if func is train else {**INFER, "tokens_per_day": s * 1e11}
    )
    keyword = "mfu" if func is train else "tokens_per_day"
    with pytest.raises(InputError) as exc:
        func(**kw)
    field, message = _one_problem(exc)
    assert field == keyword
    assert "pandas Series" in message
    assert "to_numpy()" in message


def test_infer_refuses_an_array_naming_the_keyword() -> None:
    """``np.array([1e12, 2e12])`` gave "only 0-dimensional arrays can be converted"."""
    with pytest.raises(InputError) as exc:
        infer(**{**INFER, "tokens_per_day": np.array([1e12, 2e12])})
    field, message = _one_problem(exc)
    assert field == "tokens_per_day"
    assert message.startswith("expected a number, got an array of 2 values")


def test_train_still_broadcasts_a_numpy_array() -> None:
    """The documented vectorised form stays: days for two MFUs, by hand
    (3e27 / (n x 2.25e15 x MFU x 0.9) / 86,400 for the count solved at MFU 0.4)."""
    n = train(**TRAIN, days=120).accelerators
    r = train(**{**TRAIN, "mfu": np.array([0.4, 0.5])}, count=n)
    hand = [3e27 / (n * 2.25e15 * m * 0.9) / 86_400 for m in (0.4, 0.5)]
    assert np.asarray(r.days) == pytest.approx(hand, rel=1e-12)


def test_numpy_scalars_are_numbers() -> None:
    """``np.float64`` and ``np.int64`` are numbers: the same answer as the floats."""
    a = train(**TRAIN, days=120)
    b = train(flops=np.float64(3e27), accelerator="b200", mfu=np.float64(0.4), days=np.int64(120))
    assert a.accelerators == b.accelerators
    c = infer(**INFER)
    d = infer(**{**INFER, "tokens_per_day": np.float64(1e10), "prompt_tokens": np.int64(1000)})
    assert c.accelerators == d.accelerators


def test_every_problem_is_listed_at_once() -> None:
    """Style: collect every problem and fail once."""
    with pytest.raises(InputError) as exc:
        train(flops="3e27", accelerator="b200", mfu=True, days=120)
    assert [p.field for p in exc.value.problems] == ["flops", "mfu"]


@pytest.mark.parametrize(
    ("func", "base", "keyword", "value"),
    [
        (train, {**TRAIN, "days": 120}, "mfu", [True, 0.4]),
        (train, {**TRAIN, "days": 120}, "mfu", (0.4, np.bool_(True))),
        (train, {**TRAIN, "days": 120}, "mfu", [[0.3, True], [0.4, 0.5]]),
        (train, {**TRAIN, "days": 120}, "mfu", np.array([True, False])),
        (train, {**TRAIN, "mfu": 0.4}, "count", [1024, True]),
    ],
)
def test_a_boolean_inside_a_sequence_is_not_a_number(func, base, keyword, value) -> None:  # type: ignore[no-untyped-def]
    """``mfu=[True, 0.4]`` ran at MFU 1.0 (``np.asarray`` reads True as 1.0; review
    RV-S34 F4): the element is refused as the scalar is."""
    with pytest.raises(InputError) as exc:
        func(**{**base, keyword: value})
    assert _one_problem(exc) == (keyword, "expected a number, got a boolean")


def test_an_object_array_is_refused() -> None:
    """Elements that are not numbers (``None`` here) are refused by keyword."""
    with pytest.raises(InputError) as exc:
        train(**{**TRAIN, "days": 120, "mfu": np.array([0.4, None], dtype=object)})
    field, message = _one_problem(exc)
    assert (field, message) == ("mfu", "expected numbers, got an array of object")


#: The CLI's and the scenario's words for a fractional count of layers (``tigris.cli.
#: _args.COUNT``; ``tigris infer --layers 0.5`` prints it).
WHOLE = "expected a whole number in [1, 2^53], got {}"


@pytest.mark.parametrize(
    ("func", "base", "keyword", "value"),
    [
        (infer, INFER, "n_layers", 0.5),
        (infer, INFER, "n_layers", 61.5),
        (infer, INFER, "attn_dim", 100.5),
        (infer, INFER, "d_model", 8191.5),
        (infer, INFER, "batch_size", 64.5),
        (infer, INFER, "micro_batches", 1.5),
        (train, {**TRAIN, "days": 120, "params": 70e9, "tokens": 1e12}, "n_layers", 80.5),
        (train, {**TRAIN, "days": 120, "params": 70e9, "tokens": 1e12}, "seq_len", 8192.5),
        (train, {**TRAIN, "days": 120, "params": 70e9, "tokens": 1e12}, "d_model", 8192.5),
        (train, TRAIN, "count", 1024.5),
        (train, TRAIN, "count", np.array([1024.0, 2048.25])),
    ],
)
def test_a_count_is_a_whole_number(func, base, keyword, value) -> None:  # type: ignore[no-untyped-def]
    """``infer(..., n_layers=0.5)`` sized 288 accelerators instead of 334, and
    ``train(seq_len=8192.5)`` ran (review RV-S34 F3); the CLI (``--layers 0.5``) and the
    scenario refuse them. Now the same words, naming the keyword."""
    kw = {k: v for k, v in base.items() if not (k == "flops" and "params" in base)}
    with pytest.raises(InputError) as exc:
        func(**{**kw, keyword: value})
    bad = value if np.ndim(value) == 0 else 2048.25
    assert _one_problem(exc) == (keyword, WHOLE.format(f"{bad:g}"))


def test_whole_counts_given_as_floats_still_pass() -> None:
    """``n_layers=126.0`` is a whole number: the same answer as ``126``."""
    a = infer(**INFER, n_layers=126)
    b = infer(**INFER, n_layers=126.0)
    assert a.accelerators == b.accelerators

"""A re-solved saving that is split into compute served and cost says the split is the
re-solved plan's: the saving is the optimum's, but another plan of the same objective may
split it otherwise (user test 2026-12-07, claims #2: a re-solve by hand met a "$102B"
saving to the dollar and served 14.9M H100e more where the sentence said 15.6M)."""

from __future__ import annotations

from typing import Any

CAVEAT = "that split is the re-solved plan's, and another plan of the same objective"


def test_every_split_saving_of_the_reference_says_whose_split(reference_explained: Any) -> None:
    """A saving said with compute served more or fewer is split between compute and cost
    (explain_base._Budget._split); one said without is not, and carries no caveat."""
    texts = [" ".join(e.text.split()) for e in reference_explained.binding]
    resolved = [t for t in texts if "(re-solved)" in t]
    split = [t for t in resolved if "over the horizon" in t]
    assert split, texts
    for text in split:
        assert CAVEAT in text, text
    for text in resolved:
        if "over the horizon" not in text:
            assert CAVEAT not in text, text

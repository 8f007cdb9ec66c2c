"""Rows a lecturer could not recompute from the docs (user test 2026-12-07, a lecturer
recomputing printed numbers by hand): which capex "capex per wspm" divides, and what
the service's ``bound`` of ``tigris infer`` is.
"""

from __future__ import annotations

import pytest


def test_capex_per_wspm_is_the_capex_before_subsidy(run_cli) -> None:
    """At a site with a subsidy the row is gross capex / wspm, and says so."""
    args = ["fab", "--node", "N3", "--wspm", "50000", "--site", "arizona-usa"]
    doc = run_cli(*args, "--json").json()
    assert doc["net_capex_usd"] < doc["capex_usd"]  # the premise: a subsidy
    assert doc["capex_per_wspm_usd"] == pytest.approx(doc["capex_usd"] / 50000, rel=1e-12)
    text = " ".join(run_cli(*args).out.split())
    assert "capex per wspm" in text and "per wspm, before subsidy" in text


@pytest.mark.parametrize(
    "args",
    [
        # prefill the larger fleet (26 against 16 on H100 in the lecturer's case)
        ["-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens", "1000",
         "--output-tokens", "300", "-a", "h100"],
        # long outputs: decode the larger
        ["-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens", "200",
         "--output-tokens", "2000", "-a", "h100"],
    ],
)  # fmt: skip
def test_the_services_bound_is_the_larger_fleets(run_cli, args: list[str]) -> None:
    doc = run_cli("infer", *args, "--json").json()
    decode_larger = doc["decode_accelerators"] >= doc["prefill_accelerators"]
    assert doc["bound"] == (doc["decode_bound"] if decode_larger else doc["prefill_bound"])
    text = " ".join(run_cli("infer", *args).out.split())
    fleet = "decode" if decode_larger else "prefill"
    row = text[text.index("│ bound ") :][:400]  # the row, wrapped in its cell
    assert f"of the {fleet}" in row and "binds the" in row


def test_both_cases_above_cover_both_fleets(run_cli) -> None:
    """The two cases of the test above are one of each, so both branches are checked."""
    common = ["-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "-a", "h100", "--json"]
    a = run_cli("infer", *common, "--prompt-tokens", "1000", "--output-tokens", "300").json()
    b = run_cli("infer", *common, "--prompt-tokens", "200", "--output-tokens", "2000").json()
    assert a["prefill_accelerators"] > a["decode_accelerators"]
    assert b["decode_accelerators"] >= b["prefill_accelerators"]

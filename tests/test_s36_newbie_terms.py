"""Every term a newcomer meets first is defined in the glossary (UT-NEWBIE #4, S36).

The README used "H100e" ten times and never defined it nor named docs/nomenclature.md;
CoWoS, HBM and D0 were defined nowhere; three PUEs (1.2, ~1.15, 1.1) met a newcomer
unexplained. Checked here:

- the README defines H100e in the sentence of its first use and links the glossary,
  both on its first screen (before "A tour of the verbs");
- every acronym or unit on the README's first screen, in the reference plan's
  headline and in its "why" has a row in docs/nomenclature.md, and so do CoWoS, HBM,
  D0, wspm and PUE whatever the texts say (a short stated list of names that are not
  terms is left out: accelerator names, "AI", "API");
- the glossary's "Why three PUEs" gives the values the data hold, read from the CSVs
  as text: data/workload_defaults.csv's pue (train / infer), data/grid.csv's usa pue
  (the world's capacity the "why" prices) and data/datacenter_types.csv's (new builds).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CliResult, data_table

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GLOSSARY = (ROOT / "docs" / "nomenclature.md").read_text(encoding="utf-8")
FIRST_SCREEN = README[: README.index("## A tour of the verbs")]

#: An acronym or unit as the texts write them: H100e, CoWoS, NPV, TWh, MW, D0.
_TERM = re.compile(r"(?<![\w./-])([A-Z][A-Za-z0-9]*[A-Z0-9][a-z]?)(?![\w/-])")
#: Names that are not terms of the tool: plain words, a company, a product's form factor
#: ("H100 SXM"); accelerator names (data/accelerators.csv, ``tigris catalog``) are left
#: out by :func:`_terms`.
NOT_TERMS = {"AI", "API", "TSMC", "SXM"}
#: Terms UT-NEWBIE found undefined, required whatever the texts say.
REQUIRED = {"H100e", "CoWoS", "HBM", "D0", "wspm", "PUE"}


def _defined() -> set[str]:
    """The names of the glossary's table rows, lower case, each name of a cell
    (``_w``, ``_kw``, ``_mw`` -> w, kw, mw; ``MW, GW, TWh`` -> mw, gw, twh)."""
    names = set()
    for line in GLOSSARY.splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cell = line.split("|")[1]
        for name in re.split(r"[,/]", cell.replace("`", "").replace("*", "")):
            name = name.strip().strip("_").lower()
            if name:
                names.add(name)
    return names


def _is_defined(term: str, names: set[str]) -> bool:
    t = term.lower()
    return t in names or t.rstrip("s") in names or f"{t} of 2024" in names


def _accelerator(term: str) -> bool:
    """Whether ``term`` names a catalog accelerator (``H100``, ``A100s``, ``B200``)."""
    stem = term.lower().removesuffix("s")
    names = {r["name"] for r in data_table("accelerators")}
    return any(n == stem or n.startswith(f"{stem}-") for n in names)


def _terms(text: str) -> set[str]:
    return {t for t in _TERM.findall(text) if t not in NOT_TERMS and not _accelerator(t)}


def test_the_readme_defines_h100e_where_it_first_uses_it_and_links_the_glossary() -> None:
    first = README.index("H100e")
    assert first < len(FIRST_SCREEN), "H100e is first used after the README's first screen"
    start = README.rfind(".", 0, first) + 1
    sentence = README[start : README.index(".", README.index(")", first)) + 1]
    assert "H100-equivalents" in sentence and "H100 SXM" in sentence, sentence
    assert "docs/nomenclature.md" in FIRST_SCREEN


def test_every_term_of_the_readme_first_screen_is_in_the_glossary() -> None:
    names = _defined()
    missing = sorted(t for t in _terms(FIRST_SCREEN) | REQUIRED if not _is_defined(t, names))
    assert not missing, f"README first screen: not in docs/nomenclature.md: {missing}"


def test_every_term_of_the_plans_headline_and_why_is_in_the_glossary(
    reference_plan_text: CliResult,
) -> None:
    res = reference_plan_text  # tigris plan --no-store, once per session (conftest)
    assert res.code == 0, res.err
    plan_text = res.out
    head = plan_text[: plan_text.index("Compute with and without")]
    why = plan_text[plan_text.index("What stays short, and why") :]
    names = _defined()
    found = _terms(head) | _terms(why)
    assert {"H100e", "NPV", "IRR", "PUE"} <= found, found  # the texts still use them
    missing = sorted(t for t in found if not _is_defined(t, names))
    assert not missing, f"tigris plan's headline / why: not in docs/nomenclature.md: {missing}"


def test_the_three_pues_are_the_datas() -> None:
    section = GLOSSARY[GLOSSARY.index("## Why three PUEs") :]
    (train,) = [r["value"] for r in data_table("workload_defaults") if r["name"] == "pue"]
    usa = {r["pue"] for r in data_table("grid") if r["region"] == "usa"}
    built = {r["pue"] for r in data_table("datacenter_types")}
    assert len(usa) == 1 and len(built) == 1, (usa, built)
    for value in (train, *usa, *built):
        assert f"**{float(value):g}**" in section or f"**~{float(value):g}**" in section, value
    assert "train" in section and "grid.csv" in section and "datacenter_types.csv" in section

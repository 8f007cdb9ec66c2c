"""Export controls (user test UT-POLICY, 2026-12-04, #4): a ban on a product the plan
makes none of says so instead of a bare "$0"; a ban naming a product the scenario does
not have fails ``tigris scenario check`` at its file line (as an unknown region does)
and ``tigris plan --set``, with ``products: roadmap`` too; docs/risk.md says what an
export control can and cannot express."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tigris
from tests.conftest import assert_one_line_error, write_scenario

REFERENCE = (Path(tigris.__file__).parent / "data" / "reference_scenario.yaml").read_text(
    encoding="utf-8"
)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "risk.md"


def _with_product(name: str) -> tuple[str, int]:
    """The reference with its ascend-ban's product replaced, and that line's number."""
    lines = REFERENCE.splitlines(keepends=True)
    start = next(i for i, x in enumerate(lines) if "name: ascend-ban" in x)
    k = next(i for i in range(start, len(lines)) if re.match(r"\s+product:", lines[i]))
    lines[k] = re.sub(r"product: \S+", f"product: {name}", lines[k])
    return "".join(lines), k + 1


def test_an_unknown_product_fails_scenario_check_at_its_line(tmp_path, run_cli) -> None:
    assert "products: roadmap" in REFERENCE  # the case that was not checked
    text, line = _with_product("unobtainium-9000")
    path = write_scenario(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(
        res, f"{path}:{line}: disruptions.3.product: unknown product 'unobtainium-9000'"
    )
    assert "ascend-910c" in res.err  # the roadmap's products are offered


def test_a_known_roadmap_product_passes(tmp_path, run_cli) -> None:
    """ascend-910c and b200 are roadmap parts shipping in 2026-2035 (data/roadmap.csv)."""
    for name in ("ascend-910c", "b200"):
        res = run_cli("scenario", "check", write_scenario(tmp_path, _with_product(name)[0]))
        assert res.code == 0, res.err


def test_plan_set_of_an_unknown_product_is_refused(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--set", "disruptions.ascend-ban.product=unobtainium-9000")
    assert_one_line_error(res, "disruptions.ascend-ban.product", "unknown product 'unobtainium")


@pytest.fixture(scope="module")
def ban():
    from tigris.risk.disruptions import disrupt

    return disrupt(None, "ascend-ban")


def test_a_ban_on_a_product_the_plan_does_not_make_says_so(ban, capsys) -> None:
    """The plan as made makes no ascend-910c (its production table, read here), so the
    ban changes nothing: the lead, the notes and the text say why the cost is $0."""
    from tigris.cli.risk import _print_extras

    p = ban.base.production
    assert p.loc[p["product"] == "ascend-910c", "h100e"].sum() == 0  # the premise
    nums = ban.numbers()
    assert nums["barred_product_made_h100e"] == 0
    assert nums["fixed_loss_usd"] == 0 and nums["fixed_lost_delivered_h100e"] == 0
    said = "the plan makes no ascend-910c, so barring it changes nothing"
    assert ban.lead()[0].startswith(said)
    assert any(n.startswith(said) for n in ban.notes)
    _print_extras({"disruptions": [ban.to_dict()]})
    out = re.sub(r"\s*\n\s*", " ", capsys.readouterr().out)
    assert said in out


def test_docs_say_what_an_export_control_can_and_cannot_express() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "### What an export control can express" in text
    part = text.split("### What an export control can express", 1)[1].split("\n## ", 1)[0]
    for needle in ("cannot", "equipment", "EUV", "HBM", "market", "one world"):
        assert needle in part, needle

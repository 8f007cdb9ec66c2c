"""Product names that hold catalog parts: ``gb200`` is two B200 GPUs and a Grace CPU,
read as ``b200`` per GPU, and the output says so (user test 2026-12-03 #19: ``-a gb200``
was refused with "did you mean 'b200'?").

World facts: NVIDIA's GB200 NVL72 holds 36 GB200 superchips, each one Grace CPU and two
B200 GPUs, 72 GPUs a rack (NVIDIA product page; Epoch's chip counts count GB200 per B200
package); GB300 NVL72 likewise 72 Blackwell Ultra GPUs (the catalog's b300 row stands for
the GB300 NVL72 GPU).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tigris.catalog import get_accelerator, product_name_note
from tigris.errors import InputError
from tigris.workload import infer, train

Run = Callable[..., CliResult]
RACK_GPUS = 72  # GPUs in one GB200 NVL72 rack (36 superchips x 2)


@pytest.mark.parametrize(("product", "part"), [("gb200", "b200"), ("GB300", "b300")])
def test_product_name_reads_as_its_gpu(product: str, part: str) -> None:
    assert get_accelerator(product) == get_accelerator(part)
    note = product_name_note(product)
    assert f"read as {part}" in note and "per GPU" in note


def test_one_rack_trains_as_seventy_two_b200() -> None:
    """An NVL72 rack's GPUs: 72 b200 by either name, same days, power and FLOP/s; only
    the note differs."""
    kw = dict(params=1e10, tokens=1e12, count=RACK_GPUS, mfu=0.4)
    via_product, via_part = train(accelerator="gb200", **kw), train(accelerator="b200", **kw)
    assert via_product.accelerator == "b200"
    assert via_product.days == via_part.days and via_product.power_mw == via_part.power_mw
    assert any("read as b200" in n for n in via_product.notes)
    assert not any("read as" in n for n in via_part.notes)
    r = infer("llama-3.1-405b", accelerator="gb200", tokens_per_day=1e10,
              prompt_tokens=1000, output_tokens=300)  # fmt: skip
    assert r.accelerator == "b200" and any("read as b200" in n for n in r.notes)


def test_catalog_names_and_user_parts_win(tmp_path: Path) -> None:
    """A catalog name gives no note; a user's part called gb200 is that part, silently."""
    assert product_name_note("b200") == "" and product_name_note(None) == ""
    f = tmp_path / "acc.yaml"
    f.write_text(
        "accelerators:\n"
        "  - name: gb200\n"
        "    based_on: b200\n"
        "    system_power_w: 1800\n"
        "    source: test\n"
        "    as_of: 2025-01\n"
    )
    assert get_accelerator("gb200", f).system_power_w == 1800
    assert product_name_note("gb200", f) == ""


def test_a_misspelt_product_name_is_still_refused_with_a_suggestion() -> None:
    with pytest.raises(InputError, match="did you mean 'gb200'"):
        get_accelerator("gb20")


def test_cli_accepts_gb200_and_says_what_it_counts(run_cli: Run) -> None:
    res = run_cli("train", "--params", "1e10", "--tokens", "1e12", "-a", "gb200",
                  "--count", "72", "--mfu", "0.4")  # fmt: skip
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "on b200" in out and "gb200 is read as b200, one per GPU" in out


def test_a_users_alias_wins_over_the_product_name(tmp_path: Path) -> None:
    """The product names are tried after the catalog's names *and aliases*: a user's
    part that takes ``gb200`` as an alias is that part, with no note."""
    f = tmp_path / "acc.yaml"
    f.write_text(
        "accelerators:\n"
        "  - name: my-gb200-gpu\n"
        "    aliases: [gb200]\n"
        "    based_on: b200\n"
        "    peak_bf16_flop_per_s: 2.5e15\n"
        "    source: test\n"
        "    as_of: 2025-01\n"
    )
    assert get_accelerator("gb200", f).name == "my-gb200-gpu"
    assert product_name_note("gb200", f) == ""


def test_note_says_the_b200_row_understates_a_gb200_gpu() -> None:
    """NVIDIA rates the GB200 variant of B200 at 1,200 W and 2.5 PFLOP/s dense BF16
    against HGX B200's 1,000 W and 2.25 (glennklockwood.com/garden/processors/B200, the
    b200 row's source): the b200 row's FLOP/s are ~10 % short of a GB200's GPU, and the
    note must say so, not only the power."""
    b200 = get_accelerator("b200")
    gb200_gpu_bf16 = 2.5e15
    assert b200.peak_bf16_flop_per_s == pytest.approx(2.25e15)  # the row is HGX's
    assert gb200_gpu_bf16 / b200.peak_bf16_flop_per_s - 1 == pytest.approx(0.111, abs=1e-3)
    note = " ".join(product_name_note("gb200").split())
    assert "2.25" in note and "2.5" in note and "~10% short" in note

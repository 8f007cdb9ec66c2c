"""KV-cache flags on a named model say that they replace its cache.

User test s48 #7: ``tigris infer -m llama-3.1-70b --kv-bytes-per-token 163840`` (and
``--kv-heads 4 --head-dim 128``) replaced the model's KV cache with no word: no
"replaced" in the title, no note, ``overrides: []`` in ``--json``, unlike ``--layers``.
Hand derivation: Llama 3.1 70B has 80 layers, 8 KV heads of 128 (Llama Team 2024,
Table 3), so its BF16 cache is 2 x 80 x 8 x 128 x 2 bytes = 327,680 bytes a token;
4 KV heads give 2 x 80 x 4 x 128 x 2 = 163,840.
"""

from __future__ import annotations

import pytest

BASE = ("infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens", "1000")
BASE += ("--output-tokens", "200")
OWN = 2 * 80 * 8 * 128 * 2


@pytest.mark.parametrize(
    "flags",
    [("--kv-bytes-per-token", "163840"), ("--kv-heads", "4", "--head-dim", "128")],
)
def test_a_new_cache_is_reported(run_cli, flags: tuple[str, ...]) -> None:
    d = run_cli(*BASE, *flags, "--json").json()
    assert d["kv_bytes_per_token"] == 2 * 80 * 4 * 128 * 2
    given = [f for f in flags if f.startswith("--")]
    assert d["overrides"] == given
    assert any(f"{OWN:,}" in n and given[0] in n for n in d["notes"]), d["notes"]
    title = " ".join(run_cli(*BASE, *flags).out.split("┏")[0].split())
    assert f"{given[-1]} replaced" in title


def test_the_models_own_cache_replaces_nothing(run_cli) -> None:
    d = run_cli(*BASE, "--kv-heads", "8", "--head-dim", "128", "--json").json()
    assert d["kv_bytes_per_token"] == OWN
    assert d["overrides"] == []

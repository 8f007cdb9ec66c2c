"""Non-expert weights too large for one accelerator: no replica size fits, say why.

User test s48 #3: ``tigris infer -m gpt-4 ... -a h100 --moe-layers 120
--experts-per-token 2 --routed-experts 16 --expert-params 1.7371e12`` said "the
weights (3,600 GB) need more than 4096 h100-sxm per replica". Each accelerator of an
expert-parallel replica keeps the weights outside the routed experts whole:
(1.8e12 - 1.7371e12) x 2 bytes (BF16) = 125.8 GB, more than an H100's 80 GB x 0.9
usable = 72 GB, at any replica size.
"""

from __future__ import annotations

from tests.conftest import assert_one_line_error

ARGS = ("infer", "-m", "gpt-4", "--tokens-per-day", "1e11", "--prompt-tokens", "1000")
ARGS += ("--output-tokens", "300", "-a", "h100", "--moe-layers", "120")
ARGS += ("--experts-per-token", "2", "--routed-experts", "16")


def test_the_error_names_the_shared_weights(run_cli) -> None:
    res = run_cli(*ARGS, "--expert-params", "1.7371e12")
    shared_gb = (1.8e12 - 1.7371e12) * 2 / 1e9
    assert_one_line_error(res, "--expert-params", f"{shared_gb:,.4g} GB", "72 GB usable")
    assert "4096" not in res.err


def test_shared_weights_that_fit_still_serve(run_cli) -> None:
    """1.77e12 in experts leaves (1.8e12 - 1.77e12) x 2 = 60 GB on each part, which
    fits in 72 GB beside some KV cache: the fleet is sized (at a looser per-token
    target, the all-to-all of replicas this wide taking tens of ms)."""
    res = run_cli(*ARGS, "--expert-params", "1.77e12", "--tpot-ms", "500", "--json")
    assert res.code == 0, res.err

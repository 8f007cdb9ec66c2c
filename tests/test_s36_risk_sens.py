"""Tornado and Sobol as people read them (UT-RISK #6, #7, #7b, #9).

Claims, by hand:

- a tornado bar whose ends both lie $200M above the base (the user test's growth scale
  on capex: base $39.456B, both ends $39.656B) has swing $200M, not 0, and is marked as
  moving the output the same way at both ends; a monotone bar's swing is |high - low|;
- ``--tornado`` prints its bars in the text (it printed nothing);
- Sobol indices are printed with S1, ST and their intervals, and an index above 1 (the
  user test's 1.175 ± 0.408) or S1 above ST beyond both intervals is warned about.
"""

from __future__ import annotations

import pytest

from tigris.cli._output import console
from tigris.cli.risk import _print_sobol, _print_tornado
from tigris.risk.sensitivity import sobol_warnings
from tigris.risk.tornado import _swing, same_side

BASE, END = 39.456e9, 39.656e9


def test_same_side_bar_has_a_swing():
    assert _swing(END, END, BASE) == pytest.approx(2.0e8)
    assert same_side(END, END, BASE)
    # monotone: the base between the ends, the swing is |high - low| as before
    assert _swing(1.0e9, 3.0e9, 2.0e9) == pytest.approx(2.0e9)
    assert not same_side(1.0e9, 3.0e9, 2.0e9)
    # rounding is no swing
    assert _swing(BASE, BASE + 1e-3, BASE) == 0.0


def _tornado_doc() -> dict:
    return {
        "low_q": 0.05,
        "high_q": 0.95,
        "evaluations": 5,
        "base": {"capex_committed_usd": BASE},
        "bars": {
            "capex_committed_usd": [
                {
                    "rank": 1,
                    "path": "data.datacenter_capacity.all.ai_growth_scale",
                    "input_low": 0.684,
                    "input_high": 1.878,
                    "input_base": 1.0,
                    "output_low": END,
                    "output_high": END,
                    "swing": _swing(END, END, BASE),
                    "same_side": True,
                },
                {
                    "rank": 2,
                    "path": "nodes.N3.d0_mature_per_cm2",
                    "input_low": 0.03,
                    "input_high": 0.07,
                    "input_base": 0.05,
                    "output_low": BASE,
                    "output_high": BASE,
                    "swing": 0.0,
                    "same_side": False,
                },
            ]
        },
        "failed": [],
        "notes": [],
    }


def test_tornado_is_printed():
    with console.capture() as cap:
        _print_tornado(_tornado_doc())
    text = cap.get()
    assert "Tornado: each input alone at its p5 and p95" in text
    assert "$39.7B · $39.5B · $39.7B" in text and "$200M *" in text
    assert "nodes.N3.d0_mature_per_cm2" in text
    assert "not monotone" in text


ROWS = [
    {
        "rank": 1,
        "path": "ai_growth_scale",
        "S1": 1.175,
        "S1_conf": 0.408,
        "ST": 1.186,
        "ST_conf": 0.410,
    },
    {"rank": 2, "path": "gas_capex", "S1": 0.009, "S1_conf": 0.001, "ST": 0.000, "ST_conf": 0.0},
]


def test_sobol_warnings_by_hand():
    warnings = sobol_warnings({"unmet_share_total": ROWS}, 16)
    text = "\n".join(warnings)
    assert "outside [0, 1]" in text and "ai_growth_scale S1 1.18 ± 0.41" in text
    assert "ai_growth_scale ST 1.19 ± 0.41" in text
    # S1 0.009 - 0.001 > ST 0 + 0: beyond both intervals
    assert "S1 above ST beyond both intervals" in text and "gas_capex" in text
    assert "2 indices with a 95% interval wider than ±0.1" in text
    # ranks 1 and 2 do not overlap here (1.186 - 0.41 > 0)
    assert "overlap" not in text
    close = [dict(ROWS[0], ST=0.4, ST_conf=0.2), dict(ROWS[1], ST=0.3, ST_conf=0.2)]
    assert any("overlap" in w for w in sobol_warnings({"y": close}, 16))
    inside = [{"rank": 1, "path": "a", "S1": 0.5, "S1_conf": 0.05, "ST": 0.6, "ST_conf": 0.05}]
    assert sobol_warnings({"y": inside}, 256) == []


def test_sobol_is_printed_with_intervals():
    doc = {
        "n": 16,
        "evaluations": 96,
        "conf_level": 0.95,
        "indices": {"unmet_share_total": ROWS},
        "warnings": sobol_warnings({"unmet_share_total": ROWS}, 16),
    }
    with console.capture() as cap:
        _print_sobol(doc)
    text = cap.get()
    assert "1.18 ± 0.41" in text and "1.19 ± 0.41" in text
    assert "warning: Sobol unmet_share_total: an index outside [0, 1]" in text

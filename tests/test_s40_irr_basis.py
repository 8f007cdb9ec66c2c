"""With a nominal discount rate, the IRR is said in both bases (user test 2026-12-05 #1).

The cash flows are in real USD, so their IRR is a real rate. Beside a nominal rate the
Money line printed "NPV $3.61B at 8.00% nominal = 5.52% real … IRR 7.2%", a positive NPV
next to an IRR below its 8 % hurdle. The line now says "IRR 7.2% real = 9.7% nominal".
The check is independent of Fisher's formula. The flows are made nominal year by year
at the rate's own inflation, ``(1.08 / 1.0552)^t``, and numpy-financial finds their IRR.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import numpy_financial as npf
import pandas as pd

NOMINAL = 0.08


def test_the_money_line_gives_the_irr_real_and_nominal(run_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "run"
    res = run_cli(
        "plan", "--no-store", "--set", "finance.discount_rate_basis=nominal",
        "--set", f"discount_rate={NOMINAL}", "--out", out,
    )  # fmt: skip
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    said = re.search(r"IRR (-?[\d.]+)% real = (-?[\d.]+)% nominal with salvage", text)
    assert said, text[:1200]
    rows = json.loads((out / "plan.json").read_text())["assumptions"]
    (real_rate,) = [a["value"] for a in rows if a["parameter"] == "discount rate used (real)"]
    flows = pd.read_csv(out / "cash_flows.csv")
    mine = flows[flows["owner"] == "investor"].groupby("year")["net_usd"].sum().sort_index()
    years = mine.index.to_numpy()
    assert (np.diff(years) == 1).all()
    inflation = (1 + NOMINAL) / (1 + real_rate)
    real_irr = npf.irr(mine.to_numpy())
    nominal_irr = npf.irr(mine.to_numpy() * inflation ** (years - years[0]))
    assert float(said.group(1)) == round(100 * real_irr, 1)
    assert float(said.group(2)) == round(100 * nominal_irr, 1)
    assert "(real)" in res.out  # the by-build table's IRR column

"""Review of W2-SMALL (user test 2026-12-03, fifth session, #7): the diff
:func:`tigris.runs.compare.compare` itself reports (``_input_diff``, what ``tigris
compare`` prints), not only :func:`tigris.runs.compare.scenario_diff`: the by-index
diff (``tigris.scenario.edit.diff``) in the command's path must fail here.

The expected rows are written from the edit made by hand (one facility entry dropped,
the site's list of facility types without it, the other entries reordered), not from
the code's output. No plan is solved (< 2 s).
"""

from __future__ import annotations

from tests.conftest import replaced
from tests.test_w2small_compare import WITH_A14
from tigris.scenario.edit import load_any


def test_compare_reports_a_dropped_facility_by_its_id() -> None:
    from tigris.runs.compare import _input_diff, _plain, _Side

    b = replaced(
        WITH_A14,
        ("  - kind: logic\n    node: A14\n", ""),
        ("[logic-N5, logic-A14, cowos]", "[logic-N5, cowos]"),
        ("  - kind: cowos\n  - kind: hbm\n", "  - kind: hbm\n  - kind: cowos\n"),
    )
    sa = _Side("a", None, load_any(WITH_A14), {"objective": "serve"})
    sb = _Side("b", None, load_any(b), {"objective": "serve"})
    rows, known = _input_diff(sa, sb)
    assert known
    # as --json writes them (Comparison.to_dict): the absent side as "<absent>"
    assert [tuple(_plain(x) for x in row) for row in rows] == [
        ("facilities.logic-A14", "logic-A14", "<absent>"),
        ("sites.japan.facilities", ["logic-N5", "logic-A14", "cowos"], ["logic-N5", "cowos"]),
    ]


def test_risk_progress_flag_reaches_the_run_off_a_terminal(run_cli, tmp_path, monkeypatch):
    """``tigris risk --progress`` (user test #5: 86 s with nothing on stderr) asks for
    one line a plan when stderr is not a terminal (as under pytest); without it, off a
    terminal, stderr stays quiet (``tigris sweep --progress`` likewise)."""
    import tigris.risk.api as api
    from tests.conftest import SMALL
    from tigris.errors import InputError

    seen: list[bool] = []

    def fake_risk(*args, progress=False, **kwargs):
        seen.append(progress)
        raise InputError("stopped here by the test", field="--samples")

    monkeypatch.setattr(api, "risk", fake_risk)
    path = tmp_path / "s.yaml"
    path.write_text(SMALL, encoding="utf-8")
    for flags in (["--progress"], []):
        res = run_cli("risk", path, "--samples", "2", "--no-store", *flags)
        assert res.code == 2 and "stopped here by the test" in res.err, res.err
    assert seen == [True, False]

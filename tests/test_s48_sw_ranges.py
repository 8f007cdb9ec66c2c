"""User test s48 (sweeps #4, #5): a ``lo:hi:n`` range keeps whole ends whole, names a
step that is not whole for an integer field, and carries no float noise."""

from __future__ import annotations

from tests.conftest import assert_one_line_error


def test_range_values_carry_no_float_noise():
    from tigris.runs.sweep import parse_set

    assert parse_set("discount_rate=0.05:0.1:3") == ("discount_rate", [0.05, 0.075, 0.1])
    _, values = parse_set("discount_rate=0.05:0.10:6")
    assert values == [0.05, 0.06, 0.07, 0.08, 0.09, 0.1]  # as plan --set discount_rate=0.06


def test_whole_ends_stay_whole():
    from tigris.runs.sweep import parse_set

    _, values = parse_set("sites.japan.max_modules=0:5:4")
    assert values[0] == 0 and isinstance(values[0], int)
    assert values[-1] == 5 and isinstance(values[-1], int)
    assert parse_set("sites.japan.max_modules=0:6:4")[1] == [0, 2, 4, 6]


def test_an_integer_field_names_the_step_that_is_not_whole(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "runs.duckdb"))
    res = run_cli("sweep", "--set", "sites.japan.max_modules=0:5:4")
    assert_one_line_error(
        res, "sites.japan.max_modules=0:5:4", "step 5/3 is not whole", "got 1.66666666667"
    )
    assert "got 0.0" not in res.err

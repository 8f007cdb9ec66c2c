"""Thousands separators on the command line get a hint that writes the number
(UT-JOURNO defect 10; the lead applies /work/notes/JOURNO-B-thousands.patch)."""

from __future__ import annotations

import pytest

from tigris.cli import main


def test_plan_set_with_separators_says_how_to_write_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--set", "capital.corporate-partners.amount_usd=7,000,000,000,000"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "got 5; if '7,000,000,000,000' is one number, write 7e12 or 7000000000000" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "flag", "e_form"),
    [
        (
            ["train", "--flops", "2e26", "-a", "h100", "--count", "50,000", "--mfu", "0.4"],
            "--count",
            "5e4",
        ),
        (
            ["fab", "--node", "N3", "--site", "germany", "--budget-usd", "7,000,000"],
            "--budget-usd",
            "7e6",
        ),
    ],
)
def test_number_flag_with_separators(
    capsys: pytest.CaptureFixture[str], args: list[str], flag: str, e_form: str
) -> None:
    assert main(args) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"{flag}: expected a number, got the text" in err  # a file's words (s47 #8)
    assert f"write {e_form} or" in err
    assert err.count("error:") == 1

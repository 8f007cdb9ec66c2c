"""User test s47 #8: numeric CLI options leaked the parser's (pydantic's) wording,
``Invalid value for '--wspm': Input should be a valid number, unable to parse string as
a number``; :func:`tigris.cli._args.option_number_message` says it as a file does."""

from __future__ import annotations

import pytest

PARSER = (
    "Invalid value for '{flag}': Input should be a valid {kind}, "
    "unable to parse string as {a} {kind}"
)


@pytest.mark.parametrize(
    ("flag", "kind", "value", "expected"),
    [
        ("--wspm", "number", "20B", "--wspm: expected a number, got the text '20B'; write 2e10"),
        (
            "--mip-gap",
            "number",
            "5%",
            "--mip-gap: expected a number, got the text '5%'; write the fraction 0.05",
        ),
        ("--count", "integer", "2k", "--count: expected an integer, got the text '2k'; write 2000"),
    ],
)
def test_a_numeric_option_given_text_is_said_as_a_file_says_it(
    flag: str, kind: str, value: str, expected: str
) -> None:
    from tigris.cli._args import option_number_message

    a = "an" if kind == "integer" else "a"
    msg = option_number_message(PARSER.format(flag=flag, kind=kind, a=a), value)
    assert msg is not None and msg.startswith(expected), msg
    assert "Input should be" not in msg


def test_other_usage_errors_are_left_alone() -> None:
    from tigris.cli._args import option_number_message

    assert option_number_message("No such option: --wsmp", "20") is None

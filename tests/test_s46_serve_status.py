"""The status line's times are said on one footing (serve user test s46 #13): the running
counter counts from when the what-if was asked (``solving… 8 s``, queue included) and
``done in 2.4 s`` was the solve's own time, with nothing saying why it was shorter; a
longer wait is now said beside the solve's time."""

from __future__ import annotations

from tigris.serve.layout import status_text


def test_a_done_what_if_that_waited_says_how_long_since_asked() -> None:
    running = status_text({"state": "running", "elapsed_s": 8.2, "progress": ""})
    done = status_text(
        {"state": "done", "cached": False, "elapsed_s": 8.4, "view": {"seconds": 2.43}}
    )
    assert running == "solving… 8 s"
    assert done == "done in 2.4 s (8 s since asked)"


def test_no_wait_said_when_it_was_the_solve() -> None:
    done = status_text(
        {"state": "done", "cached": False, "elapsed_s": 2.9, "view": {"seconds": 2.43}}
    )
    assert done == "done in 2.4 s"
    assert status_text({"state": "done", "cached": True, "elapsed_s": 9.0}) == "cached"

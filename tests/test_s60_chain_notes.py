"""Notes a user chaining the verbs needed (user test 2026-12-07): a site alias says
which site it is read as."""

from __future__ import annotations


def test_a_site_alias_says_which_site(run_cli) -> None:
    args = ["fab", "--node", "N3", "--wspm", "20000"]
    text = " ".join(run_cli(*args, "--site", "usa").out.split())
    assert "--site usa is read as 'arizona-usa'" in text
    own = " ".join(run_cli(*args, "--site", "arizona-usa").out.split())
    assert "is read as" not in own

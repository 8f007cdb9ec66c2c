"""`tigris runs --help` names its subcommands as they are spelt (user test 2026-12-05:
it said "remove" while the command is `rm`, and `tigris runs remove` is refused)."""

from __future__ import annotations

import re

from tigris.cli.runs import runs_app


def test_the_help_lists_the_registered_verbs() -> None:
    verbs = {c.name for c in runs_app.registered_commands}
    listed = re.search(r"List, (.+)\.$", runs_app.info.help).group(1)
    named = {"list", *(v.strip() for v in listed.split(","))}
    assert named == verbs, (named, verbs)

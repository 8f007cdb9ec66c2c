"""A Ctrl-C before a command starts is one line and exit 130, not a traceback (user
test s45 sweep #3: a Ctrl-C in the first ~0.3 s of ``tigris sweep``, while the verb's
modules load, printed ``KeyboardInterrupt`` and exited -2)."""

from __future__ import annotations

import importlib.abc
import sys

import pytest

import tigris.cli
from tigris.cli._output import EXIT_INTERRUPTED


def test_a_ctrl_c_while_the_verb_loads_is_one_line(monkeypatch, capsys) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tigris.cli, "_build", interrupted)
    code = tigris.cli.main(["sweep", "--help"])
    err = capsys.readouterr().err
    assert code == EXIT_INTERRUPTED == 130
    assert err == "stopped by the user before the command started; nothing written or stored\n"


class _StopOnImport(importlib.abc.MetaPathFinder):
    """A finder that raises KeyboardInterrupt when ``tigris.cli`` is imported, as a
    Ctrl-C during that import does."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "tigris.cli":
            raise KeyboardInterrupt


def test_a_ctrl_c_while_the_command_line_is_imported_is_one_line(monkeypatch, capsys) -> None:
    from tigris._entry import entry

    monkeypatch.delitem(sys.modules, "tigris.cli")
    monkeypatch.delattr(sys.modules["tigris"], "cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_StopOnImport(), *sys.meta_path])
    with pytest.raises(SystemExit) as stop:
        entry()
    assert stop.value.code == EXIT_INTERRUPTED
    assert capsys.readouterr().err.startswith("stopped by the user before the command started")


def test_an_earlier_sigterm_does_not_name_a_later_ctrl_c(monkeypatch, capsys) -> None:
    """A SIGTERM that stopped one command in this process made every later Ctrl-C read
    "stopped by SIGTERM" (CI of 2026-12-05: nine interrupt tests after a SIGTERM test on
    the same worker)."""
    import signal as sig

    from tigris.runs.interrupts import Terminated, sigterm_as_interrupt

    with pytest.raises(Terminated), sigterm_as_interrupt([]):
        sig.raise_signal(sig.SIGTERM)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tigris.cli, "_build", interrupted)
    assert tigris.cli.main(["runs", "list"]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err.startswith("stopped by the user before")

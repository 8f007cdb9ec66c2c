"""``tigris.cli.main`` turns typer's Abort (a Ctrl-C at a prompt) into the one exit code
of a stopped command, :data:`tigris.cli._output.EXIT_INTERRUPTED` (128 + SIGINT = 130,
the shell's convention), read from that single definition rather than a copy."""

from __future__ import annotations

import signal

import typer


def _aborting_app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)  # a group, so 'stop' is a verb as the real ones

    @app.command()
    def stop() -> None:
        raise typer.Abort

    return app


def test_abort_exits_with_the_one_interrupted_code(monkeypatch, capsys) -> None:
    import tigris.cli as cli
    from tigris.cli import _output

    assert signal.SIGINT + 128 == 130  # the shell's code for a Ctrl-C
    monkeypatch.setattr(cli, "_build", lambda modules: _aborting_app())
    assert cli.main(["stop"]) == 128 + signal.SIGINT
    assert capsys.readouterr().err == "error: aborted\n"
    # the code comes from the one definition: change it there and main follows
    monkeypatch.setattr(_output, "EXIT_INTERRUPTED", 131)
    assert cli.main(["stop"]) == 131

"""``tigris serve``: the what-if dashboard in a browser (docs/serve.md).

Everything the user gave is checked before anything starts: the numbers, the store
file, ``--data`` and the scenario (with ``file:line`` messages), the host, and the port
(bound here, so one in use is one line naming ``--port``). Only then are the app and
its worker processes made. Dash, Flask and waitress are imported inside the command,
so ``tigris --help`` never loads them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tigris.cli._args import check_params
from tigris.cli._data import DATA_OPTION
from tigris.cli._output import emit_json
from tigris.cli._store import check_store
from tigris.errors import InputError
from tigris.serve.server import DEFAULT_THREADS

__all__ = ["register", "serve"]

#: Where ``tigris serve`` listens by default: loopback, port 8050 (Dash's own default).
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
#: Worker processes solving what-ifs by default: the 2 cores of a small machine, one
#: solve each (a reference solve is CPU-bound, ~5 s).
DEFAULT_WORKERS = 2


def _load(file: Path | None) -> Any:
    from tigris.scenario.edit import load_any

    return load_any(file)


def _create_app(scenario: Any, data: Path | None, jobs: Any, store: Path | None) -> Any:
    from tigris.serve.app import create_app

    return create_app(scenario, data=data, jobs=jobs, store=store)


def _import_page() -> None:
    """Import the page's modules (Dash, Flask, plotly, the report's figures)."""
    import tigris.serve.app  # noqa: F401


def _job_manager(workers: int, store: Path | None) -> Any:
    from tigris.serve.jobs import JobManager

    return JobManager(workers=workers, store=store)


def serve(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file the page starts from; default the built-in "
            "reference scenario.",
            dir_okay=False,
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Interface to listen on. The default is this machine only; any other "
            "(0.0.0.0: every interface) lets anyone who can reach the port run solves: "
            "the page has no authentication.",
        ),
    ] = DEFAULT_HOST,
    port: Annotated[
        int, typer.Option("--port", help="TCP port; 0 picks a free one (printed).")
    ] = DEFAULT_PORT,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", help="Worker processes that solve what-ifs, one solve each at a time."
        ),
    ] = DEFAULT_WORKERS,
    threads: Annotated[
        int,
        typer.Option("--threads", help="Threads answering web requests (waitress)."),
    ] = DEFAULT_THREADS,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Store of runs that answers what-ifs solved before and keeps new ones; "
            "default $TIGRIS_STORE, else ~/.local/share/tigris/runs.duckdb (docs/runs.md).",
            dir_okay=False,
        ),
    ] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help="When the page is up, print one JSON document (url, host, port, pid) "
            "instead of the 'tigris serve: URL' line, for scripts (with --port 0: the "
            "port picked).",
        ),
    ] = False,
) -> int:
    """Start the what-if dashboard: change an assumption, see the plan again.

    A local web page with controls for the key assumptions (capital by source and
    year, demand growth, EUV supply, sites and subsidies, D0, prices, a claimed chip,
    a disruption), every report figure and a map of sites, the headline against the
    world without the investor, two what-ifs side by side, scenario upload and
    download, and the state in the URL to share a view. Solves run in worker
    processes; a what-if solved before is answered from the store of runs at once.
    Ctrl+C (or SIGTERM) stops the server and its workers. Nothing is fetched from the
    internet. See docs/serve.md.

        tigris serve
        tigris serve my.yaml --port 8080
        tigris serve --data my-sites.yaml --workers 4
        tigris serve --host 0.0.0.0   # open to others: no login
        tigris serve --port 0 --json  # {"url": ..., "port": ...} once it listens

    Exit code: 0 after a clean stop; 2 bad input (scenario, --data, --store, a port
    in use), before anything starts.
    """
    params = dict(locals())
    # before the options' shared ranges, which let --workers be 0 (tigris sweep runs in
    # the process then): -3 and 0 get the same message (user test s46 #11)
    if workers < 1:
        msg = (
            f"expected a whole number >= 1 (what-ifs are solved in worker processes), got {workers}"
        )
        raise InputError(msg, field="--workers")
    check_params(params)
    # a file that is not a store of runs (or a folder, a pipe), whether --store or
    # $TIGRIS_STORE named it: one line before anything starts, as tigris plan says it
    # (user test s46 #5: a traceback on the first what-if)
    check_store(store)
    scenario = _load(file)  # with --data in force (its callback ran first)
    from tigris.serve.server import bind, is_loopback, url_for
    from tigris.serve.server import serve as run_server

    sock = bind(host, port)  # a port in use: one line, nothing started
    try:
        if not is_loopback(host):
            typer.echo(
                f"warning: listening on {host}, not loopback: the page has no "
                "authentication; anyone who can reach this port can run solves",
                err=True,
            )
        _import_page()  # first: the workers' own imports would compete with it for the cores
        jobs = _job_manager(workers, store)
        try:
            app = _create_app(scenario, data, jobs, store)
        except BaseException:
            jobs.close()
            raise
    except BaseException:
        sock.close()
        raise

    # waitress warns "Task queue depth is 1" when a request arrives before its threads
    # start: noise on the terminal; real trouble is logged at ERROR
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    def ready(url: str) -> None:
        if json_:  # one document once listening; errors before it are --json's error doc
            where = {"url": url_for(sock, host), "host": host, "port": sock.getsockname()[1]}
            emit_json({**where, "pid": os.getpid()})
            return
        typer.echo(f"tigris serve: {url_for(sock, host)} (Ctrl+C stops)")
        sys.stdout.flush()

    run_server(app, host, port, threads, jobs=jobs, sock=sock, on_ready=ready)
    return 0


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)

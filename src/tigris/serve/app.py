"""The dashboard's Dash app: :func:`create_app` (``docs/serve.md``, "Start").

The page (:mod:`tigris.serve.layout`), its callbacks (:mod:`tigris.serve.callbacks`)
and the response headers that keep the browser on this server (:data:`CSP`).
:func:`create_app` starts the job manager's worker processes when it is not given
one; ``tests/test_serve_app.py`` drives a whole app through Flask's test client.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import dash

from tigris.errors import InputError
from tigris.overlay import data_overlay, load_overlay
from tigris.scenario.edit import load_any
from tigris.serve import callbacks, guard, layout
from tigris.serve.limits import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from tigris.scenario import Scenario
    from tigris.serve.jobs import JobManager

__all__ = [
    "ASSETS",
    "CSP",
    "EXTENSION",
    "MAX_REQUEST_BYTES",
    "TITLE",
    "content_security_policy",
    "create_app",
    "serve_context",
]

#: The page's title (the browser tab).
TITLE = "tigris — what if"
#: The folder of the page's CSS, served by Dash from the package (no external URL).
ASSETS = Path(__file__).with_name("assets")
#: Key of the app's :class:`~tigris.serve.callbacks.ServeContext` in
#: ``app.server.extensions`` (the command closes its job manager from there).
EXTENSION = "tigris.serve"
#: Largest HTTP request body the server reads [bytes]: an upload (base64, 4/3 of the
#: file) plus the session's base scenario sent back with it as YAML, with room to
#: spare; beyond it Flask answers 413 before reading the body.
MAX_REQUEST_BYTES = 4 * MAX_UPLOAD_BYTES
#: Response headers on every answer: no framing by other sites, no content sniffing,
#: no referrer sent anywhere.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
#: Content Security Policy: the browser fetches, connects to and runs only what this
#: server sends (scripts: its files and Dash's inline start-up script, by hash); inline
#: styles and data/blob images are plotly's own (it styles and exports its figures so).
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


#: The page's language (``<html lang>``), as the HTML report's.
PAGE_LANG = "en"


def content_security_policy(app: dash.Dash) -> str:
    """The ``Content-Security-Policy`` header of ``app``: :data:`CSP` with the hashes
    of Dash's inline scripts added to ``script-src``.

    Parameters
    ----------
    app : dash.Dash
        The app whose inline scripts' hashes (``app.csp_hashes()``) are allowed.

    Returns
    -------
    str
        The header's value, ``directive sources`` pairs joined by ``"; "``.
    """
    policy = dict(CSP)
    policy["script-src"] = " ".join([CSP["script-src"], *app.csp_hashes()])
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def create_app(
    scenario: Scenario | str | Path | None = None,
    *,
    data: str | Path | None = None,
    jobs: JobManager | None = None,
    workers: int = 2,
    store: str | Path | None = None,
    poll_ms: int = 500,
) -> dash.Dash:
    """The dashboard as a Dash app (serve it with :func:`tigris.serve.server.serve`).

    Parameters
    ----------
    scenario : Scenario, str, Path or None
        The base scenario: a scenario, a file, YAML text, or ``None`` for the reference.
    data : str or Path, optional
        A ``--data`` overlay file (``tigris.overlay``), in force for every what-if.
    jobs : JobManager, optional
        Runs the what-ifs; default a new one with ``workers`` processes and ``store``
        (closed by the command, or at exit).
    workers : int
        Worker processes of the default job manager.
    store : str or Path, optional
        The run store of the default job manager (``None``: the user's, docs/runs.md).
    poll_ms : int
        How often the page asks about a pending job [ms].

    Returns
    -------
    dash.Dash
        The app; ``app.server`` is its Flask (WSGI) app and
        ``app.server.extensions["tigris.serve"]`` its
        :class:`~tigris.serve.callbacks.ServeContext` (``.jobs``: the job manager).

    Raises
    ------
    InputError
        A bad scenario, ``data`` file or ``poll_ms``, before any worker starts; without
        ``jobs``, a call from a script's top level outside ``if __name__ ==
        "__main__":`` (:func:`tigris.serve.jobs.check_main_guard`).
    """
    if isinstance(poll_ms, bool) or not isinstance(poll_ms, int) or poll_ms <= 0:
        raise InputError(f"expected a positive number of milliseconds, got {poll_ms!r}", "poll_ms")
    if jobs is None:  # it would start worker processes: refused unguarded, before work
        from tigris.serve.jobs import check_main_guard

        check_main_guard()
    if data is not None:
        load_overlay(data)  # every problem of the file (file:line), before workers start
    # with the --data parts in force: a product may name one (review of s48: a Scenario
    # object is now checked again, and its 'neuro-npu' was an unknown accelerator)
    with data_overlay(data):
        base = load_any(scenario)
    data_text = Path(data).read_text(encoding="utf-8") if data is not None else None
    owned = jobs is None
    if jobs is None:
        from tigris.serve.jobs import JobManager  # starts processes: only when asked

        jobs = JobManager(workers=workers, store=store)
    try:
        return _app(base, jobs, data_text, poll_ms)
    except BaseException:
        if owned:
            jobs.close()
        raise


def _app(
    base: Scenario,
    jobs: JobManager,
    data_text: str | None,
    poll_ms: int,
) -> dash.Dash:
    context = callbacks.ServeContext(base=base, jobs=jobs, data_text=data_text, poll_ms=poll_ms)
    app = dash.Dash(
        __name__,
        serve_locally=True,
        title=TITLE,
        update_title=None,
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
    )
    app.layout = lambda: layout.page(title=base.name, poll_ms=poll_ms)
    # the page's language, as the report's (screen readers pick their voice; UT-DASH #9)
    app.index_string = app.index_string.replace("<html>", f'<html lang="{PAGE_LANG}">', 1)
    callbacks.register(app, context)
    guard.install(app)  # malformed requests: 400/404, no traceback (user test s48 #5)
    server = app.server
    server.extensions[EXTENSION] = context
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    headers = {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(app)}

    @server.after_request
    def _headers(response: Any) -> Any:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    # warm the cache: the base what-if, as the page first asks for it (not waited for)
    request = context.request(None, context.whatif(base, context.defaults(base)))
    jobs.submit(callbacks.WARM_SESSION, request)
    return app


def serve_context(app: dash.Dash) -> callbacks.ServeContext:
    """The :class:`~tigris.serve.callbacks.ServeContext` of an app from :func:`create_app`.

    Parameters
    ----------
    app : dash.Dash
        An app made by :func:`create_app`.

    Returns
    -------
    ServeContext
        The context kept in the Flask server's extensions under :data:`EXTENSION`.
    """
    return app.server.extensions[EXTENSION]

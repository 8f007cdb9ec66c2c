"""Serving the dashboard: waitress (a threaded, pure-Python WSGI server) in front of the
Dash app, in the foreground for ``tigris serve`` or in a background thread for tests
and the load test (``benchmarks/load_serve.py``).

The listening socket is bound first (:func:`bind`), before the app and its worker
processes exist, so a port in use or a host that is not this machine's is one
:class:`~tigris.errors.InputError` and nothing has started. Stopping waits for the
request threads (so none pulls a closed trigger), closes the sockets and closes the
:class:`~tigris.serve.jobs.JobManager` handed in, which terminates its worker
processes: a stopped server leaves no child process behind.

waitress and Dash are imported inside the functions that need them, so ``tigris
--help`` never loads them (``tests/test_import_speed.py``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import signal
import socket
import threading
from collections.abc import Callable
from typing import Any, Protocol

from tigris.errors import InputError

__all__ = [
    "DEFAULT_THREADS",
    "ServerHandle",
    "bind",
    "is_loopback",
    "serve",
    "start_background",
    "url_for",
]

log = logging.getLogger("tigris.serve")

#: Request threads of waitress by default: a page load is ~10 requests for Dash's
#: scripts, then one callback per change and one poll per ``poll_ms`` per pending
#: session; 16 threads serve 50 polling sessions (the load test) without queueing
#: for long, and each thread is idle (a stack, no CPU) when nothing is asked.
DEFAULT_THREADS = 16
#: Pending connections the listening socket queues before refusing (``listen``
#: backlog): at least the load test's 50 sessions opening at once, with room.
LISTEN_BACKLOG = 1024
#: How long :meth:`ServerHandle.stop` waits for the serving thread and for request
#: threads to finish what they are doing [s]; a request still running after that is
#: abandoned (its thread is a daemon).
STOP_TIMEOUT_S = 5.0
#: Seconds between checks for a stop signal in :func:`serve`'s main thread [s] (a
#: signal handler only sets an event; the wait wakes at least this often).
_WAIT_S = 0.5
#: A host name as RFC 1123 allows it: labels of letters, digits and hyphens, not
#: starting or ending with a hyphen, at most 63 characters each.
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
#: Longest host name (RFC 1035 section 2.3.4) [characters].
_MAX_HOST_CHARS = 253


class _Closable(Protocol):
    def close(self) -> None: ...


def _host_problem(host: str) -> str | None:
    """Why ``host`` is not an IP address or a well-formed host name (None if it is)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    labels = host.rstrip(".").split(".")
    if (
        not host
        or len(host) > _MAX_HOST_CHARS
        or not all(_HOST_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()  # "256.1.1.1" is a bad address, not a name
    ):
        shown = host if len(host) <= _MAX_HOST_CHARS else host[:40] + "…"
        return f"expected an IP address or a host name, got '{shown}'"
    return None


def _addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """``getaddrinfo`` for a listening TCP socket; InputError naming ``--host``."""
    problem = _host_problem(host)
    if problem is not None:
        raise InputError(problem, field="--host")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        msg = f"cannot resolve '{host}' to an address of this machine ({exc})"
        raise InputError(msg, field="--host") from None
    return infos


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is a loopback one (127.0.0.0/8, ::1).

    Parameters
    ----------
    host : str
        An IP address or a host name.

    Returns
    -------
    bool
        False for a wildcard (``0.0.0.0``, ``::``) or any other interface's address,
        and for a name that does not resolve.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    try:
        infos = _addresses(host, 0)
    except InputError:
        return False
    addrs = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addrs) and all(a.is_loopback for a in addrs)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (port 0: a free one).

    Parameters
    ----------
    host : str
        IP address or host name of an interface of this machine (the first address it
        resolves to is used).
    port : int
        TCP port [-], 0 to 65535.

    Returns
    -------
    socket.socket
        Bound and listening; hand it to :func:`serve` or :func:`start_background`.

    Raises
    ------
    InputError
        ``--host``: not an address or name, or not one of this machine's;
        ``--port``: in use, or not allowed (below 1024 without privileges).
    """
    family, kind, proto, _, addr = _addresses(host, port)[0]
    sock = socket.socket(family, kind, proto)
    try:
        # a restart may rebind at once while the last run's connections linger in
        # TIME_WAIT; a port another process listens on is still refused
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(LISTEN_BACKLOG)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48):  # EADDRINUSE on Linux, macOS
            msg = f"port {port} on {host} is in use; pick another with --port (or 0 for any)"
            raise InputError(msg, field="--port") from None
        if exc.errno in (13, 1):  # EACCES, EPERM
            msg = f"not allowed to listen on port {port} (ports below 1024 need privileges)"
            raise InputError(msg, field="--port") from None
        msg = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        raise InputError(msg, field="--host") from None
    return sock


def url_for(sock: socket.socket, host: str | None = None) -> str:
    """``http://HOST:PORT/`` of a listening socket (``host`` as the user wrote it, if
    given; IPv6 addresses in brackets).

    Parameters
    ----------
    sock : socket.socket
        A bound, listening socket.
    host : str, optional
        The host as the user wrote it, shown instead of the socket's address; None shows
        the address.

    Returns
    -------
    str
        The URL, ending in ``/``.
    """
    addr, port = sock.getsockname()[:2]
    shown = host or addr
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def _wsgi(app: Any) -> Callable[..., Any]:
    """The WSGI callable of a Dash app (its Flask ``server``) or of a WSGI app itself."""
    return getattr(app, "server", app)


def _jobs_of(app: Any) -> _Closable | None:
    """The JobManager of an app made by :func:`tigris.serve.app.create_app` (kept in
    ``app.server.extensions``), or None."""
    extensions = getattr(getattr(app, "server", None), "extensions", None) or {}
    context = extensions.get("tigris.serve")
    return getattr(context, "jobs", None)


class ServerHandle:
    """A waitress server running in a background thread.

    Attributes
    ----------
    url : str
        ``http://HOST:PORT/``.
    host : str
    port : int
        The port actually bound (useful with port 0).
    """

    def __init__(
        self, app: Any, sock: socket.socket, *, threads: int, jobs: _Closable | None
    ) -> None:
        from waitress import create_server

        self.host = sock.getsockname()[0]
        self.port = int(sock.getsockname()[1])
        self.url = url_for(sock)
        self._jobs = jobs if jobs is not None else _jobs_of(app)
        self._map: dict[Any, Any] = {}
        self._server = create_server(
            _wsgi(app),
            map=self._map,
            sockets=[sock],
            threads=threads,
            # the CLI prints the URL itself; waitress would log it again
            ident="tigris",
        )
        self._stopped = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._server.run, name=f"tigris-serve-{self.port}", daemon=True
        )
        self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the serving thread is alive."""
        return self._thread.is_alive()

    def stop(self) -> None:
        """Close the sockets, stop the request threads and close the JobManager (its
        worker processes end); idempotent."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        from waitress import wasyncore
        from waitress.trigger import trigger

        # the request threads first: a thread that has just answered a request pulls the
        # trigger once done (waitress's HTTPChannel.service), and a trigger closed under
        # it was "Exception when servicing ... OSError: [Errno 9] Bad file descriptor"
        # with a traceback on stderr (CI 2026-12-07: a page read, then SIGTERM at once)
        self._server.task_dispatcher.shutdown(timeout=STOP_TIMEOUT_S)
        pull = next((c for c in list(self._map.values()) if isinstance(c, trigger)), None)
        if pull is not None and self._thread.is_alive():
            # close every channel in the serving thread itself (asyncore is not
            # thread-safe); an empty map ends its loop
            try:
                pull.pull_trigger(lambda: _close_channels(self._map, wasyncore))
            except OSError:
                # the trigger's pipe is already closed (its loop saw the read end
                # hang up); the loop then ends by the fallback below
                pass
            else:
                self._thread.join(STOP_TIMEOUT_S)
        if self._thread.is_alive():
            # the loop did not wake: empty its map, so it ends within its poll timeout,
            # and close the channels only once it has (closing them under a running
            # select() would fail it with EBADF in the serving thread)
            channels = list(self._map.values())
            self._map.clear()
            self._thread.join(STOP_TIMEOUT_S)
            for channel in channels:
                with contextlib.suppress(OSError):
                    _close_channel(channel)
        if self._jobs is not None:
            self._jobs.close()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _close_channel(channel: Any) -> None:
    """Close one waitress channel with its output buffers: an HTTP channel's
    ``handle_close`` closes them (a response spilled to a temporary file, waitress's
    ``TempfileBasedBuffer``, is such a buffer), where the dispatcher's ``close`` leaves
    them to the garbage collector, which then warned of an unclosed file (a
    ``ResourceWarning`` in the CI of 2026-12-07, the dashboard's browser test)."""
    close = getattr(channel, "handle_close", None) if hasattr(channel, "outbufs") else None
    (close or channel.close)()


def _close_channels(channels: dict[Any, Any], wasyncore: Any) -> None:
    """:func:`_close_channel` each of a waitress map's channels, then empty it as
    ``wasyncore.close_all`` does (run in the serving thread)."""
    for channel in list(channels.values()):
        with contextlib.suppress(OSError):
            _close_channel(channel)
    wasyncore.close_all(channels)


def start_background(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    threads: int = DEFAULT_THREADS,
    jobs: _Closable | None = None,
    sock: socket.socket | None = None,
) -> ServerHandle:
    """Serve ``app`` from a background thread (tests, the load test).

    Parameters
    ----------
    app : dash.Dash or WSGI callable
        The app (its Flask ``server`` is what waitress runs).
    host : str
        Interface to listen on; default loopback.
    port : int
        TCP port; 0 (default) picks a free one (read it from ``handle.port``).
    threads : int
        waitress request threads.
    jobs : object with ``close()``, optional
        The app's :class:`~tigris.serve.jobs.JobManager`, closed by ``handle.stop()``;
        default the one :func:`~tigris.serve.app.create_app` keeps in the app.
    sock : socket.socket, optional
        A socket already bound with :func:`bind` (then ``host`` and ``port`` are unused).

    Returns
    -------
    ServerHandle
        ``.url``, ``.port``, ``.stop()``; also a context manager.
    """
    return ServerHandle(app, sock or bind(host, port), threads=threads, jobs=jobs)


def serve(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 8050,
    threads: int = DEFAULT_THREADS,
    *,
    jobs: _Closable | None = None,
    sock: socket.socket | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``app`` until SIGINT (Ctrl+C) or SIGTERM, then stop cleanly and return.

    On the signal the sockets close, request threads finish (up to
    :data:`STOP_TIMEOUT_S`) and ``jobs`` is closed, which ends its worker processes.
    Must run in the main thread (signal handlers are installed there and restored on
    return).

    Parameters
    ----------
    app : dash.Dash or WSGI callable
    host, port
        Where to listen (unused when ``sock`` is given).
    threads : int
        waitress request threads.
    jobs : object with ``close()``, optional
        The app's JobManager.
    sock : socket.socket, optional
        A socket already bound with :func:`bind`.
    on_ready : callable, optional
        Called with the URL once the server accepts requests.
    """
    stop = threading.Event()

    def _handler(signum: int, frame: object) -> None:
        stop.set()

    old = {sig: signal.signal(sig, _handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    handle = None
    try:
        handle = start_background(app, host, port, threads=threads, jobs=jobs, sock=sock)
        if on_ready is not None:
            on_ready(handle.url)
        while not stop.wait(_WAIT_S):
            if not handle.running:  # pragma: no cover - the loop died on its own
                log.error("the server's loop stopped unexpectedly")
                break
    finally:
        if handle is not None:
            handle.stop()
        elif jobs is not None:
            jobs.close()
        for sig, previous in old.items():
            signal.signal(sig, previous)

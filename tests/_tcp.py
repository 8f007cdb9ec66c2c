"""A TCP server on 127.0.0.1 for tests of what tigris does with a ``--scheduler`` that is
not Dask's: one that never says a word (a web server waiting for a request line), or
one that greets each connection (an SSH server's banner)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


class Port(int):
    """A port number with the connections its server holds (``held``)."""

    held: list[socket.socket]


@contextlib.contextmanager
def tcp_server(greeting: bytes = b"") -> Iterator[Port]:
    """Serve on a free port of 127.0.0.1 until the block ends: accept every connection,
    hold it open, and send ``greeting`` on it (nothing if empty)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            held.append(conn)
            if greeting:
                conn.sendall(greeting)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    port = Port(srv.getsockname()[1])
    port.held = held
    try:
        yield port
    finally:
        stop.set()
        t.join(timeout=2)
        for c in held:
            c.close()
        srv.close()

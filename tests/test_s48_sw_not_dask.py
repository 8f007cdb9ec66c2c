"""User test s48 (sweeps #8): a --scheduler that answers but is not Dask (an SSH
server's banner) said ``(MemoryError: Unable to allocate 2.82 EiB ...)``: the line says
that no Dask handshake came and asks whether it is another server, without it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from tests.conftest import assert_one_line_error


@pytest.fixture
def banner_port() -> Iterator[int]:
    """A port on 127.0.0.1 that greets each connection as an SSH server does."""
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
            conn.sendall(b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n" * 4)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join(timeout=2)
    for c in held:
        c.close()
    srv.close()


def test_a_server_that_is_not_dask_is_named_so(banner_port, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "runs.duckdb"))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    res = run_cli(
        "sweep", "--set", "discount_rate=0.05,0.06", "--scheduler", f"tcp://127.0.0.1:{banner_port}"
    )
    assert_one_line_error(res, "--scheduler", "no Dask handshake", "another server")
    assert "MemoryError" not in res.err and "EiB" not in res.err

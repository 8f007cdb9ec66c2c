"""User test s48 (sweeps #8): a --scheduler that answers but is not Dask (an SSH
server's banner) said ``(MemoryError: Unable to allocate 2.82 EiB ...)``: the line says
that no Dask handshake came and asks whether it is another server, without it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests._tcp import tcp_server
from tests.conftest import assert_one_line_error


@pytest.fixture
def banner_port() -> Iterator[int]:
    """A port on 127.0.0.1 that greets each connection as an SSH server does."""
    with tcp_server(b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n" * 4) as port:
        yield port


def test_a_server_that_is_not_dask_is_named_so(banner_port, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "runs.duckdb"))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    res = run_cli(
        "sweep", "--set", "discount_rate=0.05,0.06", "--scheduler", f"tcp://127.0.0.1:{banner_port}"
    )
    assert_one_line_error(res, "--scheduler", "no Dask handshake", "another server")
    assert "MemoryError" not in res.err and "EiB" not in res.err

"""User test s45, tigris sweep: a --scheduler port that is not Dask's, the members
table's width, interrupts before any member ran, and the smaller refusals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._tcp import Port, tcp_server

#: Hard limit on any subprocess here [s]: the old code waited ~10 minutes.
HARD_TIMEOUT_S = 60


@pytest.fixture
def silent_port() -> Iterator[Port]:
    """A port on 127.0.0.1 that accepts TCP connections and never says a word (as a
    web server waiting for a request line, or a scheduler's dashboard, does to Dask)."""
    with tcp_server() as port:
        yield port


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, TIGRIS_STORE=str(tmp_path / "store.duckdb"), COLUMNS="80")
    env.pop("TIGRIS_SCHEDULER", None)
    return env


@pytest.mark.slow  # waits the whole connect timeout; the probe test below uses a short one
def test_scheduler_port_that_is_not_dask_is_one_line_exit_2(silent_port, tmp_path):
    """The CLI gives up within the documented connect timeout, one line naming
    --scheduler, exit 2 (it hung ~10 minutes)."""
    from tigris.runs.executor import CONNECT_TIMEOUT_S

    cmd = [sys.executable, "-m", "tigris", "sweep", "--set", "discount_rate=0.05,0.06"]
    cmd += ["--scheduler", f"tcp://127.0.0.1:{silent_port}"]
    start = time.monotonic()
    p = subprocess.run(
        cmd, capture_output=True, text=True, env=_env(tmp_path), timeout=HARD_TIMEOUT_S
    )
    took = time.monotonic() - start
    assert p.returncode == 2, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("error: --scheduler: could not talk to a Dask scheduler")
    assert "Traceback" not in p.stderr
    assert took < CONNECT_TIMEOUT_S + 15  # the interpreter and imports besides


_PROBE = (
    "import sys\n"
    "from tigris.errors import InputError\n"
    "from tigris.runs.executor import make_executor\n"
    "try:\n"
    "    make_executor(scheduler=sys.argv[1], connect_timeout_s=float(sys.argv[2]))\n"
    "except InputError as exc:\n"
    "    print(exc)\n"
    "    sys.exit(2)\n"
    "except KeyboardInterrupt:\n"
    "    print('interrupted', flush=True)\n"
    "    sys.exit(130)\n"
)


def test_probe_gives_up_at_its_timeout(silent_port):
    p = subprocess.run(
        [sys.executable, "-c", _PROBE, f"tcp://127.0.0.1:{silent_port}", "1"],
        capture_output=True,
        text=True,
        timeout=HARD_TIMEOUT_S,
    )
    assert p.returncode == 2, p.stderr
    assert "--scheduler" in p.stdout and "no Dask handshake within 1 s" in p.stdout


def test_first_ctrl_c_stops_the_probe(silent_port):
    """The first SIGINT while waiting for the handshake stops it at once (it was
    ignored: the thread pool's shutdown waited for the stuck probe)."""
    p = subprocess.Popen(
        [sys.executable, "-c", _PROBE, f"tcp://127.0.0.1:{silent_port}", "40"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + HARD_TIMEOUT_S
        while time.monotonic() < deadline and not silent_port.held:  # the probe's connection
            time.sleep(0.1)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert p.returncode == 130, err
    assert out.strip() == "interrupted"


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_interrupt_before_the_members_ran_says_nothing_stored(monkeypatch, capsys, tmp_path):
    """A Ctrl-C while the scenario is read and checked said a bare 'stopped'."""
    import tigris.runs.sweep as sweep_mod
    from tigris.cli import main

    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "store.duckdb"))
    monkeypatch.setattr(sweep_mod, "sweep", _interrupt)
    code = main(["sweep", "--set", "discount_rate=0.05,0.06,0.07", "--workers", "0"])
    assert code == 130
    err = capsys.readouterr().err
    assert err == "stopped before any of the 3 members finished; nothing stored\n"


def test_interrupt_at_the_command_start_says_nothing_stored(monkeypatch, capsys, tmp_path):
    """A Ctrl-C in the command's first moments printed nothing at all (exit 130)."""
    import tigris.runs.sweep as sweep_mod
    from tigris.cli import main

    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "store.duckdb"))
    monkeypatch.setattr(sweep_mod, "parse_set", _interrupt)
    code = main(["sweep", "--set", "discount_rate=0.05,0.06,0.07", "--workers", "0"])
    assert code == 130
    assert capsys.readouterr().err == "stopped before the sweep started; nothing stored\n"


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_members_table_fits_80_columns_on_the_docs_two_path_example(tmp_path):
    """docs/sweeps.md's example with two paths drew an 89-column table at 80."""
    cmd = [sys.executable, "-m", "tigris", "sweep", "--set", "discount_rate=0.06,0.1"]
    cmd += ["--set", "datacenters.electricity_price_multiplier=1,2", "--workers", "0"]
    cmd += ["--no-store"]
    p = subprocess.run(
        cmd, capture_output=True, text=True, env=_env(tmp_path), timeout=HARD_TIMEOUT_S * 2
    )
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, p.stdout
    assert "p1: discount_rate; p2: datacenters.electricity_price_multiplier" in lines


@pytest.mark.parametrize("n", ["-2", "1.5"])
def test_a_range_count_that_is_not_whole_and_2_or_more_is_refused_as_a_range(n):
    from tigris.errors import InputError
    from tigris.runs.sweep import parse_set

    with pytest.raises(InputError) as err:
        parse_set(f"discount_rate=0.05:0.1:{n}")
    assert str(err.value) == (
        f"--set: 'discount_rate=0.05:0.1:{n}': a range lo:hi:n needs finite lo and hi "
        "and n >= 2 values"
    )


def test_a_bad_store_keyword_is_named(tmp_path):
    import tigris
    from tigris.errors import InputError

    with pytest.raises(InputError) as err:
        tigris.sweep(None, {"discount_rate": [0.05]}, store=5, workers=0)
    assert str(err.value) == "store: expected True, False or a store file's path, got 5"


def test_a_bad_scheduler_from_the_environment_names_the_variable(monkeypatch, capsys):
    from tigris.cli import main

    monkeypatch.setenv("TIGRIS_SCHEDULER", "notanaddress")
    code = main(["sweep", "--set", "discount_rate=0.05,0.06"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: $TIGRIS_SCHEDULER: cannot use 'notanaddress'"), err
    assert "--scheduler:" not in err
    assert main(["sweep", "--set", "discount_rate=0.05,0.06", "--scheduler", "x"]) == 2
    assert capsys.readouterr().err.startswith("error: --scheduler: cannot use 'x'")


def test_stored_changes_keep_a_year_maps_keys_numbers(tmp_path):
    """res.changes had int year keys, the store's changes '2027' (docs/sweeps.md: the
    same dicts)."""
    import tigris
    from tigris.runs.store import RunStore

    year_map = {2026: 0, 2027: 10, 2028: 30, 2030: 40}
    path = tmp_path / "store.duckdb"
    res = tigris.sweep(None, {"tools.euv_per_year": [year_map]}, workers=0, store=path)
    stored = RunStore(path).runs(sweep_id=res.sweep_id)["changes"].tolist()
    assert stored == [res.changes[0]] == [{"tools.euv_per_year": year_map}]


def test_sigterm_as_interrupt_is_held_while_a_local_cluster_starts():
    """A SIGTERM (the CLI's Ctrl-C) raised inside LocalCluster's start left a
    half-started cluster whose close at exit printed a traceback; it is held to the
    start's end, as a Ctrl-C is."""
    from tigris.runs import executor
    from tigris.runs.interrupts import Terminated, sigterm_as_interrupt

    reached = False
    with sigterm_as_interrupt([]), pytest.raises(Terminated), executor._sigint_held():
        signal.raise_signal(signal.SIGTERM)  # held, not raised here ...
        reached = True  # ... but at the block's end
    assert reached
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_dasks_client_log_is_quiet_while_our_client_is_open(caplog):
    """A scheduler lost mid-sweep logged 'distributed.client - ERROR - Failed to
    reconnect to scheduler ...' on stderr; each member's failure already says it."""
    import logging

    from distributed import LocalCluster

    from tigris.runs.executor import make_executor

    log = logging.getLogger("distributed.client")
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        ex = make_executor(scheduler=cluster.scheduler_address)

        def said() -> list[str]:
            return [r.getMessage() for r in caplog.records if r.name == log.name]

        with caplog.at_level(logging.ERROR, logger="distributed.client"):
            log.error("Failed to reconnect to scheduler after 10.00 seconds, closing client")
            assert said() == []
            ex.close()
            log.error("after close")
            assert said() == ["after close"]


def test_a_connect_that_gives_up_at_its_timeout_is_could_not_reach(monkeypatch):
    """Dask's connect to a port nobody listens on retries until its timeout and then
    raises its own OSError, a little after the timeout; the probe's handshake limit was
    the same timeout, so under load it fired first and a closed port read "no Dask
    handshake" (CI of 2026-12-05). The probe now waits HANDSHAKE_MARGIN_S longer."""
    import asyncio

    import distributed.comm

    from tigris.errors import InputError
    from tigris.runs import executor

    async def refused(address, timeout=None, **kwargs):
        await asyncio.sleep(timeout + 0.05)  # dask's last retry ends just past it
        raise OSError(f"Timed out trying to connect to {address} after {timeout} s")

    monkeypatch.setattr(distributed.comm, "connect", refused)
    with pytest.raises(InputError) as err:
        executor._connect("tcp://127.0.0.1:9", 0.5)
    assert "could not reach the Dask scheduler at tcp://127.0.0.1:9" in str(err.value)

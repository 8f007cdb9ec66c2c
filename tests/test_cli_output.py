"""Nothing lost: ``--out``, ``--report``, ``--html`` and ``--png`` write aside and rename.

A write that fails midway (a full disk, simulated by a writer raising ENOSPC) must
leave an earlier run byte-for-byte as it was, no half-written new files and no
temporary litter; a path under a regular file is one line and exit code 2.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.fsio import TEMP_MARK, check_output
from tigris.plan.result import PlanResult

Run = Callable[..., CliResult]


def tiny_result(scale: float = 1.0, name: str = "tiny") -> PlanResult:
    """A hand-made two-year plan; ``scale`` makes its numbers differ from another's."""
    years = [2025, 2026]
    return PlanResult(
        scenario_name=name,
        status="optimal",
        objective_usd=1e9 * scale,
        horizon=(2025, 2026),
        demand=pd.DataFrame(
            {
                "year": years,
                "demand_class": ["inference", "inference"],
                "priority": [1, 1],
                "demand_h100e": [1e6 * scale, 2e6 * scale],
                "served_h100e": [1e6 * scale, 1.5e6 * scale],
                "unmet_h100e": [0.0, 0.5e6 * scale],
            }
        ),
        power=pd.DataFrame(
            {"year": years, "fab_power_mw": [0.0, 0.0], "compute_power_mw": [1e3, 1.5e3]}
        ),
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def litter(folder: Path) -> list[str]:
    """Temporary names left anywhere under ``folder``."""
    return [str(p) for p in folder.rglob("*") if TEMP_MARK in p.name]


def fail_on_call(n: int) -> Callable[..., None]:
    """A stand-in writer that raises ENOSPC on its ``n``-th call, after writing half."""
    calls = {"n": 0}
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] >= n:
            real(self, data[: len(data) // 2])  # half-written, as a filling disk leaves it
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    return write_bytes  # type: ignore[return-value]


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[PlanResult]:
    """``tigris plan`` returns the next of these results instead of solving."""
    queue: list[PlanResult] = []

    def fake_solve(*args: object, **kwargs: object) -> PlanResult:
        return queue.pop(0)

    monkeypatch.setattr("tigris.plan.solve", fake_solve)
    return queue


@pytest.mark.parametrize("fail_at", [1, 3, 9])  # first CSV, midway, plan.json (last)
def test_plan_out_failing_midway_keeps_earlier_run(
    run_cli: Run,
    tmp_path: Path,
    solved: list[PlanResult],
    monkeypatch: pytest.MonkeyPatch,
    fail_at: int,
) -> None:
    out = tmp_path / "run"
    tiny_result(1.0).write(out)
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    solved.append(tiny_result(2.0))
    monkeypatch.setattr(Path, "write_bytes", fail_on_call(fail_at))
    res = run_cli("plan", "--out", str(out), "--json")
    monkeypatch.undo()
    assert res.code == 2
    assert "--out" in res.err and "No space left on device" in res.err
    assert len(res.err.strip().splitlines()) == 1
    assert snapshot(out) == before
    assert litter(tmp_path) == []
    assert PlanResult.read(out).objective_usd == pytest.approx(1e9)


def test_plan_out_failing_on_a_new_directory_leaves_nothing(
    run_cli: Run, tmp_path: Path, solved: list[PlanResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    solved.append(tiny_result())
    monkeypatch.setattr(Path, "write_bytes", fail_on_call(4))
    res = run_cli("plan", "--out", str(tmp_path / "new"))
    monkeypatch.undo()
    assert res.code == 2
    assert list(tmp_path.iterdir()) == []


def test_plan_out_replaces_earlier_run_and_keeps_other_files(
    run_cli: Run, tmp_path: Path, solved: list[PlanResult]
) -> None:
    out = tmp_path / "run"
    tiny_result(1.0).write(out)
    (out / "report.html").write_text("an earlier report")
    solved.append(tiny_result(3.0, name="second"))
    res = run_cli("plan", "--out", str(out), "--json")
    assert res.code == 0, res.err
    back = PlanResult.read(out)
    assert back.scenario_name == "second"
    assert back.demand["demand_h100e"].tolist() == [3e6, 6e6]
    assert (out / "report.html").read_text() == "an earlier report"
    assert litter(tmp_path) == []


def test_plan_out_never_overwrites_files_of_a_non_run(
    run_cli: Run, tmp_path: Path, solved: list[PlanResult]
) -> None:
    """A folder holding the user's own ``demand.csv`` (no plan.json) is left alone."""
    (tmp_path / "demand.csv").write_text("my,own,data\n")
    solved.append(tiny_result())
    res = run_cli("plan", "--out", str(tmp_path))
    assert_one_line_error(res, "--out", "demand.csv", "no plan.json")
    assert (tmp_path / "demand.csv").read_text() == "my,own,data\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demand.csv"]


@pytest.mark.parametrize(
    ("flag", "sub", "needle"),
    [
        ("--out", "afile/run", "is a file, not a directory"),
        ("--out", "afile", "is a file"),
        ("--report", "afile/r.html", "is a file, not a directory"),
        ("--report", ".", "is a directory"),
        ("--png", "afile/figs", "is a file, not a directory"),
    ],
)
def test_plan_output_under_a_file_refused_before_solving(
    run_cli: Run, tmp_path: Path, flag: str, sub: str, needle: str
) -> None:
    """Refused before the solver runs (no solve is stubbed: a solve would take seconds)."""
    (tmp_path / "afile").write_text("x")
    res = run_cli("plan", flag, str(tmp_path / sub))
    assert_one_line_error(res, flag, needle)
    assert (tmp_path / "afile").read_text() == "x"


def test_unwritable_directory_is_one_line(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No write permission (simulated: the tests may run as root, who may write anywhere)."""
    real = os.access
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr(os, "access", lambda p, m: Path(p) != locked and real(p, m))
    with pytest.raises(Exception, match="no permission to write in"):
        check_output(locked / "run", "--out", directory=True)
    res = run_cli("plan", "--out", str(locked / "run"))
    assert_one_line_error(res, "--out", "no permission")


def test_report_html_failing_midway_keeps_earlier_report(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = tmp_path / "run"
    tiny_result().write(run)
    html = tmp_path / "report.html"
    html.write_text("<html>earlier report</html>")

    def failing_write_html(tables: object, path: Path, **kwargs: object) -> Path:
        Path(path).write_text("<html>half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tigris.report.write_html", failing_write_html)
    res = run_cli("report", str(run), "--html", str(html))
    assert_one_line_error(res, "--html", str(html), "No space left on device")
    assert html.read_text() == "<html>earlier report</html>"
    assert litter(tmp_path) == []


def test_report_png_failing_midway_keeps_earlier_figures(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = tmp_path / "run"
    tiny_result().write(run)
    figs = tmp_path / "figs"
    figs.mkdir()
    for name in ("demand.png", "capex.png", "mine.txt"):
        (figs / name).write_bytes(b"earlier " + name.encode())
    before = snapshot(figs)

    def failing_write_pngs(tables: object, out_dir: Path, **kwargs: object) -> list[Path]:
        (Path(out_dir) / "demand.png").write_bytes(b"new")
        (Path(out_dir) / "capex.png").write_bytes(b"ne")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tigris.report.write_html", lambda t, p, **k: Path(p).write_text("ok"))
    monkeypatch.setattr("tigris.report.write_pngs", failing_write_pngs)
    res = run_cli("report", str(run), "--html", str(tmp_path / "r.html"), "--png", str(figs))
    assert_one_line_error(res, "--png", "No space left on device")
    assert snapshot(figs) == before
    assert litter(tmp_path) == []


def test_report_writes_html_through_a_temporary_name(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real HTML writer never writes to the target itself."""
    import tigris.report

    run = tmp_path / "run"
    tiny_result().write(run)
    html = tmp_path / "out.html"
    seen: list[Path] = []
    real = tigris.report.write_html

    def spy(tables: object, path: Path, **kwargs: object) -> Path:
        seen.append(Path(path))
        return real(tables, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("tigris.report.write_html", spy)
    res = run_cli("report", str(run), "--html", str(html), "--json")
    assert res.code == 0, res.err
    assert res.json()["html"] == str(html)
    assert seen and seen[0] != html and seen[0].parent == html.parent
    assert "<html" in html.read_text(encoding="utf-8").lower()
    assert litter(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ("die", "--width", "10", "--height", "10", "--d0", "0.1", "--plot"),
        ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--plot"),
        ("plan", "--report"),
        ("plan", "--out"),
    ],
)
def test_pipe_or_device_as_output_refused(run_cli: Run, tmp_path: Path, args: tuple) -> None:
    """A FIFO would block the writer forever; renaming over /dev/full would replace the
    device node. Both are refused before any work, in one line."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (str(fifo), os.devnull):
        res = run_cli(*args, target)
        assert_one_line_error(res, args[-1])
        assert "not a regular file" in res.err or "is a file" in res.err
        # what to give instead: a directory for --out, a file name for the others
        want = "directory" if args[-1] == "--out" else "file name"
        assert f"expected a {want}" in res.err, res.err
    assert fifo.is_fifo()
    assert Path(os.devnull).is_char_device()


def test_fab_plot_written_through_a_temporary_name(run_cli: Run, tmp_path: Path) -> None:
    png = tmp_path / "fab.png"
    png.write_bytes(b"earlier")
    res = run_cli("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--plot", str(png))
    assert res.code == 0, res.err
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert litter(tmp_path) == []


def test_die_plot_failing_midway_keeps_earlier_png(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    png = tmp_path / "map.png"
    png.write_bytes(b"earlier map")

    def failing_plot(*args: object, path: Path, **kwargs: object) -> None:
        Path(path).write_bytes(b"half a map")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tigris.viz.wafer.plot_wafer_map", failing_plot)
    res = run_cli("die", "--width", "20", "--height", "20", "--d0", "0.1", "--plot", str(png))
    assert_one_line_error(res, "--plot", "No space left on device")
    assert png.read_bytes() == b"earlier map"
    assert litter(tmp_path) == []
    monkeypatch.undo()
    res = run_cli("die", "--width", "20", "--height", "20", "--d0", "0.1", "--plot", str(png))
    assert res.code == 0, res.err
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert litter(tmp_path) == []

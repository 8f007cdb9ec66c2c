"""Writing output files so that nothing is lost: write aside, then rename into place.

A run that fails midway (a full disk, a file in the way, Ctrl-C) must leave the
user's earlier files exactly as they were and no half-written new ones. Both helpers
here write to a temporary path on the same file system as the target and only then
rename into place (``os.replace``, atomic on POSIX, Python docs ``os.replace``):

- :func:`atomic_file` for one file (``--report FILE``, ``--html FILE``);
- :func:`atomic_dir` for a set of files in a directory (``plan --out DIR``,
  ``--png DIR``): the files are written into a temporary directory, then each one
  replaces its namesake, with SIGINT and SIGTERM held until the last is in
  (:func:`signals_held`); an earlier run's files of the names given as ``stale`` that
  this run did not write are removed in the same step, so the folder never mixes two
  runs; other files already in ``DIR`` are left alone. A new ``DIR`` is created by
  renaming the temporary directory, in one step.

On any failure the temporary path is removed and the error becomes one
:class:`~tigris.errors.InputError` naming the option and the path, so the CLI prints
one line and exits with code 2.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as d:
...     target = Path(d) / "a.txt"
...     with atomic_file(target, "--out") as tmp:
...         _ = tmp.write_text("new")
...     print(target.read_text(), sorted(p.name for p in Path(d).iterdir()))
new ['a.txt']
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import errno
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from tigris.errors import InputError

__all__ = [
    "TEMP_MARK",
    "atomic_dir",
    "atomic_file",
    "check_output",
    "inputs_named",
    "is_temp_name",
    "named_inputs",
    "output_error",
    "require_parent",
    "signals_held",
    "staging_dir",
    "swap_in",
]

#: Part of every temporary name, so a leftover (after ``kill -9``) is recognisable.
TEMP_MARK = ".tigris-tmp-"
#: Random hex digits in a temporary name (collisions are then negligible).
_TOKEN_BYTES = 4


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of this module's temporary names.

    Parameters
    ----------
    name : str
        A file or directory name.

    Returns
    -------
    bool
        True when ``name`` holds :data:`TEMP_MARK` (``.tigris-tmp-``).
    """
    return TEMP_MARK in name


#: The errors of a write that found no room: the device is full, or the user's quota.
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def output_error(path: Path, exc: OSError, field: str) -> InputError:
    """The one-line :class:`InputError` for an output that could not be written.

    Parameters
    ----------
    path : Path
        The file or directory the user asked for.
    exc : OSError
        What went wrong.
    field : str
        The option that named ``path`` (``--out``).

    Returns
    -------
    InputError
        The error (not raised): ``cannot write PATH: WHY; nothing was changed there``;
        WHY says a full disk in words (``the disk is full (No space left on device)``).
    """
    why = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in _DISK_FULL:
        why = f"the disk is full ({why})"
    msg = f"cannot write {path}: {why}; nothing was changed there"
    return InputError(msg, field=field)


def _temp_path(parent: Path, name: str) -> Path:
    """``parent/.stem.tigris-tmp-1a2b3c4d.suffix``: hidden, recognisable, and with the
    target's suffix, so writers that infer the format from it (matplotlib) still can."""
    stem, suffix = Path(name).stem, Path(name).suffix
    return parent / f".{stem}{TEMP_MARK}{secrets.token_hex(_TOKEN_BYTES)}{suffix}"


#: Trees whose files are the kernel's views of processes and devices, never a file to
#: replace (``/dev/stdout`` is a link to ``/proc/self/fd/1``).
_SYSTEM_TREES = (Path("/proc"), Path("/dev"), Path("/sys"))
#: Links followed at most when looking for one into :data:`_SYSTEM_TREES` (Linux's own
#: limit on links in a path, MAXSYMLINKS).
_MAX_LINKS = 40


def _through_links(target: Path, field: str) -> Path:
    """The file a path names once its symbolic links are followed: writing renames a
    new file into place, which would replace a link itself (review of 2026-12-07:
    ``--html /dev/stdout`` replaced the container's ``/dev/stdout`` link by a regular
    file, and a linked report left its target as it was). A path under ``/proc``,
    ``/dev`` or ``/sys`` is refused as no regular file (a pipe, terminal or device)."""
    if not target.is_symlink():
        return target
    real = Path(os.path.realpath(target))
    # the path given, each link on the way and where they end
    steps, step = [Path(os.path.abspath(target)), real], target
    for _ in range(_MAX_LINKS):
        if not step.is_symlink():
            break
        step = Path(os.path.abspath(step.parent / os.readlink(step)))
        steps.append(step)
    if any(p == tree or tree in p.parents for p in steps for tree in _SYSTEM_TREES):
        msg = f"'{target}' is not a regular file (a pipe or device); expected a file name"
        raise InputError(msg, field=field)
    return real


def _check_kind(target: Path, field: str, *, directory: bool) -> None:
    """Refuse a target that exists but is of the wrong kind: a directory for a file, a
    file for a directory, or no regular file or folder at all (a FIFO would block the
    writer forever; renaming over ``/dev/full`` would replace a device node)."""
    if not target.exists():
        return
    if not (target.is_file() or target.is_dir()):
        want = "a directory" if directory else "a file name"
        msg = f"'{target}' is not a regular file (a pipe or device); expected {want}"
        raise InputError(msg, field=field)
    if directory and not target.is_dir():
        msg = f"'{target}' is a file; expected a directory"
        raise InputError(msg, field=field)
    if not directory and target.is_dir():
        msg = f"'{target}' is a directory; expected a file name"
        raise InputError(msg, field=field)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _check_parent(target: Path, field: str) -> None:
    """Create ``target``'s parent folders; refuse a parent that is a file."""
    parent = target.parent
    for folder in (parent, *parent.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                msg = f"cannot write {target}: '{folder}' is a file, not a directory"
                raise InputError(msg, field=field)
            break
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target, exc, field) from None


def require_parent(target: str | Path, field: str) -> None:
    """Refuse a one-file output whose folder does not exist (or is a file).

    One file named by the user (``--report``, ``--html``, ``--plot``, a one-file
    export) names no folder to create: a missing one is a typo, refused before any work
    (``--out`` and ``--png`` name where a run's files go and create their folders).

    Parameters
    ----------
    target : str or Path
        The file asked for.
    field : str
        The option that named it (``--report``).

    Raises
    ------
    InputError
        ``cannot write TARGET: folder 'PARENT' does not exist`` (or ``is not a folder``).
    """
    parent = Path(target).parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise InputError(f"cannot write {target}: folder '{parent}' {what}", field=field)


def check_output(target: str | Path, field: str, *, directory: bool) -> None:
    """Refuse, before any work is done, an output path that cannot be written.

    Parameters
    ----------
    target : str or Path
        The file or directory the user asked for.
    field : str
        The option that named it.
    directory : bool
        Whether ``target`` is a directory (``--out``, ``--png``) or a file.

    Raises
    ------
    InputError
        ``target`` is of the wrong kind, lies under a regular file, or its nearest
        existing folder is not writable; or a file is one the command reads
        (:func:`inputs_named`).
    """
    target = Path(target)
    if not directory:
        target = _through_links(target, field)
    _check_kind(target, field, directory=directory)
    if not directory:
        _refuse_input(target, field)
    start = target if directory and target.is_dir() else target.parent
    for folder in (start, *start.parents):
        if not (folder.exists() or folder.is_symlink()):
            continue
        if not folder.is_dir():
            msg = f"cannot write {target}: '{folder}' is a file, not a directory"
            raise InputError(msg, field=field)
        if not os.access(folder, os.W_OK | os.X_OK):
            msg = f"cannot write {target}: no permission to write in '{folder}'"
            raise InputError(msg, field=field)
        return


#: Options whose value is written (an output), never read as an input file.
OUTPUT_OPTIONS = frozenset({"--out", "--report", "--png", "--plot", "--html", "--figure"})

#: Options whose value is a file read, named so in a refusal; any other existing file
#: on the command line (the scenario, compare's A and B) is "the input file". The run
#: store (``--store``) is read and written: no other output may be it.
INPUT_OPTIONS = frozenset({"--data", "--accelerators", "--store"})

#: The option whose value is a saved run's folder, whose own files are inputs.
FROM_RUN_OPTION = "--from-run"

#: The environment variable naming the run store when ``--store`` is not given
#: (:func:`tigris.runs.store.store_path`).
STORE_ENV = "TIGRIS_STORE"
#: The fields a store is named by when it is checked as an output of its own: the
#: option, the variable, and the Python keyword (``tigris.plan(store=...)``).
_STORE_FIELDS = frozenset({"--store", STORE_ENV, "store"})


@dataclasses.dataclass(frozen=True)
class NamedInput:
    """A file the running command reads: its path, how a refusal names it, and the
    option that gave it (an output given by that same option is the file itself:
    ``--store`` is checked as an output too)."""

    path: Path
    what: str
    option: str = ""


#: The inputs of the command running in this context (:func:`inputs_named`); a
#: context variable, so two commands in two threads (the dashboard's server, the
#: Python API) never see each other's, and a nested call restores the outer one's.
_INPUTS: contextvars.ContextVar[tuple[NamedInput, ...]] = contextvars.ContextVar(
    "tigris_inputs", default=()
)


def _is_file(value: str | Path) -> bool:
    try:
        return Path(value).is_file()
    except (OSError, ValueError):  # a name too long, a NUL: not a file
        return False


def named_inputs(args: Sequence[str]) -> list[NamedInput]:
    """The files a command line reads: the existing regular files among its arguments
    that are not the value of an output option (:data:`OUTPUT_OPTIONS`), the run store
    (``--store``, else :data:`STORE_ENV`), and a saved run's own files in the folder
    given to ``--from-run``.

    Parameters
    ----------
    args : sequence of str
        The arguments without the program name.

    Returns
    -------
    list of NamedInput
        Each input file and how to name it (``the --data file``, or ``the input file``
        for another, such as the scenario).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for name in ("my.yaml", "d.yaml", "old.html"):
    ...         _ = (Path(d) / name).write_text("x")
    ...     got = named_inputs([f"{d}/my.yaml", "--data", f"{d}/d.yaml", "--no-store",
    ...                         f"--report={d}/old.html", "--png", d])
    ...     [(i.path.name, i.what) for i in got][:2]  # then $TIGRIS_STORE, if a file
    [('my.yaml', 'the input file'), ('d.yaml', 'the --data file')]
    """
    out: list[NamedInput] = []
    prev, store_given = "", False
    for arg in args:
        name, value = arg.split("=", 1) if arg.startswith("--") and "=" in arg else ("", arg)
        option = name or (prev if prev.startswith("-") else "")
        prev = arg
        store_given = store_given or option == "--store" or arg == "--store"
        if option in OUTPUT_OPTIONS or (value.startswith("-") and not name):
            continue
        if option == FROM_RUN_OPTION and Path(value).is_dir():
            out += _run_folder_files(Path(value))
        elif _is_file(value):
            what = f"the {option} file" if option in INPUT_OPTIONS else "the input file"
            out.append(NamedInput(Path(value), what, option if option in INPUT_OPTIONS else ""))
    env = os.environ.get(STORE_ENV)
    if not store_given and env and _is_file(env):
        out.append(NamedInput(Path(env), f"the run store ({STORE_ENV})", "--store"))
    return out


def _run_folder_files(folder: Path) -> list[NamedInput]:
    """A saved run's own files in ``folder`` (:func:`tigris.runs.export.run_folder_names`:
    ``run.json``, ``scenario.yaml``, ``plan.json``, its tables): inputs of
    ``--from-run`` (review of s47: ``--report DIR/scenario.yaml`` replaced the saved
    scenario, and the run could not be repeated)."""
    from tigris.runs.export import run_folder_names

    names = run_folder_names()
    return [
        NamedInput(f, f"a file of the saved run given to {FROM_RUN_OPTION}", FROM_RUN_OPTION)
        for f in sorted(folder.iterdir())
        if f.name in names and _is_file(f)
    ]


@contextlib.contextmanager
def inputs_named(args: Sequence[str]) -> Iterator[None]:
    """Within the block, :func:`check_output` refuses to write onto a file ``args``
    read (:func:`named_inputs`): ``tigris plan my.yaml --report my.yaml`` replaced the
    hand-edited scenario with HTML, exit 0, and ``tigris die --data d.yaml --plot
    d.yaml`` the data file with a PNG (user test s47 scenario #1). The inputs are this
    context's (:data:`_INPUTS`), restored on leaving.

    Parameters
    ----------
    args : sequence of str
        The command line's arguments (without the program's name).

    Yields
    ------
    None
        Control to the block, once.
    """
    token = _INPUTS.set(tuple(named_inputs(args)))
    try:
        yield
    finally:
        _INPUTS.reset(token)


def _refuse_input(target: Path, field: str) -> None:
    """Refuse ``target`` when it is the same file as an input of the command
    (:data:`_INPUTS`; :func:`os.path.samefile`, so a link or another spelling of the
    path is caught too), other than the one given by ``field`` itself (the store
    checked as ``--store``'s own output)."""
    for given in _INPUTS.get():
        if given.option and (given.option == field or {given.option, field} <= _STORE_FIELDS):
            continue
        try:
            same = os.path.samefile(given.path, target)
        except OSError:  # the output does not exist yet (or cannot be read): not an input
            same = False
        if same:
            msg = (
                f"{target} is {given.what} ({given.path}); writing there would replace it: "
                "give another name"
            )
            raise InputError(msg, field=field)


@contextlib.contextmanager
def atomic_file(target: str | Path, field: str) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` on success.

    Parameters
    ----------
    target : str or Path
        The file to write (created or replaced).
    field : str
        Option named in the error message (``--report``).

    Yields
    ------
    Path
        Where to write; it does not exist yet.

    Raises
    ------
    InputError
        ``target`` is a directory, its folder cannot be created, or writing failed
        (an ``OSError`` in the body); ``target`` is then unchanged.
    """
    target = _through_links(Path(target), field)
    _check_kind(target, field, directory=False)
    _check_parent(target, field)
    tmp = _temp_path(target.parent, target.name)
    try:
        yield tmp
        if not tmp.exists():  # the writer chose not to write: leave target alone
            return
        os.replace(tmp, target)
    except OSError as exc:
        raise output_error(target, exc, field) from None
    finally:
        if tmp.exists() or tmp.is_symlink():
            _remove(tmp)


def staging_dir(target: Path, field: str) -> tuple[bool, Path]:
    """Check ``target`` can be a directory and make an empty staging directory for it.

    The staging directory is inside ``target`` when it exists (its parent may not be
    writable, e.g. ``--out .``), else beside it, so a rename or replace into ``target``
    stays on one file system.

    Parameters
    ----------
    target : Path
        The directory the output will replace or create.
    field : str
        The option that named ``target`` (``--out``), for the errors.

    Returns
    -------
    (bool, Path)
        Whether ``target`` already existed, and the new staging directory.

    Raises
    ------
    InputError
        ``target`` is a file, its parent is missing or not a directory, or the staging
        directory cannot be made.
    """
    _check_kind(target, field, directory=True)
    exists = target.is_dir()
    if not exists:
        _check_parent(target, field)
    tmp = _temp_path(target, "out") if exists else _temp_path(target.parent, target.name)
    try:
        tmp.mkdir()
    except OSError as exc:
        raise output_error(target, exc, field) from None
    return exists, tmp


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the block runs; deliver the first one after.

    Python handlers, not a signal mask: a mask is per thread, and a signal sent to
    the process reaches any thread that does not block it (a progress spinner's, a
    solver's), whose trip then interrupts the main thread all the same. Off the main
    thread (where :func:`signal.signal` raises ``ValueError``) nothing is held.

    Yields
    ------
    None
        Control to the block, once.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    kinds = (signal.SIGINT, signal.SIGTERM)
    old = {s: signal.getsignal(s) for s in kinds}
    try:
        for s in kinds:
            signal.signal(s, lambda signum, frame: pending.append(signum))
        yield
    finally:
        for s, handler in old.items():
            restore_handler(s, handler)
        if pending:
            signal.raise_signal(pending[0])


def restore_handler(signum: int, handler: Any) -> None:
    """Put back ``handler`` (from :func:`signal.getsignal`); ``None``, a handler not
    installed from Python, cannot be put back: the default one is.

    Parameters
    ----------
    signum : int
        The signal (``signal.SIGINT``, ``signal.SIGTERM``).
    handler : Any
        The handler :func:`signal.getsignal` returned before: a callable,
        ``signal.SIG_DFL``, ``signal.SIG_IGN`` or None.
    """
    signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def swap_in(
    tmp: Path, target: Path, stale: Collection[str] = (), moved: list[str] | None = None
) -> None:
    """Move every file of the staging directory ``tmp`` into the existing ``target``,
    each replacing its namesake, and remove the files of ``target`` named in ``stale``
    that ``tmp`` did not hold (an earlier run's: the folder then holds one run's files,
    never a mix of two); SIGINT and SIGTERM are held until the last step is done.

    Parameters
    ----------
    tmp : Path
        The staging directory, emptied and removed.
    target : Path
        The directory written.
    stale : collection of str, optional
        Names of files an earlier output of this kind may have left in ``target``.
    moved : list of str, optional
        Gets the name of each file once it has replaced its namesake (so a caller can
        say how many were in when an ``OSError`` stopped the swap).

    Raises
    ------
    OSError
        A folder in the way (before anything is moved), or a rename or removal failed.
    """
    items = sorted(tmp.iterdir())
    for item in items:  # a folder in the way would stop the swap half-way
        dest = target / item.name
        if dest.is_dir() and not dest.is_symlink():
            raise IsADirectoryError(errno.EISDIR, f"{dest} is a directory")
    new = {item.name for item in items}
    old = [target / n for n in sorted(set(stale) - new)]
    with signals_held():
        for item in items:
            os.replace(item, target / item.name)
            if moved is not None:
                moved.append(item.name)
        for path in old:
            if path.is_file() or path.is_symlink():
                path.unlink()
        tmp.rmdir()


@contextlib.contextmanager
def atomic_dir(target: str | Path, field: str, stale: Collection[str] = ()) -> Iterator[Path]:
    """Yield an empty temporary directory; move its files into ``target`` on success.

    If ``target`` does not exist, the temporary directory is renamed to it (one
    step). If it exists, each new file replaces its namesake in turn (each step
    atomic, SIGINT and SIGTERM held until the last: :func:`swap_in`), the files named
    in ``stale`` that this run did not write are removed, and every other file in
    ``target`` is kept.

    Parameters
    ----------
    target : str or Path
        The directory to fill (created if missing).
    field : str
        Option named in the error message (``--out``).
    stale : collection of str, optional
        Names of the files an earlier output of the same kind may hold (an export's
        tables in either format): those this run does not write are removed.

    Yields
    ------
    Path
        An empty directory on the same file system as ``target``.

    Raises
    ------
    InputError
        ``target`` is a file, cannot be created or written, or writing failed (an
        ``OSError`` in the body); ``target`` and its files are then unchanged.
    """
    target = Path(target)
    exists, tmp = staging_dir(target, field)
    try:
        yield tmp
        if exists:
            swap_in(tmp, target, stale)
        else:
            os.rename(tmp, target)
    except OSError as exc:
        raise output_error(target, exc, field) from None
    finally:
        if tmp.exists():
            _remove(tmp)

"""What identifies a stored run's code and data beyond tigris's version number.

``pyproject.toml`` has said ``version = "0.1.0"`` since the first commit, so the version
alone cannot tell two runs made by very different code apart (user test UT-REPRO #3).
:func:`run_provenance` is stored with every run (:class:`tigris.runs.store.RunStore`,
column ``provenance``) and printed by ``tigris runs show``:

- ``git_commit``: the commit of the checkout the code was imported from (``unknown``
  when the package is not a file of a git checkout, or git is missing or fails: never an
  error), and ``git_dirty`` (tracked files of the package changed since that commit;
  ``None`` when unknown);
- ``python`` and ``packages``: the interpreter's version and those of the packages a plan
  is computed with (numpy, pandas, linopy, highspy, pydantic);
- ``data_files``: the name and SHA-256 of every data table the plan may read (the
  package's ``tigris/data/*.csv|yaml``, the set :func:`tigris.provenance.inputs_hash`
  covers), and of a ``--data`` overlay file;
- ``overlay``: the ``--data`` file's path, SHA-256 and whole text, so the run's inputs
  are known after the file is edited or deleted (``None`` without one).

The hashes are SHA-256 (NIST FIPS 180-4, 2015) of each file's bytes.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

__all__ = [
    "KEY_PACKAGES",
    "UNKNOWN",
    "data_file_hashes",
    "differing_inputs",
    "git_state",
    "package_versions",
    "run_provenance",
]

#: What a field reads when it cannot be found out.
UNKNOWN = "unknown"
#: The packages whose versions can change a plan's numbers (solver, model, tables).
KEY_PACKAGES = ("numpy", "pandas", "linopy", "highspy", "pydantic")
#: Seconds a git command may take before the commit is recorded as unknown [s].
_GIT_TIMEOUT_S = 5.0
#: ``origin`` of a shipped table and of a ``--data`` file in ``data_files``.
PACKAGE, OVERLAY = "package", "overlay"
#: How the record names an overlay given as text, not as a file.
OVERLAY_TEXT_LABEL = "<data text>"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git(args: list[str], cwd: Path) -> str | None:
    """``git args`` run in ``cwd``: its stripped stdout, or None on any failure."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=_GIT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@cache
def git_state(package_dir: str | None = None) -> tuple[str, bool | None]:
    """The git commit the code is a checkout of, and whether its package files changed.

    Only when the package's own ``__init__.py`` is a tracked file of the repository
    around it (a wheel installed in a venv inside some other checkout is not that
    checkout's code). Found once per process: the code imported does not change.

    Parameters
    ----------
    package_dir : str, optional
        The package folder; default ``tigris``'s.

    Returns
    -------
    commit : str
        40 hex digits, or ``"unknown"``.
    dirty : bool or None
        Tracked files under the package folder differ from the commit (``git status``);
        None when the commit is unknown.
    """
    if package_dir is None:
        import tigris

        package_dir = str(Path(tigris.__file__).resolve().parent)
    where = Path(package_dir)
    if not where.is_dir():
        return UNKNOWN, None
    if _git(["ls-files", "--error-unmatch", "__init__.py"], where) is None:
        return UNKNOWN, None
    commit = _git(["rev-parse", "HEAD"], where)
    if not commit:
        return UNKNOWN, None
    status = _git(["status", "--porcelain", "--untracked-files=no", "--", "."], where)
    return commit, (None if status is None else bool(status))


@cache
def package_versions() -> dict[str, str]:
    """Versions of :data:`KEY_PACKAGES` installed (``"not installed"`` if absent).

    Returns
    -------
    dict of str to str
        Package name -> installed version, in :data:`KEY_PACKAGES` order.

    Examples
    --------
    >>> sorted(package_versions()) == sorted(KEY_PACKAGES)
    True
    """
    out = {}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def data_file_hashes(data_dir: str | Path | None = None) -> list[dict[str, str]]:
    """Name and SHA-256 of each ``*.csv`` / ``*.yaml`` table in ``data_dir``, by name.

    The same files :func:`tigris.provenance.inputs_hash` covers.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of data tables; default the package's.

    Returns
    -------
    list of dict
        ``{"name", "sha256", "origin": "package"}`` per file.
    """
    root = Path(data_dir) if data_dir is not None else Path(str(resources.files("tigris.data")))
    return [
        {"name": f.name, "sha256": _sha256(f.read_bytes()), "origin": PACKAGE}
        for f in sorted(root.iterdir(), key=lambda p: p.name)
        if f.is_file() and f.suffix in (".csv", ".yaml")
    ]


def _overlay_record(overlay: Any) -> dict[str, Any] | None:
    """The ``--data`` overlay in force: its file, the file's SHA-256 and text (None
    when it is not a readable file: an overlay made from text), and the SHA-256 of its
    rows as :func:`tigris.provenance.inputs_hash` hashes them."""
    if overlay is None:
        return None
    rows = {str(k): [dict(r) for r in v] for k, v in dict(overlay.rows).items()}
    path = Path(str(overlay.file))
    text = None
    digest = None
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError:
        raw = None
    if raw is not None:
        digest = _sha256(raw)
        text = raw.decode("utf-8", errors="replace")
    if raw is not None:
        path = path.resolve()  # absolute: the stored run names it wherever it is read
    given = getattr(overlay, "text", None)
    if raw is None and given is not None:  # made from text (its temporary file is gone)
        digest = _sha256(given.encode("utf-8"))
        record = {
            "file": OVERLAY_TEXT_LABEL,
            "sha256": digest,
            "rows_sha256": _sha256(json.dumps(rows, sort_keys=True, default=str).encode()),
            "text": given,
        }
        base = getattr(overlay, "base_text", None)
        if base is not None:  # the user's --data under cells set with --set
            record["base_text"] = base
        return record
    return {
        "file": str(path) if raw is not None else str(overlay.file),
        "sha256": digest,
        "rows_sha256": _sha256(json.dumps(rows, sort_keys=True, default=str).encode("utf-8")),
        "text": text,
    }


def run_provenance(overlay: Any = None, *, active: bool = True) -> dict[str, Any]:
    """What identifies the code and data of a run made now, JSON-ready.

    Parameters
    ----------
    overlay : tigris.data.DataOverlay, optional
        The ``--data`` overlay the run used; default the one in force
        (:func:`tigris.data.active_overlay`) when ``active``.
    active : bool
        Look up the overlay in force when ``overlay`` is None.

    Returns
    -------
    dict
        ``git_commit``, ``git_dirty``, ``python``, ``packages``, ``data_files`` (each
        table's name and SHA-256, then the overlay file's) and ``overlay`` (see the
        module's docstring).

    Examples
    --------
    >>> p = run_provenance()
    >>> sorted(p)
    ['data_files', 'git_commit', 'git_dirty', 'overlay', 'packages', 'python']
    >>> all(len(f["sha256"]) == 64 for f in p["data_files"])
    True
    """
    if overlay is None and active:
        from tigris.data import active_overlay

        overlay = active_overlay()
    commit, dirty = git_state()
    files = data_file_hashes()
    over = _overlay_record(overlay)
    if over is not None:
        files.append({"name": over["file"], "sha256": over["sha256"], "origin": OVERLAY})
    return {
        "git_commit": commit,
        "git_dirty": dirty,
        "python": sys.version.split()[0],
        "packages": dict(package_versions()),
        "data_files": files,
        "overlay": over,
    }


def differing_inputs(
    stored: dict[str, Any] | None, now: dict[str, Any], *, overlay: bool = True
) -> list[str]:
    """Which data files differ between a stored run's provenance and ``now``'s.

    Parameters
    ----------
    stored : dict or None
        The stored run's :func:`run_provenance` (None or empty: stored before
        2026-12-04, nothing to compare).
    now : dict
        :func:`run_provenance` of the re-solve.
    overlay : bool, optional
        Compare the ``--data`` overlays too (default); False for the shipped tables
        only (a sweep member's cells make an overlay of their own).

    Returns
    -------
    list of str
        One phrase per difference: a shipped table edited, added or removed, the
        ``--data`` overlay's rows changed, given or dropped; empty when the same or
        unknown.

    Examples
    --------
    >>> a = {"data_files": [{"name": "x.csv", "sha256": "1", "origin": "package"}]}
    >>> b = {"data_files": [{"name": "x.csv", "sha256": "2", "origin": "package"}]}
    >>> differing_inputs(a, b), differing_inputs(a, a), differing_inputs(None, b)
    (['x.csv changed'], [], [])
    """
    if not stored or "data_files" not in stored:
        return []

    def tables(p: dict[str, Any]) -> dict[str, str]:
        return {
            str(f["name"]): str(f["sha256"])
            for f in p.get("data_files") or []
            if f.get("origin") == PACKAGE
        }

    old, new = tables(stored), tables(now)
    out = [f"{n} changed" for n in sorted(old.keys() & new.keys()) if old[n] != new[n]]
    out += [f"{n} added" for n in sorted(new.keys() - old.keys())]
    out += [f"{n} removed" for n in sorted(old.keys() - new.keys())]
    a, b = stored.get("overlay"), now.get("overlay")
    if not overlay:
        return out
    if a and b:
        if a.get("rows_sha256") != b.get("rows_sha256"):
            out.append(f"the --data overlay {b.get('file')} changed")
    elif a:
        out.append(f"the stored run's --data overlay {a.get('file')} is not in force")
    elif b:
        out.append(f"a --data overlay {b.get('file')} the stored run did not have")
    return out


#: Characters of a git commit shown in a note (git's own short form).
_SHORT_COMMIT = 8


def differing_code(stored: dict[str, Any] | None, now: dict[str, Any]) -> list[str]:
    """How the code differs between a stored run's provenance and ``now``'s: the git
    commit of a checkout, uncommitted changes, Python and package versions.

    ``--from-run`` said only which data files changed, never that the code had (user
    test 2026-12-07, reproducibility #10: a run stored at a clean commit and re-solved
    at another with modified files read "matches", no note). A difference is a note,
    not a different input: the same inputs may give the same plan under other code.

    Parameters
    ----------
    stored : dict or None
        The stored run's :func:`run_provenance` (None or empty: nothing to compare).
    now : dict
        :func:`run_provenance` of the re-solve.

    Returns
    -------
    list of str
        One phrase per difference; empty when the same or unknown.

    Examples
    --------
    >>> a = {"git_commit": "53672c05aa", "git_dirty": False, "python": "3.11.9",
    ...      "packages": {"highspy": "1.7.2"}}
    >>> b = {"git_commit": "7e07e50c11", "git_dirty": True, "python": "3.11.9",
    ...      "packages": {"highspy": "1.8.0"}}
    >>> differing_code(a, b)
    ['git commit 53672c05 -> 7e07e50c (with uncommitted changes)', 'highspy 1.7.2 -> 1.8.0']
    >>> differing_code(a, a), differing_code(None, b)
    ([], [])
    """
    if not stored:
        return []
    out = []
    old_c, new_c = stored.get("git_commit"), now.get("git_commit")
    old_d, new_d = bool(stored.get("git_dirty")), bool(now.get("git_dirty"))
    if old_c and new_c and (old_c != new_c or old_d != new_d):

        def named(commit: str, dirty: bool) -> str:
            return str(commit)[:_SHORT_COMMIT] + (" (with uncommitted changes)" if dirty else "")

        out.append(f"git commit {named(old_c, old_d)} -> {named(new_c, new_d)}")
    if stored.get("python") and now.get("python") and stored["python"] != now["python"]:
        out.append(f"Python {stored['python']} -> {now['python']}")
    a, b = stored.get("packages") or {}, now.get("packages") or {}
    if isinstance(a, dict) and isinstance(b, dict):
        out += [f"{k} {a[k]} -> {b[k]}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return out

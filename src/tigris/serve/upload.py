"""A scenario uploaded through the page: Dash's ``dcc.Upload`` contents to a Scenario.

The browser sends a file as a data URL (``data:<type>;base64,<the file in base64>``).
:func:`scenario_from_upload` checks its size before decoding it
(:data:`tigris.serve.limits.MAX_UPLOAD_BYTES`), decodes it, and reads it exactly as
:func:`tigris.scenario.load.load_scenario` reads a file: UTF-8 text, YAML 1.2 within
the reader's limits (:mod:`tigris.yamlio`), the schema and the cross-field checks, every
problem reported at once as ``<filename>:LINE: field: message``. Nothing is written to
disk.
"""

from __future__ import annotations

import base64
import binascii
import math
import posixpath
import re
from contextlib import nullcontext
from typing import TYPE_CHECKING

from tigris.errors import InputError, Problem
from tigris.serve.limits import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from tigris.scenario.schema import Scenario

__all__ = ["TEXT_FILE", "UPLOAD_FILE", "scenario_from_text", "scenario_from_upload"]

#: The name messages give to a scenario sent as text (the page's base store).
TEXT_FILE = "<text>"
#: The file name messages give when the browser sends none.
UPLOAD_FILE = "<upload>"
#: Longest file name a message repeats [character] (a longer one is cut, with "...").
MAX_FILENAME_CHARS = 100
#: Longest data-URL header (``data:<type>;base64,``) accepted [character]: media types
#: are short (RFC 6838 caps a type and a subtype at 127 characters each).
MAX_HEADER_CHARS = 300
#: Base64 characters per group and the bytes a group decodes to (RFC 4648, section 4).
B64_CHARS, B64_BYTES = 4, 3
#: A data URL's header: ``data:``, an optional media type and parameters, ``;base64``.
_HEADER = re.compile(r"^data:[^,]*?(;base64)?$", re.IGNORECASE)


def _name(filename: object) -> str:
    """The file name messages give: its last path part, cut to a readable length."""
    if not isinstance(filename, str) or not filename.strip():
        return UPLOAD_FILE
    name = posixpath.basename(filename.replace("\\", "/")) or UPLOAD_FILE
    if len(name) > MAX_FILENAME_CHARS:
        name = name[: MAX_FILENAME_CHARS - 3] + "..."
    return name


def _raw(contents: object, file: str) -> bytes:
    """The uploaded bytes, the size checked before decoding."""
    if not isinstance(contents, str) or not contents:
        raise InputError(Problem("", "no file was uploaded (expected a YAML scenario)", file=file))
    header, comma, data = contents.partition(",")
    if not comma or len(header) > MAX_HEADER_CHARS or not _HEADER.match(header):
        msg = "not an uploaded file (expected a data URL: data:...;base64,...)"
        raise InputError(Problem("", msg, file=file))
    if not header.lower().endswith(";base64"):
        msg = "not base64 data (the page uploads files base64-encoded)"
        raise InputError(Problem("", msg, file=file))
    # base64 makes 4 characters of every 3 bytes: refuse what decodes to too many bytes
    # before decoding anything
    most_chars = B64_CHARS * math.ceil(MAX_UPLOAD_BYTES / B64_BYTES)
    if len(data) > most_chars:
        size = len(data) * B64_BYTES // B64_CHARS
        msg = f"file is about {size:,} bytes; at most {MAX_UPLOAD_BYTES:,} are read"
        raise InputError(Problem("", msg, file=file))
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        msg = "not base64 data (the upload is damaged); upload the file again"
        raise InputError(Problem("", msg, file=file)) from None
    if len(raw) > MAX_UPLOAD_BYTES:
        msg = f"file is {len(raw):,} bytes; at most {MAX_UPLOAD_BYTES:,} are read"
        raise InputError(Problem("", msg, file=file))
    return raw


def scenario_from_upload(contents: str, filename: str, *, data_yaml: str | None = None) -> Scenario:
    """The scenario of an uploaded file, validated as a scenario file is.

    Parameters
    ----------
    contents : str
        Dash ``dcc.Upload``'s ``contents``: ``data:<type>;base64,<data>``.
    filename : str
        Its ``filename``, the name messages give (``<upload>`` when there is none).
    data_yaml : str, optional
        The server's ``--data`` overlay text, in force while the scenario is checked
        (its products may name the overlay's parts).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    InputError
        No file, not a base64 data URL, over :data:`tigris.serve.limits.MAX_UPLOAD_BYTES`
        (checked before decoding), not UTF-8, not YAML or over the YAML reader's limits,
        or every problem the scenario has, each as ``<filename>:LINE: field: message``.

    Examples
    --------
    >>> import base64
    >>> from tigris.scenario import reference_scenario_text
    >>> text = reference_scenario_text().encode()
    >>> url = "data:application/x-yaml;base64," + base64.b64encode(text).decode()
    >>> scenario_from_upload(url, "ref.yaml").name
    'reference'
    >>> bad = "data:;base64," + base64.b64encode(b"name: x\\npue: high\\n").decode()
    >>> try:
    ...     scenario_from_upload(bad, "mine.yaml")
    ... except InputError as err:
    ...     print(next(line for line in str(err).splitlines() if "pue" in line))
    mine.yaml:2: pue: expected a number, got the text 'high'
    """
    from tigris.scenario.load import scenario_from_document
    from tigris.yamlio import _parse

    file = _name(filename)
    raw = _raw(contents, file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # as tigris.yamlio reads a file
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); expected a YAML text file"
        raise InputError(Problem("", msg, file=file, line=line)) from None
    doc = _parse(text, file)
    if data_yaml is None:
        context = nullcontext()
    else:
        from tigris.data import using_overlay
        from tigris.plan.reuse import parsed_overlay

        context = using_overlay(parsed_overlay(data_yaml))
    with context:
        return scenario_from_document(doc, file)


def scenario_from_text(text: str, file: str = TEXT_FILE) -> Scenario:
    """The scenario of YAML text from a client, never read as a file name.

    :func:`tigris.scenario.edit.load_any` reads one line naming an existing file as
    that file; a string the browser sends (the page's base store, a pin's base) is
    text only, so a path in it is parsed as YAML (a string, refused as not a mapping)
    and no file on the server is read, named or solved (user test s48 serve #1:
    ``/etc/passwd`` as the base store echoed the file's lines in the error).

    Parameters
    ----------
    text : str
        The scenario's YAML.
    file : str
        The name messages give (``<text>``).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    InputError
        Over the YAML reader's size, not YAML, or every problem of the scenario, each
        as ``<text>:LINE: field: message``.

    Examples
    --------
    >>> try:
    ...     scenario_from_text("/etc/passwd")
    ... except InputError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    <text>:1: scenario: expected a mapping of fields (...), got the text '/etc/passwd'
    """
    from tigris.scenario.load import scenario_from_document
    from tigris.yamlio import MAX_FILE_BYTES, _parse

    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        msg = f"text over {MAX_FILE_BYTES:,} bytes; at most that many are read"
        raise InputError(Problem("", msg, file=file))
    return scenario_from_document(_parse(text, file), file)

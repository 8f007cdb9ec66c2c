"""Bounded YAML reading that remembers line numbers, and pydantic errors as ``file:line``.

Used by scenario files and custom-accelerator files so an error names the file, the
line and the field (Calliope-style schema validation: every problem collected, each as
``field.path: message`` with its file and line; docs/contributing.md, "Code style").

Reading is *total and bounded*: whatever the file holds, :func:`load_yaml` returns or
raises :class:`~tigris.errors.InputError` (one line per problem, exit code 2 in the
CLI), within bounded time and memory:

- only regular files are read (a FIFO would block, ``/dev/zero`` never ends), at most
  :data:`MAX_FILE_BYTES`;
- the text must be UTF-8 (the line of the first bad byte is named);
- collections nest at most :data:`MAX_DEPTH` deep and the document, with every alias
  expanded, has at most :data:`MAX_NODES` nodes (a "billion laughs" alias bomb is
  refused before it is built); an alias inside its own anchor is refused;
- a key given twice in one mapping is refused (YAML would keep the last silently),
  as are a second merge key ``<<`` in one mapping and a list or mapping as a key;
- an empty or comment-only file is refused at line 1.

Scalars are typed by the YAML 1.2 core schema, not PyYAML's YAML 1.1 default: ``1e6``
and ``1.5e0`` are numbers (YAML 1.1 reads them as text), ``yes``/``no``/``on``/``off``
are text (only ``true``/``false`` are booleans), ``33:45`` is text (not the
sexagesimal 2025), ``017`` is 17 (not octal 15), ``1_000`` is text. Numbers in quotes
are text; the schemas say what they accept.

Every schema of a user file (scenario, ``--accelerators`` and ``--data`` files) takes
its pydantic configuration from :data:`STRICT_MODEL` and caps its names at
:data:`MAX_NAME_CHARS`, so a number has one spelling in all of them: a YAML number,
never a quoted one, and an integer field refuses a fraction.

References
----------
YAML 1.2.2 specification, section 10.3 "Core Schema",
https://yaml.org/spec/1.2.2/#103-core-schema.
"""

from __future__ import annotations

import math
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Union

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Tag,
    ValidationError,
    create_model,
)

from tigris.errors import InputError, Problem, not_utf8

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INT_DIGITS",
    "MAX_NAME_CHARS",
    "MAX_NODES",
    "STRICT_MODEL",
    "OverLimitError",
    "WrittenInf",
    "YamlDocument",
    "control_problems",
    "decimal_int",
    "escape_controls",
    "is_long_int",
    "load_yaml",
    "parse_yaml",
    "read_yaml",
    "tagged_union",
    "validation_problems",
]

#: Largest file read [byte]: 1 MiB, ~60x the reference scenario (16 kB); it also bounds
#: the time spent on a hostile file (libyaml parses 1 MiB in well under a second).
MAX_FILE_BYTES = 1 << 20
#: Deepest nesting of mappings and lists, aliases expanded (a scenario nests 6 deep).
MAX_DEPTH = 32
#: Most values (nodes) in a document with every alias expanded (the reference has ~1,500).
MAX_NODES = 20_000
#: Most digits in an integer (a year has 4; 2**63 has 19).
MAX_INT_DIGITS = 30
#: Longest name in a user file (a scenario, demand class, product, site, capital
#: source, or a custom part or overlay entry) [characters]: names label tables and
#: figure titles (a 100,000-character name made the report's PNG layout run for
#: minutes).
MAX_NAME_CHARS = 200

#: A decimal integer as text: an optional sign, then ASCII digits only.
_DECIMAL_TEXT = re.compile(r"^[-+]?[0-9]+$")


def decimal_int(text: str) -> int | None:
    """The integer ``text`` writes in decimal, or None if it is not one or has more
    than :data:`MAX_INT_DIGITS` digits (Python refuses to read over 4,300 digits, with
    a ValueError; user test s47 #1). Every place user text becomes an integer (a
    ``--set`` value or path segment, a year key written as text) reads it here.

    Parameters
    ----------
    text : str
        The text (surrounding spaces are not stripped).

    Returns
    -------
    int or None
        The integer, or None.

    Examples
    --------
    >>> decimal_int("2027"), decimal_int("-3"), decimal_int("²"), decimal_int("9" * 31)
    (2027, -3, None, None)
    """
    if not _DECIMAL_TEXT.match(text) or len(text.lstrip("+-")) > MAX_INT_DIGITS:
        return None
    return int(text)


def is_long_int(text: str) -> bool:
    """Whether ``text`` is a decimal integer of more than :data:`MAX_INT_DIGITS` digits.

    Parameters
    ----------
    text : str
        A scalar as written in a YAML file.

    Returns
    -------
    bool
        True for an optionally signed run of more than 30 decimal digits.

    Examples
    --------
    >>> is_long_int("9" * 31), is_long_int("9" * 30), is_long_int("1e400")
    (True, False, False)
    """
    return bool(_DECIMAL_TEXT.match(text)) and len(text.lstrip("+-")) > MAX_INT_DIGITS


#: pydantic configuration of every user-file model. ``strict``: one spelling per
#: number (a quoted ``"13"`` is text, a bool is not a number, ``13.0`` is not an
#: integer); ``allow_inf_nan=False``: ``.nan`` or ``.inf`` is an error, not a silent
#: NaN; ``extra="forbid"``: a misspelt field is an error, not ignored.
STRICT_MODEL = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

Locator = Callable[[tuple[Any, ...]], int | None]

# --- YAML 1.2 core schema scalars ---------------------------------------------------

_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"
    r"|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)
_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_TAG = "tag:yaml.org,2002:"


#: The largest finite float, as messages say it.
_LARGEST_FLOAT = "about 1.8e308"


class WrittenInf(float):
    """An infinite float read from a finite number written beyond the largest float
    (``max_modules: 1e400``), keeping what was written, so a message says ``got 1e400``,
    not ``got inf`` (user test s47 #10).

    >>> x = WrittenInf(float("inf"), "1e400")
    >>> x, x.text
    (inf, '1e400')
    """

    text: str

    def __new__(cls, value: float, text: str) -> WrittenInf:
        out = super().__new__(cls, value)
        out.text = text
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        return (WrittenInf, (float(self), self.text))


class _Unreadable(yaml.constructor.ConstructorError):
    """A node whose text its tag cannot make a value of (``as_of: 2024-06-31``, ``!!int
    1.5``, ``!!bool 1``): PyYAML's constructors raised ``ValueError``, ``KeyError`` or
    ``AttributeError``, a traceback in every verb that reads YAML (user test s57, input
    fuzzing #1)."""


#: What each tag a node may carry is, in an error's words.
_TAG_WORDS = {
    "timestamp": "a date",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
}


class _Schema(yaml.constructor.SafeConstructor, yaml.resolver.BaseResolver):
    """Scalar typing by the YAML 1.2 core schema, on top of PyYAML's safe constructors."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's, with a value its tag cannot hold said as :class:`_Unreadable` at
        the node's line."""
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as exc:
            self.recursive_objects.pop(node, None)
            tag = str(node.tag).rsplit(":", 1)[-1]
            what = _TAG_WORDS.get(tag, f"a {tag} (its tag)")
            # a date's reason says what is wrong with it ("day is out of range for
            # month"); the others' are Python's internals
            dated = tag == "timestamp" and isinstance(exc, ValueError) and str(exc)
            why = f" ({exc})" if dated else ""
            text = node.value if isinstance(node, yaml.ScalarNode) else "this node"
            msg = f"'{text}' cannot be read as {what}{why}"
            raise _Unreadable(None, None, msg, node.start_mark) from None

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}  # filled below, not the YAML 1.1 set

    def __init__(self) -> None:
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """An integer in decimal, ``0o`` octal or ``0x`` hex (YAML 1.2 core)."""
        text = str(node.value)
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            # at its field, as a value its tag cannot hold (user test s57, fuzzing #7)
            msg = f"an integer of more than {MAX_INT_DIGITS} digits"
            raise _Unreadable(None, None, msg, node.start_mark)
        if digits.startswith(("0o", "0x")):
            return int(digits[2:], 8 if digits[1] == "o" else 16)
        return int(text)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        """A float; ``.inf``/``.nan`` become ``inf``/``nan`` (schemas refuse them); a
        number beyond the largest float (``1e400``) is infinite but keeps its text
        (:class:`WrittenInf`)."""
        text = str(node.value).lower()
        if text.lstrip("+-") == ".inf":
            return float(text.replace(".inf", "inf"))
        if text == ".nan":
            return float("nan")
        value = float(text)
        return WrittenInf(value, str(node.value)) if math.isinf(value) else value


for _tag, _pattern, _first in (
    ("bool", _BOOL, "tTfF"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+.0123456789"),
    ("null", _NULL, ["~", "n", "N", ""]),
):
    _Schema.add_implicit_resolver(_TAG + _tag, _pattern, list(_first))
for _tag in ("merge", "timestamp"):  # ``<<: *base`` and ``as_of: 2024-05-01`` as before
    for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        for _t, _pattern in _resolvers:
            if _t == _TAG + _tag:
                _Schema.add_implicit_resolver(_t, _pattern, [_first])
_Schema.add_constructor(_TAG + "int", _Schema.construct_yaml_int)
_Schema.add_constructor(_TAG + "float", _Schema.construct_yaml_float)

if yaml.__with_libyaml__:  # libyaml parses ~20x faster than pure Python

    class _Loader(yaml.cyaml.CParser, _Schema):  # type: ignore[misc]
        """libyaml's parser and composer with :class:`_Schema`."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            _Schema.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Schema,
    ):
        """PyYAML's pure-Python parser and composer with :class:`_Schema`."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Schema.__init__(self)


class OverLimitError(InputError):
    """A document refused for its size or nesting, with the top-level keys its parser
    events gave before the limit (a bounded prefix: at most :data:`MAX_NODES` values
    were read), so a file of another kind can still be named as such (user test s47
    #2: ``tigris plan --json``'s output, ~30,000 values, given as a scenario).

    Parameters
    ----------
    problem : Problem
        The size or nesting problem.
    keys : tuple of str
        The top-level mapping keys read before the limit, in order (empty if the
        document is not a mapping).
    """

    def __init__(self, problem: Problem, keys: tuple[str, ...]) -> None:
        super().__init__(problem)
        self.keys = keys


def _check_events(text: str, file: str) -> None:
    """Refuse a document nested deeper than :data:`MAX_DEPTH` or with more than
    :data:`MAX_NODES` values as written, from its parser events (no tree is built);
    the refusal (:class:`OverLimitError`) carries the top-level keys read by then."""
    parser = _Loader(text)
    depth = nodes = 0
    keys: list[str] = []
    in_mapping = False  # the document's root is a mapping
    key_next = True  # the next node at the root's level is a key
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if depth == 1 and in_mapping:  # a key or a value of the root mapping
                    if key_next and isinstance(event, yaml.ScalarEvent):
                        keys.append(str(event.value))
                    key_next = not key_next
                elif depth == 0:
                    in_mapping = isinstance(event, yaml.MappingStartEvent)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if depth > MAX_DEPTH or nodes > MAX_NODES:
                what = (
                    f"nested deeper than {MAX_DEPTH} levels"
                    if depth > MAX_DEPTH
                    else f"more than {MAX_NODES:,} values"
                )
                line = event.start_mark.line + 1
                problem = Problem("", f"not valid here: {what}", file=file, line=line)
                raise OverLimitError(problem, tuple(keys))
    finally:
        parser.dispose()


# --- reading ----------------------------------------------------------------------


def _read_text(p: Path) -> str:
    """The file's text, refusing what is not a small regular UTF-8 file."""
    file = str(p)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(Problem("", "file not found", file=file)) from None
    except IsADirectoryError:
        raise InputError(Problem("", "is a directory, expected a YAML file", file=file)) from None
    except OSError as exc:
        msg = f"cannot read file: {exc.strerror or exc}"
        raise InputError(Problem("", msg, file=file)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            msg = "is a directory, expected a YAML file"
            raise InputError(Problem("", msg, file=file))
        if not stat.S_ISREG(info.st_mode):
            msg = "not a regular file (a pipe, device or socket); give a YAML file"
            raise InputError(Problem("", msg, file=file))
        if info.st_size > MAX_FILE_BYTES:
            msg = f"file is {info.st_size:,} bytes; at most {MAX_FILE_BYTES:,} are read"
            raise InputError(Problem("", msg, file=file))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        msg = f"cannot read file: {exc.strerror or exc}"
        raise InputError(Problem("", msg, file=file)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # grew while being read
        msg = f"file is over {MAX_FILE_BYTES:,} bytes; at most that many are read"
        raise InputError(Problem("", msg, file=file))
    return _decoded(raw, file)


def _decoded(raw: bytes, file: str) -> str:
    """UTF-8 bytes as text; a byte that is not names its line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); expected a YAML text file"
        raise InputError(Problem("", msg, file=file, line=line)) from None


#: The file name ``-`` reads standard input, as a Unix tool does (``cat my.yaml |
#: tigris plan -``); problems name it as this.
STDIN_NAME = "<stdin>"


#: Standard input's text once read: a command may read its scenario more than once, and
#: the stream gives it only once.
_STDIN_TEXT: dict[str, str] = {}


def source_name(path: str | Path) -> str:
    """How problems name a file given as ``path``: :data:`STDIN_NAME` for ``-``.

    Parameters
    ----------
    path : str or Path
        The file as given (``-``: standard input).

    Returns
    -------
    str
        The name problems and warnings give it.

    Examples
    --------
    >>> source_name("-"), source_name("a.yaml")
    ('<stdin>', 'a.yaml')
    """
    return STDIN_NAME if str(path) == "-" else str(path)


def _read_stdin() -> str:
    """Standard input's text, within the same size limit as a file; read once a process.

    A terminal is refused (it would wait for typing), as is a closed stream (user test
    2026-12-07, output robustness: ``tigris plan -`` said "-: file not found")."""
    if "text" in _STDIN_TEXT:
        return _STDIN_TEXT["text"]
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        msg = "'-' reads standard input, which is closed; pipe a YAML file in"
        raise InputError(Problem("", msg, file=STDIN_NAME))
    try:
        tty = sys.stdin.isatty()
    except ValueError:  # closed by a Python caller
        tty = False
    if tty:
        msg = "'-' reads standard input, which is a terminal; pipe a YAML file in (cat my.yaml |)"
        raise InputError(Problem("", msg, file=STDIN_NAME))
    try:
        raw = stream.read(MAX_FILE_BYTES + 1)
    except ValueError:  # closed by a Python caller ("read of closed file")
        msg = "'-' reads standard input, which is closed; pipe a YAML file in"
        raise InputError(Problem("", msg, file=STDIN_NAME)) from None
    except OSError as exc:
        msg = f"cannot read standard input: {exc.strerror or exc}"
        raise InputError(Problem("", msg, file=STDIN_NAME)) from None
    if len(raw) > MAX_FILE_BYTES:
        msg = f"standard input is over {MAX_FILE_BYTES:,} bytes; at most that many are read"
        raise InputError(Problem("", msg, file=STDIN_NAME))
    _STDIN_TEXT["text"] = _decoded(raw, STDIN_NAME)
    return _STDIN_TEXT["text"]


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield k
            yield v
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse a document whose aliases expand past the limits, or contain themselves.

    Sizes and depths of the expanded tree are computed once per distinct node
    (iterative depth-first search, memoised), so a billion-laughs document is measured
    in time linear in its text, not in its expansion.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    grey: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = list(_children(node))
            size[key] = 1 + sum(size[id(c)] for c in kids)
            nested = isinstance(node, yaml.CollectionNode)  # levels count collections
            depth[key] = nested + max((depth[id(c)] for c in kids), default=0)
            grey.discard(key)
            if size[key] > MAX_NODES or depth[key] > MAX_DEPTH:
                what = (
                    f"has more than {MAX_NODES:,} values"
                    if size[key] > MAX_NODES
                    else f"is nested deeper than {MAX_DEPTH} levels"
                )
                msg = f"not valid here: with its aliases expanded the document {what}"
                line = node.start_mark.line + 1
                raise InputError(Problem("", msg, file=file, line=line))
            continue
        if key in size:
            continue
        if key in grey:
            msg = "not valid here: a YAML alias refers to itself (&a ... *a inside it)"
            raise InputError(Problem("", msg, file=file, line=node.start_mark.line + 1))
        grey.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)


def _key(loader: Any, node: yaml.Node) -> tuple[Any, str]:
    """A mapping key's typed value (what the mapping will hold) and its text."""
    if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":merge"):
        try:
            value = loader.construct_object(node)
            hash(value)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value, str(node.value)
        return value, str(value)
    text = str(getattr(node, "value", ""))
    return text, text


def _written(node: yaml.Node) -> str:
    """A key as written: its text, in the quotes it was given (``"2025"``)."""
    text = str(getattr(node, "value", ""))
    style = getattr(node, "style", None)
    return f"{style}{text}{style}" if style in ('"', "'") else text


def _as_read(key: Any) -> Any:
    """A mapping key as a scenario reads it: text holding an integer is that integer
    (a year written ``"2025"``).

    >>> _as_read("2025"), _as_read(" 2025 "), _as_read("N5"), _as_read(2025)
    (2025, 2025, 'N5', 2025)
    """
    if isinstance(key, str):
        number = decimal_int(key.strip())
        return key if number is None else number
    return key


#: How a thousands separator in a flow map starts its message (the scenario loader
#: drops the follow-on errors of its line: tigris.scenario.load.scenario_from_document).
THOUSANDS_SEPARATOR = "a thousands separator"
#: The key a thousands separator leaves in a flow map: ``{2026: 20,000}`` is read as
#: ``{2026: 20, 000: null}`` (YAML 1.1, "Flow Mappings": a comma ends an entry).
_SEPARATED_KEY = re.compile(r"\d{3}")
#: The group before the first separator: one to three digits, maybe signed.
_LEADING = re.compile(r"[+-]?\d{1,3}")


def _separated(node: yaml.MappingNode, path: tuple[str, ...], file: str) -> dict[int, Problem]:
    """Numbers written with thousands separators in a flow map (``{2026: 20,000}``),
    one problem per line: YAML reads the comma as the end of the entry, so the map holds
    20 and a key ``000`` with no value, and the errors said of it ("given twice",
    "expected a number, got nothing (null)" at ``cowos_wspm.0``) never named the comma
    (user test 2026-12-06)."""
    out: dict[int, Problem] = {}
    pairs = node.value
    k = 0
    while k < len(pairs):
        key, value = pairs[k]
        digits = []
        j = k + 1
        while j < len(pairs) and _is_separated(*pairs[j]):
            digits.append(str(pairs[j][0].value))
            j += 1
        # a number's leading group: 1-3 digits, maybe signed ("20", "-4"), not a word
        if digits and isinstance(value, yaml.ScalarNode) and _LEADING.fullmatch(str(value.value)):
            written = ",".join([str(value.value), *digits])
            line = key.start_mark.line + 1
            field = ".".join((*path, str(key.value)))
            msg = (
                f"{THOUSANDS_SEPARATOR} in {written}? In a {{...}} map YAML reads the comma as "
                f"the end of the entry ({value.value}, then a key {digits[0]} with no value): "
                f"write {written.replace(',', '')}"
            )
            out.setdefault(line, Problem(field, msg, file=file, line=line))
        k = j
    return out


def _is_separated(key: yaml.Node, value: yaml.Node) -> bool:
    """A flow map's entry that is what a thousands separator leaves: a plain key of
    three digits (``000``) with no value."""
    return (
        isinstance(key, yaml.ScalarNode)
        and not key.style  # plain, not quoted ('' from the C loader, None from Python's)
        and _SEPARATED_KEY.fullmatch(str(key.value)) is not None
        and isinstance(value, yaml.ScalarNode)
        and value.tag.endswith(":null")
        and value.value in ("", "~", "null")
    )


def _index(
    loader: Any, root: yaml.Node, file: str
) -> tuple[dict[tuple[str, ...], int], list[Problem]]:
    """Line of every path (keys as text) and the keys given twice in one mapping.

    Keys are compared as the mapping will hold them, so ``2025`` and ``2025.0`` (equal
    numbers) or ``1`` and ``true`` are the same key, as in the Python dict they become;
    and as the scenario reads them, so ``2025`` and ``"2025"`` are one year (a year key
    may be written either way, docs/scenario-files.md; user test 2026-12-05: both in one
    map were merged, the last winning, with no word).
    """
    lines: dict[tuple[str, ...], int] = {}
    duplicates: dict[int, Problem] = {}

    def refuse(key_node: yaml.Node, path: tuple[str, ...], msg: str) -> None:
        line = key_node.start_mark.line + 1
        duplicates.setdefault(line, Problem(".".join(path), msg, file=file, line=line))

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode) and node.flow_style:
            for line, problem in _separated(node, path, file).items():
                duplicates[line] = problem  # before any "given twice" of its 000 keys
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, tuple[int, str]] = {}
            merges: list[int] = []
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.CollectionNode):
                    # no mapping can hold it: PyYAML said "found unhashable key"
                    # (user test s62 #1)
                    what = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                    refuse(key_node, path, f"expected a name or a number as key, got {what}")
                    continue
                if str(key_node.tag).endswith(":merge"):
                    # a second '<<' was merged silently, as if one (user test s62 #2)
                    if merges:
                        msg = (
                            f"'<<' given twice in one mapping (first on line {merges[0]}); "
                            "merge several with one '<<: [*a, *b]'"
                        )
                        refuse(key_node, path, msg)
                    merges.append(key_node.start_mark.line + 1)
                value, key = _key(loader, key_node)
                value = _as_read(value)
                line = key_node.start_mark.line + 1
                if value in seen and key != "<<":
                    field = ".".join((*path, key))
                    first, text = seen[value]
                    msg = f"given twice (first on line {first}); YAML would keep the last"
                    if text != _written(key_node):  # 2025 and "2025": one year as read
                        msg = (
                            f"given twice (first on line {first}, written {text}); the "
                            "scenario reads both as one key and would keep the last"
                        )
                    duplicates.setdefault(line, Problem(field, msg, file=file, line=line))
                seen.setdefault(value, (line, _written(key_node)))
                lines[(*path, key)] = line
                walk(value_node, (*path, key))
                lines[(*path, key)] = line  # the key's line, not its value's
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, str(i)))

    walk(root, ())
    return lines, [duplicates[k] for k in sorted(duplicates)]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file.

    Attributes
    ----------
    data : Any
        The document (never ``None``: empty files are refused).
    locate : callable
        ``locate(("sites", 0, "wspm"))`` gives the 1-based line of that field, or of
        its nearest parent in the file, or ``None``. Path parts are compared as text,
        so a year key matches as ``2025`` or ``"2025"``.
    duplicates : list of Problem
        Keys given twice in one mapping, each at the line of its second occurrence.
    """

    data: Any
    locate: Locator
    duplicates: list[Problem]


#: Parser contexts of a construct opened on one line and left unclosed: the line the
#: user must fix is where it opened (PyYAML's/libyaml's ``context_mark``), not where the
#: parser gave up (``problem_mark``, often many lines on, at the next key).
_OPENED = {
    "while parsing a flow sequence": "unclosed [",
    "while parsing a flow mapping": "unclosed {",
    "while scanning a quoted scalar": "unclosed quote",
}


def _unclosed_flow(text: str) -> tuple[int, str] | None:
    """The 0-based line and words (``unclosed [``, ``unclosed {``) of the innermost flow
    collection still open where the scanner stops, or ``None`` when none is open."""
    opened: list[tuple[int, str]] = []
    loader = _Loader(text)
    try:
        while True:
            token = loader.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                break
            if isinstance(token, yaml.FlowSequenceStartToken):
                opened.append((token.start_mark.line, "unclosed ["))
            elif isinstance(token, yaml.FlowMappingStartToken):
                opened.append((token.start_mark.line, "unclosed {"))
            elif (
                isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened
            ):
                opened.pop()
    except yaml.YAMLError:
        pass  # the scanner's own error: what is open up to there
    finally:
        loader.dispose()
    return opened[-1] if opened else None


#: What the parser's words mean for the file's author, by the start of its problem
#: (user test 2026-12-06 #8: "could not find expected ':'" named neither the field nor
#: the form expected, and was given a line late).
_SYNTAX_HINTS = {
    "could not find expected ':'": (
        "a key and its value need a colon and a space between them ('max_modules: 3', "
        "not 'max_modules:3')"
    ),
    "mapping values are not allowed": (
        "a 'key: value' where the indentation does not allow one: check this line's "
        "indentation against the lines above it (or quote a value that holds ': ')"
    ),
    "did not find expected '-' indicator": (
        "check this line's indentation: a list item's '-' lines up with its siblings'"
    ),
    "did not find expected key": (
        "check this line's indentation against the lines above it: a key lines up with "
        "the other keys of its mapping"
    ),
    "expected <block end>": (
        "check this line's indentation against the lines above it: keys and list items "
        "line up with their siblings"
    ),
    # user test 2026-12-07 (scenario author #9): a second document was the parser's
    # words alone (and a tab: _TAB_HINT)
    "but found another document": (
        "a file holds one YAML document: remove the '---' line that starts a second one "
        "(and put what follows it in a file of its own)"
    ),
}


#: Said of a character that cannot start a token when it is a tab (the parser names no
#: character: "found character that cannot start any token"; user test 2026-12-07,
#: scenario author #9).
_TAB_HINT = "a tab character: YAML indents with spaces only (replace the tab with spaces)"


def _syntax_hint(what: str, char: str = "") -> str:
    """``"; HINT"`` for a parser problem :data:`_SYNTAX_HINTS` explains (``char`` the
    character at the problem, a tab :data:`_TAB_HINT`), else ''."""
    if char == "\t" and "cannot start any token" in what:
        return f"; {_TAB_HINT}"
    hint = next((h for k, h in _SYNTAX_HINTS.items() if what.startswith(k)), "")
    return f"; {hint}" if hint else ""


def _yaml_error_where(exc: yaml.YAMLError, text: str = "") -> tuple[int, str]:
    """1-based line and message of a YAML syntax error.

    An unclosed ``[``, ``{`` or quote is reported at the line where it opened, with
    the line where the parser stopped (``the end of the file`` when it ran out of text,
    s45 #3: a one-line ``x: [`` said line 2); any other error at the parser's line, or
    at the last line with text when the parser stopped past it.
    """
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = str(getattr(exc, "context", None) or "").strip()
    opened = getattr(exc, "context_mark", None)
    if context.startswith("found duplicate anchor") and opened is not None:
        # the anchor's name and first line are in the context, not the problem ("second
        # occurrence" alone; user test s57, fuzzing #3)
        name = context.removeprefix("found duplicate anchor").split(";")[0].strip()
        if not name and mark is not None:  # libyaml's context has no name: the text's
            found = re.match(r"&([^\s,\]}]+)", text[mark.index :] if text else "")
            name = f"'{found.group(1)}'" if found else ""
        return line, (
            f"not valid YAML: the anchor {name or '(unnamed)'} is defined again here "
            f"(first on line {opened.line + 1}); give each anchor a name of its own"
        )
    last = len(text.rstrip().splitlines()) or 1
    at_end = bool(text) and line > last
    stopped = "the end of the file" if at_end else f"line {line}"
    where: tuple[int, str] | None = None
    if context in _OPENED and opened is not None:
        where = (opened.line, _OPENED[context])
    elif context == "while parsing a flow node" and text:
        # ran out inside a flow collection (``x: [`` and nothing after): the context is
        # the missing node, at the end; the line to fix is where the collection opened
        where = _unclosed_flow(text)
    elif context == "while scanning a simple key" and opened is not None:
        # a key without ': ' (``max_modules:3``): the scanner gives up at the next line;
        # the line to fix is where the key began
        return opened.line + 1, f"not valid YAML: {what}{_syntax_hint(what)}"
    if where is not None and (where[0] + 1 < line or at_end):
        return where[0] + 1, f"not valid YAML: {where[1]} (parser stopped at {stopped}: {what})"
    index = getattr(mark, "index", None)
    char = text[index] if isinstance(index, int) and 0 <= index < len(text) else ""
    return (last if at_end else line), f"not valid YAML: {what}{_syntax_hint(what, char)}"


#: Characters YAML 1.1 (PyYAML, libyaml) reads as line breaks and YAML 1.2 does not
#: (YAML 1.2.2, sec. 5.4 "Line Break Characters": only CR and LF; NEL, LS and PS are
#: ordinary text). tigris reads YAML 1.2, and an editor shows them inside one line.
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


def _yaml12_breaks(text: str) -> tuple[str, Callable[[Any], Any]]:
    r"""``text`` with NEL, LS and PS stood in for by private-use characters it lacks,
    and the function that puts them back in what the parser builds.

    PyYAML and libyaml break lines at them (YAML 1.1), so a U+2028 in a comment moved
    every later line number down by one and a NEL turned the rest of a comment into a
    key (fuzz test, s57); a YAML 1.2 reader sees one line, as an editor does.

    >>> text, restore = _yaml12_breaks("a: x\u2028y # c\x85d\n")
    >>> "\u2028" in text, restore({"a": text[3:6]})
    (False, {'a': 'x\u2028y'})
    """
    present = [ch for ch in _YAML11_BREAKS if ch in text]
    if not present:
        return text, lambda data: data
    lowered = text.lower()
    # a stand-in neither in the text nor written as an escape there ("\ue000" would
    # become the character, and then be taken for a stand-in: review 2026-12-07 #6)
    free = (
        chr(c)
        for c in range(0xE000, 0xF900)
        if chr(c) not in text and f"\\u{c:04x}" not in lowered and f"{c:08x}" not in lowered
    )
    stand_in = {ch: next(free) for ch in present}
    for ch, sub in stand_in.items():
        text = text.replace(ch, sub)
    back = str.maketrans({sub: ch for ch, sub in stand_in.items()})

    def restore(data: Any) -> Any:
        if isinstance(data, str):
            return data.translate(back)
        if isinstance(data, dict):
            return {restore(k): restore(v) for k, v in data.items()}
        if isinstance(data, list):
            return [restore(v) for v in data]
        return data

    return text, restore


def _refuse_surrogates(text: str, file: str) -> None:
    """Refuse text holding a lone surrogate at its line: a byte that is no UTF-8
    (``0xff``) of text Python decoded with ``surrogateescape`` (a string given to the
    Python API, :func:`os.fsdecode`), which the YAML parser cannot encode (it raised
    ``UnicodeEncodeError``). A file is read as UTF-8 and refused where it is not.

    >>> try:
    ...     _refuse_surrogates("name: a\\nnote: b\\udcff\\n", "s.yaml")
    ... except InputError as exc:
    ...     print(exc)
    s.yaml:2: 'note: b\\xff' is not UTF-8 text (byte 0xff)
    """
    if not not_utf8(text):
        return
    at = next(i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff")
    line = text.count("\n", 0, at) + 1
    msg = not_utf8(text.split("\n")[line - 1])
    raise InputError(Problem("", msg, file=file, line=line))


def _parse(text: str, file: str) -> YamlDocument:
    """Parse YAML text within the module's limits (``file`` names it in messages)."""
    _refuse_surrogates(text, file)
    text, restore = _yaml12_breaks(text)
    loader = None
    try:
        _check_events(text, file)
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            msg = "no YAML content (the file is empty or only comments)"
            raise InputError(Problem("", msg, file=file, line=1))
        _check_expansion(root, file)
        lines, duplicates = _index(loader, root, file)
        duplicates = [
            Problem(restore(p.field), restore(p.message), file=p.file, line=p.line)
            for p in duplicates
        ]
        try:
            data = restore(loader.construct_document(root))
        except yaml.constructor.ConstructorError as exc:
            if exc.problem != "found unhashable key":
                raise
            # a list or mapping as a key: said at its line by _index
            raise InputError(duplicates) from None
        lines = {tuple(restore(k) for k in key): n for key, n in lines.items()}
    except yaml.reader.ReaderError as exc:  # a control character: a binary file
        line = text[: exc.position].count("\n") + 1
        msg = f"not YAML text: control character #x{exc.character:04x} (a binary file?)"
        raise InputError(Problem("", msg, file=file, line=line)) from None
    except _Unreadable as exc:
        # named at its field where the key's line is known (a value's, not a key's)
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 1
        at = [p for p, n in (lines if "lines" in locals() else {}).items() if n == line and p]
        field = ".".join(max(at, key=len)) if at else ""
        raise InputError(Problem(field, str(exc.problem), file=file, line=line)) from None
    except yaml.YAMLError as exc:
        line, msg = _yaml_error_where(exc, text)
        raise InputError(Problem("", msg, file=file, line=line)) from None
    finally:
        if loader is not None:
            loader.dispose()

    def locate(loc: tuple[Any, ...]) -> int | None:
        key = tuple(str(x) for x in loc)
        while key:
            if key in lines:
                return lines[key]
            key = key[:-1]
        return lines.get(())

    return YamlDocument(data, locate, duplicates)


def read_yaml(path: str | Path) -> YamlDocument:
    """Read a YAML file within the module's limits, keeping keys given twice as problems.

    Parameters
    ----------
    path : str or Path
        File to read; a leading ``~`` is the user's home folder (as a shell expands it,
        for a Python caller or a quoted ``--opt=~/file``); ``-`` reads standard input
        (problems then name :data:`STDIN_NAME`).

    Returns
    -------
    YamlDocument

    Raises
    ------
    InputError
        File missing, not a regular file, too large, not UTF-8, empty, not valid YAML
        or over the limits; one problem with the file and (where known) the line.
    """
    if str(path) == "-":  # standard input, as a Unix tool reads it
        return _parse(_read_stdin(), STDIN_NAME)
    p = Path(path).expanduser()
    return _parse(_read_text(p), str(p))


def parse_yaml(text: str) -> Any:
    """Parse YAML text as :func:`load_yaml` reads a file (YAML 1.2 numbers, limits).

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    Any
        The document: mappings as dicts, sequences as lists, scalars as YAML 1.2 reads
        them (``yes`` stays text); None for a document that is ``null`` (a text with no
        YAML content, empty or only comments, is refused).

    Raises
    ------
    InputError
        As :func:`load_yaml`.

    Examples
    --------
    >>> parse_yaml("a: 1e6\\nb: yes\\n")
    {'a': 1000000.0, 'b': 'yes'}
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        msg = f"text over {MAX_FILE_BYTES:,} bytes; at most that many are read"
        raise InputError(Problem("", msg, file="<text>"))
    doc = _parse(text, "<text>")
    if doc.duplicates:
        raise InputError(doc.duplicates)
    return doc.data


def load_yaml(path: str | Path) -> tuple[Any, Locator]:
    """Read a YAML file and return its data and a line locator.

    Parameters
    ----------
    path : str or Path
        File to read.

    Returns
    -------
    data : Any
        The parsed document.
    locate : callable
        ``locate(("sites", 0, "wspm"))`` gives the 1-based line of that field, or of
        its nearest parent that exists in the file, or ``None``.

    Raises
    ------
    InputError
        As :func:`read_yaml`, and for every key given twice in one mapping.
    """
    doc = read_yaml(path)
    if doc.duplicates:
        raise InputError(doc.duplicates)
    return doc.data, doc.locate


#: Longest text quoted back in a message [character].
_SHOWN_CHARS = 40
#: How :func:`escape_controls` writes the control characters with a short escape.
_CONTROL_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
#: Free-text fields where a tab or a line break is text (a block scalar's lines): the
#: values of ``sources`` and of a field named so (``distributions.<key>.source``), a
#: scenario's ``description`` and a data row's ``note`` (prose: a folded ``>`` block
#: ends in a line break; review of s47: a multi-line description was refused).
_FREE_TEXT = ("sources", "source", "description", "note")
#: The control characters free text may hold.
_TEXT_CONTROLS = frozenset("\n\t")


def _is_control(ch: str) -> bool:
    """Whether ``ch`` is a control character (Unicode category Cc: C0, DEL, C1)."""
    return unicodedata.category(ch) == "Cc"


def escape_controls(text: str) -> str:
    r"""``text`` with each control character written as an escape (``\x1b``, ``\n``,
    ``\x07``), as :class:`tigris.errors.Problem` writes C0 ones, C1 and tab included, so
    a message echoing user text stays one line and never sends a terminal sequence (user
    test s47 #5).

    Parameters
    ----------
    text : str
        Text to show in a message.

    Returns
    -------
    str
        ``text`` with ``\n``, ``\t``, ``\r`` written as such and every other control
        character as ``\xNN``; ``text`` itself when it has none.

    Examples
    --------
    >>> print(escape_controls("x\x1b[31mRED\nline2\x07"))
    x\x1b[31mRED\nline2\x07
    """
    if not any(_is_control(ch) for ch in text):
        return text
    out = []
    for ch in text:
        if not _is_control(ch):
            out.append(ch)
        elif ch in _CONTROL_ESCAPES:
            out.append(_CONTROL_ESCAPES[ch])
        else:
            out.append(f"\\x{ord(ch):02x}")
    return "".join(out)


def control_problems(
    data: Any, file: str | None = None, locate: Locator | None = None
) -> list[Problem]:
    r"""One problem per key or text value of a document holding a control character.

    A YAML escape (``"\e[31m"``, ``"\0"``, ``"\n"``) puts any character in a name; the
    reader refuses only raw ones. docs/scenario-files.md "Limits" says text is UTF-8
    without control characters (user test s47 #5: ESC and NUL reached the terminal and
    the run store). Free text (:data:`_FREE_TEXT`) may hold tabs and line breaks.

    Parameters
    ----------
    data : Any
        The parsed document.
    file : str, optional
        Its name, for the messages.
    locate : callable, optional
        Line finder of the document.

    Returns
    -------
    list of Problem
        In document order; the field and the text are shown escaped.

    Examples
    --------
    >>> print(control_problems({"name": "a\x00b"})[0])
    name: control character \x00 in the text 'a\x00b'; expected text without control characters
    """
    out: list[Problem] = []

    def bad(text: str, free: bool) -> str | None:
        allowed = _TEXT_CONTROLS if free else frozenset()
        return next((c for c in text if _is_control(c) and c not in allowed), None)

    def report(loc: tuple[Any, ...], text: str, ch: str, what: str) -> None:
        shown = escape_controls(text)
        if len(shown) > _SHOWN_CHARS:
            shown = shown[: _SHOWN_CHARS - 3] + "..."
        msg = (
            f"control character {escape_controls(ch)} in the {what} '{shown}'; expected "
            "text without control characters"
        )
        field = escape_controls(".".join(str(x) for x in loc))
        line = locate(loc) if locate is not None else None
        out.append(Problem(field, msg, file=file, line=line))

    def walk(node: Any, loc: tuple[Any, ...], free: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                here = (*loc, key)
                ch = bad(key, False) if isinstance(key, str) else None
                if ch is not None:
                    report(here, key, ch, "key")
                    continue
                walk(value, here, free or (isinstance(key, str) and key in _FREE_TEXT))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*loc, i), free)
        elif isinstance(node, str):
            ch = bad(node, free)
            if ch is not None:
                report(loc, node, ch, "text")

    walk(data, (), False)
    return out


def _number_text(value: Any) -> bool:
    """Whether ``value`` is text that YAML would read as a number without its quotes
    (``"13"``, ``"-1e6"``)."""
    return isinstance(value, str) and bool(_INT.match(value) or _FLOAT.match(value))


#: What each pydantic type error expected, in words.
_WANTED = {
    "int_type": "an integer",
    "int_from_float": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping of fields",
}


#: pydantic's bound errors: the comparison and the name of its limit.
_BOUNDS = {
    "greater_than": (">", "gt"),
    "greater_than_equal": (">=", "ge"),
    "less_than": ("<", "lt"),
    "less_than_equal": ("<=", "le"),
}


def _got(value: Any) -> str:
    """How a message shows the value it refused."""
    if isinstance(value, bool):
        return f"a YAML boolean ({str(value).lower()})"
    if value is None:
        return "nothing (null)"
    if _number_text(value):
        return f"the text '{value}' (write numbers without quotes)"
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 3] + "..."
        return f"the text {shown!r}"
    if isinstance(value, WrittenInf):
        return f"{_shown(value.text)} (beyond the largest number, {_LARGEST_FLOAT})"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):  # YAML's word, not Python's (user test 2026-12-06 #10)
        return "a mapping"
    return f"a {type(value).__name__}"


def _shown(text: str) -> str:
    """``text`` cut to :data:`_SHOWN_CHARS` characters for a message."""
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."


def tagged_union(field: str, kinds: Mapping[str, type[BaseModel]], entry: str) -> Any:
    """A pydantic type choosing one of ``kinds`` by the entry's ``field`` value.

    An entry whose ``field`` names no kind is refused at ``field`` with the kinds it
    may take; a value that is no mapping is refused as the first kind refuses it. The
    branches are tagged ``dict[<kind>]``, names :func:`validation_problems` drops from
    error paths, so messages read ``<section>.<i>.<field>`` (``entry`` names such an
    entry in the refusing model's docstring).

    Parameters
    ----------
    field : str
        The field naming the kind (``kind``, ``dist``).
    kinds : mapping of str to BaseModel subclass
        Each kind's model, in the order messages list them.
    entry : str
        What one entry is, for the docstring of the refusing model.

    Returns
    -------
    Annotated union
        For a field annotation (``list[...]``, ``dict[str, ...]``).
    """
    names = tuple(kinds)

    def known(value: Any) -> Any:
        msg = f"expected one of {', '.join(repr(k) for k in names)}, got {_got(value)}"
        raise ValueError(msg)

    unknown = create_model(
        "_Unknown",
        __config__=STRICT_MODEL | {"extra": "allow"},
        __doc__=f"{entry} whose ``{field}`` names no kind: only ever refused, at ``{field}``.",
        **{field: (Annotated[Any, AfterValidator(known)], ...)},
    )

    def tag(value: Any) -> str:
        if isinstance(value, BaseModel):
            value = {field: getattr(value, field, None)}
        if not isinstance(value, Mapping):
            return f"dict[{names[0]}]"  # refused as "expected a mapping"
        kind = value.get(field)
        return f"dict[{kind}]" if isinstance(kind, str) and kind in kinds else "dict[unknown]"

    branches = [Annotated[model, Tag(f"dict[{k}]")] for k, model in kinds.items()]
    branches.append(Annotated[unknown, Tag("dict[unknown]")])
    return Annotated[Union[tuple(branches)], Discriminator(tag)]  # noqa: UP007 (built at run time)


def _number_hint(want: str, value: Any) -> str:
    """``"; write 9e9 (9B = 9 × 10⁹; ...)"`` for a number written as text with a unit
    suffix, a percent sign or thousands separators, where a number was expected ('' if
    none: :func:`tigris.cli._args.number_hint`, the command line's hint too)."""
    if not isinstance(value, str) or not ("number" in want or "integer" in want):
        return ""
    from tigris.cli._args import number_hint

    hint = number_hint(value, whole="number" not in want)  # an integer refuses 1e3
    return f"; {hint}" if hint else ""


#: Scenario maps whose values are shares, keyed by names that are not
#: (``demand_regions.north-america``).
_SHARE_MAPS = {"demand_regions"}


def _fraction_hint(op: str, limit: Any, value: Any, field: str) -> str:
    """``"; write a fraction: 0.40 for 40 %"`` for a value read as a percentage refused
    by a bound of 1 of a share (``discount_rate: 8``), else '' (a correlation ``rho``
    or a ``min_share_scale`` is no share: user test s47 #7)."""
    from tigris.cli._args import fraction_hint, percent_like

    if op not in ("<", "<=") or limit != 1 or isinstance(value, bool):
        return ""
    # any named part of the path: a share of a map (demand_regions.asia-pacific) or of
    # a union's branch (products.1.max_share.float) is judged by its field, not by the
    # key or the branch's tag (user test 2026-12-07, scenario author #9)
    parts = field.split(".")
    if not (any(percent_like(p) for p in parts) or _SHARE_MAPS & set(parts)):
        return ""

    hint = fraction_hint(value) if isinstance(value, int | float) else ""
    return f"; {hint}" if hint else ""


def _message(err: Any) -> str:
    """A pydantic error message, rewritten where the input's YAML spelling explains it."""
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    want = " or ".join(
        dict.fromkeys(_WANTED[k] for k in (kind, *err.get("also", ())) if k in _WANTED)
    )
    if want:
        return f"expected {want}, got {_got(value)}{_number_hint(want, value)}"
    if kind in _BOUNDS:
        op, key = _BOUNDS[kind]
        limit = err["ctx"][key]
        field = ".".join(str(x) for x in err.get("loc", ()) if isinstance(x, str))
        hint = _fraction_hint(op, limit, value, field)
        return f"must be {op} {limit:g}, got {_got(value)}{hint}"
    if kind == "literal_error":
        return f"expected one of {err['ctx']['expected']}, got {_got(value)}"
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == r"\S":
        return f"expected text that is not blank, got {_got(value)}"
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == r"^\S(?s:.*\S)?$":
        return f"expected a name with no space at either end, got {_got(value)}"
    if kind == "string_too_long":
        return f"expected at most {err['ctx']['max_length']} characters, got {len(value)}"
    if kind == "too_short" and isinstance(value, dict | list):
        what = "mapping" if isinstance(value, dict) else "list"
        n = int(err["ctx"]["min_length"])
        return f"expected at least {n} entr{'y' if n == 1 else 'ies'}, got an empty {what}"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


#: Names pydantic gives the branches of a union or the steps of a validator
#: (``min_share.float``, ``min_share.dict[...]``, ``function-after[...]``).
_BRANCH = re.compile(r"^(float|int|str|bool|dict\[.*\]|list\[.*\]|function-.*)$")
#: Error types saying only "the input is not of this type".
_TYPE_ERRORS = frozenset(
    {"float_type", "int_type", "string_type", "dict_type", "list_type", "model_type", "bool_type"}
)


def _union_errors(errors: list[Any]) -> list[tuple[tuple[Any, ...], Any]]:
    """Errors with union-branch names dropped from their paths, one problem per field.

    pydantic reports a value that fits no branch of ``float | dict[int, float]`` once
    per branch. A branch's bare type mismatch is dropped when another branch of the
    same field took the input and found something more specific (a negative value in
    the map); when every branch only mismatched, they merge into one
    ("expected a number or a mapping").
    """
    cleaned = []
    for err in errors:
        branched = any(isinstance(x, str) and _BRANCH.match(x) for x in err["loc"])
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and _BRANCH.match(x)))
        cleaned.append((loc, err, branched))
    specific = {
        loc[:k]
        for loc, err, branched in cleaned
        if branched and err["type"] not in _TYPE_ERRORS
        for k in range(len(loc) + 1)
    }
    out: list[tuple[tuple[Any, ...], Any]] = []
    merged: dict[tuple[Any, ...], int] = {}
    for loc, err, branched in cleaned:
        if branched and err["type"] in _TYPE_ERRORS:
            if loc in specific:
                continue
            if loc in merged:  # a second branch's mismatch: one message for both
                prev = out[merged[loc]][1]
                out[merged[loc]] = (loc, {**prev, "also": [*prev.get("also", []), err["type"]]})
                continue
            merged[loc] = len(out)
        out.append((loc, err))
    return out


def validation_problems(
    exc: ValidationError, file: str | None = None, locate: Locator | None = None
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into one :class:`Problem` per error.

    Parameters
    ----------
    exc : pydantic.ValidationError
        The error from ``Model.model_validate``.
    file : str, optional
        File name for the messages.
    locate : callable, optional
        Line locator from :func:`load_yaml`.

    Returns
    -------
    list of Problem
        One problem per error (a union's branches that only mismatched merged into one,
        :func:`_union_errors`), with its dotted field path, message, ``file`` and line
        (None without ``locate``).
    """
    problems = []
    for loc, err in _union_errors(exc.errors()):
        message = _message(err)
        if err["type"] == "invalid_key":
            # a field's key that is no text (``1: x``, ``null: 2``), said at its mapping
            # and the key's line (pydantic's "Keys should be strings" at a path ending in
            # the key's Python spelling: user test s62 #1); a boolean key's loc is 1
            key = err.get("input")
            loc = (*loc[:-1], key)
            message = f"expected a field name (text) as key, got {_got(key)}"
            field = ".".join(str(x) for x in loc[:-1])
        else:
            field = ".".join(str(x) for x in loc)
        line = locate(loc) if locate is not None else None
        problems.append(Problem(field, message, file=file, line=line))
    return problems

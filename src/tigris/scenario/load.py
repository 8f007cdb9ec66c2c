"""Loading scenario files: YAML to a validated :class:`~tigris.scenario.schema.Scenario`.

:func:`load_scenario` reads a file with :func:`tigris.yamlio.read_yaml` (bounded, YAML
1.2 numbers, line numbers kept), validates it with the schema, runs the cross-field
checks of :mod:`tigris.scenario.checks` on the typed values, and reports every problem
at once, one ``file:line: field.path: message`` per problem, with the closest name
suggested for a misspelt field, site, product or node. :func:`reference_scenario`
returns the built-in scenario that tells the motivating story (``tigris scenario show``
prints it).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tigris.errors import InputError, Problem
from tigris.scenario.checks import cross_field_problems, did_you_mean
from tigris.scenario.schema import (
    PENALTY_RENTAL,
    ROADMAP,
    CapitalSource,
    Datacenters,
    DemandClass,
    Facility,
    FleetLifetimes,
    Horizon,
    Incumbents,
    InferWorkload,
    Product,
    Scenario,
    Site,
    Solver,
    Supply,
    Tools,
    TrainWorkload,
    Workload,
)
from tigris.yamlio import (
    OverLimitError,
    YamlDocument,
    _got,
    control_problems,
    escape_controls,
    read_yaml,
    source_name,
    validation_problems,
)

__all__ = [
    "REFERENCE_FILE",
    "document_kind",
    "load_scenario",
    "misplaced_document",
    "read_kind",
    "reference_scenario",
    "reference_scenario_text",
    "scenario_from_dict",
    "scenario_from_document",
]

REFERENCE_FILE = "reference_scenario.yaml"

Locator = Callable[[tuple[Any, ...]], int | None]

_MODELS: dict[str, type[BaseModel]] = {
    "": Scenario,
    "horizon": Horizon,
    "demand": DemandClass,
    "workloads": Workload,
    "train": TrainWorkload,
    "infer": InferWorkload,
    "products": Product,
    "supply": Supply,
    "incumbents": Incumbents,
    "facilities": Facility,
    "sites": Site,
    "capital": CapitalSource,
    "datacenters": Datacenters,
    "fleet_lifetime_years": FleetLifetimes,
    "tools": Tools,
    "solver": Solver,
}


#: Fields of earlier scenario files that counted HBM in stacks, with what replaced
#: them: HBM capacity is DRAM wafer starts per month on HBM lines (docs/plan.md).
_RENAMED = {
    ("supply", "hbm_stacks_per_month"): (
        "HBM capacity is now counted in DRAM wafer starts per month on HBM (TSV) lines: "
        "give supply.hbm_wspm instead (stacks per month / good stacks per DRAM wafer, "
        "~20 for 12-high HBM3E), or supply.baseline for the incumbents' capacity"
    ),
    ("products", "hbm_stacks_per_unit"): (
        "HBM use is now counted in DRAM wafers per accelerator: give hbm_wafers_per_unit "
        "instead (stacks per unit / good stacks per DRAM wafer, ~20 for 12-high HBM3E)"
    ),
}


def _renamed(p: Problem) -> Problem | None:
    """The problem for a field an earlier schema had (``supply.hbm_stacks_per_month``)."""
    parts = p.field.split(".")
    key = (parts[0], parts[-1]) if len(parts) >= 2 else None
    if key in _RENAMED and p.message == "unknown field":
        return Problem(p.field, _RENAMED[key], p.file, p.line)
    return None


def _suggest_field(p: Problem) -> Problem:
    """An unknown-field problem with "did you mean" appended where a field is close."""
    parts = p.field.split(".")
    # the deepest named container (``demand.0.workloads.1.train.cuont`` -> ``train``)
    names = [x for x in parts[:-1] if x in _MODELS]
    model = _MODELS.get(names[-1] if names else "")
    hint = did_you_mean(parts[-1], list(model.model_fields)) if model is not None else ""
    if len(parts) >= 4 and parts[0] == "products" and parts[2] == ROADMAP:
        from tigris.world.roadmap import ROADMAP_OPTIONS  # the roadmap entry's options

        hint = did_you_mean(parts[-1], list(ROADMAP_OPTIONS))
    if parts[0] == "disruptions" and len(parts) >= 3:  # the event's fields, not the
        # scenario's ("region" on an euv_cut read "did you mean 'horizon'?": user test
        # 2026-12-07, export controls #5)
        from tigris.risk.disruptions import EVENT_MODELS

        kinds = [k for k, m in EVENT_MODELS.items() if parts[-1] in m.model_fields]
        if kinds:
            msg = (
                f"unknown field for this kind of disruption ('{parts[-1]}' is a field of "
                f"{', '.join(kinds)})"
            )
            return Problem(p.field, msg, p.file, p.line)
        fields = sorted({f for m in EVENT_MODELS.values() for f in m.model_fields})
        hint = did_you_mean(parts[-1], fields)
        meant = _MEANT.search(hint)
        if meant is not None:  # a field of some kinds only: say which (review
            # 2026-12-07 #5: 'regoin' on an euv_cut was sent to 'region', which it lacks)
            of = [k for k, m in EVENT_MODELS.items() if meant.group(1) in m.model_fields]
            if len(of) < len(EVENT_MODELS):
                hint = f" (did you mean '{meant.group(1)}'? a field of {', '.join(of)})"
    if parts[0] == "distributions":  # its keys are paths: the parameters of any kind
        from tigris.risk.distributions import KINDS, PARAMETERS

        kinds = [k for k, m in KINDS.items() if parts[-1] in m.model_fields]
        if kinds:  # a field of other kinds: never "did you mean" the name refused
            msg = f"unknown field for this dist ('{parts[-1]}' is a field of {', '.join(kinds)})"
            return Problem(p.field, msg, p.file, p.line)
        hint = did_you_mean(parts[-1], list(PARAMETERS))
    return Problem(p.field, f"unknown field{hint}", p.file, p.line) if hint else p


#: How a value that is neither a number nor text is refused by ``float | str``.
_EITHER = "expected a number or text, got"


#: A site's ``module_capacity`` refused whole, and the form it takes (its keys are the
#: facility types of :func:`tigris.scenario.checks.facility_id`, its values a module's
#: size in the type's unit: docs/scenario-files.md, docs/energy.md "Scenario").
_SITE_MODULES = re.compile(r"sites\.\d+\.module_capacity")
_MAPPING = "expected a mapping"
_MODULES_FORM = (
    "expected a mapping {facility type: module size}, e.g. {datacenter-gas: 100} "
    "(MW for a datacenter type, wafer starts per month for a fab)"
)


def _schema_problems(
    exc: ValidationError, file: str | None, locate: Locator | None
) -> list[Problem]:
    # pydantic's name for a bad mapping key ends the location in "[key]"; its loc shows
    # a boolean key as 1 and the joined path splits a key like 2025.5 at its dot, so
    # keys are taken from the errors themselves.
    keys = {
        ".".join(str(x) for x in err["loc"]): (err["loc"][:-2], err["input"])
        for err in exc.errors()
        if err["loc"] and err["loc"][-1] == "[key]"
    }
    out = []
    for p in validation_problems(exc, file, locate):
        if p.field == f"products.literal['{ROADMAP}']":
            continue  # the other branch of ``products`` says it once, below
        if p.field.startswith("products.") and p.message.endswith(f"got the text '{ROADMAP}'"):
            msg = f"'{ROADMAP}' is given twice; once brings in all of the roadmap's products"
            p = Problem(p.field, msg, p.file, p.line)
        elif p.field == "products" and p.message.startswith("expected a list"):
            got = p.message.split(", got ", 1)[-1]
            msg = (
                f"expected a list of products or '{ROADMAP}' (the world layer's roadmap), got {got}"
            )
            p = Problem(p.field, msg, p.file, p.line)
        elif p.field in keys:
            parent_loc, key = keys[p.field]
            parent = ".".join(str(x) for x in parent_loc)
            what = "a year (integer)" if "integer" in p.message else "a name (text)"
            shown = f"'{key}'" if isinstance(key, str) else _got(key)
            line = p.line
            if locate is not None:  # the key's own line, not its mapping's
                line = locate((*parent_loc, key)) or p.line
            p = Problem(parent, f"expected {what} as key, got {shown}", p.file, line)
        elif p.message == "unknown field":
            p = _renamed(p) or _suggest_field(p)
        elif _SITE_MODULES.fullmatch(p.field) and p.message.startswith(_MAPPING):
            got = p.message.removeprefix(_MAPPING)
            p = Problem(p.field, f"{_MODULES_FORM}{got}", p.file, p.line)
        elif p.field == "unmet_penalty_usd_per_h100e" and p.message.startswith(_EITHER):
            got = p.message.removeprefix(_EITHER)
            msg = f"expected a number [USD per H100e] or '{PENALTY_RENTAL}', got{got}"
            p = Problem(p.field, msg, p.file, p.line)
        out.append(p)
    return _one_line_a_slip(out)


#: A "did you mean" hint's suggestion (:func:`tigris.errors.did_you_mean`).
_MEANT = re.compile(r"did you mean '([^']+)'")
_MISSING = "required field is missing"


#: A mapping key refused for its kind (:func:`_schema_problems`' rewording).
_KEY_REFUSED = re.compile(r"expected (a year \(integer\)|a name \(text\)) as key, got (.+)")


def _swapped_keys(problems: list[Problem]) -> list[Problem]:
    """One problem for a nested mapping whose two levels of keys are swapped: names
    where its years belong and years under them (see :func:`_one_line_a_slip`)."""
    said: dict[int, Problem] = {}
    dropped: set[int] = set()
    for i, p in enumerate(problems):
        m = _KEY_REFUSED.fullmatch(p.message)
        if m is None or not m[1].startswith("a year"):
            continue
        name = m[2].strip("'")
        years = {
            j: k[2]
            for j, q in enumerate(problems)
            if q.field == f"{p.field}.{name}"
            and (k := _KEY_REFUSED.fullmatch(q.message)) is not None
            and k[1].startswith("a name")
        }
        if not years:
            continue
        year = next(iter(years.values()))
        msg = (
            f"expected {{year: {{name: value}}}}, got {{{name}: {{{year}: ...}}}}: the "
            f"years and the names are swapped; write {{{year}: {{{name}: ...}}}}"
        )
        said[i] = Problem(p.field, msg, p.file, p.line)
        dropped.update(years)
    return [said.get(i, p) for i, p in enumerate(problems) if i not in dropped]


def _one_line_a_slip(problems: list[Problem]) -> list[Problem]:
    """One line for one slip (user test 2026-12-05, scenario files #7).

    - A misspelt required field was refused twice: "required field is missing" (at
      its mapping's first line) and "unknown field (did you mean ...?)". The first is
      dropped where the second's suggestion names it.
    - ``based_on:`` at the top (a ``--data`` entry's and the catalog's key, not a
      scenario's) gave one line per required field: those become one line on
      ``based_on`` saying how a scenario file starts from the reference.
    - A ``{year: {name: value}}`` mapping written the other way round
      (``accelerators_by_year: {b200: {2026: 1e6}}``) said "expected a year as key, got
      'b200'" and then "expected a name as key, got 2026" for each year, contradicting
      it (user test 2026-12-06 #4): one line saying the keys are swapped.
    """
    problems = _swapped_keys(problems)
    meant = set()
    for p in problems:
        m = _MEANT.search(p.message) if p.message.startswith("unknown field") else None
        if m:
            meant.add(".".join([*p.field.split(".")[:-1], m.group(1)]))
    out = [p for p in problems if not (p.message == _MISSING and p.field in meant)]
    based = next(
        (p for p in out if p.field == "based_on" and p.message.startswith("unknown")), None
    )
    if based is None:
        return out
    missing = [p.field for p in out if p.message == _MISSING and "." not in p.field]
    msg = (
        "a scenario file has no based_on (a --data file's entries and the catalog's do): "
        "write the whole scenario, from `tigris scenario show > my.yaml` (the reference, "
        "to edit), or plan the reference with --set edits"
    )
    if missing:
        msg += f"; without it this file lacks {len(missing)} required fields ({', '.join(missing)})"
    kept = [p for p in out if p is not based and not (p.message == _MISSING and "." not in p.field)]
    return [Problem("based_on", msg, based.file, based.line), *kept]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems by their line in the file (the schema's before the cross-field checks'
    on one line; those without a line last, in the order found): one order whatever
    stage found a problem, the order a reader fixes them in."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def scenario_from_dict(
    data: Any, file: str | None = None, locate: Locator | None = None
) -> Scenario:
    """Validate a scenario document and return a :class:`Scenario`.

    Parameters
    ----------
    data : Any
        The parsed YAML document.
    file : str, optional
        File name for the messages.
    locate : callable, optional
        Line locator from :func:`tigris.yamlio.read_yaml`.

    Returns
    -------
    Scenario
        The validated scenario (its cross-field checks passed too).

    Raises
    ------
    InputError
        Every problem found, one per line (``file:line: field.path: message``), in
        the order of their lines.
    """
    if not isinstance(data, dict):
        from tigris.yamlio import _got

        # the value, as every refusal shows it, not Python's type name ("got a int": a
        # bad-input review of 2026-12-07)
        what = _got(data)
        msg = f"expected a mapping of fields (name, horizon, demand, ...), got {what}"
        line = locate(()) if locate is not None else None
        raise InputError(Problem("scenario", msg, file=file, line=line))
    problems: list[Problem] = control_problems(data, file, locate)  # user test s47 #5
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        wrong = misplaced_document(data, file, "scenario")
        if wrong is not None:  # a --data file or a saved result: one line, not dozens
            raise InputError(wrong) from None
        # A field with a control character gets that one line: its text also fails the
        # name pattern, which would be a second line for one problem (fuzz test, s57).
        controlled = {p.field for p in problems}
        problems.extend(p for p in _schema_problems(exc, file, locate) if p.field not in controlled)
    for loc, msg in cross_field_problems(scenario if scenario is not None else data):
        line = locate(loc) if locate is not None else None
        problems.append(Problem(".".join(str(x) for x in loc), msg, file=file, line=line))
    if problems:
        raise InputError(_in_file_order(_dedupe([_escaped(p) for p in problems])))
    assert scenario is not None
    return scenario


def _escaped(p: Problem) -> Problem:
    """``p`` with the control characters of user text it echoes escaped (one line, no
    terminal sequence: user test s47 #5)."""
    field, message = escape_controls(p.field), escape_controls(p.message)
    if (field, message) == (p.field, p.message):
        return p
    return Problem(field, message, file=p.file, line=p.line)


#: Keys every plan result has (``plan.json`` and ``run.json`` of ``plan --out``, the
#: output of ``plan --json``) and no scenario has.
_RESULT_KEYS = ("scenario_name", "status")
#: Files of a run directory written by ``tigris plan --out`` that hold its result.
_RESULT_FILES = ("plan.json", "run.json")
#: A scenario's fields named first when a file is recognised as one: what only a
#: scenario has.
_TELLING = ("horizon", "demand", "supply", "products")


def document_kind(data: Any) -> str | None:
    """Which kind of tigris file a parsed document is, told by its top-level keys alone.

    Only an unambiguous answer is given, for a file given in the wrong place (``plan
    my-parts.yaml``, ``plan --data scenario.yaml``, ``plan run/plan.json``):

    - ``"result"``: both of :data:`_RESULT_KEYS` and no ``name`` (a scenario's);
    - ``"overlay"``: every key a data table of :mod:`tigris.overlay` (``accelerators``,
      ``sites``, ...) and none of the scenario's required fields;
    - ``"scenario"``: two or more of the scenario's required fields but ``name``
      (``horizon``, ``demand``, ...) and no data table the scenario lacks
      (``accelerators``, ``nodes``, ...).

    Parameters
    ----------
    data : Any
        The parsed YAML or JSON document.

    Returns
    -------
    str or None
        ``"result"``, ``"overlay"`` or ``"scenario"``; None for anything else (not a
        mapping, no keys, or keys of more than one kind).

    Examples
    --------
    >>> document_kind({"accelerators": [{"name": "npu"}]})
    'overlay'
    >>> document_kind({"horizon": {}, "demand": [], "sites": []})
    'scenario'
    >>> document_kind({"horizon": {}, "accelerators": []}) is None
    True
    """
    if not isinstance(data, dict) or not data or not all(isinstance(k, str) for k in data):
        return None
    from tigris.overlay import ENERGY_SECTIONS, SECTIONS

    keys = set(data)
    tables = {*SECTIONS, *ENERGY_SECTIONS}
    required = {k for k, f in Scenario.model_fields.items() if f.is_required()}
    if keys.issuperset(_RESULT_KEYS) and "name" not in keys:
        return "result"
    if keys <= tables and not keys & required:
        return "overlay"
    telling = required - tables - {"name"}  # a part's entry has a name too
    if len(keys & telling) >= 2 and not keys & (tables - set(Scenario.model_fields)):
        return "scenario"
    return None


def misplaced_document(data: Any, file: str | None, expected: str) -> Problem | None:
    """One problem saying a file was given in the wrong place, or None.

    A ``--data`` file given as the scenario was refused as a dozen missing fields, a
    saved ``plan.json`` as forty, a scenario given as ``--data`` as one unknown section
    per key (user test s46 CLI #C); :func:`document_kind` tells them apart.

    Parameters
    ----------
    data : Any
        The parsed document.
    file : str, optional
        Its name, for the message and the command suggested.
    expected : {"scenario", "overlay"}
        What it was given as: the scenario, or a ``--data`` overlay.

    Returns
    -------
    Problem or None
        The problem when the document is unambiguously of another kind, else None.
    """
    kind = document_kind(data)
    if kind is None or kind == expected:
        return None
    name = file if file else "FILE"
    what = "a scenario" if expected == "scenario" else "a --data overlay"
    if kind == "overlay":
        keys = ", ".join(data)
        msg = (
            f"looks like a --data overlay (its top-level keys are data tables: {keys}), "
            f"not a scenario; pass it with --data {name}"
        )
    elif kind == "scenario":
        given = [k for k, f in Scenario.model_fields.items() if f.is_required() and k in data]
        given.sort(key=lambda k: (k not in _TELLING, _TELLING.index(k) if k in _TELLING else 0))
        keys = ", ".join(given[:3]) + (", ..." if len(given) > 3 else "")
        msg = (
            f"looks like a scenario ({keys}), not a --data overlay; pass it as the "
            "scenario argument, not --data"
        )
    else:
        msg = _result_message(file, what)
    return Problem("" if file else "scenario", msg, file=file)


def read_kind(path: str | Path, expected: str) -> YamlDocument:
    """:func:`tigris.yamlio.read_yaml`, naming a file of another kind as such even when
    it is over the reader's limits.

    ``tigris plan --json``'s output has ~30,000 values, over
    :data:`~tigris.yamlio.MAX_NODES`: given as a scenario it was refused as too large
    (user test s47 #2). The reader stops at the limit and keeps the top-level keys it
    had read (a bounded prefix, never the whole tree); those tell the kind
    (:func:`document_kind`).

    Parameters
    ----------
    path : str or Path
        The file.
    expected : {"scenario", "overlay"}
        What it was given as.

    Returns
    -------
    YamlDocument
        The document.

    Raises
    ------
    InputError
        As :func:`~tigris.yamlio.read_yaml`; a file over the limits whose first keys
        tell another kind is said to be of that kind (:func:`misplaced_document`).
    """
    try:
        return read_yaml(path)
    except OverLimitError as exc:
        wrong = misplaced_document(dict.fromkeys(exc.keys), source_name(path), expected)
        if wrong is not None:
            raise InputError(wrong) from None
        raise


def _result_message(file: str | None, what: str) -> str:
    """What a saved plan result given as ``what`` is, and how to repeat its run."""
    path = Path(file) if file else None
    if path is not None and path.name in _RESULT_FILES and (path.parent / "plan.json").is_file():
        scenario = path.parent / "scenario.yaml"
        also = f", or plan its scenario, {scenario}" if scenario.is_file() else ""
        return (
            f"is a saved plan result ({path.name}), not {what}; repeat its run with "
            f"--from-run {path.parent}{also}"
        )
    return (
        f"is a plan result, not {what}; plan a scenario file (tigris scenario show > "
        "my.yaml writes the reference's), or repeat a saved run with --from-run DIR or ID"
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Scenario
        The validated scenario read from the file.

    Raises
    ------
    InputError
        Every problem in the file at once, each as ``file:line: field.path: message``
        (keys given twice first).

    Notes
    -----
    A valid file's warnings (:func:`tigris.scenario.advice.scenario_warnings`: legal
    input that likely does not say what was meant) go to standard error, one
    ``warning: file:line: field: message`` line each, once a process.
    """
    if isinstance(path, str) and not path.strip():  # Path("") is "." (UT-API 2026-12-05)
        raise InputError("expected a scenario file, got an empty string", field="path")
    doc = read_kind(path, "scenario")
    scenario = scenario_from_document(doc, source_name(path))
    from tigris.scenario.advice import warn  # after the checks: a valid scenario only

    warn(scenario, source_name(path), doc.locate)
    _warn_replaced(doc, source_name(path))
    return scenario


def _warn_replaced(doc: YamlDocument, file: str) -> list[str]:
    """Warn, once a process, of each listed product that replaces the roadmap's product
    of its name (``products: [roadmap, {name: h100, ...}]``); return the lines written."""
    data = doc.data if isinstance(doc.data, dict) else {}
    products = data.get("products")
    from tigris.world.roadmap import marker_index, with_roadmap

    if marker_index(products, ROADMAP) is None:  # also {roadmap: {min_share_scale: s}}
        return []
    from tigris.scenario.advice import _WARNED, note_said

    written = []
    for i, name in with_roadmap(products, data.get("horizon"), ROADMAP)[1]:
        loc = ("products", i, "name")
        msg = (
            f"'{name}' is also a product of the roadmap (data/roadmap.csv); this entry "
            "replaces it: its ship years and share band are this entry's, not the roadmap's"
        )
        line = f"{file}:{doc.locate(loc)}: products.{i}.name: {msg}"
        note_said(line)
        if line not in _WARNED:
            _WARNED.add(line)
            sys.stderr.write(f"warning: {line}\n")
            written.append(line)
    return written


def scenario_from_document(doc: YamlDocument, file: str) -> Scenario:
    """Validate a parsed YAML document as a scenario (a file's or a text's).

    Parameters
    ----------
    doc : tigris.yamlio.YamlDocument
        The parsed document (its data, line finder and keys given twice).
    file : str
        What messages name as the file (a path, or ``<text>``).

    Returns
    -------
    Scenario
        The validated scenario, when the document has no problem and no key given twice.

    Raises
    ------
    InputError
        Every problem at once, the keys given twice first.
    """
    from tigris.yamlio import THOUSANDS_SEPARATOR

    try:
        scenario = scenario_from_dict(doc.data, file, doc.locate)
    except InputError as exc:
        # a thousands separator's line says only that: its "got nothing (null)" and
        # the like are what the comma did (user test 2026-12-06)
        cut = {p.line for p in doc.duplicates if p.message.startswith(THOUSANDS_SEPARATOR)}
        rest = [p for p in exc.problems if p.line is None or p.line not in cut]
        raise InputError(doc.duplicates + rest) from None
    if doc.duplicates:
        raise InputError(doc.duplicates)
    return scenario


def reference_scenario_text() -> str:
    """The built-in reference scenario as commented YAML (every number sourced).

    Returns
    -------
    str
        The text of the packaged reference scenario file (``tigris.data``), comments kept.
    """
    return (resources.files("tigris.data") / REFERENCE_FILE).read_text(encoding="utf-8")


@cache
def reference_scenario() -> Scenario:
    """The built-in reference scenario (see :func:`reference_scenario_text`).

    Returns
    -------
    Scenario
        The validated reference scenario; cached, so every call returns the same object.

    Examples
    --------
    >>> sc = reference_scenario()
    >>> sc.name
    'reference'
    """
    path = resources.files("tigris.data") / REFERENCE_FILE
    with resources.as_file(path) as p:
        return load_scenario(p)

"""Load scenario and procedure-library files into validated models.

Loading is: read the file into plain data with positions (:mod:`.source`), check the
format version, merge the ``include:``-d procedure libraries, validate the models, run
the cross-reference checks (:mod:`.crossref`) and any ``extra_checks`` hook. Every problem
found on the way names its file, line, column and field path, and they are all raised
together as one :class:`~labsim.errors.ScenarioError`.

The equipment-aware layer (which knows whether a step's action exists on a rig model)
plugs in through ``extra_checks``: a function ``(Scenario) -> list[Problem]`` whose
problems carry field paths; this module puts lines on them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from labsim.errors import EquipmentError, FileError, KitError, Problem, ScenarioError, shown
from labsim.files import check_name
from labsim.scenarios.crossref import check_library, check_scenario
from labsim.scenarios.kitwords import LoadedWords, is_words, words_from_document
from labsim.scenarios.langtags import canonical_tag
from labsim.scenarios.models import FORMAT_VERSION, ProcedureLibrary, Scenario
from labsim.scenarios.problems import problems_from_validation_error
from labsim.scenarios.source import (
    Document,
    FieldPath,
    Mark,
    SourceMap,
    parse_text,
    read_document,
)

__all__ = [
    "LibraryChecks",
    "LoadedLibrary",
    "LoadedScenario",
    "ScenarioChecks",
    "build_scenario",
    "is_library",
    "load_file",
    "load_library",
    "load_scenario",
    "load_scenario_text",
]

#: An extra check of a valid scenario, e.g. dry-running each procedure on its rig model.
ScenarioChecks = Callable[[Scenario], list[Problem]]
#: An extra check of a valid procedure library.
LibraryChecks = Callable[[ProcedureLibrary], list[Problem]]

M = TypeVar("M", bound=BaseModel)

#: Keys that only a scenario has; a file with none of them and ``procedures:`` is a library.
_SCENARIO_ONLY = ("name", "run", "skills", "rigs", "cohorts", "instructors")


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with what it was loaded from.

    Attributes:
        scenario: the validated model.
        data: the plain data the model was validated from, libraries merged in (what
            ``--set`` changes before validating again).
        source: where each field of ``data`` was written (covers included files).
        checks: the extra checks it passed (the equipment checks, as a rule); a scenario
            derived from it (``--set``, a sweep point, an overlay) passes the same ones.
    """

    scenario: Scenario
    data: dict[str, Any]
    source: SourceMap
    checks: ScenarioChecks | None = None

    @property
    def path(self) -> Path:
        """The file it came from."""
        return self.source.file


@dataclass(frozen=True)
class LoadedLibrary:
    """A valid procedure library with what it was loaded from."""

    library: ProcedureLibrary
    data: dict[str, Any]
    source: SourceMap

    @property
    def path(self) -> Path:
        """The file it came from."""
        return self.source.file


def load_scenario(
    path: str | Path, *, extra_checks: ScenarioChecks | None = None
) -> LoadedScenario:
    """Load and fully check the scenario file at ``path``.

    Raises:
        ScenarioError: listing every problem, each with file, line and field path.
    """
    document = read_document(path)
    return _scenario(document, extra_checks)


def load_scenario_text(
    text: str, name: str = "<text>.yaml", *, extra_checks: ScenarioChecks | None = None
) -> LoadedScenario:
    """Load a scenario from ``text`` as if it were the file ``name`` (for tests and tools).

    The format follows the suffix of ``name`` (YAML when it has none); ``include:`` paths
    are relative to the folder of ``name``.
    """
    file = Path(name)
    fmt = {".json": "json", ".toml": "toml"}.get(file.suffix.lower(), "yaml")
    return _scenario(parse_text(text, file, fmt), extra_checks)


def load_library(path: str | Path, *, extra_checks: LibraryChecks | None = None) -> LoadedLibrary:
    """Load and check a procedure library file on its own.

    Raises:
        ScenarioError: listing every problem, each with file, line and field path.
    """
    return _library(read_document(path), extra_checks)


def load_file(
    path: str | Path,
    *,
    scenario_checks: ScenarioChecks | None = None,
    library_checks: LibraryChecks | None = None,
) -> LoadedScenario | LoadedLibrary | LoadedWords:
    """Load ``path`` as a scenario, a library (only procedures) or a rig kit's words file."""
    document = read_document(path)
    if is_words(document.data, document.source.file):
        return words_from_document(document)
    if is_library(document.data):
        return _library(document, library_checks)
    return _scenario(document, scenario_checks)


def is_library(data: dict[str, Any]) -> bool:
    """Whether top-level ``data`` is a procedure library rather than a scenario."""
    return "procedures" in data and not any(key in data for key in _SCENARIO_ONLY)


def build_scenario(
    data: dict[str, Any], source: SourceMap, *, extra_checks: ScenarioChecks | None = None
) -> LoadedScenario:
    """Validate already-merged scenario ``data`` (e.g. after ``--set``) and check it.

    Raises:
        ScenarioError: listing every problem, located through ``source``.
    """
    _check_version(data, source)
    scenario = _validated(Scenario, data, source)
    problems = check_scenario(scenario, _where(source))
    if not problems and extra_checks is not None:
        problems = extra_checks(scenario)
    _raise_located(problems, source)
    return LoadedScenario(scenario, data, source, extra_checks)


def _scenario(document: Document, extra_checks: ScenarioChecks | None) -> LoadedScenario:
    _check_version(document.data, document.source)
    data, source = _merge_includes(document)
    return build_scenario(data, source, extra_checks=extra_checks)


def _library(document: Document, extra_checks: LibraryChecks | None) -> LoadedLibrary:
    _check_version(document.data, document.source)
    source = document.source
    if "include" in document.data:
        raise ScenarioError(
            source.problem(
                "a procedure library cannot include other files; only a scenario's "
                "'include:' list can (list every library in the scenario)",
                ("include",),
            )
        )
    library = _validated(ProcedureLibrary, document.data, source)
    problems = check_library(library, _where(source))
    if not problems and extra_checks is not None:
        problems = extra_checks(library)
    _raise_located(problems, source)
    return LoadedLibrary(library, document.data, source)


def _check_version(data: dict[str, Any], source: SourceMap) -> None:
    if "labsim" not in data:
        raise ScenarioError(
            source.problem(
                f"missing 'labsim: {FORMAT_VERSION}' (the format version) at the top level",
                ("labsim",),
            )
        )
    version = data["labsim"]
    if type(version) is not int or version != FORMAT_VERSION:
        raise ScenarioError(
            source.problem(
                f"this program reads scenario format version {FORMAT_VERSION}; "
                f"the file says {version!r}",
                ("labsim",),
            )
        )


def _validated(model: type[M], data: dict[str, Any], source: SourceMap) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation_error(error, data, source, model)
    raise ScenarioError(_sorted(problems, source))


def _raise_located(problems: list[Problem], source: SourceMap) -> None:
    if not problems:
        return
    located = [p if p.file is not None else source.problem(p.message, p.path) for p in problems]
    raise ScenarioError(_sorted(located, source))


def _sorted(problems: list[Problem], source: SourceMap) -> list[Problem]:
    def key(p: Problem) -> tuple[bool, str, int, int]:
        return (p.file != source.file, str(p.file), p.line or 0, p.column or 0)

    return sorted(problems, key=key)


def _where(source: SourceMap) -> Callable[[FieldPath], str]:
    def where(path: FieldPath) -> str:
        file, line, _ = source.locate(path)
        if line is None:
            return str(file)
        return f"line {line}" if file == source.file else f"{file}:{line}"

    return where


# ---- include: ---------------------------------------------------------------------------


def _merge_includes(document: Document) -> tuple[dict[str, Any], SourceMap]:
    """Append each included library's procedures after the scenario's own."""
    data, source = document.data, document.source
    includes = data.get("include")
    own = data.get("procedures", [])
    if not isinstance(includes, list) or not includes or not isinstance(own, list):
        return data, source  # nothing to merge, or the models will say what is wrong
    merged = list(own)
    first_seen: dict[str, str] = {}
    for index, item in enumerate(own):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            first_seen.setdefault(item["id"], source.where(("procedures", index, "id")))
    problems: list[Problem] = []
    targets: dict[Path, int] = {}
    for index, entry in enumerate(includes):
        written, target = _include_target(entry, ("include", index), source, targets)
        targets[target] = index
        document = read_document(written)
        if not is_library(document.data):
            raise ScenarioError(
                source.problem(
                    f"{shown(entry)} is not a procedure library (a library holds only "
                    "'labsim: 1', 'procedures:', 'description:', 'languages:' and 'unreviewed:')",
                    ("include", index),
                )
            )
        library = _library(document, None)
        for position, procedure in enumerate(library.library.procedures):
            here = library.source.where(("procedures", position, "id"))
            if procedure.id in first_seen:
                problems.append(
                    library.source.problem(
                        f"duplicate procedure id {procedure.id!r}: also defined at "
                        f"{first_seen[procedure.id]}",
                        ("procedures", position, "id"),
                    )
                )
            first_seen.setdefault(procedure.id, here)
        source = source.grafted(library.source, "procedures", len(merged))
        source = source.with_marks(_file_mark_places(library, len(merged)))
        merged.extend(_with_file_marks(library))
    if problems:
        raise ScenarioError(problems)
    return {**data, "procedures": merged}, source


def _with_file_marks(library: LoadedLibrary) -> list[Any]:
    """The library's procedures as data, each carrying the library's ``unreviewed:`` marks.

    A scenario takes only the procedures of a library it includes; a language the library
    marks as not reviewed must stay marked on each of them.
    """
    procedures: list[Any] = library.data["procedures"]
    marks = list(library.library.unreviewed)
    if not marks:
        return procedures
    carried = []
    for written in procedures:
        own = [lang for lang in written.get("unreviewed", []) if canonical_tag(lang) not in marks]
        carried.append({**written, "unreviewed": marks + own})
    return carried


def _file_mark_places(library: LoadedLibrary, offset: int) -> dict[FieldPath, Mark]:
    """Where each carried ``unreviewed:`` mark was written: the library's own line."""
    if not library.library.unreviewed:
        return {}
    file, line, column = library.source.locate(("unreviewed",))
    if line is None or column is None:
        return {}
    mark = Mark(file, line, column)
    return {
        ("procedures", offset + index, "unreviewed"): mark
        for index, written in enumerate(library.data["procedures"])
        if "unreviewed" not in written
    }


#: ``include: [labsim:<model>]`` names the procedure library of an installed rig kit.
BUILTIN_PREFIX = "labsim:"


def builtin_libraries() -> dict[str, Path]:
    """The procedure libraries of the installed rig kits, by model name (``labsim:NAME``)."""
    # Kits sit above this layer; they are looked up only when a file asks for one.
    from labsim.kits import get_kit, library_models

    found = {name: get_kit(name).library_path() for name in library_models()}
    return {name: path for name, path in found.items() if path is not None}


def _builtin_library(entry: str, refuse: Callable[[str], ScenarioError]) -> Path:
    from labsim.kits import library_path

    name = entry[len(BUILTIN_PREFIX) :].strip()
    try:
        return library_path(name)
    except KitError as exc:
        raise refuse(str(exc)) from None
    except EquipmentError:
        from labsim.kits.registry import NOT_INSTALLED, model_names

        known = ", ".join(BUILTIN_PREFIX + n for n in builtin_libraries()) or "none"
        missing = "" if name in model_names() else f". {NOT_INSTALLED.format(name=name)}"
        raise refuse(
            f"no built-in procedure library {shown(entry)}; the installed ones are: "
            f"{known}{missing}"
        ) from None


def _include_target(
    entry: object, path: FieldPath, source: SourceMap, seen: dict[Path, int]
) -> tuple[Path, Path]:
    """Resolve one ``include:`` entry, refusing anything outside the scenario's folder.

    Returns:
        The path to show in messages (as the author wrote it) and the resolved path.
    """

    def refuse(message: str) -> ScenarioError:
        return ScenarioError(source.problem(message, path))

    if not isinstance(entry, str) or not entry.strip():
        raise refuse(f"an include must be a relative file path (got {shown(entry)})")
    if entry.startswith(BUILTIN_PREFIX):
        target = _builtin_library(entry, refuse)
        if target in seen:
            raise refuse(f"{shown(entry)} is included twice (also include[{seen[target]}])")
        return target, target
    if (
        PurePosixPath(entry).is_absolute()
        or PureWindowsPath(entry).is_absolute()
        or entry[:1] in "/\\"
    ):
        raise refuse(
            f"an include must be a path relative to the scenario's folder, not {shown(entry)}"
        )
    home = source.file.parent
    target = _resolved(home, entry, refuse)
    if target == source.file.resolve():
        raise refuse("a scenario cannot include itself")
    if target in seen:
        raise refuse(f"{shown(entry)} is included twice (also include[{seen[target]}])")
    if not target.exists():
        raise refuse(f"no such file to include: {shown(entry)} (looked in {home})")
    if target.is_dir():
        raise refuse(f"include {shown(entry)} is a folder, not a library file")
    return Path(os.path.normpath(home / entry)), target


def _resolved(home: Path, entry: str, refuse: Callable[[str], ScenarioError]) -> Path:
    """The real path of ``entry`` (links followed), refused when it leaves ``home``."""
    try:
        check_name(home / entry)
        base = home.resolve()
        plain = Path(os.path.normpath(home.absolute() / entry))
        target = (home / entry).resolve(strict=False)
    except FileError as error:
        raise refuse(f"include {shown(entry)}: {error.reason}") from None
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
        raise refuse(
            f"include {shown(entry)}: a symbolic link loop (a link that leads back to itself)"
        ) from None
    if not target.is_relative_to(base):
        how = "through a symbolic link " if plain.is_relative_to(home.absolute()) else ""
        raise refuse(f"include {shown(entry)} leads {how}outside the scenario's folder {base}")
    return target

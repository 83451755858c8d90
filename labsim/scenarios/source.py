"""Read a scenario file into plain Python data and remember where every value came from.

A :class:`SourceMap` maps each field path (``("rigs", 0, "count")``) to the file, line
and column where it was written, so that every later problem can name its line. The
text formats are read in :mod:`.yaml_nodes` (YAML, with its safety rules) and
:mod:`.json_toml`; this module checks the file itself (exists, size, text, encoding) and
that its top level is a mapping.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from labsim.errors import FileError, Problem, ScenarioError, shown
from labsim.files import check_name, not_regular, read_bounded
from labsim.limits import MAX_FILE_BYTES
from labsim.scenarios.json_toml import parse_json, parse_toml
from labsim.scenarios.yaml_nodes import ALIAS_BUDGET, MAX_DEPTH, FieldPath, Refused, parse_yaml

__all__ = [
    "ALIAS_BUDGET",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Document",
    "FieldPath",
    "Mark",
    "SourceMap",
    "parse_text",
    "parse_value",
    "read_document",
]

#: Largest file accepted; a lab described in more than this is a mistake or an attack.
MAX_BYTES = MAX_FILE_BYTES
_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


class Mark(NamedTuple):
    """A position in a file: 1-based line and column."""

    file: Path
    line: int
    column: int


class SourceMap:
    """Where each field of the loaded data was written (file, line, column).

    Paths that have no mark of their own (a key that is missing, say) are located at
    their nearest written ancestor.
    """

    def __init__(self, file: Path, marks: Mapping[FieldPath, Mark] | None = None) -> None:
        self.file = file
        self._marks: dict[FieldPath, Mark] = dict(marks or {})

    def locate(self, path: FieldPath) -> tuple[Path, int | None, int | None]:
        """The file, line and column of ``path`` or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            mark = self._marks.get(tuple(path[:end]))
            if mark is not None:
                return mark
        return self.file, None, None

    def problem(self, message: str, path: FieldPath = ()) -> Problem:
        """A :class:`Problem` about ``path``, located in its file."""
        file, line, column = self.locate(path)
        return Problem(message, tuple(path), file, line, column)

    def where(self, path: FieldPath) -> str:
        """``file:line`` of ``path`` for messages that point at a second place."""
        file, line, _ = self.locate(path)
        return f"{file}:{line}" if line is not None else str(file)

    def grafted(self, other: SourceMap, key: str, offset: int) -> SourceMap:
        """A copy that also holds ``other``'s ``key[j]`` marks as ``key[offset + j]``.

        Used to merge an included library's ``procedures`` after the scenario's own.
        """
        marks = dict(self._marks)
        for path, mark in other._marks.items():
            if len(path) >= 2 and path[0] == key and isinstance(path[1], int):
                marks[(key, offset + path[1], *path[2:])] = mark
        return SourceMap(self.file, marks)

    def with_marks(self, extra: Mapping[FieldPath, Mark]) -> SourceMap:
        """A copy that also holds ``extra`` (fields a loader added, placed where they came from)."""
        return SourceMap(self.file, {**self._marks, **extra})

    def as_written(self, path: FieldPath) -> FieldPath:
        """``path`` as the file it was written in numbers it.

        A scenario's merged ``procedures[5]`` may be ``procedures[0]`` of an included library.
        """
        if len(path) < 2 or not isinstance(path[1], int):
            return path
        file = self.locate(path[:2])[0]
        if file == self.file:
            return path
        first = min(
            (
                p[1]
                for p, mark in self._marks.items()
                if len(p) == 2 and p[0] == path[0] and isinstance(p[1], int) and mark.file == file
            ),
            default=0,
        )
        return (path[0], path[1] - first, *path[2:])

    def __len__(self) -> int:
        return len(self._marks)


@dataclass(frozen=True)
class Document:
    """A file read into plain data, with the positions of its fields."""

    data: Any
    source: SourceMap


def read_document(path: str | Path) -> Document:
    """Read a ``.yaml``/``.yml``, ``.json`` or ``.toml`` file whose top level is a mapping.

    Raises:
        ScenarioError: naming the file (and the line, where there is one).
    """
    file = Path(path)
    try:
        check_name(file)
        fmt = _FORMATS.get(file.suffix.lower())
        if fmt is None:
            # a folder, a device or a missing file is named as such, not as a file type
            kind = not_regular(file) or (None if os.path.lexists(file) else "no such file")
            if kind is not None:
                raise ScenarioError(Problem(kind, file=file))
            raise ScenarioError(
                Problem(
                    f"unknown file type {shown(file.suffix or '(no extension)', 40)}: "
                    "a scenario is a .yaml, .yml, .json or .toml file",
                    file=file,
                )
            )
        raw = read_bounded(file, MAX_BYTES)
    except FileError as error:
        raise ScenarioError(Problem(error.reason, file=file)) from None
    return parse_text(_decode(raw, file), file, fmt)


def _decode(raw: bytes, file: Path) -> str:
    if b"\x00" in raw[:8192]:
        raise ScenarioError(Problem("this is a binary file, not a text scenario", file=file))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScenarioError(
            Problem("the file is not UTF-8 text (save it as UTF-8)", file=file, line=line)
        ) from None


def parse_text(text: str, file: Path, fmt: str = "yaml") -> Document:
    """Parse ``text`` (``fmt`` is ``yaml``, ``json`` or ``toml``) as the top level of a file.

    Raises:
        ScenarioError: for bad syntax, refused constructs, or a top level that is not a mapping.
    """
    if len(text) > MAX_BYTES:
        raise ScenarioError(
            Problem(f"text is too large (over {MAX_BYTES:,} characters)", file=file)
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ScenarioError(Problem("the file is empty", file=file))
    parse = {"json": parse_json, "toml": parse_toml}.get(fmt, parse_yaml)
    try:
        data, marks = parse(text)
    except Refused as refused:
        raise _located(refused, file) from None
    if data is None:
        raise ScenarioError(
            Problem("the file holds no data (only comments, blank lines or null)", file=file)
        )
    if not isinstance(data, dict):
        raise ScenarioError(
            Problem(
                f"the top level must be a mapping of keys such as 'labsim: 1' (got {_kind(data)})",
                file=file,
                line=1,
                column=1,
            )
        )
    return Document(
        data, SourceMap(file, {p: Mark(file, ln, col) for p, (ln, col) in marks.items()})
    )


def parse_value(text: str) -> Any:
    """Parse one YAML flow value (``4``, ``12min``, ``[1, 2]``, ``{mean: 5min}``) safely.

    Raises:
        ScenarioError: when the text is not a plain YAML value.
    """
    try:
        return parse_yaml(text)[0]
    except Refused as refused:
        raise ScenarioError(refused.message) from None


def _located(refused: Refused, file: Path) -> ScenarioError:
    line = None if refused.line is None else refused.line + 1
    column = None if refused.column is None else refused.column + 1
    return ScenarioError(Problem(refused.message, refused.path or (), file, line, column))


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return f"the value {value!r}"[:60]

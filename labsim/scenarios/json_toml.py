"""JSON and TOML text to plain data, with positions where they can be had.

JSON data comes from :mod:`json` (exact types and clear syntax errors with lines); the
positions come from the YAML composer, which reads JSON too. TOML comes from
:mod:`tomllib`; it keeps no positions, so keys are found in the text, best effort.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from datetime import date, time
from typing import Any

from labsim.scenarios.yaml_nodes import MAX_DEPTH, FieldPath, Marks, Refused, parse_yaml

__all__ = ["parse_json", "parse_toml"]


def parse_json(text: str) -> tuple[Any, Marks]:
    """Data from :mod:`json`; positions from the YAML composer when it can read the text.

    Raises:
        Refused: for bad syntax, duplicate keys or too deep nesting.
    """
    try:
        marks = parse_yaml(text)[1]
    except Refused as refused:
        if refused.message.startswith("duplicate key"):
            raise
        marks = {}
    return _bounded("JSON", lambda: _json_loads(text)), marks


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise Refused(f"not valid JSON: {error.msg}", error.lineno - 1, error.colno - 1) from None


def _bounded(fmt: str, load: Callable[[], Any]) -> Any:
    """What ``load`` reads, refused when nested too deep or otherwise unreadable.

    Both formats fail the same ways beyond their syntax errors: a parser that recurses
    too deep, a value Python will not make (an integer with thousands of digits).
    """
    try:
        data = load()
    except RecursionError:
        raise Refused(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise Refused(f"not valid {fmt}: {error}") from None
    if _depth(data) > MAX_DEPTH:
        raise Refused(f"nested deeper than {MAX_DEPTH} levels")
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise Refused(f"duplicate key {key!r}")
        out[key] = value
    return out


def _depth(value: Any) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


# ---- TOML ------------------------------------------------------------------------------

_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(text: str) -> tuple[Any, Marks]:
    """Data from :mod:`tomllib` (dates and times as text) and best-effort key positions.

    Raises:
        Refused: for bad syntax or too deep nesting.
    """
    plain = _plain(_bounded("TOML", lambda: _toml_loads(text)))
    finder = _TomlMarks(text.splitlines())
    finder.walk(plain, (), 0)
    return plain, finder.marks


def _toml_loads(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_WHERE.search(str(error))
        message = _TOML_WHERE.sub("", str(error)).strip()
        line, column = (int(found[1]) - 1, int(found[2]) - 1) if found else (None, None)
        raise Refused(f"not valid TOML: {message}", line, column) from None


def _plain(value: Any) -> Any:
    """TOML dates and times become the text a YAML file would hold (``08:30``)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, time) and not value.second and not value.microsecond:
        return value.strftime("%H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


class _TomlMarks:
    """Best effort: find the line of each key at or after its parent's line.

    TOML parsers keep no positions, so keys are searched in the text; the search stops
    after a fixed amount of work so that a huge file cannot make loading slow.
    """

    def __init__(self, lines: list[str], budget: int = 200_000) -> None:
        self.lines = lines
        self.budget = budget
        self.marks: Marks = {(): (1, 1)}

    def walk(self, value: Any, path: FieldPath, start: int) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                line = self._find(_key_pattern(str(key)), start)
                if line is not None:
                    self.marks[(*path, key)] = (line + 1, 1)
                self.walk(child, (*path, key), start if line is None else line)
        elif isinstance(value, list):
            header = _header_pattern(str(path[-1]) if path else "")
            cursor = start
            for index, item in enumerate(value):
                found = self._find(header, cursor) if isinstance(item, dict) else None
                if found is None:
                    self.marks[(*path, index)] = (start + 1, 1)
                    continue
                cursor = found + 1
                self.marks[(*path, index)] = (found + 1, 1)
                self.walk(item, (*path, index), found)

    def _find(self, pattern: re.Pattern[str], start: int) -> int | None:
        for number in range(start, len(self.lines)):
            self.budget -= 1
            if self.budget < 0:
                return None
            if pattern.search(self.lines[number]):
                return number
        return None


def _key_pattern(key: str) -> re.Pattern[str]:
    quoted = re.escape(key)
    return re.compile(
        rf"^\s*(?:[\"']?{quoted}[\"']?\s*=|\[\s*(?:[^\]]*\.)?\s*[\"']?{quoted}[\"']?\s*\])"
        rf"|[{{,]\s*[\"']?{quoted}[\"']?\s*="
    )


def _header_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*\[\[\s*(?:[\w\-\"'. ]*\.)?\s*[\"']?{re.escape(name)}[\"']?\s*\]\]")

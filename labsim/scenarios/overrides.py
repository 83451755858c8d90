"""Change values of a loaded scenario by path: ``--set rigs.zd6.count=4``.

A path is dotted. List items are addressed by their ``id`` (``procedures.zd6-inspection``)
or by their index (``rigs.0``). Values are parsed as YAML flow values with the same safe
rules as files (``4``, ``12min``, ``[1, 2]``, ``{mean: 5min}``). The changed data is
validated again as a whole, so a change can never produce a scenario a file could not.
:func:`set_value` is the building block for parameter sweeps.

A change that cannot be made raises :class:`~labsim.errors.OverrideError` naming it; a
changed scenario that is not valid raises a :class:`~labsim.errors.ScenarioError` whose
problems name the changes behind them (:attr:`~labsim.errors.Problem.changes`).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_origin

from labsim.errors import (
    Change,
    ChangeKind,
    OverrideError,
    Problem,
    ScenarioError,
    format_path,
    shown,
)
from labsim.scenarios.loader import LoadedScenario, build_scenario
from labsim.scenarios.models import Scenario
from labsim.scenarios.problems import field_names, is_mapping_type, suggest, type_at
from labsim.scenarios.source import FieldPath, parse_value

__all__ = ["apply_overrides", "parse_assignment", "resolve_path", "set_value", "with_values"]


def apply_overrides(loaded: LoadedScenario, assignments: Sequence[str]) -> LoadedScenario:
    """Apply ``PATH=VALUE`` assignments (``rigs.zd6.count=4``) and validate the result.

    The result passes the same checks as ``loaded`` did (equipment checks included).

    Raises:
        OverrideError: for an assignment without ``=``, a bad value or an unknown path.
        ScenarioError: when the changed scenario is not valid; each problem names the
            change that caused it.
    """
    if not assignments:
        return loaded
    pairs = [parse_assignment(text) for text in assignments]
    return with_values(loaded, pairs, labels=assignments)


def parse_assignment(text: str) -> tuple[str, Any]:
    """Split ``PATH=VALUE`` and parse the value as a safe YAML flow value.

    Raises:
        OverrideError: when there is no ``=``, no path, or the value is not plain YAML.
    """
    path, equals, raw = text.partition("=")
    if not equals or not path.strip():
        raise OverrideError(
            Change(text), f"got {shown(text)}", form="PATH=VALUE, e.g. rigs.zd6.count=4"
        )
    try:
        value = parse_value(raw)
    except ScenarioError as error:
        raise OverrideError(Change(text), f"the value is not valid: {error}") from None
    return path.strip(), value


def with_values(
    loaded: LoadedScenario,
    values: Sequence[tuple[str | FieldPath, Any]],
    *,
    labels: Sequence[str] | None = None,
    kind: ChangeKind = "set",
    file: Path | None = None,
) -> LoadedScenario:
    """Set each ``(path, value)`` (values already parsed) and validate the result.

    ``labels`` name each change in errors (default ``PATH=VALUE``); ``kind`` and ``file``
    say what asked for the changes (see :class:`~labsim.errors.Change`). The result passes
    the same checks as ``loaded`` did.

    Raises:
        OverrideError: for an unknown path.
        ScenarioError: when the changed scenario is not valid.
    """
    data = loaded.data
    touched: list[tuple[FieldPath, Change]] = []
    for number, (path, value) in enumerate(values):
        label = labels[number] if labels is not None else f"{_text(path)}={shown(value)}"
        resolved = resolve_path(data, path, kind=kind, file=file)
        touched.append((_first_new(data, resolved), Change(label, kind, file)))
        data = _assigned(data, resolved, value)
    try:
        return build_scenario(data, loaded.source, extra_checks=loaded.checks)
    except ScenarioError as error:
        raise ScenarioError([_blame(p, touched) for p in error.problems]) from None


def set_value(data: dict[str, Any], path: str | FieldPath, value: Any) -> dict[str, Any]:
    """A copy of scenario ``data`` with the field at ``path`` set to ``value`` (not validated).

    Raises:
        OverrideError: when ``path`` does not lead to a field of a scenario.
    """
    return _assigned(data, resolve_path(data, path), value)


def resolve_path(
    data: dict[str, Any],
    path: str | FieldPath,
    *,
    kind: ChangeKind = "set",
    file: Path | None = None,
) -> FieldPath:
    """Turn ``rigs.zd6.count`` into ``("rigs", 0, "count")`` for this ``data``.

    A key that the file does not write but the scenario format has (``seed``, say) is
    accepted; list items are found by ``id`` first, then by index. ``kind`` and ``file``
    say what asks for the change, for the error.

    Raises:
        OverrideError: naming the path and what is available where it went wrong.
    """
    change = Change(_text(path), kind, file)
    segments = path.split(".") if isinstance(path, str) else list(path)
    if not segments or any(seg == "" for seg in segments):
        raise OverrideError(change, "the path has an empty part")
    if segments[0] == "include":
        raise OverrideError(
            change,
            "'include' cannot be changed this way "
            "(included libraries are merged when the file is read)",
        )
    resolved: list[str | int] = []
    current: Any = data
    for seg in segments:
        here = tuple(resolved)
        tp = type_at(Scenario, here)
        if isinstance(current, list):
            index = _item_index(current, seg)
            if index is None:
                raise OverrideError(
                    change,
                    f"{format_path(here)} has no item {shown(seg)}"
                    f"{suggest(str(seg), _ids(current))} (ids: {_listing(_ids(current))}; "
                    f"or an index 0..{len(current) - 1})",
                )
            resolved.append(index)
            current = current[index]
        elif isinstance(current, dict) or (current is None and is_mapping_type(tp)):
            written = current or {}
            allowed = list(written) + [k for k in field_names(tp) if k not in written]
            open_keys = get_origin(tp) is dict
            if seg not in allowed and not open_keys:
                raise OverrideError(
                    change,
                    f"unknown key {shown(seg)} "
                    f"{'at the top level' if not here else 'in ' + format_path(here)}"
                    f"{suggest(str(seg), [str(k) for k in allowed])} (keys: {_listing(allowed)})",
                )
            resolved.append(seg)
            current = written.get(seg)
        else:
            now = "" if current is None else f" ({shown(current)})"
            raise OverrideError(
                change, f"{format_path(here)} is a single value{now}, it has no part {shown(seg)}"
            )
    return tuple(resolved)


def _item_index(items: list[Any], seg: str | int) -> int | None:
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == seg:
            return index
    if isinstance(seg, int) or (isinstance(seg, str) and seg.isdigit()):
        index = int(seg)
        return index if index < len(items) else None
    return None


def _first_new(data: dict[str, Any], path: FieldPath) -> FieldPath:
    """The shortest part of ``path`` that ``data`` does not have yet (all of it if it does)."""
    node: Any = data
    for end, seg in enumerate(path, start=1):
        if isinstance(node, list):
            node = node[int(seg)]
        elif isinstance(node, dict) and seg in node:
            node = node[seg]
        else:
            return path[:end]
    return path


def _assigned(data: dict[str, Any], path: FieldPath, value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with ``value`` at ``path`` (missing mappings created)."""
    out = copy.deepcopy(data)
    node: Any = out
    for seg in path[:-1]:
        child = node[int(seg)] if isinstance(node, list) else node.get(seg)
        if child is None:
            child = {}
            node[seg] = child
        node = child
    node[path[-1]] = copy.deepcopy(value)
    return out


def _blame(problem: Problem, touched: list[tuple[FieldPath, Change]]) -> Problem:
    """Name the change behind a problem; unrelated problems keep their file position."""
    for path, change in touched:
        inside = problem.path[: len(path)] == path
        around = bool(problem.path) and path[: len(problem.path)] == problem.path
        if inside or around:
            return Problem(problem.message, problem.path, changes=(change,), changed_here=True)
    return dataclasses.replace(problem, changes=tuple(change for _, change in touched))


def _ids(items: list[Any]) -> list[str]:
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def _listing(names: Sequence[Any]) -> str:
    shown = [str(n) for n in names[:20]]
    return ", ".join(shown) + (", ..." if len(names) > 20 else "") if shown else "none"


def _text(path: str | FieldPath) -> str:
    return path if isinstance(path, str) else ".".join(str(seg) for seg in path)

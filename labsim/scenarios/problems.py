"""Turn pydantic's validation errors into :class:`~labsim.errors.Problem` records.

Pydantic reports a location such as ``("run", "function-after[..., ContinuousRun]", "for")``
or ``("steps", 0, "time", "triangular", "triangular", "min")``: union member labels and
tags are mixed into the path. Here the location is walked against the data that was
actually written, keeping only real keys and indices, so that each problem names the
field as the author wrote it and gets that field's line. The models' types are walked
alongside to suggest the key that was meant (``unknown key 'cout'; did you mean 'count'?``).
Nothing here knows the scenario models by name: new fields work without changes.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from labsim.errors import Problem, ScenarioError
from labsim.scenarios.source import Document, FieldPath, SourceMap
from labsim.scenarios.yaml_core import plain_value

__all__ = [
    "describe",
    "field_names",
    "is_mapping_type",
    "problems_from_validation_error",
    "suggest",
    "type_at",
    "validate_document",
]

M = TypeVar("M", bound=BaseModel)

_MEMBER_LABEL = re.compile(r"(\w+)\]$")
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_\-]*$"
_NO_GOT = {"missing", "extra_forbidden", "value_error", "assertion_error", "distribution"}
_NUMBER_KINDS = {"int_type", "int_parsing", "float_type", "float_parsing"}


def problems_from_validation_error(
    error: ValidationError, data: Any, source: SourceMap, model: type[BaseModel]
) -> list[Problem]:
    """One :class:`Problem` per error of ``error``, located through ``source``.

    When a value fails every member of a union (say a ``run:`` that is neither a calendar
    nor a continuous run), only the member with the fewest complaints is reported: it is
    the one the author most likely meant.
    """
    walked = [
        (err, *_walk(err["loc"], data, err["type"] == "missing"))
        for err in error.errors(include_url=False)
    ]
    chosen = _closest_union_members(walked)
    problems = []
    for index, (err, path, _) in enumerate(walked):
        if index not in chosen:
            continue
        loc = err["loc"]
        if err["type"] == "missing" and loc and (not path or path[-1] != loc[-1]):
            shown: FieldPath = (*path, loc[-1])
        else:
            shown = path
        message = _message(err, model)
        file, line, column = source.locate(path)
        problems.append(Problem(message, shown, file, line, column))
    return problems


def validate_document(model: type[M], document: Document) -> M:
    """``document`` as a ``model``: how every file format of labsim turns read data into a model.

    Raises:
        ScenarioError: one problem per validation error, each with file, line and field path.
    """
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise ScenarioError(
            problems_from_validation_error(error, document.data, document.source, model)
        ) from None


def _walk(
    loc: Sequence[str | int], data: Any, missing: bool
) -> tuple[FieldPath, list[tuple[FieldPath, str]]]:
    """Keep the segments of ``loc`` that are keys or indices in ``data``; note the others.

    The noted segments are union member labels (and validator labels), except the last
    one of a ``missing`` error, which is the key that should have been written.
    """
    path: list[str | int] = []
    skipped: list[tuple[FieldPath, str]] = []
    current = data
    for position, seg in enumerate(loc):
        if _has(current, seg):
            current = current[seg]
            path.append(seg)
        elif isinstance(seg, str) and seg != "[key]" and not (missing and position == len(loc) - 1):
            skipped.append((tuple(path), seg))
    return tuple(path), skipped


def _has(container: Any, seg: str | int) -> bool:
    if isinstance(container, dict):
        return seg in container
    return isinstance(container, list) and isinstance(seg, int) and 0 <= seg < len(container)


def _closest_union_members(walked: list[tuple[ErrorDetails, FieldPath, list[Any]]]) -> set[int]:
    branches: dict[FieldPath, dict[str, list[int]]] = {}
    for index, (_, _, skipped) in enumerate(walked):
        if skipped:
            where, label = skipped[0]
            branches.setdefault(where, {}).setdefault(label, []).append(index)
    keep = set(range(len(walked)))
    for members in branches.values():
        if len(members) > 1:
            best = min(members.values(), key=len)
            for indices in members.values():
                if indices is not best:
                    keep.difference_update(indices)
    return keep


def _message(err: ErrorDetails, model: type[BaseModel]) -> str:
    kind, ctx, loc = err["type"], err.get("ctx") or {}, err["loc"]
    text = _TEMPLATES.get(kind)
    if kind == "missing":
        message = (
            f"missing required key {loc[-1]!r}" if isinstance(loc[-1], str) else "missing value"
        )
    elif kind == "extra_forbidden":
        message = _unknown_key(str(loc[-1]), field_names(type_at(model, loc[:-1])))
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == _ID_PATTERN:
        message = "must be an id: letters, digits, '-' and '_', starting with a letter or digit"
    elif kind == "distribution" and isinstance(err.get("input"), dict) and len(err["input"]) == 1:
        written = str(next(iter(err["input"])))
        tags = _union_tags(type_at(model, loc))
        hint = suggest(written, tags)
        message = f"unknown distribution {written!r}{hint or '; use one of: ' + ', '.join(tags)}"
    elif text is not None:
        message = text.format(**ctx)
    else:
        message = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
        message = message[:1].lower() + message[1:]
    if kind not in _NO_GOT and "got " not in message and "input" in err:
        message += f" (got {describe(err['input'])}{_yaml12_hint(kind, err['input'])})"
    return message


#: Words YAML 1.1 read as booleans; files are read by YAML 1.2, where they are text.
_YAML11_BOOLS: dict[Any, str] = {
    **dict.fromkeys(("yes", "y", "on", "true", 1), "true"),
    **dict.fromkeys(("no", "n", "off", "false", 0), "false"),
}
_BINARY = re.compile(r"[-+]?0b[01]+")
#: Longer values get no hint: the message quotes the value, and a hint would repeat it.
_HINT_LIMIT = 30


def _yaml12_hint(kind: str, value: Any) -> str:
    """``; write true`` where ``value`` is what a YAML 1.1 habit wrote for the value wanted.

    Files are read by the YAML 1.2 core schema: ``yes``/``no``/``on``/``off`` are text,
    not booleans, and ``1_000``/``0b101`` are text, not numbers; a number or ``true``
    where text is wanted needs quotes.
    """
    if kind in ("bool_type", "bool_parsing") and isinstance(value, str | int):
        key = value.strip().lower() if isinstance(value, str) else value
        word = _YAML11_BOOLS.get(key)
        if word is None:
            return ""
        return f"; write {word}" + (" without quotes" if key == word else "")
    if kind in _NUMBER_KINDS and isinstance(value, str) and len(value) <= _HINT_LIMIT:
        written = value.strip().replace("_", "")
        if _BINARY.fullmatch(written):
            written = str(int(written, 2))
        number = plain_value(written)
        is_number = isinstance(number, int | float) and not isinstance(number, bool)
        return f"; write {written}" if is_number and written != value.strip() else ""
    if kind == "string_type" and isinstance(value, int | float):  # bool is an int
        return "; put it in quotes to keep it as text"
    return ""


def _unknown_key(key: str, allowed: list[str]) -> str:
    hint = suggest(key, allowed)
    if hint or not allowed:
        return f"unknown key {key!r}{hint}"
    return f"unknown key {key!r} (allowed here: {', '.join(allowed)})"


_TEMPLATES: dict[str, str] = {
    "greater_than_equal": "must be >= {ge}",
    "greater_than": "must be > {gt}",
    "less_than_equal": "must be <= {le}",
    "less_than": "must be < {lt}",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "allows at most {max_length} item(s)",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "string_pattern_mismatch": "must match the pattern {pattern}",
    "literal_error": "must be {expected}",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping (key: value lines)",
    "model_type": "must be a mapping (key: value lines)",
    "model_attributes_type": "must be a mapping (key: value lines)",
}


def describe(value: Any, limit: int = 60) -> str:
    """A short rendering of a written value for messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def suggest(word: str, choices: Sequence[str]) -> str:
    """``; did you mean 'x'?`` when ``word`` is close to one of ``choices``, else ``''``."""
    close = difflib.get_close_matches(word, list(choices), n=2, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


# ---- walking the model types along a location -------------------------------------------


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the type that holds values."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _member_names(member: Any) -> set[str]:
    names: set[str] = set()
    if get_origin(member) is Annotated:
        names.update(m.tag for m in get_args(member)[1:] if isinstance(m, Tag))
    base = _unwrap(member)
    if isinstance(base, type):
        names.add(base.__name__)
    return names


def _step(tp: Any, seg: str | int) -> Any:
    """The type one location segment further down (unchanged for labels it does not know)."""
    tp = _unwrap(tp)
    origin = get_origin(tp)
    if _is_model(tp):
        for name, info in tp.model_fields.items():
            if seg in (name, info.alias):
                return info.annotation
        return tp
    if origin in (Union, types.UnionType) and isinstance(seg, str):
        label = _MEMBER_LABEL.search(seg)
        for member in get_args(tp):
            names = _member_names(member)
            if seg in names or (label is not None and label[1] in names):
                return member
        return tp
    args = get_args(tp)
    if origin in (list, set, frozenset) and isinstance(seg, int) and args:
        return args[0]
    if origin is tuple and isinstance(seg, int) and args:
        return args[0] if args[-1] is Ellipsis else args[min(seg, len(args) - 1)]
    if origin is dict and len(args) == 2:
        return args[0] if seg == "[key]" else args[1]
    return tp


def type_at(root: Any, loc: Sequence[str | int]) -> Any:
    """The declared type found by following ``loc`` (a pydantic location or a data path)."""
    tp = root
    for seg in loc:
        tp = _step(tp, seg)
    return _unwrap(tp)


def field_names(tp: Any) -> list[str]:
    """The keys a file may write for ``tp`` when it is a model (aliases where set).

    For a union of models, the keys of any member.
    """
    tp = _unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType):
        names: dict[str, None] = {}
        for member in get_args(tp):
            names.update(dict.fromkeys(field_names(member)))
        return list(names)
    if not _is_model(tp):
        return []
    return [info.alias or name for name, info in tp.model_fields.items()]


def _union_tags(tp: Any) -> list[str]:
    if get_origin(tp) not in (Union, types.UnionType):
        return []
    tags: list[str] = []
    for member in get_args(tp):
        if get_origin(member) is Annotated:
            tags.extend(
                m.tag for m in get_args(member)[1:] if isinstance(m, Tag) and m.tag != "bare"
            )
    return tags


def is_mapping_type(tp: Any) -> bool:
    """Whether ``tp`` is written as a mapping in a file (a model, a dict, a union of models)."""
    tp = _unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return any(is_mapping_type(member) for member in get_args(tp))
    return _is_model(tp) or get_origin(tp) is dict

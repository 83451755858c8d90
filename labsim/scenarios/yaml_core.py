"""The YAML 1.2 core schema: what an unquoted value means, read and written.

PyYAML resolves plain scalars by YAML 1.1, whose readings surprise people: ``no``, ``yes``,
``on``, ``off``, ``y`` and ``n`` are booleans, ``010`` is octal 8, ``1_000`` is 1000,
``0b101`` is 5 and ``8:30`` is 510. Current YAML tools read by YAML 1.2, and so does labsim:
:class:`CoreComposer` tags plain scalars by the core schema (spec 10.3.2), :func:`core_value`
makes their values, and :func:`dump_yaml` quotes every text that either YAML version would
read as something else, so that what labsim writes reads back the same anywhere.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = [
    "BOOL",
    "CORE",
    "FLOAT",
    "INT",
    "MAP",
    "MERGE",
    "NULL",
    "SEQ",
    "STR",
    "TIMESTAMP",
    "CoreComposer",
    "core_tag",
    "core_value",
    "dump_yaml",
    "plain_value",
]

CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (CORE + t for t in ("str", "int", "float", "bool", "null"))
MAP, SEQ, MERGE, TIMESTAMP = (CORE + t for t in ("map", "seq", "merge", "timestamp"))
#: The YAML 1.2 core schema (spec 10.3.2): the tag of a plain scalar is the first that matches.
_SCHEMA = (
    (NULL, re.compile(r"null|Null|NULL|~|")),
    (BOOL, re.compile(r"true|True|TRUE|false|False|FALSE")),
    (INT, re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    (
        FLOAT,
        re.compile(
            r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
    ),
)


def core_tag(text: str) -> str:
    """The tag the YAML 1.2 core schema gives the plain (unquoted) scalar ``text``.

    ``<<`` is a merge key, as in YAML 1.1 (a ``<<`` that is not a key is text).
    """
    if text == "<<":
        return MERGE
    for tag, pattern in _SCHEMA:
        if pattern.fullmatch(text):
            return tag
    return STR


def core_value(tag: str, text: str) -> Any:
    """The value of the scalar ``text`` tagged ``tag`` (a core tag), read by YAML 1.2 rules.

    Raises:
        ValueError: when ``text`` is no value of that tag (say ``!!int two``).
    """
    if tag == STR:
        return text
    found = core_tag(text)
    if tag == found == NULL:
        return None
    if tag == found == BOOL:
        return text in ("true", "True", "TRUE")
    if tag in (INT, FLOAT) and found == INT:
        base = {"0o": 8, "0x": 16}.get(text[:2], 10)
        number = int(text if base == 10 else text[2:], base)
        return number if tag == INT else float(number)
    if tag == found == FLOAT:
        special = text.lstrip("+-").lower() in (".inf", ".nan")
        return float(text.replace(".", "") if special else text)
    raise ValueError(f"{text!r} is no {tag}")


def plain_value(text: str) -> Any:
    """What the plain (unquoted) scalar ``text`` means by the YAML 1.2 core schema.

    Raises:
        ValueError: for an integer too long to read (Python's limit on digits).
    """
    tag = core_tag(text)
    return text if tag == MERGE else core_value(tag, text)


class CoreComposer(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer (the pure-Python one where libyaml is missing), by YAML 1.2.

    Plain scalars are tagged by the YAML 1.2 core schema instead of PyYAML's 1.1 rules.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The core schema's tag for a plain scalar; PyYAML's own for anything else."""
        if kind is yaml.ScalarNode and implicit[0]:
            return core_tag(value)
        return str(super().resolve(kind, value, implicit))


class _CoreDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter, quoting every text that YAML 1.2 or 1.1 would read as no text.

    PyYAML quotes by YAML 1.1 alone, so it would write the text ``09``, ``1e3`` or ``0o17``
    plainly, and labsim's reader (:mod:`.yaml_nodes`) would read a number back.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag a reader may give ``value``: YAML 1.2's where it is no text, else 1.1's."""
        tag = str(super().resolve(kind, value, implicit))
        if kind is yaml.ScalarNode and implicit[0] and core_tag(value) not in (STR, MERGE):
            return core_tag(value)
        return tag


def dump_yaml(data: Any) -> str:
    """``data`` (plain values, lists, mappings) as YAML text that labsim reads back the same.

    Keys keep their order; text is written as is (UTF-8), lines wrap at about 100 characters.
    """
    return str(yaml.dump(data, Dumper=_CoreDumper, sort_keys=False, allow_unicode=True, width=100))

"""YAML text to plain data, keeping the position of every key, item and scalar.

PyYAML's own constructors throw the positions away, accept duplicate keys silently and
expand aliases without limit. Here the text is *composed* into a node graph (libyaml's C
composer when it is available) and the data is built from the nodes by hand:

* every mapping key, sequence item and scalar keeps its line and column;
* duplicate keys, tags outside the plain-data core, recursive aliases and alias bombs
  are refused before anything looks at the data (a "billion laughs" file is refused
  after visiting its few distinct nodes, not its billion copies);
* unquoted values mean what YAML 1.2's core schema says (:mod:`.yaml_core`), not what
  PyYAML's YAML 1.1 rules say: ``no`` and ``yes`` are text, ``010`` is ten, and ``8:30``
  (YAML 1.1 base 60) and ``2001-12-14`` stay text, so clock times need no quotes. Quoted
  values are always text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from labsim.errors import shown
from labsim.scenarios.yaml_core import (
    BOOL,
    CORE,
    FLOAT,
    INT,
    MAP,
    MERGE,
    NULL,
    SEQ,
    STR,
    TIMESTAMP,
    CoreComposer,
    core_value,
)

__all__ = ["ALIAS_BUDGET", "MAX_DEPTH", "FieldPath", "Marks", "Refused", "parse_yaml"]

#: Deepest nesting accepted (a real scenario needs about eight levels).
MAX_DEPTH = 64
#: How many nodes aliases may add by repetition (``*name`` copies) before a text is refused.
ALIAS_BUDGET = 100_000

#: A field path: mapping keys and list indices, e.g. ``("rigs", 0, "count")``.
FieldPath = tuple[str | int, ...]
#: 1-based (line, column) of each field path.
Marks = dict[FieldPath, tuple[int, int]]

# Characters YAML refuses; NUL and friends mostly mean "this is not a text file".
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class Refused(Exception):
    """Something in a text is refused, at a known position (0-based) and field path."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        path: FieldPath | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


def parse_yaml(text: str) -> tuple[Any, Marks]:
    """Plain data and marks from YAML ``text`` (``None`` data for an empty document).

    Raises:
        Refused: for bad syntax and every construct a scenario file may not use.
    """
    bad = _NOT_TEXT.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start())
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1)
        what = "a NUL byte (binary data)" if bad.group() == "\x00" else "a control character"
        raise Refused(
            f"{what} U+{ord(bad.group()):04X} is not allowed in a text file", line, column
        )
    try:
        root = yaml.compose(text, Loader=CoreComposer)
    except yaml.MarkedYAMLError as error:
        raise _yaml_refusal(error, text) from None
    except yaml.YAMLError as error:
        raise Refused(f"not valid YAML: {error}") from None
    except RecursionError:
        raise Refused(f"nested deeper than {MAX_DEPTH} levels") from None
    if root is None:
        return None, {}
    builder = _Builder(root)
    return builder.build(root, ()), builder.marks


def _yaml_refusal(error: yaml.MarkedYAMLError, text: str) -> Refused:
    mark = error.problem_mark or error.context_mark
    message = error.problem or "not valid YAML"
    if error.context and message.startswith("but "):  # "expected X" + "but found Y"
        message = f"{error.context}, {message}"
    elif error.context:
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            if error.context.startswith("while"):
                message = f"{message} ({error.context} that starts on line {start.line + 1})"
            else:
                message = f"{message} ({error.context}, line {start.line + 1})"
        else:
            message = f"{message} ({error.context})"
    line, column = (mark.line, mark.column) if mark is not None else (None, None)
    if line is not None and column is not None:
        rows = text.splitlines()
        if line < len(rows) and "\t" in rows[line][: column + 1]:
            message += "; indent with spaces, not tabs"
    return Refused(f"not valid YAML: {message}", line, column)


class _Measure:
    """Check the node graph before building: depth, recursive aliases, alias bombs.

    The expanded size of every node is computed once (memoised by identity), so a
    "billion laughs" file is refused after visiting only its few distinct nodes.
    """

    def __init__(self) -> None:
        self.size: dict[int, int] = {}
        self.height: dict[int, int] = {}
        self.open: set[int] = set()

    def check(self, root: yaml.Node) -> None:
        total = self._visit(root, 0)
        extra = total - len(self.size)
        if extra > ALIAS_BUDGET:
            raise Refused(
                f"aliases expand this file to {total:,} values (limit: {ALIAS_BUDGET:,} copies); "
                "refusing an alias bomb",
                root.start_mark.line,
                root.start_mark.column,
            )

    def _visit(self, node: yaml.Node, level: int) -> int:
        key = id(node)
        if key in self.open:
            raise Refused(
                "recursive alias: this value contains itself",
                node.start_mark.line,
                node.start_mark.column,
            )
        if key in self.size:
            if level + self.height[key] > MAX_DEPTH:
                raise Refused(f"nested deeper than {MAX_DEPTH} levels", *_position(node))
            return self.size[key]
        if level > MAX_DEPTH:
            raise Refused(f"nested deeper than {MAX_DEPTH} levels", *_position(node))
        self.open.add(key)
        size, height = 1, 0
        for child in _children(node):
            size += self._visit(child, level + 1)
            height = max(height, self.height[id(child)] + 1)
        self.open.discard(key)
        self.size[key], self.height[key] = size, height
        return size


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else tag


class _Builder:
    """Turn a node graph into dicts, lists and scalars, recording marks.

    The first time a list or mapping is met a second time (an alias), the whole graph is
    measured before going on, so that alias bombs and recursive aliases are refused
    before they are expanded; a file without aliases is a tree and needs no measuring.
    """

    def __init__(self, root: yaml.Node) -> None:
        self.marks: Marks = {}
        self._root = root
        self._seen: set[int] = set()
        self._measured = False

    def _enter(self, node: yaml.Node) -> None:
        key = id(node)
        if key in self._seen and not self._measured:
            self._measured = True
            try:
                _Measure().check(self._root)
            except Refused as refused:
                refused.path = ()  # about the file as a whole, not the place being built
                raise
        self._seen.add(key)

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        try:
            return self._build(node, path)
        except Refused as refused:
            if refused.path is None:
                refused.path = path
            raise

    def _build(self, node: yaml.Node, path: FieldPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise Refused(f"nested deeper than {MAX_DEPTH} levels", *_position(node), ())
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self._enter(node)
            self._expect_tag(node, SEQ)
            items = []
            for index, child in enumerate(node.value):
                self.marks[(*path, index)] = (
                    child.start_mark.line + 1,
                    child.start_mark.column + 1,
                )
                items.append(self.build(child, (*path, index)))
            return items
        assert isinstance(node, yaml.MappingNode)
        self._expect_tag(node, MAP)
        return self._mapping(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[Any, Any]:
        self._enter(node)
        out: dict[Any, Any] = {}
        merges: list[yaml.Node] = []
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                merges.append(value_node)
                continue
            key = self._key(key_node)
            if key in first:
                earlier = first[key].start_mark.line + 1
                raise Refused(
                    f"duplicate key {shown(key)} (first written on line {earlier})",
                    *_position(key_node),
                    (*path, key),
                )
            first[key] = key_node
            self.marks[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*path, key))
        merged: dict[Any, Any] = {}
        for source in reversed(_merge_sources(merges)):
            merged.update(self._mapping(source, path))  # earlier sources win
        for key, value in out.items():
            merged[key] = value
            self.marks[(*path, key)] = (
                first[key].start_mark.line + 1,
                first[key].start_mark.column + 1,
            )
        return merged

    def _key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise Refused(
                "a mapping key must be a plain value, not a list or mapping", *_position(node)
            )
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag in (TIMESTAMP, MERGE) and (tag == TIMESTAMP or text == "<<"):
            return text  # a date stays the text written; "<<" that is no key is text
        if tag not in (STR, NULL, BOOL, INT, FLOAT):
            raise _refused_tag(node)
        try:
            return core_value(tag, text)
        except (ValueError, OverflowError):
            raise Refused(
                f"{shown(text)} is not a valid {_short_tag(tag)}", *_position(node)
            ) from None

    @staticmethod
    def _expect_tag(node: yaml.Node, tag: str) -> None:
        if node.tag != tag:
            raise _refused_tag(node)


def _refused_tag(node: yaml.Node) -> Refused:
    return Refused(
        f"the tag {_short_tag(node.tag)} is not allowed: scenario files hold plain values, "
        "lists and mappings only (loading never runs anything from a file)",
        *_position(node),
    )


def _merge_sources(merges: list[yaml.Node]) -> list[yaml.MappingNode]:
    sources: list[yaml.MappingNode] = []
    for value in merges:
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                raise Refused("'<<' must merge a mapping or a list of mappings", *_position(item))
            sources.append(item)
    return sources

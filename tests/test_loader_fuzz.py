"""Whatever text or bytes the loader is given, it fails only with ScenarioError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labsim.errors import ScenarioError
from labsim.scenarios import load_scenario, load_scenario_text

ROOT = Path(__file__).resolve().parents[1]
VALID = (ROOT / "scenarios" / "mmc.yaml").read_text()
VALID_LINES = VALID.splitlines()

FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

#: Values that have tripped YAML loaders: base-60 numbers, specials, tags, aliases, huge numbers.
TRICKY = [
    "-1",
    "0",
    "1e999",
    ".inf",
    ".nan",
    "~",
    "null",
    "[]",
    "{}",
    '""',
    "12:00",
    "1:2:3",
    "yes",
    "no",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "2024-01-01",
    "9" * 5000,
    "-3min",
    "3 fortnights",
    "!!binary aGk=",
    "!!python/name:os.system",
    "!custom x",
    "*undefined",
    "&anchor x",
    "&a [*a]",
    "<<: {a: 1}",
    "? [a]",
    "|\n  block",
    "'unterminated",
    "{a: 1, a: 2}",
    "{every: {exponential: {mean: 0min}}}",
    "[1, [2, [3]]]",
    "\t",
    "%YAML 1.1",
    "---",
    "...",
]


def _load(text: str, name: str = "fuzz.yaml") -> None:
    try:
        load_scenario_text(text, name)
    except ScenarioError as error:
        assert error.problems, "a ScenarioError must carry at least one problem"
        assert all(str(problem) for problem in error.problems)


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_only_raises_scenario_error(text: str) -> None:
    _load(text)


@FUZZ
@given(st.text(max_size=200), st.sampled_from(["x.json", "x.toml", "x.yml"]))
def test_arbitrary_text_in_other_formats_only_raises_scenario_error(text: str, name: str) -> None:
    _load(text, name)


Mutation = tuple[str, int, int, str]
_line = st.integers(0, len(VALID_LINES) - 1)
_junk = st.binary(min_size=1, max_size=8).map(lambda b: b.decode("utf-8", "surrogateescape"))
_mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "replace", "scalar", "insert"]),
    _line,
    st.integers(0, len(VALID)),
    st.one_of(st.sampled_from(TRICKY), _junk),
)


def _mutate(lines: list[str], mutation: Mutation) -> list[str]:
    """Delete, duplicate or replace a line, change a scalar, or insert junk characters."""
    kind, line, offset, extra = mutation
    if not lines:
        return [extra]
    where = min(line, len(lines) - 1)
    if kind == "delete":
        return lines[:where] + lines[where + 1 :]
    if kind == "duplicate":
        return lines[: where + 1] + lines[where:]
    if kind == "replace":
        return [*lines[:where], lines[offset % len(lines)], *lines[where + 1 :]]
    if kind == "scalar":
        head, sep, _ = lines[where].partition(": ")
        changed = f"{head}: {extra}" if sep else f"{lines[where]} {extra}"
        return [*lines[:where], changed, *lines[where + 1 :]]
    text = "\n".join(lines)
    position = offset % (len(text) + 1)
    return (text[:position] + extra + text[position:]).split("\n")


@settings(max_examples=80, deadline=None, database=None)
@given(st.lists(_mutation, min_size=1, max_size=4))
def test_mutations_of_a_valid_file_only_raise_scenario_error(mutations: list[Mutation]) -> None:
    lines = list(VALID_LINES)
    for mutation in mutations:
        lines = _mutate(lines, mutation)
    _load("\n".join(lines) + "\n")


_FOLDER = Path(tempfile.mkdtemp(prefix="labsim-fuzz-"))


@settings(max_examples=30, deadline=None, database=None)
@given(st.binary(max_size=300), st.sampled_from([".yaml", ".json", ".toml"]))
def test_arbitrary_bytes_in_a_file_only_raise_scenario_error(data: bytes, suffix: str) -> None:
    path = _FOLDER / f"fuzz{suffix}"
    path.write_bytes(VALID.encode()[:200] + data)
    try:
        load_scenario(path)
    except ScenarioError as error:
        assert error.problems

"""Plain values in files are read by the YAML 1.2 core schema, not by YAML 1.1 rules."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_support import validate, written
from test_loader import GOOD

from labsim.errors import ScenarioError, format_path
from labsim.scenarios import load_scenario, load_scenario_text
from labsim.scenarios.yaml_core import dump_yaml
from labsim.scenarios.yaml_nodes import Refused, parse_yaml


def core_schema(text: str) -> Any:
    """What YAML 1.2's core schema (spec 10.3.2) makes of the plain scalar ``text``."""
    rules: list[tuple[str, Any]] = [
        (r"null|Null|NULL|~|", lambda t: None),
        (r"true|True|TRUE", lambda t: True),
        (r"false|False|FALSE", lambda t: False),
        (r"[-+]?[0-9]+", int),
        (r"0o[0-7]+", lambda t: int(t, 8)),
        (r"0x[0-9a-fA-F]+", lambda t: int(t, 16)),
        (r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", float),
        (r"[-+]?\.(inf|Inf|INF)", lambda t: -math.inf if t[0] == "-" else math.inf),
        (r"\.(nan|NaN|NAN)", lambda t: math.nan),
    ]
    for pattern, value in rules:
        if re.fullmatch(pattern, text):
            return value(text)
    return text


def same(got: Any, want: Any) -> bool:
    """Equal and of the same type (``1``, ``1.0`` and ``True`` differ); NaN equals NaN."""
    if type(got) is not type(want):
        return False
    return got == want or (isinstance(got, float) and math.isnan(got) and math.isnan(want))


def value_of(text: str) -> Any:
    return parse_yaml(f"key: {text}\n")[0]["key"]


def is_plain_scalar(text: str) -> bool:
    """Whether ``key: TEXT`` holds TEXT as one plain scalar, asked of PyYAML's own parser."""
    try:
        node = yaml.compose(f"key: {text}\n", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    value = node.value[0][1] if isinstance(node, yaml.MappingNode) and node.value else None
    return isinstance(value, yaml.ScalarNode) and value.style is None and value.value == text


#: Pieces of YAML 1.1 and 1.2 numbers, booleans and nulls, glued into candidate scalars.
PIECES = st.sampled_from(
    [
        *"0123456789",
        *("0o", "0x", "0b", "_", ".", "e", "E", "+", "-", ":", "~", " ", "a", "F"),
        *("inf", "Inf", "INF", "nan", "NaN", "NAN", "true", "True", "TRUE", "false", "FALSE"),
        *("yes", "Yes", "no", "NO", "on", "Off", "y", "N", "null", "Null", "NULL", "t", "T"),
    ]
)
PLAIN = st.lists(PIECES, max_size=6).map("".join).filter(is_plain_scalar)


@settings(max_examples=300, deadline=None)
@given(PLAIN)
def test_every_plain_scalar_means_what_yaml_1_2_core_says(text: str) -> None:
    want = core_schema(text)
    assert same(value_of(text), want), (text, value_of(text), want)
    assert same(parse_yaml(f"- {text}\n")[0][0], want)


@settings(max_examples=100, deadline=None)
@given(PLAIN)
def test_a_quoted_scalar_is_always_text(text: str) -> None:
    assert value_of(f'"{text}"') == text
    assert value_of(f"'{text}'") == text


@pytest.mark.parametrize(
    "text",
    [
        *("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"),
        *("y", "Y", "n", "N"),
        *("0b101", "1_000", "1_000.5", "0x_1F", "1:30", "190:20:30", "8:30", "12:00"),
        *("2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"),
        *("=", "<<", "tRUE", "nULL", ".Nan", "+.nan", "1e", "0o8", "0xG"),
    ],
)
def test_yaml_1_1_only_forms_stay_text(text: str) -> None:
    assert value_of(text) == text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("010", 10),
        ("-007", -7),
        ("+12", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1e3", 1000.0),
        ("1.", 1.0),
        (".5", 0.5),
        ("-1.5E-3", -0.0015),
        ("-.Inf", -math.inf),
        ("True", True),
        ("FALSE", False),
        ("~", None),
        ("", None),
    ],
)
def test_yaml_1_2_numbers_booleans_and_nulls(text: str, want: Any) -> None:
    assert same(value_of(text), want)


def test_yaml_1_1_words_are_text_as_keys_too() -> None:
    assert parse_yaml("no: 1\nyes: 2\non: 3\n")[0] == {"no": 1, "yes": 2, "on": 3}


def test_a_quoted_and_a_plain_yes_are_the_same_key() -> None:
    with pytest.raises(Refused, match=r"duplicate key 'yes' \(first written on line 1\)"):
        parse_yaml("yes: 1\n'yes': 2\n")


@pytest.mark.parametrize(
    ("text", "want"),
    [("!!int 010", 10), ("!!float 1", 1.0), ("!!str 010", "010"), ("!!bool true", True)],
)
def test_explicit_core_tags_read_by_yaml_1_2(text: str, want: Any) -> None:
    assert same(value_of(text), want)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!bool yes", r"'yes' is not a valid !!bool"),
        ("!!int 0b101", r"'0b101' is not a valid !!int"),
        ("!!int 1_000", r"'1_000' is not a valid !!int"),
        ("!!int 1.5", r"'1.5' is not a valid !!int"),
        ("!!null no", r"'no' is not a valid !!null"),
    ],
)
def test_explicit_tags_refuse_what_yaml_1_2_does_not_read(text: str, message: str) -> None:
    with pytest.raises(Refused, match=message) as refused:
        parse_yaml(f"a: 1\nkey: {text}\n")
    assert (refused.value.line, refused.value.path) == (1, ("key",))


def test_merge_keys_still_merge() -> None:
    data = parse_yaml("base: &b {count: 2, id: x}\nrig: {<<: *b, id: y}\n")[0]
    assert data["rig"] == {"count": 2, "id": "y"}


# ---- what a person reads where a YAML 1.1 habit meets the 1.2 rule -----------------------


@pytest.mark.parametrize(
    ("written", "got"),
    [
        *((word, f"'{word}'; write true") for word in ("yes", "Yes", "on", "ON", "y", "Y")),
        *((word, f"'{word}'; write false") for word in ("no", "NO", "off", "Off", "n", "N")),
        ("'true'", "'true'; write true without quotes"),
        ("1", "1; write true"),
        ("sure", "'sure'"),
    ],
)
def test_a_yes_or_no_where_true_or_false_is_wanted_says_what_to_write(
    written: str, got: str
) -> None:
    text = GOOD.replace(
        "{id: look, action: look,", f"{{id: look, action: look, critical: {written},"
    )
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(text, "lab.yaml")
    (problem,) = error.value.problems
    assert format_path(problem.path) == "procedures[0].steps[0].critical"
    assert problem.message == f"must be true or false (got {got})"


@pytest.mark.parametrize(
    ("old", "new", "field", "want"),
    [
        (
            "count: 2",
            "count: 1_000",
            "rigs[0].count",
            "must be a whole number (got '1_000'; write 1000)",
        ),
        (
            "count: 2",
            "count: 0b101",
            "rigs[0].count",
            "must be a whole number (got '0b101'; write 5)",
        ),
        ("count: 2", "count: 1:30", "rigs[0].count", "must be a whole number (got '1:30')"),
        (
            "time_factor: 1.4",
            "time_factor: 1_000.5",
            "skills.novice.time_factor",
            "must be a number (got '1_000.5'; write 1000.5)",
        ),
        (
            "- id: inspect",
            "- id: 010",
            "procedures[0].id",
            "must be text (got 10; put it in quotes to keep it as text)",
        ),
    ],
)
def test_numbers_and_text_written_by_yaml_1_1_habit_say_what_to_write(
    old: str, new: str, field: str, want: str
) -> None:
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(GOOD.replace(old, new, 1), "lab.yaml")
    messages = {format_path(p.path): p.message for p in error.value.problems}
    assert messages[field] == want


def test_validate_accepts_an_id_written_no_and_keeps_it_as_no(tmp_path: Path) -> None:
    text = GOOD.replace("- id: inspect", "- id: no").replace("plan: [inspect]", "plan: [no]")
    path = written(tmp_path, "lab.yaml", text)
    assert validate(path) == (0, f"ok: {path} (2 rigs, 1 procedure, 1 cohort)\n")
    assert load_scenario(path).scenario.procedures[0].id == "no"


def test_validate_refuses_critical_yes_with_a_located_message(tmp_path: Path) -> None:
    text = GOOD.replace("{id: look, action: look,", "{id: look, action: look, critical: yes,")
    path = written(tmp_path, "lab.yaml", text)
    code, output = validate(path)
    assert (code, output) == (
        2,
        f"{path}:18:34: procedures[0].steps[0].critical: must be true or false "
        "(got 'yes'; write true)\n",
    )


# ---- what labsim writes reads back the same ------------------------------------------------

TEXT = st.one_of(PLAIN, st.lists(PIECES, max_size=6).map("".join), st.text(max_size=12))
PLAIN_DATA = st.recursive(
    st.one_of(
        TEXT,
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_written_text_reads_back_as_the_same_text(text: str) -> None:
    written = dump_yaml({text: text})
    assert parse_yaml(written)[0] == {text: text}
    assert yaml.safe_load(written) == {text: text}  # and YAML 1.1 tools read it the same


@settings(max_examples=100, deadline=None)
@given(PLAIN_DATA)
def test_written_yaml_reads_back_the_same(data: Any) -> None:
    written = dump_yaml({"value": data})
    assert parse_yaml(written)[0] == {"value": data}
    assert yaml.safe_load(written) == {"value": data}


def test_texts_that_look_like_yaml_1_2_numbers_are_written_quoted() -> None:
    texts = ["09", "1e3", "0o17", "+1.0e3", "no", "8:30", "1_000", "<<", ""]
    assert parse_yaml(dump_yaml({"ids": texts}))[0] == {"ids": texts}
    assert (
        dump_yaml({"ids": ["a", 9, 1.5, True, None]}) == "ids:\n- a\n- 9\n- 1.5\n- true\n- null\n"
    )

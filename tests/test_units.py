from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labsim.units import UNITS, format_duration, parse_clock, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("12min", 12.0),
        ("1.5h", 90.0),
        ("45s", 0.75),
        ("90sec", 1.5),
        ("2d", 2880.0),
        ("1w", 10080.0),
        (".5h", 30.0),
        ("1e2s", 100 / 60),
        (" 3 min ", 3.0),
        ("3MIN", 3.0),
        ("0s", 0.0),
    ],
)
def test_durations_carry_units(text: str, minutes: float) -> None:
    assert parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (3, r"needs a unit, e\.g\. '3min' or '3s' \(got bare number 3\)"),
        (2.5, r"needs a unit.*got bare number 2\.5"),
        ("3", r"expected a number followed by a unit"),
        ("-1min", r"cannot be negative"),
        ("3 parsecs", r"unknown time unit 'parsecs'"),
        ("3min5s", r"expected a number followed by a unit"),
        ("1e400h", r"must be finite"),
        ("nan min", r"expected a number"),
        (True, r"must be text such as '90s'.*got True"),
        (None, r"must be text"),
        ([3, "min"], r"must be text"),
    ],
)
def test_bad_durations_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(value)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0min"), (0.5, "30s"), (12, "12min"), (90, "1.5h"), (1440, "1d"), (1 / 60, "1s")],
)
def test_format_duration_picks_a_readable_unit(minutes: float, text: str) -> None:
    assert format_duration(minutes) == text


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_format_then_parse_gives_the_same_minutes(minutes: float) -> None:
    assert parse_duration(format_duration(minutes)) == pytest.approx(minutes, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("08:30", 510.0), ("8:30", 510.0), ("00:00", 0.0), ("24:00", 1440.0), (" 12:05 ", 725.0)],
)
def test_clock_times(text: str, minutes: float) -> None:
    assert parse_clock(text) == minutes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("24:01", "no such time of day"),
        ("12:60", "no such time of day"),
        ("123:00", "must look like"),
        ("8.30", "must look like"),
        (510, r"must be text 'HH:MM'.*got 510"),
    ],
)
def test_bad_clock_times(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_clock(value)


def test_every_unit_is_in_minutes() -> None:
    assert UNITS["h"] == 60 and UNITS["d"] == 1440 and math.isclose(UNITS["s"] * 60, 1)

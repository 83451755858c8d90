"""Durations and clock times as they are written in files.

Engine time is minutes (float). Files always carry a unit, so nobody has to guess
whether ``90`` meant seconds or minutes: ``45s``, ``12min``, ``1.5h``, ``2d``.
"""

from __future__ import annotations

import math
import re

from labsim.errors import shown

__all__ = ["UNITS", "format_duration", "parse_clock", "parse_duration"]

#: Minutes per unit.
UNITS: dict[str, float] = {
    "s": 1 / 60,
    "sec": 1 / 60,
    "min": 1.0,
    "h": 60.0,
    "d": 1440.0,
    "w": 10080.0,
}

_NUMBER_THEN_UNIT = re.compile(
    r"^\s*(?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(?P<unit>[a-zA-Z]+)\s*$"
)
_CLOCK = re.compile(r"^\s*([0-9]{1,2}):([0-9]{2})\s*$")


def parse_duration(value: object) -> float:
    """Turn ``"12min"`` into ``12.0`` minutes.

    Raises:
        ValueError: for a bare number, an unknown unit, a negative or non-finite value.
    """
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                f"a duration needs a unit, e.g. '{value}min' or '{value}s' "
                f"(got bare number {shown(value)})"
            )
        raise ValueError(f"a duration must be text such as '90s' or '12min' (got {shown(value)})")
    text = value.strip()
    if text.startswith("-"):
        raise ValueError(f"a duration cannot be negative (got {shown(value)})")
    match = _NUMBER_THEN_UNIT.match(text)
    if match is None:
        raise ValueError(
            f"expected a number followed by a unit ({', '.join(sorted(UNITS))}), got {shown(value)}"
        )
    unit = match["unit"].lower()
    if unit not in UNITS:
        raise ValueError(
            f"unknown time unit {shown(match['unit'])} in {shown(value)}; "
            f"use one of {', '.join(sorted(UNITS))}"
        )
    minutes = float(match["num"]) * UNITS[unit]
    if not math.isfinite(minutes):
        raise ValueError(f"a duration must be finite (got {shown(value)})")
    return minutes


def format_duration(minutes: float) -> str:
    """Write minutes back in the unit a person would choose (used by schema defaults, reports)."""
    if minutes == 0:
        return "0min"
    for unit, size in (("d", 1440.0), ("h", 60.0), ("min", 1.0)):
        if minutes >= size and (minutes / size) == round(minutes / size, 3):
            return f"{minutes / size:.12g}{unit}"
    return f"{minutes * 60:.12g}s"


def parse_clock(value: object) -> float:
    """Turn ``"08:30"`` into minutes after midnight (510.0).

    Raises:
        ValueError: when the text is not ``HH:MM`` within one day (``24:00`` is allowed as
            the end of a day).
    """
    if not isinstance(value, str):
        raise ValueError(f"a clock time must be text 'HH:MM', e.g. \"08:30\" (got {shown(value)})")
    match = _CLOCK.match(value)
    if match is None:
        raise ValueError(f'a clock time must look like "08:30" (got {shown(value)})')
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes > 0):
        raise ValueError(f"no such time of day: {shown(value)}")
    return float(hours * 60 + minutes)

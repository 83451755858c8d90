"""Field types shared by every file format model: durations, clock times, ids."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

from labsim.units import UNITS, parse_clock, parse_duration

__all__ = [
    "STRICT",
    "Clock",
    "Count",
    "Duration",
    "Identifier",
    "Number",
    "PositiveDuration",
]

#: Every file model is frozen and refuses unknown keys: a typo must never pass silently.
STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, defer_build=True)

_UNIT_PATTERN = "|".join(sorted(UNITS, key=len, reverse=True))

#: A length of time written with a unit (``90s``, ``12min``, ``1.5h``, ``2d``), held as minutes.
Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": (
                r"^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*"
                rf"({_UNIT_PATTERN})\s*$"
            ),
            "description": "a duration with a unit: 45s, 12min, 1.5h, 2d",
            "examples": ["45s", "12min", "1.5h"],
        }
    ),
]

#: A whole number written as one: ``true``, ``"4"`` and ``4.0`` are not counts.
Count = Annotated[int, Strict()]

#: A number written as one (``0.5``, ``2``): ``true`` and ``"0.5"`` are refused.
Number = Annotated[float, Strict()]

#: A duration that must be longer than zero (e.g. a mean time between failures).
PositiveDuration = Annotated[Duration, Field(gt=0)]

#: A time of day ``HH:MM``, held as minutes after midnight.
Clock = Annotated[
    float,
    BeforeValidator(parse_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*[0-9]{1,2}:[0-9]{2}\s*$",
            "description": "a time of day, HH:MM (no quotes needed)",
            "examples": ["08:30"],
        }
    ),
]

#: An id that other parts of a file refer to: letters, digits, ``-`` and ``_``.
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=64)]

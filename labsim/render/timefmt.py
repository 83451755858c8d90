"""Simulation time as people read it: day number and clock time."""

from __future__ import annotations

import math

__all__ = ["clock", "day_and_clock", "day_of", "span"]

_DAY = 1440.0


def day_of(t: float) -> int:
    """The 1-based day a simulation time (minutes from midnight of day 1) falls on."""
    return int(t // _DAY) + 1


def clock(t: float) -> str:
    """The time of day, ``HH:MM`` (minutes rounded down)."""
    minutes = math.floor(t % _DAY + 1e-9)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_and_clock(t: float) -> str:
    """``Day 2 10:42``."""
    return f"Day {day_of(t)} {clock(t)}"


def span(minutes: float) -> str:
    """A length of time, short: ``45 min``, ``3.5 h``, ``2.1 d``."""
    if minutes < 90:
        return f"{minutes:.0f} min"
    if minutes < 2 * _DAY:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / _DAY:.1f} d"

"""Simulation time as people read it: day number and clock time."""

from __future__ import annotations

import math

__all__ = ["clock", "day_and_clock", "day_of", "span"]

_DAY = 1440.0


def _at_midnight_end(t: float, final: bool) -> bool:
    return final and t > 0 and math.isclose(t % _DAY, 0.0, abs_tol=1e-9)


def day_of(t: float, *, final: bool = False) -> int:
    """The 1-based day a simulation time (minutes from midnight of day 1) falls on.

    ``final``: ``t`` is the end of the run, so a run that ends at midnight ends on the day
    it closes (day 5 of 5), not on the first minute of a day that never comes.
    """
    if _at_midnight_end(t, final):
        return round(t / _DAY)
    return int(t // _DAY) + 1


def clock(t: float, *, final: bool = False) -> str:
    """The time of day, ``HH:MM`` (minutes rounded down); ``24:00`` for a midnight end."""
    if _at_midnight_end(t, final):
        return "24:00"
    minutes = math.floor(t % _DAY + 1e-9)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_and_clock(t: float, *, final: bool = False) -> str:
    """``Day 2 10:42``."""
    return f"Day {day_of(t, final=final)} {clock(t, final=final)}"


def span(minutes: float) -> str:
    """A length of time, short: ``45 min``, ``3.5 h``, ``2.1 d``."""
    if minutes < 90:
        return f"{minutes:.0f} min"
    if minutes < 2 * _DAY:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / _DAY:.1f} d"

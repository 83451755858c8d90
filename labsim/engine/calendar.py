"""Opening hours: the mapping between wall-clock minutes and lab-open minutes.

Nothing advances while the lab is closed, so every duration the engine draws (a step,
a sign-off, a repair, the time to the next failure) is in *open* minutes and is turned
into a wall-clock end time by :meth:`Calendar.advance`. Statistics are integrated over open
time too (:meth:`Calendar.open_time`), so a queue that waits overnight does not count as
fourteen hours of waiting.

Most steps start and end inside one open interval; :meth:`Calendar.advance` remembers the
interval it last used and answers those with one addition. Durations too small to move a
float (a step time that rounds to nothing) never give an end before the start.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from labsim.engine.plan import RunPlan

__all__ = ["MINUTES_PER_DAY", "Calendar"]

MINUTES_PER_DAY = 1440.0


class Calendar:
    """Open intervals of a run; continuous runs are open round the clock (identity mapping)."""

    def __init__(self, intervals: Sequence[tuple[float, float]], horizon: float, always_open: bool):
        self.horizon = horizon
        self.always_open = always_open
        self._starts = [a for a, _ in intervals]
        self._ends = [b for _, b in intervals]
        self._cum_before: list[float] = []
        self._cum_end: list[float] = []
        self._last = 0  # index of the interval the last advance() ended in
        total = 0.0
        for a, b in intervals:
            self._cum_before.append(total)
            total += b - a
            self._cum_end.append(total)

    @classmethod
    def for_run(cls, run: RunPlan) -> Calendar:
        """Build the calendar a scenario's ``run:`` section describes."""
        if run.continuous:
            return cls([(0.0, run.duration)], run.duration, always_open=True)
        day: list[tuple[float, float]] = []
        cursor = run.opens
        for start, end in sorted(run.breaks):
            if start > cursor:
                day.append((cursor, start))
            cursor = max(cursor, end)
        if run.closes > cursor:
            day.append((cursor, run.closes))
        intervals = [
            (d * MINUTES_PER_DAY + a, d * MINUTES_PER_DAY + b)
            for d in range(run.days)
            for a, b in day
        ]
        return cls(intervals, run.days * MINUTES_PER_DAY, always_open=False)

    def open_time(self, t: float) -> float:
        """Open minutes elapsed from time 0 up to wall-clock time ``t``."""
        if self.always_open:
            return t
        i = bisect.bisect_right(self._starts, t) - 1
        if i < 0:
            return 0.0
        return self._cum_before[i] + min(t, self._ends[i]) - self._starts[i]

    def wall_time(self, open_minutes: float) -> float:
        """Earliest wall-clock time at which ``open_minutes`` of opening hours have passed."""
        if self.always_open:
            return open_minutes
        if open_minutes <= 0:
            return self._starts[0] if self._starts else math.inf
        i = bisect.bisect_left(self._cum_end, open_minutes)
        if i >= len(self._starts):
            return math.inf
        return self._starts[i] + (open_minutes - self._cum_before[i])

    def advance(self, t: float, work: float) -> float:
        """Wall-clock time when ``work`` open minutes started at ``t`` are done (inf: never)."""
        if self.always_open:
            return t + work
        if work <= 0:
            return t
        i = self._last
        if i < len(self._starts) and self._starts[i] <= t and t + work < self._ends[i]:
            return t + work
        end = self.wall_time(self.open_time(t) + work)
        self._last = max(bisect.bisect_right(self._starts, end) - 1, 0) if end < math.inf else 0
        return end if end > t else t

    def is_open(self, t: float) -> bool:
        """Whether the lab is open at wall-clock time ``t``."""
        if self.always_open:
            return 0.0 <= t < self.horizon
        i = bisect.bisect_right(self._starts, t) - 1
        return i >= 0 and t < self._ends[i]

    def next_opening(self, t: float) -> float:
        """Wall-clock time the lab next opens at or after ``t`` (``t`` itself when open)."""
        if self.is_open(t):
            return t
        i = bisect.bisect_right(self._starts, t)
        return self._starts[i] if i < len(self._starts) else math.inf

    @property
    def intervals(self) -> list[tuple[float, float]]:
        """The open intervals, in wall-clock minutes."""
        return list(zip(self._starts, self._ends, strict=True))

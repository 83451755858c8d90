"""Run statistics, kept as lab state while the run goes.

Everything is measured in *open* time (see :mod:`labsim.engine.calendar`) and over the
statistics window only (after the warm-up). The workflow reports each seizure, release,
failure and repair straight to its unit's :class:`UnitStats` (no event object, no
subscriber: counting from events cost about a tenth of a long study), and each figure is a
sum of clipped intervals:

- a wait counts from ``max(request, window start)`` to its end, or to the end of the run
  for a wait still in progress; the mean queue length is the sum of those waits over the
  window length, which is exactly the time-average of the queue (Little's law on a finite
  window, with nothing approximated). Waits are counted per request: a trainee whose rig
  failed asks again, and that second wait is a request of its own;
- utilisation is the sum of clipped holding intervals over capacity × window length;
- ``wait_p95_min`` comes from a :class:`~labsim.engine.quantiles.StreamingQuantile`
  (exact up to 65,536 waits per unit, then within 0.5 %), so memory stays flat.

Work still in progress when the run ends is read from the lab's pools at that moment. The
:class:`Tally` (trainees in and out, attempts and their outcomes per procedure, errors) is
read at the end of the warm-up and at the end of the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import astuple, dataclass, field, replace

from labsim.engine.pools import Pool
from labsim.engine.quantiles import StreamingQuantile
from labsim.engine.results import (
    ErrorFigures,
    InstructorFigures,
    ProcedureFigures,
    ProcedureTotals,
    RigFigures,
    RunFigures,
    TraineeFigures,
)

__all__ = [
    "BELOW_MARK",
    "CRITICAL",
    "OVER_TIME",
    "PASSED",
    "TOO_MANY_ERRORS",
    "Level",
    "MetricsRecorder",
    "ProcedureTally",
    "Tally",
    "UnitStats",
    "Window",
]

#: The verdicts on an attempt (the ``reason`` of an AttemptFinished event).
PASSED = "passed"
CRITICAL = "critical error"
TOO_MANY_ERRORS = "too many errors"
OVER_TIME = "over the time limit"
BELOW_MARK = "below the pass mark"


@dataclass(slots=True)
class ProcedureTally:
    """Attempts at one procedure and how they ended; ``work`` is open minutes at the rig."""

    attempts: int = 0
    passed: int = 0
    work: float = 0.0
    first_attempts: int = 0
    passed_first: int = 0
    failed_time_limit: int = 0
    failed_critical: int = 0
    failed_errors: int = 0
    failed_below_mark: int = 0

    def count(self, verdict: str, work: float, first: bool) -> None:
        """Count one finished attempt (``first``: a trainee's first at it), verdict and work."""
        self.attempts += 1
        self.work += work
        if first:
            self.first_attempts += 1
        if verdict == PASSED:
            self.passed += 1
            if first:
                self.passed_first += 1
        elif verdict == OVER_TIME:
            self.failed_time_limit += 1
        elif verdict == CRITICAL:
            self.failed_critical += 1
        elif verdict == BELOW_MARK:
            self.failed_below_mark += 1
        else:
            self.failed_errors += 1

    def minus(self, before: ProcedureTally) -> ProcedureTally:
        """The counts since ``before`` (a snapshot at the end of the warm-up)."""
        return ProcedureTally(*(a - b for a, b in zip(astuple(self), astuple(before), strict=True)))


@dataclass(slots=True)
class Tally:
    """Counts the workflow keeps as it goes: trainees in and out, attempts, errors."""

    arrived: int = 0
    certified: int = 0
    failed_out: int = 0
    errors: int = 0
    critical: int = 0
    attempts: dict[str, ProcedureTally] = field(default_factory=dict)

    @classmethod
    def for_procedures(cls, ids: Iterable[str]) -> Tally:
        """A zero tally with a line for each procedure."""
        return cls(attempts={pid: ProcedureTally() for pid in ids})

    @property
    def present(self) -> int:
        """Trainees in the lab now."""
        return self.arrived - self.certified - self.failed_out

    def copy(self) -> Tally:
        """A snapshot (the counts at the end of the warm-up)."""
        return replace(self, attempts={k: replace(v) for k, v in self.attempts.items()})


class Window:
    """The statistics window: open time from the end of the warm-up on."""

    __slots__ = ("identity", "start", "tau")

    def __init__(self, open_time: Callable[[float], float], identity: bool) -> None:
        self.tau = open_time
        self.identity = identity
        self.start = 0.0

    def clip(self, start: float, end: float) -> float | None:
        """Open minutes of wall interval [start, end] inside the window; None if it ended before."""
        if self.identity:
            tau_start, tau_end = start, end
        else:
            tau_start, tau_end = self.tau(start), self.tau(end)
        window = self.start
        if tau_end < window:
            return None
        return tau_end - (tau_start if tau_start > window else window)


class Level:
    """A piecewise-constant count (rigs out of service) and its time integral."""

    __slots__ = ("area", "last", "value")

    def __init__(self) -> None:
        self.value = 0
        self.area = 0.0
        self.last = 0.0

    def change(self, tau: float, delta: int) -> None:
        """Add ``delta`` at open time ``tau``."""
        self.area += self.value * (tau - self.last)
        self.last = tau
        self.value += delta

    def restart(self, tau: float) -> None:
        """Forget the area so far (end of warm-up)."""
        self.area = 0.0
        self.last = tau

    def close(self, tau: float) -> float:
        """The area up to ``tau``."""
        return self.area + self.value * (tau - self.last)


class UnitStats:
    """Figures for one kind of unit (a rig group, or the instructors), updated in place."""

    __slots__ = ("busy", "count", "down", "failures", "requests", "wait_total", "waits", "window")

    def __init__(self, count: int, window: Window) -> None:
        self.count = count
        self.window = window
        self.busy = 0.0
        self.requests = 0
        self.wait_total = 0.0
        self.waits = StreamingQuantile()
        self.down = Level()
        self.failures = 0

    def waited(self, requested_at: float, now: float) -> None:
        """A request asked at ``requested_at`` was granted (or given up) at ``now``."""
        wait = self.window.clip(requested_at, now)
        if wait is not None:
            self.requests += 1
            self.wait_total += wait
            self.waits.add(wait)
            if not self.requests & 4095:
                self.waits.fold()

    def held(self, seized_at: float, now: float) -> None:
        """A unit held since ``seized_at`` was let go (released, or it failed) at ``now``."""
        held = self.window.clip(seized_at, now)
        if held is not None:
            self.busy += held

    def failed(self, now: float) -> None:
        """A unit went out of service."""
        window = self.window
        tau = window.tau(now)
        self.down.change(tau, 1)
        if tau >= window.start:
            self.failures += 1

    def repaired(self, now: float) -> None:
        """A unit came back into service."""
        self.down.change(self.window.tau(now), -1)


class MetricsRecorder:
    """The statistics of one replication: unit figures, the window, and the final summary."""

    def __init__(
        self,
        open_time: Callable[[float], float],
        groups: dict[str, int],
        instructors: int,
        tally: Tally,
        warmup: float = 0.0,
        identity_time: bool = False,
    ) -> None:
        self.window = Window(open_time, identity_time)
        self.window.start = open_time(warmup) if warmup > 0 else 0.0
        self.groups = {gid: UnitStats(count, self.window) for gid, count in groups.items()}
        self.instructors = UnitStats(instructors, self.window)
        self.tally = tally
        self._at_start = Tally.for_procedures(tally.attempts)

    def warmup_ended(self) -> None:
        """Statistics start now: remember the counts, forget the broken-rig area so far."""
        self._at_start = self.tally.copy()
        for group in self.groups.values():
            group.down.restart(self.window.start)

    def results(self, end_time: float, rigs: Mapping[str, Pool], instructors: Pool) -> RunFigures:
        """The figures for the window ending at ``end_time``.

        ``rigs`` and ``instructors`` give the waits and work still in progress.
        """
        end = self.window.tau(end_time)
        span = end - self.window.start
        now, start = self.tally, self._at_start
        by_id = {pid: t.minus(start.attempts[pid]) for pid, t in now.attempts.items()}
        attempts = sum(t.attempts for t in by_id.values())
        passed = sum(t.passed for t in by_id.values())
        inst = self._unit_figures(self.instructors, instructors, end_time, span, "signoff_since")
        return RunFigures(
            open_minutes=span,
            trainees=TraineeFigures(
                arrived=now.arrived - start.arrived,
                certified=now.certified - start.certified,
                failed_out=now.failed_out - start.failed_out,
                in_progress=now.present,
                in_lab_at_start=start.present,
            ),
            procedures=ProcedureTotals(
                attempts=attempts,
                passed=passed,
                failed=attempts - passed,
                by_id={pid: _procedure_figures(t) for pid, t in by_id.items()},
            ),
            rigs={
                gid: self._unit_figures(self.groups[gid], pool, end_time, span, "held_since")
                for gid, pool in rigs.items()
            },
            instructors=InstructorFigures(
                count=inst.count,
                utilization=inst.utilization,
                requests=inst.requests,
                wait_mean_min=inst.wait_mean_min,
                queue_mean=inst.queue_mean,
            ),
            errors=ErrorFigures(
                total=now.errors - start.errors, critical=now.critical - start.critical
            ),
        )

    def _unit_figures(
        self, unit: UnitStats, pool: Pool, end_time: float, span: float, holding_attr: str
    ) -> RigFigures:
        clip = self.window.clip
        waits = unit.waits
        requests, wait_total = unit.requests, unit.wait_total
        extra: list[float] = []
        for who in pool.queue:
            since = getattr(who, "waiting_since", None)
            wait = clip(since, end_time) if since is not None else None
            if wait is not None:
                extra.append(wait)
        busy = unit.busy
        for who in pool.holder:
            since = getattr(who, holding_attr, None) if who is not None else None
            if since is not None:
                busy += clip(since, end_time) or 0.0
        requests += len(extra)
        wait_total += sum(extra)
        capacity = unit.count * span
        return RigFigures(
            count=unit.count,
            utilization=_ratio(busy, capacity),
            broken_fraction=_ratio(unit.down.close(self.window.tau(end_time)), capacity),
            failures=unit.failures,
            requests=requests,
            wait_mean_min=_ratio(wait_total, requests),
            wait_p95_min=waits.percentile(95, also=extra),
            queue_mean=_ratio(wait_total, span),
        )


def _procedure_figures(t: ProcedureTally) -> ProcedureFigures:
    return ProcedureFigures(
        attempts=t.attempts,
        passed=t.passed,
        failed=t.attempts - t.passed,
        work_mean_min=_ratio(t.work, t.attempts),
        first_pass_rate=_ratio(t.passed_first, t.first_attempts),
        failed_time_limit=t.failed_time_limit,
        failed_critical=t.failed_critical,
        failed_errors=t.failed_errors,
        failed_below_mark=t.failed_below_mark,
    )


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else 0.0

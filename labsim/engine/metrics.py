"""Run statistics computed from the event stream.

Everything is measured in *open* time (see :mod:`labsim.engine.calendar`) and over the
statistics window only (after the warm-up). The recorder listens to a few kinds of event
that carry their own start times (a seizure carries when the request was made, a release
when the seizure was), so each figure is a sum of clipped intervals:

- a wait counts from ``max(request, window start)`` to its end, or to the end of the run
  for a wait still in progress; the mean queue length is the sum of those waits over the
  window length, which is exactly the time-average of the queue (Little's law on a finite
  window, with nothing approximated);
- utilisation is the sum of clipped holding intervals over capacity × window length.

Work still in progress when the run ends is read from the lab's pools at that moment, and
the tally (trainees arrived, certified and failed out; attempts, passes and work per
procedure) is lab state the recorder reads at the end of the warm-up and at the end of the
run: counting it from four events per trainee cost a tenth of a long study's time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from labsim.engine import events as ev
from labsim.engine.events import EventBus
from labsim.engine.pools import Pool

__all__ = ["Level", "MetricsRecorder", "Tally"]


@dataclass(slots=True)
class Tally:
    """Counts the workflow keeps as it goes: trainees in and out, attempts per procedure."""

    arrived: int = 0
    certified: int = 0
    failed_out: int = 0
    #: procedure id -> [attempts, passed, open minutes of work at the rig]
    attempts: dict[str, list[float]] = field(default_factory=dict)

    @property
    def present(self) -> int:
        """Trainees in the lab now."""
        return self.arrived - self.certified - self.failed_out

    def copy(self) -> Tally:
        """A snapshot (the counts at the end of the warm-up)."""
        return replace(self, attempts={k: list(v) for k, v in self.attempts.items()})


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


class _Unit:
    """Figures for one kind of unit: a rig group, or the instructors."""

    __slots__ = ("busy", "count", "down", "failures", "waits")

    def __init__(self, count: int) -> None:
        self.count = count
        self.busy = 0.0
        self.waits: list[float] = []
        self.down = Level()
        self.failures = 0


class MetricsRecorder:
    """Subscribes to the events it needs and turns them into the run summary's figures."""

    def __init__(
        self,
        bus: EventBus,
        open_time: Callable[[float], float],
        groups: dict[str, int],
        instructors: int,
        tally: Tally,
        warmup: float = 0.0,
        identity_time: bool = False,
    ) -> None:
        self._tau = open_time
        self._identity = identity_time
        self.window_start = open_time(warmup) if warmup > 0 else 0.0
        self._in_window = warmup <= 0
        self.groups = {gid: _Unit(count) for gid, count in groups.items()}
        self.instructors = _Unit(instructors)
        self.tally = tally
        self._at_start = Tally(attempts={p: [0, 0, 0.0] for p in tally.attempts})
        self.errors = 0
        self.critical = 0
        handlers: dict[type[Any], Callable[[Any], None]] = {
            ev.RigSeized: self._rig_seized,
            ev.RigReleased: self._rig_released,
            ev.RigFailed: self._rig_failed,
            ev.RigRepaired: self._rig_repaired,
            ev.ErrorMade: self._error,
            ev.InstructorSeized: self._instructor_seized,
            ev.InstructorCancelled: self._instructor_cancelled,
            ev.InstructorReleased: self._instructor_released,
            ev.WarmupEnded: self._warmup_ended,
        }
        for kind, handler in handlers.items():
            bus.subscribe(handler, [kind])

    def _clipped(self, start: float, end: float) -> float | None:
        """Open minutes of wall interval [start, end] inside the window; None if it ended before."""
        if self._identity:
            tau_start, tau_end = start, end
        else:
            tau_start, tau_end = self._tau(start), self._tau(end)
        window = self.window_start
        if tau_end < window:
            return None
        return tau_end - (tau_start if tau_start > window else window)

    # trainees -----------------------------------------------------------------
    def _error(self, e: ev.ErrorMade) -> None:
        if self._in_window:
            self.errors += 1
            if e.critical:
                self.critical += 1

    # rigs and instructors ---------------------------------------------------------
    def _rig_seized(self, e: ev.RigSeized) -> None:
        wait = self._clipped(e.requested_at, e.time)
        if wait is not None:
            self.groups[e.group].waits.append(wait)

    def _rig_released(self, e: ev.RigReleased) -> None:
        held = self._clipped(e.seized_at, e.time)
        if held is not None:
            self.groups[e.group].busy += held

    def _rig_failed(self, e: ev.RigFailed) -> None:
        group = self.groups[e.group]
        group.down.change(self._tau(e.time), 1)
        if self._in_window:
            group.failures += 1
        if e.held_since is not None:
            held = self._clipped(e.held_since, e.time)
            if held is not None:
                group.busy += held

    def _rig_repaired(self, e: ev.RigRepaired) -> None:
        self.groups[e.group].down.change(self._tau(e.time), -1)

    def _instructor_seized(self, e: ev.InstructorSeized) -> None:
        wait = self._clipped(e.requested_at, e.time)
        if wait is not None:
            self.instructors.waits.append(wait)

    def _instructor_cancelled(self, e: ev.InstructorCancelled) -> None:
        wait = self._clipped(e.requested_at, e.time)
        if wait is not None:
            self.instructors.waits.append(wait)

    def _instructor_released(self, e: ev.InstructorReleased) -> None:
        held = self._clipped(e.seized_at, e.time)
        if held is not None:
            self.instructors.busy += held

    # window ---------------------------------------------------------------------
    def _warmup_ended(self, e: ev.WarmupEnded) -> None:
        self._in_window = True
        self._at_start = self.tally.copy()
        tau = self._tau(e.time)
        for group in self.groups.values():
            group.down.restart(tau)

    # results --------------------------------------------------------------------
    def results(
        self, end_time: float, rigs: Mapping[str, Pool], instructors: Pool
    ) -> dict[str, Any]:
        """The figures for the window ending at ``end_time``.

        ``rigs`` and ``instructors`` give the waits and work still in progress.
        """
        end = self._tau(end_time)
        span = end - self.window_start
        now, start = self.tally, self._at_start
        by_id = {
            pid: [n - b for n, b in zip(figures, start.attempts[pid], strict=True)]
            for pid, figures in now.attempts.items()
        }
        summary_rigs = {
            gid: self._unit_figures(self.groups[gid], pool, end_time, span, "held_since")
            for gid, pool in rigs.items()
        }
        inst = self._unit_figures(self.instructors, instructors, end_time, span, "signoff_since")
        attempts = int(sum(f[0] for f in by_id.values()))
        passed = int(sum(f[1] for f in by_id.values()))
        return {
            "open_minutes": span,
            "trainees": {
                "arrived": now.arrived - start.arrived,
                "certified": now.certified - start.certified,
                "failed_out": now.failed_out - start.failed_out,
                "in_progress": now.present,
                "in_lab_at_start": start.present,
            },
            "procedures": {
                "attempts": attempts,
                "passed": passed,
                "failed": attempts - passed,
                "by_id": {
                    pid: {
                        "attempts": int(f[0]),
                        "passed": int(f[1]),
                        "failed": int(f[0] - f[1]),
                        "work_mean_min": _ratio(f[2], f[0]),
                    }
                    for pid, f in by_id.items()
                },
            },
            "rigs": summary_rigs,
            "instructors": {
                "count": inst["count"],
                "utilization": inst["utilization"],
                "requests": inst["requests"],
                "wait_mean_min": inst["wait_mean_min"],
                "queue_mean": inst["queue_mean"],
            },
            "errors": {"total": self.errors, "critical": self.critical},
        }

    def _unit_figures(
        self, unit: _Unit, pool: Pool, end_time: float, span: float, holding_attr: str
    ) -> dict[str, Any]:
        waits = list(unit.waits)
        for who in pool.queue:
            if who.waiting_since is not None:
                wait = self._clipped(who.waiting_since, end_time)
                if wait is not None:
                    waits.append(wait)
        busy = unit.busy
        for who in pool.holder:
            since = getattr(who, holding_attr, None) if who is not None else None
            if since is not None:
                busy += self._clipped(since, end_time) or 0.0
        values = np.asarray(waits, dtype=float)
        capacity = unit.count * span
        return {
            "count": unit.count,
            "utilization": _ratio(busy, capacity),
            "broken_fraction": _ratio(unit.down.close(self._tau(end_time)), capacity),
            "failures": unit.failures,
            "requests": int(values.size),
            "wait_mean_min": float(values.mean()) if values.size else 0.0,
            "wait_p95_min": float(np.percentile(values, 95)) if values.size else 0.0,
            "queue_mean": _ratio(float(values.sum()), span),
        }


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else 0.0

"""Run statistics computed from the event stream.

Everything is integrated over *open* time (see :mod:`labsim.engine.calendar`) and over the
statistics window only (after the warm-up). Waiting times are counted so that Little's law
holds exactly on every run: a wait still in progress at the end counts up to the end, and a
wait in progress when the warm-up ends counts from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from labsim.engine import events as ev
from labsim.engine.events import EventBus

__all__ = ["Level", "MetricsRecorder", "WaitLog"]


class Level:
    """A piecewise-constant quantity (queue length, busy rigs) and its time integral."""

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


class WaitLog:
    """Waits for one kind of unit: who waits since when, finished waits, and the queue level."""

    __slots__ = ("pending", "queue", "waits")

    def __init__(self) -> None:
        self.pending: dict[str, float] = {}
        self.waits: list[float] = []
        self.queue = Level()

    def start(self, tau: float, who: str) -> None:
        """``who`` joins the queue (a re-request after an interruption continues the wait)."""
        if who not in self.pending:
            self.pending[who] = tau
            self.queue.change(tau, 1)

    def end(self, tau: float, who: str, window_start: float) -> None:
        """``who`` leaves the queue (served or gave up)."""
        started = self.pending.pop(who, None)
        if started is None:
            return
        queue = self.queue
        queue.area += queue.value * (tau - queue.last)
        queue.last = tau
        queue.value -= 1
        if tau >= window_start:
            self.waits.append(tau - max(started, window_start))

    def restart(self, tau: float) -> None:
        """Forget waits that ended before the window (those pending carry on)."""
        self.waits.clear()
        self.queue.restart(tau)

    def all_waits(self, end: float, window_start: float) -> np.ndarray:
        """Finished waits plus those still pending, cut at ``end``."""
        pending = [end - max(started, window_start) for started in self.pending.values()]
        return np.asarray(self.waits + pending, dtype=float)


class _Group:
    __slots__ = ("busy", "count", "down", "failures", "waits")

    def __init__(self, count: int) -> None:
        self.count = count
        self.busy = Level()
        self.down = Level()
        self.waits = WaitLog()
        self.failures = 0


class MetricsRecorder:
    """Subscribes to the events it needs and turns them into the run summary's figures."""

    def __init__(
        self,
        bus: EventBus,
        open_time: Callable[[float], float],
        groups: dict[str, int],
        instructors: int,
        procedures: list[str],
        warmup: float = 0.0,
        identity_time: bool = False,
    ) -> None:
        self._tau = open_time
        self._identity = identity_time
        self.window_start = open_time(warmup) if warmup > 0 else 0.0
        self.groups = {gid: _Group(count) for gid, count in groups.items()}
        self.instructor_count = instructors
        self.instructors_busy = Level()
        self.instructor_waits = WaitLog()
        self.holding: dict[str, str] = {}
        self.live = 0
        self.in_lab_at_start = 0
        self.counts = dict.fromkeys(
            (
                "arrived",
                "certified",
                "failed_out",
                "attempts",
                "passed",
                "failed",
                "errors",
                "critical",
            ),
            0,
        )
        self.by_procedure = {
            p: {"attempts": 0, "passed": 0, "failed": 0, "work": 0.0} for p in procedures
        }
        self._in_window = warmup <= 0
        handlers: dict[type[Any], Callable[[Any], None]] = {
            ev.TraineeArrived: self._arrived,
            ev.RigRequested: self._rig_requested,
            ev.RigSeized: self._rig_seized,
            ev.RigReleased: self._rig_released,
            ev.RigFailed: self._rig_failed,
            ev.RigRepaired: self._rig_repaired,
            ev.ErrorMade: self._error,
            ev.InstructorRequested: self._instructor_requested,
            ev.InstructorSeized: self._instructor_seized,
            ev.InstructorReleased: self._instructor_released,
            ev.StepInterrupted: self._interrupted,
            ev.AttemptFinished: self._attempt_finished,
            ev.TraineeCertified: self._certified,
            ev.TraineeFailedOut: self._failed_out,
            ev.WarmupEnded: self._warmup_ended,
        }
        for kind, handler in handlers.items():
            bus.subscribe(handler, [kind])

    # trainees -------------------------------------------------------------
    def _arrived(self, e: ev.TraineeArrived) -> None:
        self.live += 1
        if self._in_window:
            self.counts["arrived"] += 1

    def _certified(self, e: ev.TraineeCertified) -> None:
        self.live -= 1
        if self._in_window:
            self.counts["certified"] += 1

    def _failed_out(self, e: ev.TraineeFailedOut) -> None:
        self.live -= 1
        if self._in_window:
            self.counts["failed_out"] += 1

    def _attempt_finished(self, e: ev.AttemptFinished) -> None:
        if not self._in_window:
            return
        counts = self.counts
        proc = self.by_procedure[e.procedure]
        counts["attempts"] += 1
        proc["attempts"] += 1
        proc["work"] += e.work_minutes
        outcome = "passed" if e.passed else "failed"
        counts[outcome] += 1
        proc[outcome] += 1

    def _error(self, e: ev.ErrorMade) -> None:
        if self._in_window:
            self.counts["errors"] += 1
            if e.critical:
                self.counts["critical"] += 1

    # rigs -----------------------------------------------------------------
    # The three handlers below run for every trainee of a study: levels are updated inline.
    def _rig_requested(self, e: ev.RigRequested) -> None:
        tau = e.time if self._identity else self._tau(e.time)
        waits = self.groups[e.group].waits
        if e.trainee not in waits.pending:
            waits.pending[e.trainee] = tau
            queue = waits.queue
            queue.area += queue.value * (tau - queue.last)
            queue.last = tau
            queue.value += 1

    def _rig_seized(self, e: ev.RigSeized) -> None:
        tau = e.time if self._identity else self._tau(e.time)
        group = self.groups[e.group]
        group.waits.end(tau, e.trainee, self.window_start)
        busy = group.busy
        busy.area += busy.value * (tau - busy.last)
        busy.last = tau
        busy.value += 1
        self.holding[e.trainee] = e.group

    def _rig_released(self, e: ev.RigReleased) -> None:
        if self.holding.pop(e.trainee, None) is not None:
            tau = e.time if self._identity else self._tau(e.time)
            busy = self.groups[e.group].busy
            busy.area += busy.value * (tau - busy.last)
            busy.last = tau
            busy.value -= 1

    def _rig_failed(self, e: ev.RigFailed) -> None:
        tau = self._tau(e.time)
        group = self.groups[e.group]
        group.down.change(tau, 1)
        if self._in_window:
            group.failures += 1
        if e.trainee is not None and self.holding.pop(e.trainee, None) is not None:
            group.busy.change(tau, -1)

    def _rig_repaired(self, e: ev.RigRepaired) -> None:
        self.groups[e.group].down.change(self._tau(e.time), -1)

    def _interrupted(self, e: ev.StepInterrupted) -> None:
        # a sign-off queue left because the rig failed
        self.instructor_waits.end(self._tau(e.time), e.trainee, self.window_start)

    # instructors ----------------------------------------------------------
    def _instructor_requested(self, e: ev.InstructorRequested) -> None:
        self.instructor_waits.start(self._tau(e.time), e.trainee)

    def _instructor_seized(self, e: ev.InstructorSeized) -> None:
        tau = self._tau(e.time)
        self.instructor_waits.end(tau, e.trainee, self.window_start)
        self.instructors_busy.change(tau, 1)

    def _instructor_released(self, e: ev.InstructorReleased) -> None:
        self.instructors_busy.change(self._tau(e.time), -1)

    # window ---------------------------------------------------------------
    def _warmup_ended(self, e: ev.WarmupEnded) -> None:
        tau = self._tau(e.time)
        self._in_window = True
        self.in_lab_at_start = self.live
        for group in self.groups.values():
            group.busy.restart(tau)
            group.down.restart(tau)
            group.waits.restart(tau)
            group.failures = 0
        self.instructors_busy.restart(tau)
        self.instructor_waits.restart(tau)

    # results --------------------------------------------------------------
    def results(self, end_time: float) -> dict[str, Any]:
        """The figures of the run summary, for the window ending at ``end_time``."""
        end = self._tau(end_time)
        span = end - self.window_start
        rigs: dict[str, Any] = {}
        for gid, group in self.groups.items():
            waits = group.waits.all_waits(end, self.window_start)
            capacity = group.count * span
            rigs[gid] = {
                "count": group.count,
                "utilization": _ratio(group.busy.close(end), capacity),
                "broken_fraction": _ratio(group.down.close(end), capacity),
                "failures": group.failures,
                "requests": int(waits.size),
                "wait_mean_min": float(waits.mean()) if waits.size else 0.0,
                "wait_p95_min": float(np.percentile(waits, 95)) if waits.size else 0.0,
                "queue_mean": _ratio(group.waits.queue.close(end), span),
            }
        iwaits = self.instructor_waits.all_waits(end, self.window_start)
        counts = self.counts
        return {
            "open_minutes": span,
            "trainees": {
                "arrived": counts["arrived"],
                "certified": counts["certified"],
                "failed_out": counts["failed_out"],
                "in_progress": self.live,
                "in_lab_at_start": self.in_lab_at_start,
            },
            "procedures": {
                "attempts": counts["attempts"],
                "passed": counts["passed"],
                "failed": counts["failed"],
                "by_id": {
                    pid: {
                        "attempts": p["attempts"],
                        "passed": p["passed"],
                        "failed": p["failed"],
                        "work_mean_min": _ratio(p["work"], p["attempts"]),
                    }
                    for pid, p in self.by_procedure.items()
                },
            },
            "rigs": rigs,
            "instructors": {
                "count": self.instructor_count,
                "utilization": _ratio(
                    self.instructors_busy.close(end), self.instructor_count * span
                ),
                "requests": int(iwaits.size),
                "wait_mean_min": float(iwaits.mean()) if iwaits.size else 0.0,
                "queue_mean": _ratio(self.instructor_waits.queue.close(end), span),
            },
            "errors": {"total": counts["errors"], "critical": counts["critical"]},
        }


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else 0.0

"""Time in a play session: thinking at the rig at real speed, queueing fast-forwarded.

Each action takes its step's standard time (:mod:`labsim.play.session`); the person's own
thinking time runs at real speed (:meth:`SessionClock.tick`). The procedure clock starts
when the person first takes a rig and stops while they queue (after a rig failure).
Waiting for a rig is fast-forwarded. The lab and the rig move on with the clock; a rig
failing under the person sends them back to the queue, to a fresh rig of the group.
"""

from __future__ import annotations

from typing import Any

from labsim.play.attempt import Phase
from labsim.play.ending import SessionEnding
from labsim.play.joining import PLAYER_ID
from labsim.play.replace import replacement_rig

__all__ = ["WAIT_RATE", "SessionClock"]

#: Simulated minutes per wall-clock second while the person waits for a rig.
WAIT_RATE = 30.0


class SessionClock(SessionEnding):
    """Time passing in a session (see the module docstring)."""

    #: A rig failure came while the person worked (seen at the end of the minutes spent).
    _interrupted: bool = False
    #: Work minutes the rig has not been advanced by yet (it moves in steps of 1/4 s).
    _rig_clock: float = 0.0

    def tick(self, seconds: float) -> None:
        """Let ``seconds`` of real time pass: thinking at the rig, fast-forward in a queue."""
        if self.progress.phase == Phase.FINISHED or seconds <= 0:
            return
        if self.progress.phase == Phase.WAITING:
            self._wait(seconds * WAIT_RATE)
        else:
            self.inputs.think(self.progress.elapsed, seconds / 60.0)
            self._spend(seconds / 60.0)

    def think(self, minutes: float) -> None:
        """Let ``minutes`` of thinking pass at the rig (a script's or a replay's pause)."""
        if self.progress.phase == Phase.WORKING and minutes > 0:
            self.inputs.think(self.progress.elapsed, minutes)
            self._spend(minutes)

    def wait_until(self, lab_minute: float) -> None:
        """Queue until the lab's clock reads ``lab_minute`` (a replay reaching its rig)."""
        while (
            self.progress.phase == Phase.WAITING
            and self.lab.now < lab_minute
            and not self.lab.finished
        ):
            self._wait(lab_minute - self.lab.now)
        if self.progress.phase == Phase.WAITING:
            self.wait_for_rig()

    def wait_for_rig(self, chunk: float = 5.0) -> None:
        """Fast-forward until the person works at a rig (or the session has ended)."""
        while self.progress.phase == Phase.WAITING:
            self._wait(chunk)

    def _wait(self, minutes: float) -> None:
        lab = self.lab
        lab.advance_to(lab.now + minutes)
        if not lab.calendar.is_open(lab.now) and not lab.finished:
            lab.advance_to(min(lab.calendar.next_opening(lab.now), lab.horizon))
        self._settle()
        if self.person.awaiting_step:
            self._at_rig()
        elif lab.finished and self.progress.end is None:
            self._close("abandoned", "the lab closed before a rig came free")

    def _at_rig(self) -> None:
        self.inputs.add(self.progress.elapsed, "rig", lab=self.lab.now)
        self.progress.phase = Phase.WORKING
        self._interrupted = False
        if not self.progress.started:
            self.progress.started = True
        self.progress.step_started.setdefault(self.progress.step, self.progress.elapsed)

    def _spend(self, minutes: float) -> None:
        """Work time at the rig: the procedure clock, the lab and the rig all move on."""
        self.progress.elapsed += minutes
        self._rig_clock += minutes
        if self._rig_clock >= 1 / 240:
            self.rig.advance(self._rig_clock)
            self._rig_clock = 0.0
        self.lab.advance_to(self.lab.now + minutes)
        self._settle()
        if self._interrupted and self.progress.phase == Phase.WORKING:
            self.progress.phase = Phase.WAITING
            self.progress.interruptions += 1
            self.progress.notice = "rig-failed"
            self.rig = replacement_rig(
                self.model_cls,
                self.rng,
                self.fault,
                self.progress.step,
                lambda i: (self.steps[i].action, self.step_params(i)),
            )
            self.progress.undone = {}
        limit = self.pass_rule.time_limit
        if limit is not None and self.progress.elapsed >= limit + self.rules.stop_after:
            self.progress.elapsed = limit + self.rules.stop_after
            self._finish()

    def _settle(self) -> None:
        """Let the engine process what is due now (the workflow moving to the next step)."""
        env = self.lab.env
        while env.peek() <= env.now:
            env.step()

    def _on_interrupt(self, event: Any) -> None:
        if event.trainee == PLAYER_ID:
            self._interrupted = True

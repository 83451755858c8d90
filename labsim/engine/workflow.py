"""The trainee workflow: queue for a rig, perform the steps, get signed off, move on.

One workflow for every trainee; the :class:`~labsim.engine.policy.Policy` decides how each
step goes (simulated draws or a person's actions). The workflow is a chain of small named
steps, each a method of :class:`Visit` (a trainee in the lab) that runs when the SimPy
event it waits for fires. They are callbacks, not a process: a trainee costs no generator,
no process and no start-up event, which keeps the engine as lean per trainee as a
hand-written SimPy model::

    start -> request -> seize -> step ... step -> [sign off] -> release -> attempt over
               ^           (the rig fails: recover) -> request again, at the head

The lab semantics (DESIGN.md, README "Engine semantics") live here:

- a failure interrupts the trainee; the interrupted step is drawn afresh on the next free
  rig of the group, and the trainee waits at the head of the queue, first come first
  served among the trainees interrupted before it;
- the appraisal clock (the work a time limit judges) counts open time at the rig for the
  steps done, rework included; the part of a step lost on a failed rig does not count, nor
  does the wait;
- an error repeats the step; an error on a critical step ends the attempt;
- a simulated attempt is stopped when its appraisal clock reaches five minutes over the
  time limit (the step under way ends there), and a finished one is judged by the
  appraisal sheet that scores a person in ``labsim play`` (:mod:`labsim.appraisal`);
- the rig is held through the instructor's sign-off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import simpy

from labsim.engine import events as ev
from labsim.engine.metrics import CRITICAL, OVER_TIME, PASSED
from labsim.engine.policy import STOPPED
from labsim.engine.runtime import ProcedureRuntime
from labsim.engine.trainee import Trainee, TraineeState
from labsim.errors import SimulationError

if TYPE_CHECKING:
    from labsim.engine.lab import Lab
    from labsim.engine.policy import StepError

__all__ = ["Visit"]


class Visit(Trainee):
    """A trainee in the lab, with the state of the attempt under way."""

    __slots__ = ("front", "lab", "pending", "procedure", "seized_open", "worked")

    def start(self, lab: Lab) -> None:
        """The trainee walks in now: the first procedure of the plan, first attempt."""
        self.lab = lab
        self.pending: simpy.Event | None = None
        bus = lab.bus
        if bus.active:
            bus.emit(ev.TraineeArrived(lab.env.now, self.id, self.cohort))
        self._begin_procedure()

    # one attempt ----------------------------------------------------------------
    def _begin_procedure(self) -> None:
        self.procedure: ProcedureRuntime = self.lab.procedures[self.plan[self.plan_index]]
        self.attempt = 0
        self._begin_attempt()

    def _begin_attempt(self) -> None:
        """Reset the attempt's figures and, for a learning skill, count the practice."""
        self.attempt += 1
        self.errors = 0
        self.step = 0
        self.worked = 0.0  # the appraisal clock: open minutes of the steps done
        self.seized_open: float | None = None
        self.front = False
        learning = self.skill.learning
        if learning:
            practice = self.practice
            if practice is None:
                practice = self.practice = {}
            procedure_id = self.procedure.id
            practised = practice[procedure_id] = practice.get(procedure_id, 0) + 1
            self.practice_factor = practised**-learning
        self._request()

    def _request(self) -> None:
        """Ask for a rig of the procedure's group: take a free one, or join the queue.

        A request cut short before the trainee took the rig up (it failed as it was
        granted) goes on: it is still one request, with one wait.
        """
        procedure = self.procedure
        if self.waiting_since is None:
            now = self.waiting_since = self.lab.env.now
            bus = self.lab.bus
            if bus.active:
                bus.emit(ev.RigRequested(now, self.id, procedure.group, procedure.id))
        rig = procedure.pool.take(self)
        if rig is not None:
            self._seize(rig)
            return
        self.state = TraineeState.QUEUED
        event = self.pending = procedure.pool.wait(self, self.front)
        event.callbacks.append(self._granted)

    def _granted(self, event: simpy.Event) -> None:
        self._seize(event._value)

    def _seize(self, rig: int) -> None:
        """Take the rig up, count the wait, and start (or resume) the steps."""
        lab, procedure = self.lab, self.procedure
        now = self.held_since = lab.env.now
        requested_at = self.waiting_since
        self.waiting_since = None
        self.group, self.rig, self.state = procedure.group, rig, TraineeState.WORKING
        if requested_at is not None:
            procedure.stats.waited(requested_at, now)
            bus = lab.bus
            if bus.active:
                bus.emit(ev.RigSeized(now, self.id, procedure.group, rig, requested_at))
        self.seized_open = lab.open_time(now)
        self._start_step()

    def _start_step(self) -> None:
        """Begin step ``self.step`` (the policy says how long and whether it goes wrong)."""
        lab, procedure, index = self.lab, self.procedure, self.step
        assert index is not None
        if index >= len(procedure.steps):
            self._steps_done()
            return
        now = self.step_since = lab.env.now
        bus = lab.bus
        if bus.active:
            rig = self.rig
            assert rig is not None
            bus.emit(ev.StepStarted(now, self.id, procedure.id, index, procedure.group, rig))
        event = self.pending = self.policy.start_step(lab, self, procedure, index)
        event.callbacks.append(self._step_done)

    def _step_done(self, event: simpy.Event) -> None:
        error: StepError | None = event._value
        if error is STOPPED:  # the appraisal stopped the attempt in this step
            self._clock_work()
            self._release()
            self._attempt_over(OVER_TIME)
            return
        index = self.step
        assert index is not None
        bus = self.lab.bus
        if bus.active:
            bus.emit(
                ev.StepFinished(
                    self.lab.env.now, self.id, self.procedure.id, index, error is not None
                )
            )
        if error is None:
            self.step = index + 1
            self._start_step()
        elif self._made_error(error):
            self._clock_work()
            self._release()
            self._attempt_over(CRITICAL)
        else:
            self._start_step()

    def _made_error(self, error: StepError) -> bool:
        """Count an error; True when it ends the attempt (a critical error).

        Raises:
            SimulationError: when errors repeat at one simulated instant without end (a
                step that takes no time and always goes wrong).
        """
        lab, procedure, index = self.lab, self.procedure, self.step
        assert index is not None
        now = lab.env.now
        self.errors += 1
        tally = lab.tally
        tally.errors += 1
        if error.critical:
            tally.critical += 1
        if lab.bus.active:
            lab.bus.emit(
                ev.ErrorMade(now, self.id, procedure.id, index, error.critical, error.rule)
            )
        if lab.watchdog.repeated(now):
            raise SimulationError(
                f"cohort {self.cohort!r}, procedure {procedure.id!r}, step "
                f"{procedure.steps[index].id!r}: {lab.watchdog.limit:,} errors at one "
                f"simulated instant ({now:g} min); a step that takes no time and always goes "
                "wrong never ends. Give the step a time above zero, or a skill with a lower "
                "error_rate."
            )
        return error.critical

    def appraisal_left(self) -> float | None:
        """Open minutes this attempt may still take before it is stopped over time (or None)."""
        stop_at = self.procedure.stop_at
        if stop_at is None or self.seized_open is None:
            return None
        return stop_at - self.worked - (self.lab.open_time(self.lab.env.now) - self.seized_open)

    def _clock_work(self) -> None:
        """Add the open time at the rig since it was seized to the appraisal clock."""
        if self.seized_open is not None:
            self.worked += self.lab.open_time(self.lab.env.now) - self.seized_open
            self.seized_open = None

    def _steps_done(self) -> None:
        self._clock_work()
        if self.procedure.signoff is not None:
            self._ask_instructor()
        else:
            self._judge()

    def _judge(self) -> None:
        """The instructor's verdict by the appraisal sheet; the rig is let go."""
        verdict = self.procedure.judge(self.errors, self.worked)
        self._release()
        self._attempt_over(verdict)

    def _release(self) -> None:
        """Give the rig back in working order and count the time it was held."""
        procedure, rig = self.procedure, self.rig
        assert rig is not None
        procedure.pool.release(rig)
        held_since = self.held_since
        self.rig = self.step = self.held_since = self.step_since = None
        if held_since is not None:
            now = self.lab.env.now
            procedure.stats.held(held_since, now)
            if self.lab.bus.active:
                self.lab.bus.emit(ev.RigReleased(now, self.id, procedure.group, rig, held_since))

    def _attempt_over(self, verdict: str) -> None:
        """Tally the attempt; then the next procedure, another attempt, or leave."""
        lab, procedure = self.lab, self.procedure
        passed = verdict == PASSED
        lab.tally.attempts[procedure.id].count(verdict, self.worked, self.attempt == 1)
        if lab.bus.active:
            lab.bus.emit(
                ev.AttemptFinished(
                    lab.env.now,
                    self.id,
                    procedure.id,
                    self.attempt,
                    passed,
                    self.errors,
                    self.worked,
                    verdict,
                )
            )
        if passed:
            self.plan_index += 1
            if self.plan_index < len(self.plan):
                self._begin_procedure()
            else:
                lab.trainee_left(self, failed_at=None)
        elif self.attempt < self.max_attempts:
            self._begin_attempt()
        else:
            lab.trainee_left(self, failed_at=procedure.id)

    # sign-off -------------------------------------------------------------------
    def _ask_instructor(self) -> None:
        """Keep the rig and wait for an instructor to come and sign the work off."""
        lab = self.lab
        self.state = TraineeState.AWAITING_SIGNOFF
        self.step = None
        now = self.waiting_since = lab.env.now
        if lab.bus.active:
            lab.bus.emit(ev.InstructorRequested(now, self.id, self.procedure.id))
        unit = lab.instructors.take(self)
        if unit is not None:
            self._sign_off(unit)
            return
        request = self.pending = lab.instructors.wait(self)
        lab.pending_signoffs[self] = request
        request.callbacks.append(self._instructor_came)

    def _instructor_came(self, event: simpy.Event) -> None:
        del self.lab.pending_signoffs[self]
        self._sign_off(event._value)

    def _sign_off(self, unit: int) -> None:
        lab = self.lab
        requested_at = self.waiting_since
        assert requested_at is not None
        self.instructor = unit
        self.waiting_since = None
        self.state = TraineeState.SIGNOFF
        now = self.signoff_since = lab.env.now
        lab.metrics.instructors.waited(requested_at, now)
        if lab.bus.active:
            lab.bus.emit(ev.InstructorSeized(now, self.id, unit, requested_at))
        assert self.procedure.signoff is not None
        event = self.pending = lab.work(self.procedure.signoff())
        event.callbacks.append(self._signed_off)

    def _signed_off(self, event: simpy.Event) -> None:
        self._instructor_leaves()
        self._judge()

    def _instructor_leaves(self) -> None:
        """The instructor goes (signed off, or the rig failed during the sign-off)."""
        lab, unit, since = self.lab, self.instructor, self.signoff_since
        assert unit is not None and since is not None
        lab.instructors.release(unit)
        self.instructor = self.signoff_since = None
        now = lab.env.now
        lab.metrics.instructors.held(since, now)
        if lab.bus.active:
            lab.bus.emit(ev.InstructorReleased(now, self.id, unit, since))

    # a rig failure ------------------------------------------------------------------
    def rig_failed(self) -> None:
        """The rig failed under the trainee: stop, leave any sign-off, and queue again.

        The step under way is lost and is started afresh (a fresh draw) on the next rig,
        with the trainee at the head of the queue; after the last step, only the sign-off
        is asked for again.
        """
        lab, procedure = self.lab, self.procedure
        pending = self.pending
        if pending is not None and pending.callbacks:
            pending.callbacks.clear()
        self.policy.abandon_step()
        if self.seized_open is not None and self.step_since is not None:
            self.worked += lab.open_time(self.step_since) - self.seized_open
        self.seized_open = None
        self._leave_signoff()
        if self.step is None:
            self.step = len(procedure.steps)
        if self.rig is not None and lab.bus.active:
            lab.bus.emit(
                ev.StepInterrupted(
                    lab.env.now, self.id, procedure.id, self.step, procedure.group, self.rig
                )
            )
        self.rig = self.held_since = self.step_since = None
        self.state = TraineeState.QUEUED
        self.front = True
        self._request()

    def _leave_signoff(self) -> None:
        """A rig failure during a sign-off: hand the instructor back, or leave their queue."""
        lab = self.lab
        pending = lab.pending_signoffs.pop(self, None)
        if pending is not None:
            lab.instructors.cancel(pending)
        requested_at = self.waiting_since
        if requested_at is not None and self.state == TraineeState.AWAITING_SIGNOFF:
            now = lab.env.now
            lab.metrics.instructors.waited(requested_at, now)
            if lab.bus.active:
                lab.bus.emit(ev.InstructorCancelled(now, self.id, requested_at))
            self.waiting_since = None
        if self.instructor is not None and self.signoff_since is not None:
            self._instructor_leaves()

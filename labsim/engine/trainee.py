"""The trainee workflow: queue for a rig, perform the steps, get signed off, move on.

One workflow for every trainee; the :class:`~labsim.engine.policy.Policy` decides how each
step goes (simulated draws or a person's actions). It is written as small named steps:
:func:`run_trainee` walks the plan, :func:`_attempt` makes one attempt at a procedure
(request and seize a rig, perform the steps, sign off, release; recover when the rig
fails), :func:`_perform` does the steps. The lab semantics (DESIGN.md, README "Engine
semantics") live here:

- a failure interrupts the trainee; the interrupted step is drawn afresh on the next free
  rig of the group, and the trainee waits at the head of the queue, first come first
  served among the trainees interrupted before it;
- the appraisal clock (the work the time limit judges) counts open time at the rig for the
  steps done; the part of a step lost on a failed rig does not count, nor does the wait;
- an error repeats the step; an error on a critical step ends the attempt;
- the rig is held through the instructor's sign-off.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from labsim.engine import events as ev
from labsim.engine.metrics import CRITICAL, OVER_TIME, PASSED, TOO_MANY_ERRORS
from labsim.engine.runtime import ProcedureRuntime, SkillRuntime
from labsim.errors import SimulationError

if TYPE_CHECKING:
    from labsim.engine.lab import Lab
    from labsim.engine.policy import Policy, StepError

__all__ = ["Trainee", "TraineeState", "run_trainee"]


class TraineeState:
    """What a trainee is doing (for views and inspectors)."""

    ARRIVED = "arrived"
    QUEUED = "queued"
    WORKING = "working"
    AWAITING_SIGNOFF = "awaiting signoff"
    SIGNOFF = "signoff"
    CERTIFIED = "certified"
    FAILED_OUT = "failed out"


class Trainee:
    """One trainee's identity and live progress; the workflow process updates it.

    Cheap to make (one per arrival in a long study): without a ``trainee_id``, the id text
    is formatted from the cohort and ``index`` only when somebody asks for it.
    """

    __slots__ = (
        "_id",
        "arrived_at",
        "attempt",
        "cohort",
        "errors",
        "group",
        "held_since",
        "index",
        "instructor",
        "max_attempts",
        "plan",
        "plan_index",
        "policy",
        "practice",
        "practice_factor",
        "process",
        "rig",
        "signoff_since",
        "skill",
        "state",
        "step",
        "step_since",
        "waiting_since",
    )

    def __init__(
        self,
        trainee_id: str | None,
        cohort: str,
        skill: SkillRuntime,
        plan: tuple[str, ...],
        max_attempts: int,
        policy: Policy,
        arrived_at: float,
        index: int = 0,
    ) -> None:
        self._id = trainee_id
        self.cohort = cohort
        self.index = index
        self.skill = skill
        self.plan = plan
        self.max_attempts = max_attempts
        self.policy = policy
        self.arrived_at = arrived_at
        self.plan_index = 0
        self.attempt = 0
        self.errors = 0
        self.practice: dict[str, int] | None = None
        self.practice_factor = 1.0
        self.state = TraineeState.ARRIVED
        self.group: str | None = None
        self.rig: int | None = None
        self.step: int | None = None
        self.instructor: int | None = None
        self.process: simpy.Process | None = None
        # wall-clock times the metrics and views need: since when the trainee waits (for a
        # rig or a sign-off), holds its rig, does its current step, has an instructor at it
        self.waiting_since: float | None = None
        self.held_since: float | None = None
        self.step_since: float | None = None
        self.signoff_since: float | None = None

    @property
    def id(self) -> str:
        """The given id, or ``cohort/007``: the cohort and the trainee's number in it (from 1)."""
        if self._id is None:
            self._id = f"{self.cohort}/{self.index + 1:03d}"
        return self._id

    def __repr__(self) -> str:
        return f"Trainee({self.id!r}, {self.state})"


def run_trainee(lab: Lab, trainee: Trainee) -> Generator[Any, Any, None]:
    """The whole stay of one trainee: every procedure of the plan, with re-attempts."""
    bus = lab.bus
    if bus.active:
        bus.emit(ev.TraineeArrived(lab.env.now, trainee.id, trainee.cohort))
    procedures = lab.procedures
    for plan_index, procedure_id in enumerate(trainee.plan):
        procedure = procedures[procedure_id]
        for attempt in range(1, trainee.max_attempts + 1):
            _begin_attempt(trainee, procedure_id, plan_index, attempt)
            passed = yield from _attempt(lab, trainee, procedure)
            if passed:
                break
        else:
            lab.trainee_left(trainee, failed_at=procedure_id)
            return
    lab.trainee_left(trainee, failed_at=None)


def _begin_attempt(trainee: Trainee, procedure_id: str, plan_index: int, attempt: int) -> None:
    """Reset the attempt's live figures and, for a learning skill, count the practice."""
    trainee.plan_index = plan_index
    trainee.attempt = attempt
    trainee.errors = 0
    trainee.step = 0
    learning = trainee.skill.learning
    if learning:
        practice = trainee.practice
        if practice is None:
            practice = trainee.practice = {}
        practised = practice[procedure_id] = practice.get(procedure_id, 0) + 1
        trainee.practice_factor = practised**-learning


def _attempt(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime) -> Generator[Any, Any, bool]:
    """One attempt: seize a rig, perform, get signed off, release; True when it passed.

    A rig failure interrupts it anywhere on the rig; it then carries on from the step that
    was interrupted, on the next free rig, at the head of the queue.
    """
    worked = 0.0  # the appraisal clock: open minutes of the steps done
    front = False
    while True:
        seized_at: float | None = None
        try:
            rig = _request(lab, trainee, procedure)
            if rig is None:
                rig = yield procedure.pool.wait(trainee, front)
            seized_at = _seize(lab, trainee, procedure, rig)
            verdict = yield from _perform(lab, trainee, procedure)
            worked += lab.open_time(lab.env.now) - seized_at
            seized_at = None
            if verdict is None:
                if procedure.signoff is not None:
                    yield from _signoff(lab, trainee, procedure)
                verdict = _judge(procedure, trainee.errors, worked)
            _release(lab, trainee, procedure, rig)
            return _finish_attempt(lab, trainee, procedure, verdict, worked)
        except simpy.Interrupt:
            if seized_at is not None and trainee.step_since is not None:
                worked += lab.open_time(trainee.step_since) - seized_at
            _recover(lab, trainee, procedure)
            front = True


def _request(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime) -> int | None:
    """Ask for a rig of the procedure's group: a free one now, or ``None`` (then wait).

    A request cut short before the trainee took the rig up (it failed as it was granted)
    goes on: it is still one request, with one wait.
    """
    if trainee.waiting_since is None:
        now = trainee.waiting_since = lab.env.now
        bus = lab.bus
        if bus.active:
            bus.emit(ev.RigRequested(now, trainee.id, procedure.group, procedure.id))
    rig = procedure.pool.take(trainee)
    if rig is None:
        trainee.state = TraineeState.QUEUED
    return rig


def _seize(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, rig: int) -> float:
    """Take the rig up and count the wait; returns the open time work on it starts."""
    now = trainee.held_since = lab.env.now
    requested_at = trainee.waiting_since
    trainee.waiting_since = None
    trainee.group, trainee.rig, trainee.state = procedure.group, rig, TraineeState.WORKING
    if requested_at is not None:
        procedure.stats.waited(requested_at, now)
        bus = lab.bus
        if bus.active:
            bus.emit(ev.RigSeized(now, trainee.id, procedure.group, rig, requested_at))
    return lab.open_time(now)


def _perform(
    lab: Lab, trainee: Trainee, procedure: ProcedureRuntime
) -> Generator[Any, Any, str | None]:
    """Do the steps from ``trainee.step`` on; the verdict if a critical error ends it early.

    A policy that can decide a step in advance (``draw``) costs no generator frame per step:
    this is the hot loop of every study.
    """
    env, bus, work = lab.env, lab.bus, lab.work
    policy = trainee.policy
    draw = getattr(policy, "draw", None)
    index = trainee.step or 0
    count = len(procedure.steps)
    while index < count:
        trainee.step = index
        trainee.step_since = env.now
        if bus.active:
            bus.emit(_step_started(trainee, procedure, index, env.now))
        if draw is not None:
            minutes, error = draw(trainee, procedure, index)
            yield work(minutes)
        else:
            error = yield from policy.perform_step(lab, trainee, procedure, index)
        if bus.active:
            bus.emit(ev.StepFinished(env.now, trainee.id, procedure.id, index, error is not None))
        if error is None:
            index += 1
        elif _made_error(lab, trainee, procedure, index, error):
            return CRITICAL
    trainee.step = count
    return None


def _step_started(
    trainee: Trainee, procedure: ProcedureRuntime, index: int, now: float
) -> ev.StepStarted:
    assert trainee.rig is not None
    return ev.StepStarted(now, trainee.id, procedure.id, index, procedure.group, trainee.rig)


def _made_error(
    lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int, error: StepError
) -> bool:
    """Count an error; True when it ends the attempt (a critical error).

    Raises:
        SimulationError: when errors repeat at one simulated instant without end (a step
            that takes no time and always goes wrong).
    """
    now = lab.env.now
    trainee.errors += 1
    tally = lab.tally
    tally.errors += 1
    if error.critical:
        tally.critical += 1
    if lab.bus.active:
        lab.bus.emit(ev.ErrorMade(now, trainee.id, procedure.id, index, error.critical, error.rule))
    if lab.watchdog.repeated(now):
        step = procedure.steps[index].id
        raise SimulationError(
            f"cohort {trainee.cohort!r}, procedure {procedure.id!r}, step {step!r}: "
            f"{lab.watchdog.limit:,} errors at one simulated instant ({now:g} min); a step "
            "that takes no time and always goes wrong never ends. Give the step a time "
            "above zero, or a skill with a lower error_rate."
        )
    return error.critical


def _release(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, rig: int) -> None:
    """Give the rig back in working order and count the time it was held."""
    procedure.pool.release(rig)
    held_since = trainee.held_since
    trainee.rig = trainee.step = trainee.held_since = trainee.step_since = None
    if held_since is not None:
        now = lab.env.now
        procedure.stats.held(held_since, now)
        if lab.bus.active:
            lab.bus.emit(ev.RigReleased(now, trainee.id, procedure.group, rig, held_since))


def _finish_attempt(
    lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, verdict: str, worked: float
) -> bool:
    """Tally the attempt's outcome; True when it passed."""
    lab.tally.attempts[procedure.id].count(verdict, worked, trainee.attempt == 1)
    if lab.bus.active:
        lab.bus.emit(
            ev.AttemptFinished(
                lab.env.now,
                trainee.id,
                procedure.id,
                trainee.attempt,
                verdict == PASSED,
                trainee.errors,
                worked,
                verdict,
            )
        )
    return verdict == PASSED


def _recover(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime) -> None:
    """The rig failed under the trainee: leave any sign-off, say so, and queue again.

    The step under way is lost and done again from the start (a fresh draw); after the
    last step, only the sign-off is asked for again.
    """
    _break_off_signoff(lab, trainee)
    if trainee.step is None:
        trainee.step = len(procedure.steps)
    if trainee.rig is not None and lab.bus.active:
        lab.bus.emit(
            ev.StepInterrupted(
                lab.env.now, trainee.id, procedure.id, trainee.step, procedure.group, trainee.rig
            )
        )
    trainee.rig = trainee.held_since = trainee.step_since = None
    trainee.state = TraineeState.QUEUED


def _signoff(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime) -> Generator[Any, Any, None]:
    """Wait for an instructor, who spends the sign-off time at the rig."""
    env = lab.env
    bus = lab.bus
    instructors = lab.instructors
    trainee.state = TraineeState.AWAITING_SIGNOFF
    trainee.step = None
    requested_at = trainee.waiting_since = env.now
    if bus.active:
        bus.emit(ev.InstructorRequested(env.now, trainee.id, procedure.id))
    unit = instructors.take(trainee)
    if unit is None:
        request = instructors.wait(trainee)
        lab.pending_signoffs[trainee] = request
        unit = yield request
        del lab.pending_signoffs[trainee]
    trainee.instructor = unit
    trainee.waiting_since = None
    trainee.state = TraineeState.SIGNOFF
    seized_at = trainee.signoff_since = env.now
    lab.metrics.instructors.waited(requested_at, seized_at)
    if bus.active:
        bus.emit(ev.InstructorSeized(env.now, trainee.id, unit, requested_at))
    assert procedure.signoff is not None
    yield lab.work(procedure.signoff())
    _end_signoff(lab, trainee, unit, seized_at)


def _end_signoff(lab: Lab, trainee: Trainee, unit: int, seized_at: float) -> None:
    """The instructor leaves the trainee (signed off, or the rig failed during it)."""
    lab.instructors.release(unit)
    trainee.instructor = trainee.signoff_since = None
    now = lab.env.now
    lab.metrics.instructors.held(seized_at, now)
    if lab.bus.active:
        lab.bus.emit(ev.InstructorReleased(now, trainee.id, unit, seized_at))


def _break_off_signoff(lab: Lab, trainee: Trainee) -> None:
    """A rig failure during a sign-off: hand the instructor back, or leave their queue."""
    pending = lab.pending_signoffs.pop(trainee, None)
    if pending is not None:
        lab.instructors.cancel(pending)
    requested_at = trainee.waiting_since
    if requested_at is not None and trainee.state == TraineeState.AWAITING_SIGNOFF:
        now = lab.env.now
        lab.metrics.instructors.waited(requested_at, now)
        if lab.bus.active:
            lab.bus.emit(ev.InstructorCancelled(now, trainee.id, requested_at))
        trainee.waiting_since = None
    if trainee.instructor is not None and trainee.signoff_since is not None:
        _end_signoff(lab, trainee, trainee.instructor, trainee.signoff_since)


def _judge(procedure: ProcedureRuntime, errors: int, work: float) -> str:
    """The instructor's verdict under the procedure's pass rule."""
    if procedure.max_errors is not None and errors > procedure.max_errors:
        return TOO_MANY_ERRORS
    if procedure.time_limit is not None and work > procedure.time_limit:
        return OVER_TIME
    return PASSED

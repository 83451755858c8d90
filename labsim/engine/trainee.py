"""The trainee workflow: queue for a rig, perform the steps, get signed off, move on.

One workflow for every trainee; the :class:`~labsim.engine.policy.Policy` decides how each
step goes (simulated draws or a person's actions). The lab semantics of DESIGN.md live here:
a failure interrupts the trainee and the step restarts on the next free rig with the trainee
at the head of the queue; an error repeats the step, an error on a critical step ends the
attempt; the rig is held through the instructor's sign-off.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from labsim.engine import events as ev
from labsim.engine.runtime import ProcedureRuntime, SkillRuntime

if TYPE_CHECKING:
    from labsim.engine.lab import Lab
    from labsim.engine.policy import Policy

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
    """One trainee's identity and live progress; the workflow process updates it."""

    __slots__ = (
        "arrived_at",
        "attempt",
        "cohort",
        "errors",
        "group",
        "held_since",
        "id",
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
        "waiting_since",
    )

    def __init__(
        self,
        trainee_id: str,
        cohort: str,
        skill: SkillRuntime,
        plan: tuple[str, ...],
        max_attempts: int,
        policy: Policy,
        arrived_at: float,
    ) -> None:
        self.id = trainee_id
        self.cohort = cohort
        self.skill = skill
        self.plan = plan
        self.max_attempts = max_attempts
        self.policy = policy
        self.arrived_at = arrived_at
        self.plan_index = 0
        self.attempt = 0
        self.practice: dict[str, int] = {}
        self.practice_factor = 1.0
        self.state = TraineeState.ARRIVED
        self.group: str | None = None
        self.rig: int | None = None
        self.step: int | None = None
        self.instructor: int | None = None
        self.errors = 0
        self.process: simpy.Process | None = None
        # wall-clock times the metrics need: since when the trainee waits (for a rig or a
        # sign-off), holds its rig, and has an instructor at it
        self.waiting_since: float | None = None
        self.held_since: float | None = None
        self.signoff_since: float | None = None

    def __repr__(self) -> str:
        return f"Trainee({self.id!r}, {self.state})"


def run_trainee(lab: Lab, trainee: Trainee) -> Generator[Any, Any, None]:  # noqa: C901
    """The whole stay of one trainee: every procedure of the plan, with re-attempts.

    This is the hot loop of every study, so it is one generator (no ``yield from`` per
    attempt) and a policy that can decide a step in advance (``draw``) costs no extra frame.
    """
    env = lab.env
    sinks = lab.sinks
    work = lab.work
    open_time = None if lab.calendar.always_open else lab.calendar.open_time
    policy = trainee.policy
    draw = getattr(policy, "draw", None)
    tally = lab.tally.attempts
    if sinks.arrived is not None:
        sinks.arrived(ev.TraineeArrived(env.now, trainee.id, trainee.cohort))
    for plan_index, procedure_id in enumerate(trainee.plan):
        procedure = lab.procedures[procedure_id]
        pool = procedure.pool
        group = procedure.group
        n_steps = len(procedure.steps)
        passed = False
        for attempt in range(1, trainee.max_attempts + 1):
            _begin_attempt(trainee, procedure_id, plan_index, attempt)
            index = errors = 0
            worked = 0.0
            front = False
            verdict: tuple[bool, str] | None = None
            while verdict is None:
                seized_at: float | None = None
                try:
                    if trainee.waiting_since is None:  # else: a wait cut short goes on
                        trainee.waiting_since = env.now
                        if sinks.rig_requested is not None:
                            sinks.rig_requested(
                                ev.RigRequested(env.now, trainee.id, group, procedure_id)
                            )
                    rig = pool.take(trainee)
                    if rig is None:
                        trainee.state = TraineeState.QUEUED
                        rig = yield pool.wait(trainee, front)
                    trainee.group, trainee.rig, trainee.state = group, rig, TraineeState.WORKING
                    now = trainee.held_since = env.now
                    requested_at, trainee.waiting_since = trainee.waiting_since, None
                    seized_at = now if open_time is None else open_time(now)
                    if sinks.rig_seized is not None:
                        sinks.rig_seized(ev.RigSeized(now, trainee.id, group, rig, requested_at))
                    while index < n_steps:
                        trainee.step = index
                        if sinks.step_started is not None:
                            sinks.step_started(
                                ev.StepStarted(env.now, trainee.id, procedure_id, index, group, rig)
                            )
                        if draw is not None:
                            minutes, error = draw(trainee, procedure, index)
                            yield work(minutes)
                        else:
                            error = yield from policy.perform_step(lab, trainee, procedure, index)
                        now = env.now
                        if sinks.step_finished is not None:
                            sinks.step_finished(
                                ev.StepFinished(
                                    now, trainee.id, procedure_id, index, error is not None
                                )
                            )
                        if error is None:
                            index += 1
                            continue
                        errors += 1
                        trainee.errors = errors
                        if sinks.error_made is not None:
                            sinks.error_made(
                                ev.ErrorMade(
                                    now, trainee.id, procedure_id, index, error.critical, error.rule
                                )
                            )
                        if error.critical:
                            verdict = (False, "critical error")
                            break
                    worked += (now if open_time is None else open_time(now)) - seized_at
                    seized_at = None
                    if verdict is None:
                        if procedure.signoff is not None:
                            yield from _signoff(lab, trainee, procedure)
                        verdict = _judge(procedure, errors, worked) if procedure.judged else PASSED
                    pool.release(rig)
                    held_since = trainee.held_since
                    trainee.rig = trainee.step = trainee.held_since = None
                    if sinks.rig_released is not None and held_since is not None:
                        sinks.rig_released(
                            ev.RigReleased(env.now, trainee.id, group, rig, held_since)
                        )
                except simpy.Interrupt:
                    if seized_at is not None:
                        now = env.now
                        worked += (now if open_time is None else open_time(now)) - seized_at
                    _break_off(lab, trainee, procedure, index)
                    front = True
            passed = verdict[0]
            figures = tally[procedure_id]
            figures[0] += 1
            figures[2] += worked
            if passed:
                figures[1] += 1
            if sinks.attempt_finished is not None:
                sinks.attempt_finished(
                    ev.AttemptFinished(
                        env.now,
                        trainee.id,
                        procedure_id,
                        attempt,
                        passed,
                        errors,
                        worked,
                        verdict[1],
                    )
                )
            if passed:
                break
        if not passed:
            trainee.state = TraineeState.FAILED_OUT
            if sinks.failed_out is not None:
                sinks.failed_out(ev.TraineeFailedOut(env.now, trainee.id, procedure_id))
            lab.trainee_left(trainee, certified=False)
            return
    trainee.state = TraineeState.CERTIFIED
    if sinks.certified is not None:
        sinks.certified(ev.TraineeCertified(env.now, trainee.id))
    lab.trainee_left(trainee, certified=True)


def _begin_attempt(trainee: Trainee, procedure_id: str, plan_index: int, attempt: int) -> None:
    """Reset the attempt's live figures and, for a learning skill, count the practice."""
    trainee.plan_index = plan_index
    trainee.attempt = attempt
    trainee.errors = 0
    learning = trainee.skill.learning
    if learning:
        practised = trainee.practice.get(procedure_id, 0) + 1
        trainee.practice[procedure_id] = practised
        trainee.practice_factor = practised**-learning


def _break_off(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int) -> None:
    """The rig failed under the trainee: leave any sign-off, say so, and requeue."""
    _break_off_signoff(lab, trainee)
    if trainee.rig is not None and lab.sinks.step_interrupted is not None:
        lab.sinks.step_interrupted(
            ev.StepInterrupted(
                lab.env.now, trainee.id, procedure.id, index, procedure.group, trainee.rig
            )
        )
    trainee.rig = trainee.held_since = None
    trainee.state = TraineeState.QUEUED


def _signoff(lab: Lab, trainee: Trainee, procedure: ProcedureRuntime) -> Generator[Any, Any, None]:
    """Wait for an instructor, who spends the sign-off time at the rig."""
    env = lab.env
    emit = lab.sinks
    instructors = lab.instructors
    trainee.state = TraineeState.AWAITING_SIGNOFF
    trainee.step = None
    requested_at = trainee.waiting_since = env.now
    if emit.instructor_requested is not None:
        emit.instructor_requested(ev.InstructorRequested(env.now, trainee.id, procedure.id))
    unit = instructors.take(trainee)
    if unit is None:
        request = instructors.wait(trainee)
        lab.pending_signoffs[trainee.id] = request
        unit = yield request
        del lab.pending_signoffs[trainee.id]
    trainee.instructor = unit
    trainee.waiting_since = None
    trainee.state = TraineeState.SIGNOFF
    seized_at = trainee.signoff_since = env.now
    if emit.instructor_seized is not None:
        emit.instructor_seized(ev.InstructorSeized(env.now, trainee.id, unit, requested_at))
    assert procedure.signoff is not None
    yield lab.work(procedure.signoff())
    instructors.release(unit)
    trainee.instructor = trainee.signoff_since = None
    if emit.instructor_released is not None:
        emit.instructor_released(ev.InstructorReleased(env.now, trainee.id, unit, seized_at))


def _break_off_signoff(lab: Lab, trainee: Trainee) -> None:
    """A rig failure during a sign-off: hand the instructor back, or leave their queue."""
    sinks = lab.sinks
    pending = lab.pending_signoffs.pop(trainee.id, None)
    if pending is not None:
        lab.instructors.cancel(pending)
    if trainee.waiting_since is not None and trainee.state == TraineeState.AWAITING_SIGNOFF:
        if sinks.instructor_cancelled is not None:
            sinks.instructor_cancelled(
                ev.InstructorCancelled(lab.env.now, trainee.id, trainee.waiting_since)
            )
        trainee.waiting_since = None
    if trainee.instructor is not None and trainee.signoff_since is not None:
        unit = trainee.instructor
        lab.instructors.release(unit)
        if sinks.instructor_released is not None:
            sinks.instructor_released(
                ev.InstructorReleased(lab.env.now, trainee.id, unit, trainee.signoff_since)
            )
        trainee.instructor = trainee.signoff_since = None


#: The verdict on an attempt at a procedure that has no pass rule.
PASSED = (True, "passed")


def _judge(procedure: ProcedureRuntime, errors: int, work: float) -> tuple[bool, str]:
    """The instructor's verdict under the procedure's pass rule."""
    if procedure.max_errors is not None and errors > procedure.max_errors:
        return False, "too many errors"
    if procedure.time_limit is not None and work > procedure.time_limit:
        return False, "over the time limit"
    return True, "passed"

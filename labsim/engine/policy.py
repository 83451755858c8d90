"""Decision sources: who chooses each action of a step and how long it takes.

The trainee workflow is one piece of code (:mod:`labsim.engine.trainee`). What differs
between a simulated trainee and a person at the keyboard is the *policy* that performs a
step: the simulated one draws a time and an error from the scenario's distributions; the
interactive one (in ``labsim play``) waits for the person's actions. Either way the policy
returns a SimPy event that fires when the step is over, with the error made (or ``None``)
as its value; the workflow carries on from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

import simpy

if TYPE_CHECKING:
    from labsim.engine.lab import Lab
    from labsim.engine.runtime import ProcedureRuntime
    from labsim.engine.trainee import Trainee

__all__ = [
    "CRITICAL_ERROR",
    "REWORK",
    "STOPPED",
    "InteractivePolicy",
    "Policy",
    "SimulatedPolicy",
    "StepError",
]


class StepError(NamedTuple):
    """What went wrong in a step: ``critical`` ends the attempt, otherwise it is redone."""

    critical: bool
    rule: str | None = None


#: The outcome of a simulated error on an ordinary step: do it again.
REWORK = StepError(critical=False)
#: The outcome of a simulated error on a critical step: the attempt fails.
CRITICAL_ERROR = StepError(critical=True)
#: A simulated step cut short where the attempt reached five minutes over its time limit:
#: the appraisal stops it there (not an error; the attempt fails over time).
STOPPED = StepError(critical=False, rule="stopped over the time limit")


class Policy(Protocol):
    """Performs one step of a procedure for one trainee."""

    def start_step(
        self, lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int
    ) -> simpy.Event:
        """Begin the step; the event fires when it is over, valued ``None`` or the error."""
        ...

    def abandon_step(self) -> None:
        """The rig failed during the step: forget it (it is started afresh later)."""
        ...


class SimulatedPolicy:
    """Draws step times and errors for the trainee's skill level (with learning)."""

    def draw(
        self, trainee: Trainee, procedure: ProcedureRuntime, index: int
    ) -> tuple[float, StepError | None]:
        """The step's duration in open minutes, and the error made (or ``None``)."""
        step = procedure.steps[index]
        skill = trainee.skill
        minutes = step.time() if step.extra is None else step.time() + step.extra()
        minutes *= skill.time_factor * trainee.practice_factor
        if skill.error_rate and step.uniform() < skill.error_rate:
            return minutes, CRITICAL_ERROR if step.critical else REWORK
        return minutes, None

    def start_step(
        self, lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int
    ) -> simpy.Event:
        """A timeout of the drawn time, carrying the drawn error (or cut short: STOPPED)."""
        minutes, error = self.draw(trainee, procedure, index)
        left = trainee.appraisal_left()
        if left is not None and minutes >= left:
            return lab.work(max(left, 0.0), STOPPED)
        return lab.work(minutes, error)

    def abandon_step(self) -> None:
        """Nothing to forget: the next try is drawn afresh."""


class InteractivePolicy:
    """A person decides each step: the step is over when :meth:`finish_step` is called.

    The interactive session (``labsim play``) owns the rig model the person works on; when
    the person has done what the current step asks (or made an error), the session calls
    :meth:`finish_step`, and the trainee's workflow carries on at that simulated moment,
    exactly as it does for a simulated trainee.
    """

    def __init__(self) -> None:
        self._pending: simpy.Event | None = None
        self.trainee: Trainee | None = None
        self.procedure: ProcedureRuntime | None = None
        self.step_index: int | None = None

    @property
    def awaiting_step(self) -> bool:
        """Whether the workflow is waiting for the person to do a step."""
        return self._pending is not None and not self._pending.triggered

    def start_step(
        self, lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int
    ) -> simpy.Event:
        """Wait for the person."""
        self._pending = lab.env.event()
        self.trainee, self.procedure, self.step_index = trainee, procedure, index
        return self._pending

    def abandon_step(self) -> None:
        """A rig failure ended the wait for the person."""
        self._pending = None
        self.step_index = None

    def finish_step(self, error: StepError | None = None) -> None:
        """The person finished the current step.

        ``error`` says the step must be redone (or, when critical, that the attempt fails).

        Raises:
            RuntimeError: when no step is waiting (a bug in the calling session).
        """
        if self._pending is None or self._pending.triggered:
            raise RuntimeError("no step is waiting for the person")
        self._pending.succeed(error)

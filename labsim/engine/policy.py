"""Decision sources: who chooses each action of a step and how long it takes.

The trainee workflow is one piece of code (:mod:`labsim.engine.trainee`). What differs
between a simulated trainee and a person at the keyboard is the *policy* that performs a
step: the simulated one draws a time and an error from the scenario's distributions; the
interactive one (in ``labsim play``) waits for the person's actions. Both are generators
that the workflow delegates to with ``yield from``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from labsim.engine.lab import Lab
    from labsim.engine.runtime import ProcedureRuntime
    from labsim.engine.trainee import Trainee

__all__ = ["CRITICAL_ERROR", "REWORK", "Policy", "SimulatedPolicy", "StepError"]


class StepError(NamedTuple):
    """What went wrong in a step: ``critical`` ends the attempt, otherwise it is redone."""

    critical: bool
    rule: str | None = None


#: The outcome of a simulated error on an ordinary step: do it again.
REWORK = StepError(critical=False)
#: The outcome of a simulated error on a critical step: the attempt fails.
CRITICAL_ERROR = StepError(critical=True)


class Policy(Protocol):
    """Performs one step of a procedure for one trainee."""

    def perform_step(
        self, lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int
    ) -> Generator[Any, Any, StepError | None]:
        """Take the step's time in the simulation; return ``None`` or the error made."""
        ...


class SimulatedPolicy:
    """Draws step times and errors for the trainee's skill level (with learning).

    Besides :meth:`perform_step` it offers :meth:`draw`, which decides a step in advance;
    the workflow uses it when present to save a generator frame per step (the hot path of
    a long study).
    """

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

    def perform_step(
        self, lab: Lab, trainee: Trainee, procedure: ProcedureRuntime, index: int
    ) -> Generator[Any, Any, StepError | None]:
        """Wait a drawn time; an error happens with the skill's error rate."""
        minutes, error = self.draw(trainee, procedure, index)
        yield lab.work(minutes)
        return error

"""A trainee: identity and live progress, as views, inspectors and the workflow read it.

The workflow that moves a trainee through the lab is :mod:`labsim.engine.workflow`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.engine.plan import SkillPlan

if TYPE_CHECKING:
    from labsim.engine.policy import Policy

__all__ = ["Trainee", "TraineeState"]


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
        skill: SkillPlan,
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

    def appraisal_left(self) -> float | None:
        """Open minutes the attempt under way may still take before it is stopped over time.

        ``None``: no time limit applies (as here; the workflow's trainee keeps the clock).
        """
        return None

    def __repr__(self) -> str:
        return f"Trainee({self.id!r}, {self.state})"

"""What the engine needs of a scenario, as plain immutable records: the lab's plan.

A :class:`~labsim.scenarios.models.Scenario` is the validated file, with texts, languages,
rig models and everything a person reads; the engine needs a small part of it (counts,
times, plans and rules). :meth:`LabPlan.of` copies that part once. The plan holds nothing
but numbers, strings and :class:`~labsim.durations.DurationSpec`, so it is cheap to build,
it can be kept between runs as plain data (:mod:`labsim.scenarios.cache`), and a run made
from a kept plan never imports the scenario validators. The records are named tuples:
a run imports them on every start, and a named tuple class costs a fraction of a
dataclass to define.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from labsim.durations import DurationSpec

if TYPE_CHECKING:
    from labsim.scenarios.distributions import Distribution
    from labsim.scenarios.models import Cohort, Procedure, RigGroup, Scenario

__all__ = [
    "CohortPlan",
    "FailurePlan",
    "LabPlan",
    "ProcedurePlan",
    "RigPlan",
    "RunPlan",
    "SkillPlan",
    "StepPlan",
]


def _spec(dist: Distribution | None) -> DurationSpec | None:
    return None if dist is None else dist.spec


class RunPlan(NamedTuple):
    """How long the run lasts and when the lab is open.

    Continuous: open round the clock for ``duration`` minutes, after ``warmup`` minutes whose
    statistics are discarded. Otherwise ``days`` days open from ``opens`` to ``closes``
    (minutes after midnight) but for the ``breaks``.
    """

    continuous: bool
    duration: float
    warmup: float
    days: int
    opens: float
    closes: float
    breaks: tuple[tuple[float, float], ...]


class SkillPlan(NamedTuple):
    """A skill level: how much longer than written, how often wrong, how fast it improves."""

    id: str
    time_factor: float
    error_rate: float
    learning: float


class FailurePlan(NamedTuple):
    """Open time between failures of one rig, and the time to repair it."""

    between: DurationSpec
    repair: DurationSpec


class RigPlan(NamedTuple):
    """A group of ``units`` identical rigs."""

    id: str
    units: int
    failures: FailurePlan | None


class StepPlan(NamedTuple):
    """One step of a procedure."""

    id: str
    action: str
    critical: bool
    time: DurationSpec


class ProcedurePlan(NamedTuple):
    """A procedure on a rig group, with its sign-off and pass rule.

    ``diagnosis`` is the extra time of a fault-finding exercise, spent at its ``diagnose``
    step (the first step if none is). ``pass_mark`` is the appraisal score (out of 100) an
    attempt needs to pass.
    """

    id: str
    rig: str
    steps: tuple[StepPlan, ...]
    diagnosis: DurationSpec | None
    signoff: DurationSpec | None
    max_errors: int | None
    time_limit: float | None
    pass_mark: float


class CohortPlan(NamedTuple):
    """Trainees that come together (``arrive`` on ``day``) or as a stream (``every``)."""

    id: str
    skill: str
    plan: tuple[str, ...]
    max_attempts: int
    size: int | None
    arrive: float | None
    day: int
    every: DurationSpec | None


class LabPlan(NamedTuple):
    """The part of a scenario the engine simulates."""

    name: str
    seed: int
    run: RunPlan
    rigs: tuple[RigPlan, ...]
    instructors: int
    procedures: tuple[ProcedurePlan, ...]
    skills: tuple[SkillPlan, ...]
    cohorts: tuple[CohortPlan, ...]

    @property
    def warmup(self) -> float:
        """Minutes of warm-up whose statistics are discarded."""
        return self.run.warmup

    @classmethod
    def of(cls, scenario: Scenario) -> LabPlan:
        """Copy what the engine needs of ``scenario``."""
        return cls(
            name=scenario.name,
            seed=scenario.seed,
            run=_run(scenario),
            rigs=tuple(_rig(group) for group in scenario.rigs),
            instructors=scenario.instructors.count,
            procedures=tuple(_procedure(p) for p in scenario.procedures),
            skills=tuple(
                SkillPlan(sid, s.time_factor, s.error_rate, s.learning)
                for sid, s in scenario.skills.items()
            ),
            cohorts=tuple(_cohort(c) for c in scenario.cohorts),
        )


def _run(scenario: Scenario) -> RunPlan:
    from labsim.scenarios.models import ContinuousRun

    run = scenario.run
    if isinstance(run, ContinuousRun):
        return RunPlan(True, run.duration, run.warmup, 0, 0.0, 0.0, ())
    breaks = tuple((b.start, b.end) for b in run.breaks)
    return RunPlan(False, 0.0, 0.0, run.days, run.day.opens, run.day.closes, breaks)


def _rig(group: RigGroup) -> RigPlan:
    failures = group.failures
    if failures is None:
        return RigPlan(group.id, group.count, None)
    return RigPlan(
        group.id, group.count, FailurePlan(failures.time_between.spec, failures.repair.spec)
    )


def _procedure(procedure: Procedure) -> ProcedurePlan:
    exercise = procedure.exercise
    return ProcedurePlan(
        id=procedure.id,
        rig=procedure.rig,
        steps=tuple(StepPlan(s.id, s.action, s.critical, s.time.spec) for s in procedure.steps),
        diagnosis=_spec(exercise.diagnosis) if exercise is not None else None,
        signoff=_spec(procedure.signoff),
        max_errors=procedure.pass_rule.max_errors,
        time_limit=procedure.pass_rule.time_limit,
        pass_mark=float(procedure.pass_rule.pass_mark),
    )


def _cohort(cohort: Cohort) -> CohortPlan:
    every = cohort.arrivals.every.spec if cohort.arrivals is not None else None
    return CohortPlan(
        id=cohort.id,
        skill=cohort.skill,
        plan=tuple(cohort.plan),
        max_attempts=cohort.max_attempts,
        size=cohort.size,
        arrive=cohort.arrive,
        day=cohort.day,
        every=every,
    )

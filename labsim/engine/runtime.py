"""A procedure of the plan bound to its rig pool and samplers, ready for the processes.

Built per replication, and per procedure only when a trainee first needs it (a lab may ship
a library of procedures its cohorts never practise), so that the processes touch only
attributes and call samplers in their inner loops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from labsim.engine.metrics import (
    BELOW_MARK,
    OVER_TIME,
    PASSED,
    TOO_MANY_ERRORS,
    UnitStats,
)
from labsim.engine.plan import ProcedurePlan
from labsim.engine.pools import RigPool
from labsim.engine.streams import BlockSampler, RandomStreams

__all__ = ["ProcedureRuntime", "StepRuntime", "compile_procedure"]


@dataclass(frozen=True, slots=True)
class StepRuntime:
    """One step with its own time and error streams."""

    id: str
    action: str
    critical: bool
    time: BlockSampler
    uniform: BlockSampler
    #: Extra time a simulated trainee spends on this step: finding the fault of an exercise.
    extra: BlockSampler | None = None


@dataclass(frozen=True, slots=True)
class ProcedureRuntime:
    """A procedure bound to its rig pool and random streams."""

    id: str
    group: str
    pool: RigPool
    #: The figures of the rig group (waits, holding times), updated as rigs are used.
    stats: UnitStats
    steps: tuple[StepRuntime, ...]
    signoff: BlockSampler | None
    #: The verdict on a finished attempt from its errors and appraisal minutes (the
    #: appraisal sheet, :mod:`labsim.appraisal`).
    judge: Callable[[int, float], str]
    #: Appraisal minutes at which an attempt is stopped (five over the time limit), or None.
    stop_at: float | None


def compile_procedure(
    procedure: ProcedurePlan, pool: RigPool, stats: UnitStats, streams: RandomStreams
) -> ProcedureRuntime:
    """Bind a procedure to its pool, with named streams per procedure (common random numbers).

    In a fault-finding exercise the diagnosis time goes to the step whose action is
    ``diagnose`` (the first step if none is), because that is where a trainee hunts.
    """
    diagnosis = procedure.diagnosis
    hunting = next((i for i, s in enumerate(procedure.steps) if s.action == "diagnose"), 0)
    steps = tuple(
        StepRuntime(
            id=step.id,
            action=step.action,
            critical=step.critical,
            time=streams.sampler(f"steps/{procedure.id}", step.time),
            uniform=streams.uniforms(f"errors/{procedure.id}"),
            extra=(
                streams.sampler(f"diagnosis/{procedure.id}", diagnosis)
                if diagnosis is not None and index == hunting
                else None
            ),
        )
        for index, step in enumerate(procedure.steps)
    )
    signoff = (
        streams.sampler(f"signoff/{procedure.id}", procedure.signoff)
        if procedure.signoff is not None
        else None
    )
    return ProcedureRuntime(
        id=procedure.id,
        group=procedure.rig,
        pool=pool,
        stats=stats,
        steps=steps,
        signoff=signoff,
        judge=_judge(procedure),
        stop_at=_stop_at(procedure),
    )


def _stop_at(procedure: ProcedurePlan) -> float | None:
    if procedure.time_limit is None:
        return None
    from labsim.appraisal import ScoreRules

    return procedure.time_limit + ScoreRules().stop_after


def _judge(procedure: ProcedurePlan) -> Callable[[int, float], str]:
    """The appraisal sheet's verdict on a simulated attempt that did every step.

    A simulated trainee takes no hints and never leaves a step undone (an attempt stopped
    over time or ended by a critical error is judged where it ends), so errors and the
    minutes over the limit are all the sheet deducts for. An attempt with neither passes at
    once: a plain queueing study never loads the sheet.
    """
    standard = tuple(step.time.mean for step in procedure.steps)
    limit, mark, most = procedure.time_limit, procedure.pass_mark, procedure.max_errors

    def judge(errors: int, worked: float) -> str:
        if not errors and (limit is None or worked <= limit):
            return PASSED
        from labsim.appraisal import score_attempt

        card = score_attempt(
            standard_minutes=standard,
            steps_done=len(standard),
            errors=errors,
            critical=False,
            hints=0,
            elapsed=worked,
            time_limit=limit,
            pass_mark=mark,
            max_errors=most,
        )
        return _REASONS[card.verdict]

    return judge


#: The engine's reason for each verdict the sheet can give a simulated attempt that did
#: every step without a critical error (those end in the workflow, before any judging).
_REASONS = {
    "passed": PASSED,
    "stopped": OVER_TIME,
    "errors": TOO_MANY_ERRORS,
    "below": BELOW_MARK,
}

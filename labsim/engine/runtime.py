"""A procedure of the plan bound to its rig pool and samplers, ready for the processes.

Built per replication, and per procedure only when a trainee first needs it (a lab may ship
a library of procedures its cohorts never practise), so that the processes touch only
attributes and call samplers in their inner loops.
"""

from __future__ import annotations

from dataclasses import dataclass

from labsim.engine.metrics import UnitStats
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
    max_errors: int | None
    time_limit: float | None
    #: Whether the instructor applies a pass rule (else every finished attempt passes).
    judged: bool


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
        max_errors=procedure.max_errors,
        time_limit=procedure.time_limit,
        judged=procedure.max_errors is not None or procedure.time_limit is not None,
    )

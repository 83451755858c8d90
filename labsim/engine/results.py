"""The figures of one replication, as typed frozen records.

:class:`RunSummary` is what ``labsim run --format json`` prints (:meth:`RunSummary.to_dict`)
and what a study stores per replication (:func:`flatten`: ``rigs.zd6.wait_mean_min``). The
nesting of the records is the nesting of the JSON, field order included, so the names of
the flat metrics are the paths of the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

__all__ = [
    "ErrorFigures",
    "InstructorFigures",
    "ProcedureFigures",
    "ProcedureTotals",
    "RigFigures",
    "RunFigures",
    "RunSummary",
    "TraineeFigures",
    "flatten",
]


@dataclass(frozen=True, slots=True)
class TraineeFigures:
    """Trainees over the statistics window."""

    arrived: int
    certified: int
    failed_out: int
    in_progress: int
    in_lab_at_start: int


@dataclass(frozen=True, slots=True)
class ProcedureFigures:
    """Attempts at one procedure; the ``failed_*`` counts say why attempts failed.

    ``first_pass_rate`` is the share of trainees' first attempts at it that passed. The
    reasons are the appraisal sheet's (:mod:`labsim.appraisal`): stopped five minutes over
    the time limit, a critical (veto) error, more errors than the pass rule allows, or a
    score below the pass mark (errors and minutes over the limit cost points).
    """

    attempts: int
    passed: int
    failed: int
    work_mean_min: float
    first_pass_rate: float
    failed_time_limit: int
    failed_critical: int
    failed_errors: int
    failed_below_mark: int


@dataclass(frozen=True, slots=True)
class ProcedureTotals:
    """Attempts at all procedures, and per procedure."""

    attempts: int
    passed: int
    failed: int
    by_id: Mapping[str, ProcedureFigures]


@dataclass(frozen=True, slots=True)
class RigFigures:
    """One rig group: use, breakdowns and the queue for it (waits per request)."""

    count: int
    utilization: float
    broken_fraction: float
    failures: int
    requests: int
    wait_mean_min: float
    wait_p95_min: float
    queue_mean: float


@dataclass(frozen=True, slots=True)
class InstructorFigures:
    """The instructors: use and the queue for a sign-off."""

    count: int
    utilization: float
    requests: int
    wait_mean_min: float
    queue_mean: float


@dataclass(frozen=True, slots=True)
class ErrorFigures:
    """Errors made (critical ones end an attempt)."""

    total: int
    critical: int


@dataclass(frozen=True, slots=True)
class RunFigures:
    """Everything measured over the statistics window (open time)."""

    open_minutes: float
    trainees: TraineeFigures
    procedures: ProcedureTotals
    rigs: Mapping[str, RigFigures]
    instructors: InstructorFigures
    errors: ErrorFigures


@dataclass(frozen=True)
class RunSummary:
    """The figures of one replication (what ``labsim run --format json`` prints)."""

    scenario: str
    seed: int
    replication: int
    sim_minutes: float
    warmup_minutes: float
    figures: RunFigures

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable key order; floats rounded to 6 decimals."""
        nested: dict[str, Any] = _plain(self)
        figures = nested.pop("figures")
        return {**nested, **figures}

    def metrics(self) -> dict[str, float | int]:
        """The figures as flat metrics: ``{"rigs.zd6.wait_mean_min": 12.5, ...}``."""
        return flatten(self.to_dict())


#: Keys of a summary that identify the run rather than measure it (the runs table has
#: columns of its own for them).
IDENTITY_KEYS = frozenset({"scenario", "seed", "replication"})


def flatten(summary: Mapping[str, Any], prefix: str = "") -> dict[str, float | int]:
    """``{"rigs": {"zd6": {"utilization": 0.8}}}`` -> ``{"rigs.zd6.utilization": 0.8}``.

    Leaves that identify the run (scenario name, seed, replication) are left out; booleans
    become 0/1; text is left out.
    """
    out: dict[str, float | int] = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}."))
        elif not prefix and key in IDENTITY_KEYS:
            continue
        elif isinstance(value, bool):
            out[name] = int(value)
        elif isinstance(value, int | float):
            out[name] = value
    return out


def _plain(value: Any) -> Any:
    """Records and mappings as nested dicts (field order kept); floats rounded."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value

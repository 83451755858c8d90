"""A study from start to finish: validate everything, then run replications into the store.

:func:`prepare_study` does every check that can fail on bad input (sweep paths and values,
metric names) before anything runs. :func:`run_study` deals the missing replications out
to an executor in chunks, appends each finished chunk to the store at once, and, with
``--reps auto``, keeps adding replications until the chosen metrics are precise enough
(every point always has the same replications, so comparisons stay paired).
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from labsim.engine.plan import LabPlan
from labsim.errors import StudyError, shown
from labsim.experiments.design import Factor, SweepPoint, full_factorial, point_scenarios
from labsim.experiments.executors import Executor
from labsim.experiments.progress import Progress
from labsim.experiments.runner import Chunk, ChunkResult, Record, metric_names, run_chunk
from labsim.experiments.seeds import chunk_tasks, pending_tasks
from labsim.experiments.stats import Estimate, estimate, next_sample_size
from labsim.experiments.store import ResultStore, identity_hash
from labsim.limits import MAX_POINTS, MAX_REPLICATIONS, MAX_RUNS
from labsim.scenarios.loader import LoadedScenario
from labsim.scenarios.models import Scenario

__all__ = [
    "Outcome",
    "Replications",
    "Study",
    "StudySpec",
    "prepare_study",
    "run_study",
]


def _within(setting: str, value: int, low: int, high: int = MAX_REPLICATIONS) -> None:
    if not low <= value <= high:
        raise StudyError(setting, f"must be between {low:,} and {high:,} (got {shown(value)})")


def _bounded(spec: StudySpec) -> None:
    """Refuse a study too large to hold, before its points are built."""
    points = math.prod(len(f.values) for f in spec.factors)
    if points > MAX_POINTS:
        raise StudyError("factors", f"{points:,} sweep points; a study has at most {MAX_POINTS:,}")
    runs = points * spec.replications.most
    if runs > MAX_RUNS:
        raise StudyError(
            "replications",
            f"{points:,} sweep point(s) x {spec.replications.most:,} replications = {runs:,} "
            f"runs; a study holds at most {MAX_RUNS:,} (split it into several studies)",
        )


@dataclass(frozen=True)
class Replications:
    """How many replications each sweep point gets.

    ``fixed`` replications, or (``fixed`` is ``None``) a sequential procedure: start with
    ``start``, add until every chosen metric's half-width is within ``precision`` of its
    mean at every point, never beyond ``cap``.
    """

    fixed: int | None = 10
    precision: float = 0.05
    start: int = 10
    cap: int = 200

    def __post_init__(self) -> None:
        if self.fixed is not None:
            _within("replications", self.fixed, 1)
            return
        if not 0.0 < self.precision < 1.0:
            raise StudyError(
                "precision", f"must be between 0% and 100% (got {shown(self.precision)})"
            )
        _within("min_replications", self.start, 2)
        _within("max_replications", self.cap, self.start)

    @property
    def most(self) -> int:
        """The most replications a point may get."""
        return self.fixed if self.fixed is not None else self.cap

    def identity(self) -> dict[str, Any]:
        """What of this decides which replications run (for the manifest)."""
        if self.fixed is not None:
            return {"reps": self.fixed}
        return {"reps": "auto", "precision": self.precision, "start": self.start, "cap": self.cap}


@dataclass(frozen=True)
class StudySpec:
    """Everything that defines a study's results."""

    base: LoadedScenario
    factors: tuple[Factor, ...] = ()
    seed: int = 0
    replications: Replications = field(default_factory=Replications)
    confidence: float = 0.95
    metrics: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 < self.confidence < 1.0:
            raise StudyError(
                "confidence", f"must be between 0 and 1 (got {shown(self.confidence)})"
            )

    def identity(self) -> dict[str, Any]:
        """The study's identity for ``--resume`` checks, as plain JSON data."""
        identity = {
            "scenario": identity_hash(self.base.data),
            "factors": [[f.path, list(f.values)] for f in self.factors],
            "seed": self.seed,
            "replications": self.replications.identity(),
            "confidence": self.confidence,
            "metrics": list(self.metrics),
            "labsim": _version(),
        }
        loaded: dict[str, Any] = json.loads(json.dumps(identity, default=str))
        return loaded


def _version() -> str:
    """The installed labsim version (results of another version are not mixed in)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("labsim")
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Study:
    """A checked study: its sweep points with the plans of their validated scenarios.

    A plan is what a worker simulates: made once per point here, not once per replication,
    and sent to workers without the scenario's texts (they need not import the validators).
    """

    spec: StudySpec
    points: list[SweepPoint]
    plans: list[LabPlan]
    metrics: tuple[str, ...]
    available: tuple[str, ...]


@dataclass
class Outcome:
    """How a study went."""

    replications: int = 0
    finished: int = 0
    failed: int = 0
    ran: int = 0
    precision_met: bool | None = None
    stages: list[int] = field(default_factory=list)


def default_metrics(scenario: Scenario) -> tuple[str, ...]:
    """Certified trainees and every rig group's mean wait: what most studies ask about."""
    return ("trainees.certified", *(f"rigs.{g.id}.wait_mean_min" for g in scenario.rigs))


def prepare_study(spec: StudySpec) -> Study:
    """Build and validate every sweep point and check the metric names.

    Raises:
        OverrideError: for a bad sweep path.
        StudyError: for an unknown metric, or a study larger than ``MAX_RUNS``.
        ScenarioError: for a sweep value that does not validate.
    """
    from labsim.experiments.design import check_factors

    check_factors(spec.factors, spec.base.data)
    _bounded(spec)
    points = full_factorial(spec.factors)
    loaded = point_scenarios(spec.base, points)
    plans = [LabPlan.of(item.scenario) for item in loaded]
    available: dict[str, None] = {}
    for plan in plans:
        available.update(dict.fromkeys(metric_names(plan)))
    metrics = spec.metrics or default_metrics(spec.base.scenario)
    for name in metrics:
        if name not in available:
            close = difflib.get_close_matches(name, list(available), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise StudyError(
                "metric",
                f"no such metric{hint} (metrics are the flattened paths of a run's JSON "
                "summary, e.g. trainees.certified, rigs.GROUP.wait_mean_min)",
                value=name,
            )
    return Study(spec, points, plans, tuple(metrics), tuple(available))


def run_study(
    study: Study,
    store: ResultStore,
    executor: Executor,
    progress: Progress,
    *,
    chunk_size: int | None = None,
) -> Outcome:
    """Run the replications the store lacks; return how it went.

    A ``KeyboardInterrupt`` propagates; everything finished before it is in the store.
    """
    spec = study.spec
    reps = spec.replications
    points = len(study.points)
    values = _Values(study.metrics)
    for record in store.records():
        values.add(record)
    outcome = Outcome()
    n = reps.fixed if reps.fixed is not None else reps.start
    store.log(f"study of {points} point(s) on {executor.description}")
    while True:
        outcome.stages.append(n)
        tasks = pending_tasks(points, range(n), store.done)
        progress.update(points * n - len(tasks), points * n)
        chunks = (
            Chunk(spec.seed, chunk, {t.point: study.plans[t.point] for t in chunk})
            for chunk in chunk_tasks(tasks, executor.workers, chunk_size)
        )
        for result in executor.map_unordered(run_chunk, chunks, window=2 * executor.workers):
            fresh = store.append(result.records)
            for record in fresh:
                values.add(record)
                if record.error is not None:
                    store.log(f"replication {record.key} failed: {record.detail or record.error}")
            outcome.ran += len(fresh)
            _log_chunk(store, result)
            progress.advance(len(fresh))
        if reps.fixed is not None:
            break
        following = next_sample_size(
            values.estimates(points, n, spec.confidence), reps.precision, n, reps.cap
        )
        if following is None:
            outcome.precision_met = values.precise(points, n, spec.confidence, reps.precision)
            break
        store.log(f"{n} replications are not precise enough; going on to {following}")
        n = following
    outcome.replications = n
    outcome.finished = sum(1 for p, r in store.done if p < points and r < n)
    outcome.failed = store.failed
    return outcome


def _log_chunk(store: ResultStore, result: ChunkResult) -> None:
    keys = ", ".join(f"{r.point}/{r.replication}" for r in result.records[:3])
    more = f" (+{len(result.records) - 3})" if len(result.records) > 3 else ""
    store.log(
        f"{len(result.records)} replication(s) {keys}{more} on {result.host} "
        f"pid {result.pid} in {result.seconds:.2f} s"
    )


class _Values:
    """The chosen metrics' values by point and replication (all the stopping rule needs)."""

    def __init__(self, metrics: Sequence[str]) -> None:
        self.metrics = tuple(metrics)
        self._by: dict[tuple[int, str], dict[int, float]] = {}

    def add(self, record: Record) -> None:
        if record.error is not None:
            return
        for name in self.metrics:
            value = record.metrics.get(name)
            if value is not None:
                self._by.setdefault((record.point, name), {})[record.replication] = float(value)

    def _each(self, points: int, n: int, confidence: float) -> Iterator[Estimate]:
        for point in range(points):
            for name in self.metrics:
                got = self._by.get((point, name), {})
                yield estimate((v for r, v in sorted(got.items()) if r < n), confidence)

    def estimates(self, points: int, n: int, confidence: float) -> list[Estimate]:
        return list(self._each(points, n, confidence))

    def precise(self, points: int, n: int, confidence: float, precision: float) -> bool:
        from labsim.experiments.stats import relative_half_width

        return all(relative_half_width(e) <= precision for e in self._each(points, n, confidence))

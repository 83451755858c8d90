"""What a worker does: run a chunk of replications and return one flat record for each.

This module is what process-pool and Dask workers import, so it stays light. A
replication that raises becomes a record with the error text instead of metrics; the
other replications of the chunk carry on. Records are plain data (picklable, JSON-able).
"""

from __future__ import annotations

import json
import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from labsim.engine import Lab, simulate
from labsim.engine.plan import LabPlan
from labsim.engine.results import flatten
from labsim.experiments.seeds import Task

__all__ = [
    "Chunk",
    "ChunkResult",
    "Metrics",
    "Record",
    "flatten",
    "metric_names",
    "run_chunk",
    "run_replication",
]

Metrics = dict[str, int | float]


@dataclass(frozen=True)
class Record:
    """The outcome of one replication: its metrics, or the error it raised.

    ``detail`` (the traceback) goes to the log and the store, never to the runs table.
    """

    point: int
    replication: int
    seed: int
    metrics: Metrics = field(default_factory=dict)
    error: str | None = None
    detail: str | None = None

    @property
    def key(self) -> tuple[int, int]:
        """``(point, replication)``: what makes a record unique in a study."""
        return (self.point, self.replication)

    def to_json(self) -> str:
        """One line of the results store."""
        body: dict[str, Any] = {
            "point": self.point,
            "replication": self.replication,
            "seed": self.seed,
            "error": self.error,
            "metrics": self.metrics,
        }
        if self.detail is not None:
            body["detail"] = self.detail
        return json.dumps(body, separators=(",", ":"), allow_nan=True)

    @classmethod
    def from_json(cls, line: str) -> Record:
        """Read a line written by :meth:`to_json`.

        Raises:
            ValueError: when the line is not such a record (e.g. torn by a crash).
        """
        body = json.loads(line)
        if not isinstance(body, dict) or not isinstance(body.get("metrics"), dict):
            raise ValueError("not a replication record")
        return cls(
            point=int(body["point"]),
            replication=int(body["replication"]),
            seed=int(body["seed"]),
            metrics=body["metrics"],
            error=body.get("error"),
            detail=body.get("detail"),
        )


@dataclass(frozen=True)
class Chunk:
    """A task for a worker: some replications, with the plans of their sweep points."""

    seed: int
    tasks: tuple[Task, ...]
    plans: dict[int, LabPlan]


@dataclass(frozen=True)
class ChunkResult:
    """The records of a chunk, with where and how long it ran (for the log only)."""

    records: tuple[Record, ...]
    host: str
    pid: int
    seconds: float


def run_replication(plan: LabPlan, seed: int, replication: int) -> Metrics:
    """Simulate one replication and flatten its summary (``rigs.zd6.wait_mean_min``: ...)."""
    return simulate(plan, seed=seed, replication=replication).metrics()


def run_chunk(chunk: Chunk) -> ChunkResult:
    """Run every replication of ``chunk``; one that raises is recorded, not propagated."""
    started = time.perf_counter()
    records = []
    for task in chunk.tasks:
        try:
            metrics = run_replication(chunk.plans[task.point], chunk.seed, task.replication)
        except Exception as error:  # a replication's failure is data, not a crash
            records.append(
                Record(
                    task.point,
                    task.replication,
                    chunk.seed,
                    error=f"{type(error).__name__}: {error}",
                    detail=traceback.format_exc(),
                )
            )
        else:
            records.append(Record(task.point, task.replication, chunk.seed, metrics))
    return ChunkResult(
        tuple(records), socket.gethostname(), os.getpid(), time.perf_counter() - started
    )


def metric_names(plan: LabPlan) -> list[str]:
    """Every metric a replication of ``plan`` reports, without running it."""
    return list(Lab(plan).summary().metrics())

"""Which random numbers each replication uses, and how replications are dealt to workers.

The engine derives every named stream of a run (arrivals, each step's times and errors,
each rig's failures) from ``SeedSequence(seed, spawn_key=(replication, crc32(name)))``
(see :mod:`labsim.engine.streams`). A study passes the *same* seed to every sweep point
and ``replication=r`` to its ``r``-th replication, so:

- replication ``r`` of every sweep point draws the same arrivals and step times where
  the points agree (common random numbers), which sharpens comparisons between points;
- a replication's result depends only on its point's scenario, the seed and ``r``, never
  on the worker, the executor or the order it ran in: any split of the work gives the
  same runs table.

Replications are handed out in chunks so that a worker runs many small ones per task;
chunks shrink towards the end of a batch (guided self-scheduling) so that no worker is left
with a long tail while the others idle.
"""

from __future__ import annotations

import math
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING, NamedTuple

from labsim.errors import StudyError, shown

if TYPE_CHECKING:
    from labsim.scenarios.models import Scenario

__all__ = ["MAX_CHUNK", "Task", "chunk_sizes", "chunk_tasks", "pending_tasks", "study_seed"]

#: Largest number of replications in one task; beyond this the gain is nil and a kill loses more.
MAX_CHUNK = 64


class Task(NamedTuple):
    """Replication ``replication`` of sweep point ``point``."""

    point: int
    replication: int


def study_seed(scenario: Scenario, override: int | None = None) -> int:
    """The seed every replication of the study uses: ``override`` or the scenario's.

    Raises:
        StudyError: for a seed outside ``0 <= seed < 2**63``.
    """
    seed = scenario.seed if override is None else override
    if not 0 <= seed < 2**63:
        raise StudyError("seed", f"must be between 0 and 2**63 - 1 (got {shown(seed)})")
    return seed


def pending_tasks(
    points: int, replications: range, done: Container[tuple[int, int]] = ()
) -> list[Task]:
    """The tasks of ``replications`` at every point not yet in ``done``, point by point."""
    return [
        Task(point, rep)
        for point in range(points)
        for rep in replications
        if (point, rep) not in done
    ]


def chunk_sizes(total: int, workers: int, fixed: int | None = None) -> list[int]:
    """Sizes of consecutive chunks covering ``total`` tasks.

    With ``fixed``, every chunk has that size (the last one the rest). Otherwise each chunk
    takes a quarter of a worker's fair share of what remains, between 1 and
    :data:`MAX_CHUNK`, so early chunks are large (little overhead) and late ones small
    (a short tail). One worker gets steady chunks, since there is nobody to balance with.
    """
    sizes: list[int] = []
    remaining = total
    while remaining > 0:
        if fixed is not None:
            size = fixed
        elif workers <= 1:
            size = MAX_CHUNK // 4
        else:
            size = math.ceil(remaining / (4 * workers))
        size = max(1, min(size, MAX_CHUNK, remaining))
        sizes.append(size)
        remaining -= size
    return sizes


def chunk_tasks(
    tasks: Sequence[Task], workers: int, fixed: int | None = None
) -> list[tuple[Task, ...]]:
    """Split ``tasks`` (kept in order) into chunks sized by :func:`chunk_sizes`."""
    chunks: list[tuple[Task, ...]] = []
    start = 0
    for size in chunk_sizes(len(tasks), workers, fixed):
        chunks.append(tuple(tasks[start : start + size]))
        start += size
    return chunks

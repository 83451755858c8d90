"""Percentiles of a stream of waits in bounded memory, with a stated error.

A study may seize a rig millions of times; keeping every wait for ``wait_p95_min`` grew a
long run's memory without bound. :class:`StreamingQuantile` keeps the waits exactly while
there are at most :data:`EXACT_LIMIT` of them (every shipped scenario, and any run a person
reads a table of), so its percentile is then exactly ``numpy.percentile``'s (linear
interpolation). Beyond that it folds them, in blocks, into a fixed histogram:

- a bin for waits of exactly zero (an M/M/c queue has many), counted exactly;
- :data:`BINS` logarithmic bins from :data:`LOW` to :data:`HIGH` minutes, each
  :data:`RATIO` times as wide as the one before; plus one bin below LOW and one above HIGH.

A percentile read from the histogram is interpolated inside its bin, so it is within
``RATIO - 1`` (0.5 %) of the exact value, relative, or within LOW (0.001 min) absolute for
waits below LOW. Memory is the histogram (about 37 KB) plus one block.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["EXACT_LIMIT", "HIGH", "LOW", "RATIO", "StreamingQuantile"]

#: Waits kept exactly before switching to the histogram.
EXACT_LIMIT = 65_536
#: Smallest and largest bin edges (minutes): 0.06 s to 19 years.
LOW = 1e-3
HIGH = 1e7
#: Each bin is this many times as wide as the one before: the relative error bound.
RATIO = 1.005
_LOG_RATIO = math.log(RATIO)
BINS = math.ceil(math.log(HIGH / LOW) / _LOG_RATIO)
#: Waits folded into the histogram at a time once it is in use.
_BLOCK = 4096


class StreamingQuantile:
    """Collects non-negative values (``add``); reads a percentile at any time."""

    __slots__ = ("_counts", "_pending", "_zeros", "add", "count")

    def __init__(self) -> None:
        self._pending: list[float] = []
        self.add = self._pending.append
        self.count = 0
        self._counts: np.ndarray | None = None
        self._zeros = 0

    def __len__(self) -> int:
        return self.count + len(self._pending)

    @property
    def exact(self) -> bool:
        """Whether every value is still kept (percentiles are exact)."""
        return self._counts is None

    def fold(self) -> None:
        """Move kept values into the histogram once there are too many (call it now and then).

        The engine calls it at every seizure's bookkeeping point cheaply: it does nothing
        until :data:`EXACT_LIMIT` values (then :data:`_BLOCK`) wait to be folded.
        """
        limit = EXACT_LIMIT if self._counts is None else _BLOCK
        if len(self._pending) >= limit:
            self._fold_pending()

    def _fold_pending(self) -> None:
        values = np.asarray(self._pending, dtype=float)
        if self._counts is None:
            self._counts = np.zeros(BINS + 2, dtype=np.int64)
        positive = values[values > 0]
        self._zeros += int(values.size - positive.size)
        index = np.floor(np.log(np.maximum(positive, LOW / 2) / LOW) / _LOG_RATIO) + 1
        index = np.clip(np.where(positive < LOW, 0, index), 0, BINS + 1).astype(np.int64)
        self._counts += np.bincount(index, minlength=BINS + 2)
        self.count += int(values.size)
        self._pending.clear()

    def percentile(self, q: float, also: list[float] | None = None) -> float:
        """The ``q``-th percentile (0-100) of the values so far and ``also``; 0 if none.

        ``also`` are values counted for this answer only (waits still going on at the end).
        """
        if also:
            return self._copy(also).percentile(q)
        if self._counts is None:
            return _exact_percentile(self._pending, q)
        if self._pending:
            self._fold_pending()
        return self._histogram_percentile(q)

    def _copy(self, more: list[float]) -> StreamingQuantile:
        other = StreamingQuantile()
        other._pending.extend(self._pending)
        other._pending.extend(more)
        if self._counts is not None:
            other._counts = self._counts.copy()
            other._zeros, other.count = self._zeros, self.count
        return other

    def _histogram_percentile(self, q: float) -> float:
        counts = self._counts
        assert counts is not None
        rank = q / 100 * (self.count - 1)  # the same rank numpy's linear method reads
        if rank < self._zeros:
            return 0.0
        cumulative = np.cumsum(counts) + self._zeros
        b = int(np.searchsorted(cumulative, rank, side="right"))
        below = float(cumulative[b - 1]) if b > 0 else float(self._zeros)
        inside = (rank - below) / counts[b] if counts[b] else 0.0
        low, high = _edges(b)
        return low + (high - low) * inside


def _edges(b: int) -> tuple[float, float]:
    """The wait range of histogram bin ``b``."""
    if b == 0:
        return 0.0, LOW
    if b > BINS:
        return HIGH, HIGH
    return LOW * RATIO ** (b - 1), LOW * RATIO**b


def _exact_percentile(values: list[float], q: float) -> float:
    """``numpy.percentile(values, q)`` (linear) without importing ``numpy.ma``."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    a, b = ordered[low], ordered[high]
    t = rank - low
    return a + (b - a) * t if t < 0.5 else b - (b - a) * (1 - t)

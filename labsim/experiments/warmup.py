"""How long a continuous run's warm-up should be: MSER-5 and Welch's method.

A continuous run starts with an empty lab, so its first hours show shorter queues than
the lab's long-run state; their statistics must be thrown away (``run: {warmup: ...}``).
To choose that length, a few replications run *without* warm-up and record, in equal
time buckets, the mean number of trainees waiting for a rig (``queue``) or the mean wait
of those who got one (``wait``); the buckets are averaged over the replications.

- **MSER-5** (White 1997; Franklin & White 2008) batches that series in fives and picks
  the truncation point that minimises the squared standard error of the mean of what is
  left; points beyond the first half are never chosen (too little data to trust).
- **Welch's method** (Law & Kelton) smooths the averaged series with a moving window and
  takes the first point after which the curve stays within a band of its final level; the
  plot is the real tool, the number a starting point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from labsim.engine import Lab
from labsim.engine import events as ev
from labsim.errors import StudyError, shown
from labsim.limits import MAX_BUCKETS, MAX_WARMUP_REPS
from labsim.scenarios.models import ContinuousRun, Scenario
from labsim.units import format_duration

__all__ = [
    "MEASURES",
    "METHODS",
    "Series",
    "WarmupEstimate",
    "collect_series",
    "estimate_warmup",
    "mser",
    "nice_duration",
    "warmup_plot",
    "welch_smooth",
    "welch_truncation",
]

MEASURES = ("queue", "wait")
METHODS = ("mser5", "welch")


@dataclass(frozen=True)
class Series:
    """Bucketed observations of ``measure``: one row per replication."""

    values: np.ndarray
    bucket_minutes: float
    measure: str
    group: str | None

    @property
    def ensemble(self) -> np.ndarray:
        """The mean over replications of each bucket (empty buckets filled from the left)."""
        with np.errstate(all="ignore"):
            counts = np.sum(~np.isnan(self.values), axis=0)
            sums = np.nansum(self.values, axis=0)
            mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        return _fill_forward(mean)


@dataclass(frozen=True)
class WarmupEstimate:
    """A suggested truncation: ``buckets`` buckets, that is ``minutes`` of simulated time."""

    method: str
    buckets: int
    minutes: float
    reliable: bool
    smoothed: np.ndarray


def _fill_forward(values: np.ndarray) -> np.ndarray:
    out = values.astype(float).copy()
    last = 0.0
    for i, v in enumerate(out):
        if math.isnan(v):
            out[i] = last
        else:
            last = v
    return out


def collect_series(
    scenario: Scenario,
    *,
    seed: int,
    replications: int = 5,
    buckets: int = 500,
    measure: str = "queue",
    group: str | None = None,
) -> Series:
    """Run ``replications`` of ``scenario`` without warm-up and bucket ``measure`` over time.

    Raises:
        StudyError: for a calendar run, an unknown measure or rig group, or a number of
            replications or buckets beyond the limits.
    """
    run = scenario.run
    if not isinstance(run, ContinuousRun):
        raise StudyError(
            "run",
            "a warm-up applies to continuous runs (run: {for: ..., warmup: ...}); a calendar "
            "run starts empty every morning by design",
        )
    if measure not in MEASURES:
        raise StudyError("measure", f"must be one of {', '.join(MEASURES)} (got {shown(measure)})")
    groups = [g.id for g in scenario.rigs]
    if group is not None and group not in groups:
        raise StudyError(
            "group", f"{shown(group)}: no such rig group (groups: {', '.join(groups)})"
        )
    for setting, value, low, high in (
        ("replications", replications, 1, MAX_WARMUP_REPS),
        ("buckets", buckets, 10, MAX_BUCKETS),
    ):
        if not low <= value <= high:
            raise StudyError(setting, f"must be between {low} and {high:,} (got {shown(value)})")
    cold = scenario.model_copy(update={"run": run.model_copy(update={"warmup": 0.0})})
    horizon = run.duration
    rows = [
        _one_series(cold, seed, r, horizon, buckets, measure, group) for r in range(replications)
    ]
    return Series(np.vstack(rows), horizon / buckets, measure, group)


def _one_series(
    scenario: Scenario,
    seed: int,
    replication: int,
    horizon: float,
    buckets: int,
    measure: str,
    group: str | None,
) -> np.ndarray:
    lab = Lab(scenario, seed=seed, replication=replication)
    waiting: set[str] = set()
    times: list[float] = [0.0]
    levels: list[int] = [0]
    waits: list[tuple[float, float]] = []

    def requested(e: ev.RigRequested) -> None:
        if (group is None or e.group == group) and e.trainee not in waiting:
            waiting.add(e.trainee)
            times.append(e.time)
            levels.append(len(waiting))

    def seized(e: ev.RigSeized) -> None:
        if (group is None or e.group == group) and e.trainee in waiting:
            waiting.discard(e.trainee)
            times.append(e.time)
            levels.append(len(waiting))
            waits.append((e.time, e.time - e.requested_at))

    lab.subscribe(requested, [ev.RigRequested])
    lab.subscribe(seized, [ev.RigSeized])
    lab.run()
    edges = np.linspace(0.0, horizon, buckets + 1)
    if measure == "queue":
        return _bucket_levels(np.asarray(times), np.asarray(levels, dtype=float), edges)
    at = np.asarray([t for t, _ in waits], dtype=float)
    wait = np.asarray([w for _, w in waits], dtype=float)
    index = np.clip(np.searchsorted(edges, at, side="right") - 1, 0, buckets - 1)
    counts = np.bincount(index, minlength=buckets)
    sums = np.bincount(index, weights=wait, minlength=buckets)
    with np.errstate(all="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _bucket_levels(times: np.ndarray, levels: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Time averages over each bucket of a step function (``levels[i]`` from ``times[i]``)."""
    area = np.concatenate([[0.0], np.cumsum(levels[:-1] * np.diff(times))])
    k = np.searchsorted(times, edges, side="right") - 1
    k = np.clip(k, 0, len(times) - 1)
    total = area[k] + levels[k] * (edges - times[k])
    result: np.ndarray = np.diff(total) / np.diff(edges)
    return result


def mser(series: np.ndarray, batch: int = 5) -> tuple[int, np.ndarray]:
    """MSER-``batch``: the truncation (in observations) and the statistic per batch cut.

    The statistic for cutting ``d`` batches is ``Σ (z_i - z̄_d)² / (m - d)²`` over the
    ``m - d`` batch means ``z`` that remain; only ``d < m / 2`` are considered.
    """
    data = np.asarray(series, dtype=float)
    m = data.size // batch
    if m < 4:
        raise ValueError(f"MSER-{batch} needs at least {4 * batch} observations (got {data.size})")
    z = data[: m * batch].reshape(m, batch).mean(axis=1)
    cuts = m // 2
    stats = np.empty(cuts)
    for d in range(cuts):
        rest = z[d:]
        stats[d] = float(np.sum((rest - rest.mean()) ** 2)) / (m - d) ** 2
    return int(np.argmin(stats)) * batch, stats


def welch_smooth(series: np.ndarray, window: int) -> np.ndarray:
    """Welch's moving average: a centred window of ``2w + 1``, shorter near the start."""
    data = np.asarray(series, dtype=float)
    m = data.size
    if not 1 <= window <= (m - 1) // 2:
        raise ValueError(f"the window must be between 1 and {(m - 1) // 2} (got {window})")
    sums = np.concatenate([[0.0], np.cumsum(data)])
    out = np.empty(m - window)
    for i in range(m - window):
        half = min(i, window)
        out[i] = (sums[i + half + 1] - sums[i - half]) / (2 * half + 1)
    return out


def welch_truncation(smoothed: np.ndarray, tolerance: float = 0.05) -> int:
    """First index from which the smoothed curve stays near its final level for a while.

    The final level is the mean of the second half; "near" is within ``tolerance`` of it,
    or three standard deviations of the second half if that is wider; "a while" is a
    tenth of the series (a single random excursion later on does not move the cut).
    """
    tail = smoothed[smoothed.size // 2 :]
    level = float(tail.mean())
    band = max(tolerance * abs(level), 3.0 * float(tail.std()), 1e-12)
    inside = np.abs(smoothed - level) <= band
    span = max(1, smoothed.size // 10)
    # steady[i]: every point of inside[i : i + span] holds
    counts = np.concatenate([[0], np.cumsum(inside)])
    ends = np.minimum(np.arange(smoothed.size) + span, smoothed.size)
    steady = (counts[ends] - counts[: smoothed.size]) == (ends - np.arange(smoothed.size))
    first = np.nonzero(steady)[0]
    return int(first[0]) if first.size else smoothed.size


def estimate_warmup(
    series: Series, method: str = "mser5", window: int | None = None
) -> WarmupEstimate:
    """Apply ``method`` to the replication-averaged series.

    Raises:
        StudyError: for an unknown method or a bad window.
    """
    y = series.ensemble
    if method == "mser5":
        cut, _ = mser(y, 5)
        reliable = cut < 5 * (y.size // 5 // 2 - 1)
        smoothed = welch_smooth(y, window or max(1, y.size // 50))
    elif method == "welch":
        w = window or max(1, y.size // 50)
        try:
            smoothed = welch_smooth(y, w)
        except ValueError as error:
            raise StudyError("window", str(error)) from None
        cut = welch_truncation(smoothed)
        reliable = cut < smoothed.size // 2
    else:
        raise StudyError("method", f"must be one of {', '.join(METHODS)} (got {shown(method)})")
    return WarmupEstimate(method, cut, cut * series.bucket_minutes, reliable, smoothed)


def nice_duration(minutes: float) -> str:
    """``minutes`` rounded up to whole hours (whole minutes below an hour), with a unit."""
    if minutes <= 0:
        return "0h"
    if minutes < 60:
        return format_duration(float(math.ceil(minutes)))
    return format_duration(60.0 * math.ceil(minutes / 60.0))


def warmup_plot(series: Series, found: WarmupEstimate, title: str) -> bytes:
    """The averaged series, its moving average and the suggested cut, as PNG bytes."""
    from labsim.experiments.plots import new_figure, png_bytes

    figure = new_figure(8.0, 4.5)
    ax: Any = figure.add_subplot()
    hours = np.arange(series.values.shape[1]) * series.bucket_minutes / 60.0
    ax.plot(hours, series.ensemble, color="0.6", linewidth=0.8, label="mean over replications")
    ax.plot(hours[: found.smoothed.size], found.smoothed, color="tab:blue", label="moving average")
    ax.axvline(
        found.minutes / 60.0,
        color="tab:red",
        linestyle="--",
        label=f"{found.method}: warm-up {nice_duration(found.minutes)}",
    )
    what = "trainees waiting for a rig" if series.measure == "queue" else "wait for a rig (min)"
    ax.set_xlabel("simulated hours")
    ax.set_ylabel(what + (f" ({series.group})" if series.group else ""))
    ax.set_title(title, fontsize="medium")
    ax.legend(fontsize="small")
    ax.grid(True, alpha=0.3)
    return png_bytes(figure)

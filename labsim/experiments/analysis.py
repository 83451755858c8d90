"""Per-point estimates and paired comparisons, computed from the runs table."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from labsim.experiments.design import SweepPoint
from labsim.experiments.stats import (
    Estimate,
    estimate,
    paired_difference,
    relative_half_width,
)
from labsim.experiments.table import RunsTable
from labsim.files import csv_text

__all__ = [
    "Difference",
    "Shortfall",
    "SummaryRow",
    "differences",
    "differences_csv",
    "imprecise",
    "largest_differences",
    "metric_bounds",
    "summarize",
    "summary_csv",
]

#: Metric names ending so are fractions of time or of a group: between 0 and 1.
_FRACTIONS = ("utilization", "fraction")


def metric_bounds(metric: str) -> tuple[float, float]:
    """The values a run's metric can take, to cut intervals at.

    Every figure of a run is a count, a duration or a fraction, so none is negative, and
    fractions (utilisation, the share of time broken) are at most 1. Differences between
    points have no bounds.
    """
    return (0.0, 1.0) if metric.endswith(_FRACTIONS) else (0.0, math.inf)


@dataclass(frozen=True)
class SummaryRow:
    """A metric at a sweep point: mean, standard deviation and interval."""

    point: SweepPoint
    metric: str
    est: Estimate


@dataclass(frozen=True)
class Difference:
    """``first - second`` on ``metric``, paired by replication."""

    metric: str
    first: SweepPoint
    second: SweepPoint
    est: Estimate


def summarize(
    table: RunsTable, points: Sequence[SweepPoint], metrics: Sequence[str], confidence: float
) -> list[SummaryRow]:
    """One row per point and metric, points in grid order; intervals cut at the metric's bounds."""
    return [
        SummaryRow(
            point,
            metric,
            estimate(table.values(point.index, metric).values(), confidence, metric_bounds(metric)),
        )
        for point in points
        for metric in metrics
        if metric in table.metric_columns
    ]


def differences(
    table: RunsTable, points: Sequence[SweepPoint], metric: str, confidence: float
) -> list[Difference]:
    """The paired difference of every pair of points (earlier minus later) on ``metric``."""
    if metric not in table.metric_columns:
        return []
    values = {p.index: table.values(p.index, metric) for p in points}
    return [
        Difference(metric, a, b, paired_difference(values[a.index], values[b.index], confidence))
        for a, b in itertools.combinations(points, 2)
    ]


@dataclass(frozen=True)
class Shortfall:
    """A metric that missed the target precision: its least precise point and how many missed."""

    metric: str
    worst: SummaryRow
    relative_half_width: float
    points: int


def imprecise(rows: Sequence[SummaryRow], precision: float) -> list[Shortfall]:
    """Metrics whose relative half-width is above ``precision`` somewhere, least precise first."""
    short: dict[str, list[tuple[float, SummaryRow]]] = {}
    for row in rows:
        width = relative_half_width(row.est)
        if width > precision:
            short.setdefault(row.metric, []).append((width, row))
    found = []
    for metric, missed in short.items():
        width, worst = max(missed, key=lambda wr: wr[0])
        found.append(Shortfall(metric, worst, width, len(missed)))
    return sorted(found, key=lambda f: -f.relative_half_width)


def largest_differences(diffs: Sequence[Difference], limit: int) -> list[Difference]:
    """The ``limit`` largest differences of each metric, by size of the mean difference.

    A sweep of ``k`` points has ``k(k-1)/2`` pairs (36 for 9 points): people read the
    largest first; the full list stays in differences.csv.
    """
    by_metric: dict[str, list[Difference]] = {}
    for d in diffs:
        by_metric.setdefault(d.metric, []).append(d)
    largest: list[Difference] = []
    for group in by_metric.values():
        ranked = sorted(group, key=lambda d: -abs(d.est.mean) if math.isfinite(d.est.mean) else 0)
        largest.extend(ranked[:limit])
    return largest


def summary_csv(rows: Sequence[SummaryRow], factor_paths: Sequence[str]) -> str:
    """The summary table as CSV: point, sweep values, metric, n, mean, sd, interval."""
    header = [
        "point",
        *(f"sweep.{p}" for p in factor_paths),
        "metric",
        "n",
        *_ESTIMATE_COLUMNS,
        "ci_cut_at_bound",
    ]
    return csv_text(
        header,
        (
            [
                row.point.index,
                *(_text(v) for _, v in row.point.values),
                row.metric,
                row.est.n,
                *_estimate_cells(row.est),
                row.est.truncated,
            ]
            for row in rows
        ),
    )


def differences_csv(diffs: Sequence[Difference]) -> str:
    """Paired differences as CSV."""
    header = ["metric", "first", "second", "first_point", "second_point", "n"]
    header += ["mean_difference", *_ESTIMATE_COLUMNS[1:]]
    return csv_text(
        header,
        (
            [
                d.metric,
                d.first.index,
                d.second.index,
                d.first.label,
                d.second.label,
                d.est.n,
                *_estimate_cells(d.est),
            ]
            for d in diffs
        ),
    )


#: The columns of an estimate in both tables (``mean`` is ``mean_difference`` in the second).
_ESTIMATE_COLUMNS = ("mean", "sd", "ci_low", "ci_high", "half_width", "confidence")


def _estimate_cells(e: Estimate) -> list[str]:
    """An estimate's figures written exactly (the shortest repr that reads back the same)."""
    return [repr(x) for x in (e.mean, e.sd, e.low, e.high, e.half_width, e.confidence)]


def _text(value: object) -> str:
    from labsim.experiments.design import value_text

    return value_text(value)

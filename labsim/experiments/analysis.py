"""Per-point estimates and paired comparisons, computed from the runs table."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from labsim.experiments.design import SweepPoint
from labsim.experiments.stats import Estimate, estimate, paired_difference
from labsim.experiments.table import RunsTable

__all__ = ["Difference", "SummaryRow", "differences", "differences_csv", "summarize", "summary_csv"]


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
    """One row per point and metric, points in grid order."""
    return [
        SummaryRow(point, metric, estimate(table.values(point.index, metric).values(), confidence))
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


def summary_csv(rows: Sequence[SummaryRow], factor_paths: Sequence[str]) -> str:
    """The summary table as CSV: point, sweep values, metric, n, mean, sd, interval."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "point",
            *(f"sweep.{p}" for p in factor_paths),
            "metric",
            "n",
            "mean",
            "sd",
            "ci_low",
            "ci_high",
            "half_width",
            "confidence",
        ]
    )
    for row in rows:
        e = row.est
        writer.writerow(
            [
                row.point.index,
                *(_text(v) for _, v in row.point.values),
                row.metric,
                e.n,
                *(repr(x) for x in (e.mean, e.sd, e.low, e.high, e.half_width, e.confidence)),
            ]
        )
    return buffer.getvalue()


def differences_csv(diffs: Sequence[Difference]) -> str:
    """Paired differences as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "metric",
            "first",
            "second",
            "first_point",
            "second_point",
            "n",
            "mean_difference",
            "sd",
            "ci_low",
            "ci_high",
            "half_width",
            "confidence",
        ]
    )
    for d in diffs:
        e = d.est
        writer.writerow(
            [
                d.metric,
                d.first.index,
                d.second.index,
                d.first.label,
                d.second.label,
                e.n,
                *(repr(x) for x in (e.mean, e.sd, e.low, e.high, e.half_width, e.confidence)),
            ]
        )
    return buffer.getvalue()


def _text(value: object) -> str:
    from labsim.experiments.design import value_text

    return value_text(value)

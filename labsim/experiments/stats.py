"""Output analysis of a study: means, Student t intervals, paired differences, stopping.

Replications are independent and identically distributed, so the mean of a metric over
``n`` replications has the interval ``mean ± t(1 - α/2, n - 1) · sd / √n``. Common random
numbers make replication ``r`` of two sweep points positively correlated, which is why the
difference between two points is estimated from the per-replication differences (a paired
interval): their spread is far smaller than that of two independent means.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Estimate",
    "estimate",
    "next_sample_size",
    "paired_difference",
    "relative_half_width",
    "t_quantile",
]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval.

    ``sd``, ``low``, ``high`` and ``half_width`` are NaN when there are fewer than two
    values (one replication says nothing about the spread).
    """

    n: int
    mean: float
    sd: float
    half_width: float
    confidence: float

    @property
    def low(self) -> float:
        """Lower end of the interval."""
        return self.mean - self.half_width

    @property
    def high(self) -> float:
        """Upper end of the interval."""
        return self.mean + self.half_width

    def covers(self, value: float) -> bool:
        """Whether ``value`` lies inside the interval."""
        return self.low <= value <= self.high


def t_quantile(confidence: float, df: int) -> float:
    """The two-sided Student t critical value for ``confidence`` with ``df`` degrees of freedom."""
    from scipy.special import stdtrit  # far lighter to import than scipy.stats

    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence})")
    return float(stdtrit(df, 0.5 + confidence / 2.0))


def estimate(values: Iterable[float], confidence: float = 0.95) -> Estimate:
    """Mean, standard deviation and Student t interval of i.i.d. ``values``."""
    data = np.asarray(list(values), dtype=float)
    n = int(data.size)
    if n == 0:
        nan = math.nan
        return Estimate(0, nan, nan, nan, confidence)
    mean = float(data.mean())
    if n == 1:
        return Estimate(1, mean, math.nan, math.nan, confidence)
    sd = float(data.std(ddof=1))
    half = t_quantile(confidence, n - 1) * sd / math.sqrt(n)
    return Estimate(n, mean, sd, half, confidence)


def paired_difference(
    first: Mapping[int, float], second: Mapping[int, float], confidence: float = 0.95
) -> Estimate:
    """The mean of ``first[r] - second[r]`` over the replications ``r`` both have.

    Both mappings are keyed by replication number, so a replication that failed at one
    point simply drops out of the pairing.
    """
    common = sorted(first.keys() & second.keys())
    return estimate((first[r] - second[r] for r in common), confidence)


def relative_half_width(est: Estimate) -> float:
    """Half-width over ``|mean|``: 0 when the interval is a single point, inf when undefined."""
    if est.n >= 2 and est.half_width == 0.0:
        return 0.0
    if math.isnan(est.half_width) or est.mean == 0.0:
        return math.inf
    return est.half_width / abs(est.mean)


def next_sample_size(
    estimates: Sequence[Estimate], precision: float, current: int, cap: int
) -> int | None:
    """The next number of replications of a sequential procedure, or ``None`` to stop.

    Stops when every estimate's relative half-width is within ``precision`` or when
    ``current`` reached ``cap``. Otherwise it projects the size that would reach the
    target (half-widths shrink like ``1/√n``), grows by at least one replication and at
    most doubles, since the projection rests on noisy standard deviations.
    """
    if current >= cap:
        return None
    worst = max((relative_half_width(e) for e in estimates), default=0.0)
    if worst <= precision:
        return None
    projected = current * (worst / precision) ** 2 if math.isfinite(worst) else 2.0 * current
    wanted = max(current + 1, min(math.ceil(projected), 2 * current))
    return min(wanted, cap)

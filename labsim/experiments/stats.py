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
from functools import lru_cache

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

    ``bounds`` are the values the quantity can take (a wait is never negative, a
    utilisation never above 1). The interval is cut at them: the true mean lies inside the
    bounds, so it is inside ``mean ± half_width`` exactly when it is inside the cut interval,
    and the coverage stays what ``confidence`` says. ``half_width`` stays the symmetric one,
    the measure of precision.
    """

    n: int
    mean: float
    sd: float
    half_width: float
    confidence: float
    bounds: tuple[float, float] = (-math.inf, math.inf)

    @property
    def low(self) -> float:
        """Lower end of the interval (never below the lower bound)."""
        return max(self.mean - self.half_width, self.bounds[0])

    @property
    def high(self) -> float:
        """Upper end of the interval (never above the upper bound)."""
        return min(self.mean + self.half_width, self.bounds[1])

    @property
    def truncated(self) -> bool:
        """Whether ``mean ± half_width`` reached past a bound and was cut there."""
        low, high = self.bounds
        return self.mean - self.half_width < low or self.mean + self.half_width > high

    def covers(self, value: float) -> bool:
        """Whether ``value`` lies inside the interval."""
        return self.low <= value <= self.high


def t_quantile(confidence: float, df: int) -> float:
    """The two-sided Student t critical value for ``confidence`` with ``df`` degrees of freedom.

    Exact for whole ``df`` (the only kind a study has: replications minus one), so the core
    needs no scipy: the probability that ``|T| <= t`` is a finite series in ``cos θ``, where
    ``θ = atan(t / √df)`` (Abramowitz and Stegun 26.7.3-4), and Newton's method inverts it.
    The series is concave in ``t``, so Newton from 0 climbs to the root without overshooting.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence})")
    if df < 1 or int(df) != df:
        raise ValueError(f"degrees of freedom must be a whole number of at least 1 (got {df})")
    return _t_two_sided_inverse(confidence, int(df))


@lru_cache(maxsize=256)
def _t_two_sided_inverse(confidence: float, df: int) -> float:
    if df == 1:  # Cauchy
        return math.tan(math.pi * confidence / 2.0)
    if df == 2:
        return confidence * math.sqrt(2.0 / (1.0 - confidence * confidence))
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    t = 0.0
    for _ in range(200):
        density = 2.0 * math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))
        step = (confidence - _t_two_sided(t, df)) / density
        t += step
        if step <= 1e-13 * max(t, 1.0):
            break
    return t


def _t_two_sided(t: float, df: int) -> float:
    """P(|T| <= t) for Student's T with whole ``df`` degrees of freedom (A&S 26.7.3-4)."""
    theta = math.atan2(t, math.sqrt(df))
    sin, cos2 = math.sin(theta), math.cos(theta) ** 2
    term, total = 1.0, 1.0
    if df % 2 == 0:  # sin θ · (1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^(df-2)θ)
        for k in range(1, df // 2):
            term *= cos2 * (2 * k - 1) / (2 * k)
            total += term
        return sin * total
    for k in range(1, (df - 1) // 2):  # (2/π)(θ + sin θ cos θ (1 + (2/3)cos²θ + …))
        term *= cos2 * (2 * k) / (2 * k + 1)
        total += term
    return 2.0 / math.pi * (theta + sin * math.sqrt(cos2) * total)


def estimate(
    values: Iterable[float],
    confidence: float = 0.95,
    bounds: tuple[float, float] = (-math.inf, math.inf),
) -> Estimate:
    """Mean, standard deviation and Student t interval of i.i.d. ``values``, cut at ``bounds``."""
    data = np.asarray(list(values), dtype=float)
    n = int(data.size)
    if n == 0:
        nan = math.nan
        return Estimate(0, nan, nan, nan, confidence, bounds)
    mean = float(data.mean())
    if n == 1:
        return Estimate(1, mean, math.nan, math.nan, confidence, bounds)
    sd = float(data.std(ddof=1))
    half = t_quantile(confidence, n - 1) * sd / math.sqrt(n)
    return Estimate(n, mean, sd, half, confidence, bounds)


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

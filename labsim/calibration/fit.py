"""Estimates from step tries: time distributions, learning, time factors and error rates.

Times follow the engine's model, ``minutes = base * time_factor(skill) * n ** -learning``,
with ``base`` drawn from the step's distribution. On the log scale that is a linear model,
fitted by least squares with one intercept per step, one offset per skill level (the most
tried level is the reference, factor 1) and one practice slope per level that practised;
its covariance is heteroscedasticity-robust (HC1), as each step has its own spread. Each
step's times, brought back to the reference level's first attempt, are then fitted by
maximum likelihood as lognormal and as gamma (``scipy.stats``, location fixed at 0), the
family with the lower AIC is kept, and a Kolmogorov-Smirnov test says how well it fits
(its p-value is approximate, the parameters being estimated from the same data). A step's
mean time has a smearing interval (Duan) that carries the regression's uncertainty.

Error rates are counted per try; intervals are Wilson score intervals.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from labsim.calibration.samples import Try

__all__ = [
    "LEVEL",
    "Interval",
    "StepTimes",
    "TimeModel",
    "fit_step_times",
    "fit_time_model",
    "wilson",
]

#: Confidence level of every interval.
LEVEL = 0.95
_Z = float(stats.norm.ppf(0.5 + LEVEL / 2))


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence interval, and the n behind it."""

    estimate: float
    low: float
    high: float
    n: int

    def covers(self, value: float) -> bool:
        """Whether ``value`` lies in the interval."""
        return self.low <= value <= self.high


def wilson(errors: int, tries: int) -> Interval:
    """The Wilson score interval of a proportion ``errors / tries``."""
    if tries <= 0:
        raise ValueError("a rate needs at least one try")
    p = errors / tries
    z2 = _Z * _Z
    centre = (p + z2 / (2 * tries)) / (1 + z2 / tries)
    half = _Z * math.sqrt(p * (1 - p) / tries + z2 / (4 * tries * tries)) / (1 + z2 / tries)
    # the interval always holds p; the bounds only guard round-off (0 errors: low 5.6e-17)
    low, high = min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half))
    return Interval(p, low, high, tries)


@dataclass(frozen=True)
class TimeModel:
    """The log-linear time model fitted to every step's tries done (see the module doc)."""

    reference: str
    time_factor: dict[str, Interval]
    learning: dict[str, Interval]
    step_mean: dict[tuple[str, str], Interval]
    #: Each timed try brought back to the reference level's first attempt, per step.
    normalised: dict[tuple[str, str], np.ndarray] = field(repr=False)


def _design(
    tries: Sequence[Try], steps: list[tuple[str, str]], skills: list[str], learners: list[str]
) -> np.ndarray:
    """Columns: one per step, one per non-reference level, one practice slope per learner."""
    x = np.zeros((len(tries), len(steps) + len(skills) - 1 + len(learners)))
    step_col = {s: i for i, s in enumerate(steps)}
    skill_col = {s: len(steps) + i for i, s in enumerate(skills[1:])}
    slope_col = {s: len(steps) + len(skills) - 1 + i for i, s in enumerate(learners)}
    for row, t in enumerate(tries):
        x[row, step_col[(t.procedure, t.step)]] = 1.0
        if t.skill in skill_col:
            x[row, skill_col[t.skill]] = 1.0
        if t.skill in slope_col:
            x[row, slope_col[t.skill]] = -math.log(t.practice)
    return x


def fit_time_model(tries: Sequence[Try]) -> TimeModel:
    """Fit the log-linear model to the tries done (errors are left out: see samples).

    Raises:
        ValueError: no try has a positive duration.
    """
    timed = [t for t in tries if not t.error and t.minutes > 0]
    if not timed:
        raise ValueError("no timed tries to fit")
    counts: dict[str, int] = defaultdict(int)
    for t in timed:
        counts[t.skill] += 1
    skills = sorted(counts, key=lambda s: (-counts[s], s))
    steps = sorted({(t.procedure, t.step) for t in timed})
    learners = [s for s in skills if len({t.practice for t in timed if t.skill == s}) > 1]
    x = _design(timed, steps, skills, learners)
    y = np.log([t.minutes for t in timed])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    n, p = x.shape
    bread = np.linalg.pinv(x.T @ x)
    meat = (x * (resid**2)[:, None]).T @ x
    cov = bread @ meat @ bread * (n / max(n - p, 1))
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))

    factor = {skills[0]: Interval(1.0, 1.0, 1.0, counts[skills[0]])}
    for i, skill in enumerate(skills[1:]):
        col = len(steps) + i
        factor[skill] = Interval(
            math.exp(beta[col]),
            math.exp(beta[col] - _Z * se[col]),
            math.exp(beta[col] + _Z * se[col]),
            counts[skill],
        )
    learning = {}
    for i, skill in enumerate(learners):
        col = len(steps) + len(skills) - 1 + i
        learning[skill] = Interval(
            float(beta[col]), beta[col] - _Z * se[col], beta[col] + _Z * se[col], counts[skill]
        )
    offset = x[:, len(steps) :] @ beta[len(steps) :]
    step_mean, normalised = {}, {}
    for i, step in enumerate(steps):
        rows = x[:, i] == 1.0
        smear = np.exp(resid[rows])
        normalised[step] = np.exp(y[rows] - offset[rows])
        mean = math.exp(beta[i]) * float(smear.mean())
        log_se = math.sqrt(se[i] ** 2 + float(smear.var(ddof=1)) / (rows.sum() * smear.mean() ** 2))
        step_mean[step] = Interval(
            mean, mean * math.exp(-_Z * log_se), mean * math.exp(_Z * log_se), int(rows.sum())
        )
    return TimeModel(skills[0], factor, learning, step_mean, normalised)


@dataclass(frozen=True)
class StepTimes:
    """The two families fitted to a step's normalised times, and the one kept."""

    family: str
    mean: float
    sd: float
    aic: dict[str, float]
    ks_statistic: float
    ks_pvalue: float
    n: int
    frozen: dict[str, object] = field(repr=False)

    def dist(self, family: str | None = None) -> object:
        """The fitted ``scipy.stats`` distribution (the kept family by default)."""
        return self.frozen[family or self.family]


def fit_step_times(values: np.ndarray) -> StepTimes:
    """Fit lognormal and gamma by maximum likelihood; keep the lower AIC; test it by KS."""
    data = np.asarray(values, dtype=float)
    shape_ln, _, scale_ln = stats.lognorm.fit(data, floc=0)
    shape_g, _, scale_g = stats.gamma.fit(data, floc=0)
    frozen = {
        "lognormal": stats.lognorm(shape_ln, 0, scale_ln),
        "gamma": stats.gamma(shape_g, 0, scale_g),
    }
    aic = {name: 4.0 - 2.0 * float(np.sum(d.logpdf(data))) for name, d in frozen.items()}
    family = min(aic, key=aic.__getitem__)
    kept = frozen[family]
    test = stats.kstest(data, kept.cdf)
    return StepTimes(
        family,
        float(kept.mean()),
        float(kept.std()),
        aic,
        float(test.statistic),
        float(test.pvalue),
        len(data),
        frozen,
    )

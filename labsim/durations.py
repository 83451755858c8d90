"""Duration distributions as plain numbers: each family's parameters, mean and draws.

The scenario models (:mod:`labsim.scenarios.distributions`) check what a file writes and
hand the engine a :class:`DurationSpec`: a family name and a tuple of minutes. The engine
draws from the spec alone, so a run whose lab comes from the cache never imports the
validators, and the formulas of a family live in this one place. Parameters are in the
order a file writes them (``min, mode, max``; ``mean, sd``; ``shape, scale``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = ["FAMILIES", "DurationSpec"]

_Sample = Callable[[np.random.Generator, int, tuple[float, ...]], np.ndarray]
_Mean = Callable[[tuple[float, ...]], float]


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _big_phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _normal_mean(p: tuple[float, ...]) -> float:
    """The mean of a normal truncated at zero (a step never takes negative time)."""
    mu, sd = p
    if sd == 0:
        return mu
    a = -mu / sd
    return mu + sd * _phi(a) / (1 - _big_phi(a))


def _normal_sample(rng: np.random.Generator, size: int, p: tuple[float, ...]) -> np.ndarray:
    mu, sd = p
    values = rng.normal(mu, sd, size)
    negative = values < 0
    while negative.any():  # rejection keeps the exact truncated shape
        values[negative] = rng.normal(mu, sd, int(negative.sum()))
        negative = values < 0
    return values


def _lognormal_sample(rng: np.random.Generator, size: int, p: tuple[float, ...]) -> np.ndarray:
    """Given the mean and sd of the time itself, not of its logarithm."""
    mean, sd = p
    sigma2 = math.log1p((sd / mean) ** 2)
    return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), size)


def _gamma_sample(rng: np.random.Generator, size: int, p: tuple[float, ...]) -> np.ndarray:
    """Given the mean and sd: shape (mean/sd)^2, scale sd^2/mean."""
    mean, sd = p
    return rng.gamma((mean / sd) ** 2, sd * sd / mean, size)


class _Family(NamedTuple):
    """How many parameters a family takes (``None``: one or more values), its mean, its draws."""

    arity: int | None
    mean: _Mean
    sample: _Sample


FAMILIES: dict[str, _Family] = {
    "fixed": _Family(1, lambda p: p[0], lambda rng, size, p: np.full(size, p[0])),
    "exponential": _Family(1, lambda p: p[0], lambda rng, size, p: rng.exponential(p[0], size)),
    "uniform": _Family(
        2, lambda p: (p[0] + p[1]) / 2, lambda rng, size, p: rng.uniform(p[0], p[1], size)
    ),
    "triangular": _Family(
        3, lambda p: sum(p) / 3, lambda rng, size, p: rng.triangular(p[0], p[1], p[2], size)
    ),
    "normal": _Family(2, _normal_mean, _normal_sample),
    "lognormal": _Family(2, lambda p: p[0], _lognormal_sample),
    "gamma": _Family(2, lambda p: p[0], _gamma_sample),
    "weibull": _Family(
        2,
        lambda p: p[1] * math.gamma(1 + 1 / p[0]),
        lambda rng, size, p: p[1] * rng.weibull(p[0], size),
    ),
    "empirical": _Family(
        None,
        lambda p: sum(p) / len(p),
        lambda rng, size, p: rng.choice(np.asarray(p, dtype=float), size),
    ),
}


@dataclass(frozen=True, slots=True)
class DurationSpec:
    """One duration distribution: a family of :data:`FAMILIES` and its parameters (minutes)."""

    kind: str
    params: tuple[float, ...]

    def __post_init__(self) -> None:
        family = FAMILIES.get(self.kind)
        if family is None:
            raise ValueError(f"no duration family {self.kind!r}")
        arity = family.arity
        if not self.params or (arity is not None and len(self.params) != arity):
            raise ValueError(f"{self.kind} takes {arity or 'one or more'} parameters")
        if not all(type(p) is float for p in self.params):
            raise ValueError(f"{self.kind}: parameters are floats (minutes)")

    @property
    def mean(self) -> float:
        """The analytic mean in minutes."""
        return float(FAMILIES[self.kind].mean(self.params))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` values (minutes) from ``rng``."""
        return FAMILIES[self.kind].sample(rng, size, self.params)

"""Probability distributions of durations, as they are written in scenario files.

Each distribution is a small validated object with a ``__repr__``, an analytic ``mean`` and
``sample(rng, size)``, which takes the generator as an argument (no hidden RNG state).
A file writes either a bare duration (``3min``, a fixed time) or a one-key mapping::

    {triangular: {min: 2min, mode: 3min, max: 6min}}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Union

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)
from typing_extensions import override

from labsim.durations import DurationSpec
from labsim.scenarios.fields import STRICT, Duration, PositiveDuration

__all__ = [
    "Distribution",
    "DurationDistribution",
    "Empirical",
    "Exponential",
    "Fixed",
    "Gamma",
    "Lognormal",
    "Normal",
    "Triangular",
    "Uniform",
    "Weibull",
]


class Distribution(BaseModel):
    """Base of every duration distribution (values in minutes)."""

    model_config = STRICT
    kind: ClassVar[str] = ""

    @property
    def spec(self) -> DurationSpec:
        """The family and its parameters as plain numbers: what the engine draws from."""
        inner = getattr(self, self.kind)
        if isinstance(inner, BaseModel):
            values = [inner.__dict__[name] for name in type(inner).model_fields]
        else:
            values = inner if isinstance(inner, list) else [inner]
        return DurationSpec(self.kind, tuple(float(v) for v in values))

    @property
    def mean(self) -> float:
        """The analytic mean in minutes."""
        return self.spec.mean

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` values (minutes) from ``rng``."""
        return self.spec.sample(rng, size)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{self.kind}({fields})"

    def _params(self) -> dict[str, Any]:
        inner = getattr(self, self.kind)
        return inner.model_dump() if isinstance(inner, BaseModel) else {"value": inner}


class Fixed(Distribution):
    """Always the same duration."""

    kind: ClassVar[str] = "fixed"
    fixed: Duration = Field(ge=0)


class _Mean(BaseModel):
    model_config = STRICT
    mean: PositiveDuration


class Exponential(Distribution):
    """Memoryless times, e.g. between arrivals of an open stream or between failures."""

    kind: ClassVar[str] = "exponential"
    exponential: _Mean


class _MinMax(BaseModel):
    model_config = STRICT
    min: Duration
    max: Duration

    @model_validator(mode="after")
    def _ordered(self) -> _MinMax:
        if not self.min < self.max:
            raise ValueError(f"min ({self.min:g}min) must be less than max ({self.max:g}min)")
        return self


class Uniform(Distribution):
    """Any time between ``min`` and ``max`` equally likely."""

    kind: ClassVar[str] = "uniform"
    uniform: _MinMax


class _Triangle(BaseModel):
    model_config = STRICT
    min: Duration
    mode: Duration
    max: Duration

    @model_validator(mode="after")
    def _ordered(self) -> _Triangle:
        if not (self.min <= self.mode <= self.max and self.min < self.max):
            raise ValueError(
                f"need min <= mode <= max and min < max (got {self.min:g}, {self.mode:g}, "
                f"{self.max:g} minutes)"
            )
        return self


class Triangular(Distribution):
    """The instructor's three-point estimate: shortest, most likely, longest."""

    kind: ClassVar[str] = "triangular"
    triangular: _Triangle


class _MeanSd(BaseModel):
    model_config = STRICT
    mean: PositiveDuration
    sd: Duration


#: Widest spread (sd / mean) of a lognormal time: far beyond it the draws overflow.
MAX_LOGNORMAL_SPREAD = 1000.0
#: Spread (sd / mean) of a gamma time: beyond 10 most draws are all but zero; below 1/1000
#: its shape overflows.
GAMMA_SPREAD = (0.001, 10.0)
#: Weibull shapes whose draws and mean stay within floating point.
WEIBULL_SHAPES = (0.05, 100.0)


def _check_spread(sd: float, mean: float, low: float, high: float) -> None:
    """Refuse an sd / mean ratio outside ``low``..``high`` (draws beyond it are not usable)."""
    ratio = sd / mean
    if low <= ratio <= high:
        return
    allowed = f"{low:g} x mean <= sd <= {high:g} x mean" if low else f"sd <= {high:g} x mean"
    raise ValueError(f"sd is {ratio:.3g} times the mean; the allowed range is {allowed}")


class _LognormalParams(_MeanSd):
    @model_validator(mode="after")
    def _bounded(self) -> _LognormalParams:
        _check_spread(self.sd, self.mean, 0.0, MAX_LOGNORMAL_SPREAD)
        return self


class Normal(Distribution):
    """Bell-shaped times, truncated at zero (a step never takes negative time)."""

    kind: ClassVar[str] = "normal"
    normal: _MeanSd


class Lognormal(Distribution):
    """Right-skewed times (most quick, a few long): given by the mean and sd of the time itself."""

    kind: ClassVar[str] = "lognormal"
    lognormal: _LognormalParams


class _GammaParams(BaseModel):
    model_config = STRICT
    mean: PositiveDuration
    sd: PositiveDuration

    @model_validator(mode="after")
    def _bounded(self) -> _GammaParams:
        _check_spread(self.sd, self.mean, *GAMMA_SPREAD)
        return self


class Gamma(Distribution):
    """Right-skewed times given by mean and sd (shape = (mean/sd)^2)."""

    kind: ClassVar[str] = "gamma"
    gamma: _GammaParams


class _WeibullParams(BaseModel):
    model_config = STRICT
    shape: Annotated[float, Strict()] = Field(
        ge=WEIBULL_SHAPES[0], le=WEIBULL_SHAPES[1], allow_inf_nan=False
    )
    scale: PositiveDuration


class Weibull(Distribution):
    """Times to failure with wear-out (shape > 1) or infant mortality (shape < 1)."""

    kind: ClassVar[str] = "weibull"
    weibull: _WeibullParams


class Empirical(Distribution):
    """Resample observed times, each equally likely."""

    kind: ClassVar[str] = "empirical"
    empirical: list[Annotated[Duration, Field(ge=0)]] = Field(min_length=1, max_length=100_000)

    @override
    def _params(self) -> dict[str, Any]:
        return {"values": self.empirical}


_KINDS: dict[str, type[Distribution]] = {
    cls.kind: cls
    for cls in (
        Fixed,
        Exponential,
        Uniform,
        Triangular,
        Normal,
        Lognormal,
        Gamma,
        Weibull,
        Empirical,
    )
}


def _which(value: Any) -> str | None:
    """Pick the union member from the one key a file writes (or ``bare`` for ``3min``)."""
    if isinstance(value, Distribution):
        return value.kind
    if isinstance(value, str | int | float):
        return "bare"
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in _KINDS else None
    return None


def _as_distribution(value: float | Distribution) -> Distribution:
    if isinstance(value, Distribution):
        return value
    return Fixed.model_construct(fixed=float(value))


_BareDuration = Annotated[Duration, Field(ge=0)]

#: A duration field that accepts a fixed time or any distribution. Static type checkers see
#: the validated result (always a :class:`Distribution`), not the accepted inputs.
if TYPE_CHECKING:
    DurationDistribution = Distribution
else:
    DurationDistribution = Annotated[
        Union[  # noqa: UP007 - a tagged union reads better spelled out
            Annotated[_BareDuration, Tag("bare")],
            Annotated[Fixed, Tag("fixed")],
            Annotated[Exponential, Tag("exponential")],
            Annotated[Uniform, Tag("uniform")],
            Annotated[Triangular, Tag("triangular")],
            Annotated[Normal, Tag("normal")],
            Annotated[Lognormal, Tag("lognormal")],
            Annotated[Gamma, Tag("gamma")],
            Annotated[Weibull, Tag("weibull")],
            Annotated[Empirical, Tag("empirical")],
        ],
        Discriminator(
            _which,
            custom_error_type="distribution",
            custom_error_message=(
                "expected a duration such as '5min', or one of: "
                + ", ".join(f"{{{k}: ...}}" for k in _KINDS)
            ),
        ),
        AfterValidator(_as_distribution),
    ]

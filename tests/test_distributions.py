from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError
from scipy import stats

from labsim.scenarios.distributions import Distribution, DurationDistribution, Normal

ADAPTER: TypeAdapter[Any] = TypeAdapter(DurationDistribution)
N = 200_000


def parse(value: object) -> Distribution:
    result = ADAPTER.validate_python(value)
    assert isinstance(result, Distribution)
    return result


@pytest.mark.parametrize(
    ("written", "mean"),
    [
        ("3min", 3.0),
        ({"fixed": "90s"}, 1.5),
        ({"exponential": {"mean": "10min"}}, 10.0),
        ({"uniform": {"min": "1min", "max": "5min"}}, 3.0),
        ({"triangular": {"min": "2min", "mode": "3min", "max": "7min"}}, 4.0),
        ({"normal": {"mean": "10min", "sd": "2min"}}, None),  # truncation barely matters
        ({"normal": {"mean": "1min", "sd": "2min"}}, None),  # truncation matters a lot
        ({"lognormal": {"mean": "30min", "sd": "10min"}}, 30.0),
        ({"gamma": {"mean": "20min", "sd": "5min"}}, 20.0),
        ({"weibull": {"shape": 1.5, "scale": "1h"}}, 60 * math.gamma(1 + 1 / 1.5)),
        ({"empirical": ["1min", "2min", "6min"]}, 3.0),
    ],
)
def test_sample_mean_matches_the_analytic_mean(written: object, mean: float | None) -> None:
    dist = parse(written)
    if mean is not None:
        assert dist.mean == pytest.approx(mean)
    draws = dist.sample(np.random.default_rng(12345), N)
    assert draws.shape == (N,)
    assert (draws >= 0).all()
    tolerance = 5 * max(float(draws.std()), 1e-12) / math.sqrt(N)
    assert abs(float(draws.mean()) - dist.mean) <= tolerance


@pytest.mark.parametrize(("mu", "sd"), [(1.0, 2.0), (5.0, 1.0), (0.5, 3.0)])
def test_truncated_normal_mean_formula(mu: float, sd: float) -> None:
    dist = parse({"normal": {"mean": f"{mu}min", "sd": f"{sd}min"}})
    assert isinstance(dist, Normal)
    reference = stats.truncnorm(a=-mu / sd, b=np.inf, loc=mu, scale=sd).mean()
    assert dist.mean == pytest.approx(reference, rel=1e-9)
    assert dist.mean > mu  # cutting off the negative tail raises the mean


def test_normal_with_zero_sd_is_its_mean() -> None:
    dist = parse({"normal": {"mean": "4min", "sd": "0min"}})
    assert dist.mean == 4.0
    assert (dist.sample(np.random.default_rng(1), 10) == 4.0).all()


def test_samples_come_only_from_the_given_generator() -> None:
    dist = parse({"lognormal": {"mean": "30min", "sd": "10min"}})
    first = dist.sample(np.random.default_rng(7), 100)
    again = dist.sample(np.random.default_rng(7), 100)
    other = dist.sample(np.random.default_rng(8), 100)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_repr_shows_kind_and_parameters() -> None:
    assert repr(parse({"exponential": {"mean": "10min"}})) == "exponential(mean=10.0)"
    assert repr(parse("3min")) == "fixed(value=3.0)"
    assert repr(parse({"empirical": ["1min", "2min"]})) == "empirical(values=[1.0, 2.0])"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ({"triangle": {"min": "1min", "mode": "2min", "max": "3min"}}, "expected a duration"),
        ({"uniform": {"min": "1min", "max": "1min"}, "normal": {}}, "expected a duration"),
        ({"uniform": {"min": "5min", "max": "1min"}}, "min .* must be less than max"),
        ({"triangular": {"min": "1min", "mode": "9min", "max": "3min"}}, "min <= mode <= max"),
        ({"exponential": {"mean": "0min"}}, "greater than 0"),
        ({"gamma": {"mean": "5min", "sd": "0min"}}, "greater than 0"),
        ({"normal": {"mean": "5min", "sd": "-1min"}}, "cannot be negative"),
        ({"weibull": {"shape": 0, "scale": "1h"}}, "greater than or equal to 0.05"),
        ({"empirical": []}, "at least 1 item"),
        ({"exponential": {"mean": "5min", "sd": "1min"}}, "Extra inputs"),
        ({"exponential": {"mean": 5}}, "needs a unit"),
        ("-2min", "cannot be negative"),
        (3, "needs a unit"),
        ([1, 2], "expected a duration"),
    ],
)
def test_bad_distributions_are_refused(written: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ADAPTER.validate_python(written)

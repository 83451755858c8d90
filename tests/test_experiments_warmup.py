from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from experiments_support import loaded, mmc_data
from hypothesis import given
from hypothesis import strategies as st
from scenario_support import build

from labsim.engine import simulate
from labsim.errors import StudyError
from labsim.experiments.warmup import (
    collect_series,
    estimate_warmup,
    mser,
    nice_duration,
    welch_smooth,
    welch_truncation,
)


def _transient(length: int = 2000, tau: float = 60.0, seed: int = 3) -> np.ndarray:
    """Level 5 plus an initial bias of +12 that decays with time constant ``tau``, plus noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(length)
    return 5.0 + 12.0 * np.exp(-t / tau) + rng.normal(0.0, 1.0, length)


def test_mser5_finds_a_known_initial_transient() -> None:
    cut, stats = mser(_transient())
    # the bias falls below a tenth of the noise after tau * ln(120) ≈ 290 observations
    assert 150 <= cut <= 400 and cut % 5 == 0
    assert stats.size == 2000 // 5 // 2


def test_mser5_cuts_little_from_a_series_without_transient() -> None:
    rng = np.random.default_rng(5)
    cut, _ = mser(5.0 + rng.normal(0.0, 1.0, 2000))
    assert cut <= 100


def test_mser_needs_enough_data() -> None:
    with pytest.raises(ValueError, match="at least 20 observations"):
        mser(np.ones(12))


def test_welch_truncation_on_a_known_transient() -> None:
    smoothed = welch_smooth(_transient(), 20)
    assert 100 <= welch_truncation(smoothed) <= 450


@given(st.lists(st.floats(-100, 100), min_size=9, max_size=60), st.integers(1, 4))
def test_welch_smooth_is_the_centred_moving_average(values: list[float], window: int) -> None:
    data = np.asarray(values)
    out = welch_smooth(data, window)
    for i, got in enumerate(out):
        half = min(i, window)
        assert got == pytest.approx(data[i - half : i + half + 1].mean(), abs=1e-9)


def test_bucketed_queue_averages_to_the_runs_queue_mean(tmp_path: Path) -> None:
    cold = loaded(tmp_path, mmc_data(hours=40, warmup=0)).scenario
    series = collect_series(cold, seed=7, replications=1, buckets=80)
    whole = simulate(cold, seed=7).to_dict()["rigs"]["r"]["queue_mean"]
    assert series.values.shape == (1, 80) and series.bucket_minutes == 30.0
    assert series.values.mean() == pytest.approx(whole, abs=1e-5)


def test_a_lab_that_starts_empty_under_heavy_load_needs_a_warm_up(tmp_path: Path) -> None:
    busy = loaded(tmp_path, mmc_data(10, 19, 2, hours=400, warmup=0)).scenario  # rho 0.95
    series = collect_series(busy, seed=7, replications=4, buckets=200)
    found = estimate_warmup(series, "mser5")
    assert found.minutes > 0 and found.reliable
    assert found.minutes == found.buckets * 120.0
    wait = collect_series(busy, seed=7, replications=2, buckets=100, measure="wait")
    assert np.nanmean(wait.values) > 10.0  # minutes: a queue forms


def test_warm_up_estimation_refuses_a_calendar_run_and_unknown_names(tmp_path: Path) -> None:
    continuous = loaded(tmp_path).scenario
    with pytest.raises(StudyError, match="group: 'zd6': no such rig group"):
        collect_series(continuous, seed=1, group="zd6")
    with pytest.raises(StudyError, match="measure: must be one of queue, wait"):
        collect_series(continuous, seed=1, measure="queues")
    with pytest.raises(StudyError, match="a warm-up applies to continuous runs"):
        collect_series(build(), seed=1)


def test_nice_duration_rounds_up() -> None:
    assert nice_duration(0) == "0h"
    assert nice_duration(12.2) == "13min"
    assert nice_duration(61) == "2h"

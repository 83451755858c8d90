from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hostile_support import python
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from labsim.experiments.stats import (
    estimate,
    next_sample_size,
    paired_difference,
    relative_half_width,
    t_quantile,
)


def test_estimate_matches_the_textbook_t_interval() -> None:
    values = [3.1, 2.7, 3.9, 4.4, 2.2, 3.3]
    est = estimate(values, 0.9)
    low, high = sps.t.interval(0.9, len(values) - 1, np.mean(values), sps.sem(values))
    assert est.n == 6
    assert est.mean == pytest.approx(np.mean(values))
    assert est.sd == pytest.approx(np.std(values, ddof=1))
    assert (est.low, est.high) == pytest.approx((low, high))


def test_estimate_of_too_few_values_has_no_interval() -> None:
    assert math.isnan(estimate([]).mean)
    one = estimate([4.0])
    assert one.mean == 4.0 and math.isnan(one.half_width) and not one.covers(4.0)


def test_t_quantile_refuses_a_confidence_outside_0_1() -> None:
    with pytest.raises(ValueError, match="confidence must be between 0 and 1"):
        t_quantile(1.0, 5)


@settings(max_examples=150, deadline=None)
@given(
    st.floats(min_value=0.01, max_value=0.9999),
    st.one_of(st.integers(1, 60), st.sampled_from([99, 250, 1000, 4001])),
)
def test_t_quantile_agrees_with_scipy_without_needing_it(confidence: float, df: int) -> None:
    expected = sps.t.ppf(0.5 + confidence / 2, df)
    assert t_quantile(confidence, df) == pytest.approx(expected, rel=1e-9)


def test_t_quantile_refuses_a_fractional_or_zero_df() -> None:
    with pytest.raises(ValueError, match=r"whole number of at least 1 \(got 0\)"):
        t_quantile(0.95, 0)
    with pytest.raises(ValueError, match=r"got 2.5"):
        t_quantile(0.95, 2.5)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(0, 50), st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30
    )
)
def test_paired_difference_of_a_point_with_itself_is_exactly_zero(values: dict[int, float]) -> None:
    diff = paired_difference(values, dict(values))
    assert (diff.mean, diff.sd, diff.half_width) == (0.0, 0.0, 0.0)


def test_paired_difference_uses_only_replications_both_sides_have() -> None:
    first = {0: 5.0, 1: 6.0, 2: 7.0, 3: 100.0}
    second = {0: 4.0, 1: 5.0, 2: 6.0}
    diff = paired_difference(first, second)
    assert diff.n == 3 and diff.mean == 1.0 and diff.half_width == 0.0


def test_half_width_shrinks_like_one_over_root_n_for_iid_data() -> None:
    rng = np.random.default_rng(11)
    data = rng.exponential(3.0, 4096)
    ratios = []
    for n in (64, 256, 1024, 4096):
        est = estimate(data[:n])
        ratios.append(est.half_width * math.sqrt(n) / t_quantile(0.95, n - 1))
    # hw * sqrt(n) / t is the sample sd: the same quantity at every n
    assert max(ratios) / min(ratios) < 1.25


def test_relative_half_width_edge_cases() -> None:
    assert relative_half_width(estimate([2.0, 2.0, 2.0])) == 0.0
    assert relative_half_width(estimate([-1.0, 1.0])) == math.inf
    assert relative_half_width(estimate([1.0])) == math.inf


def test_sequential_rule_stops_when_precise_and_at_the_cap() -> None:
    tight = estimate([10.0, 10.1, 9.9, 10.0])
    loose = estimate([1.0, 10.0, 5.0, 20.0])
    assert next_sample_size([tight], 0.05, 4, 100) is None
    assert next_sample_size([loose], 0.05, 100, 100) is None
    grown = next_sample_size([tight, loose], 0.05, 4, 100)
    assert grown == 8  # projected far more, but never more than doubles per stage
    assert next_sample_size([loose], 0.05, 60, 100) == 100


def test_the_experiments_package_exports_a_sorted_public_api() -> None:
    import labsim.experiments as experiments

    assert experiments.__all__ == sorted(experiments.__all__)
    assert {"run_batch", "StudySpec", "estimate", "paired_difference", "mser"} <= set(
        experiments.__all__
    )
    for name in experiments.__all__:
        assert getattr(experiments, name) is not None


def test_plain_progress_prints_counts_rate_and_eta() -> None:
    import io

    from labsim.experiments.progress import make_progress

    stream = io.StringIO()
    progress = make_progress("plain", stream, interval=0.0)
    progress.update(10, 40)
    progress.advance(10)
    progress.close()
    first, *_ = stream.getvalue().splitlines()
    assert first.startswith("batch: 20/40 replications (50%), ") and "/s, ETA " in first
    assert stream.getvalue().splitlines()[-1].startswith("batch: 20/40")
    with pytest.raises(ValueError, match="progress must be one of"):
        make_progress("fancy", stream)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=50), min_size=2, max_size=12),
    st.floats(min_value=0, max_value=60),
)
def test_an_interval_cut_at_the_bound_holds_every_possible_mean_the_uncut_one_holds(
    values: list[float], mean: float
) -> None:
    cut = estimate(values, 0.95, bounds=(0.0, math.inf))
    plain = estimate(values, 0.95)
    assert cut.low >= 0.0 and cut.high == plain.high and cut.half_width == plain.half_width
    assert cut.truncated == (plain.low < 0.0)
    assert (cut.low <= mean <= cut.high) == (plain.low <= mean <= plain.high)


def test_metric_bounds_and_the_largest_differences_first() -> None:
    from labsim.experiments.analysis import Difference, largest_differences, metric_bounds
    from labsim.experiments.design import SweepPoint

    assert metric_bounds("rigs.zd6.utilization") == (0.0, 1.0)
    assert metric_bounds("rigs.zd6.broken_fraction") == (0.0, 1.0)
    assert metric_bounds("rigs.zd6.wait_mean_min") == (0.0, math.inf)
    points = [SweepPoint(i, (("rigs.r.count", i),)) for i in range(4)]
    diffs = [
        Difference(m, a, b, estimate([a.index - b.index * 3.0, a.index - b.index * 3.0 + 1]))
        for m in ("x", "y")
        for a, b in itertools.pairwise(points)
    ]
    largest = largest_differences(diffs, 2)
    assert [(d.metric, d.est.mean) for d in largest] == [
        ("x", -6.5),
        ("x", -4.5),
        ("y", -6.5),
        ("y", -4.5),
    ]


def test_study_intervals_do_not_import_scipy() -> None:
    code = (
        "import sys; from labsim.experiments.analysis import summarize; "
        "from labsim.experiments.stats import estimate; estimate([1.0, 2.0, 4.0]); "
        "print('scipy' in sys.modules)"
    )
    done = python("-c", code)
    assert done.code == 0, done.err[-2000:]
    assert done.out.strip() == "False"

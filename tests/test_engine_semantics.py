"""The engine semantics README "Engine semantics" states, pinned on timelines and properties."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_support import build, slow_over_time_limit

from labsim.engine import Lab
from labsim.engine import events as ev
from labsim.engine.calendar import Calendar
from labsim.engine.policy import REWORK
from labsim.engine.quantiles import EXACT_LIMIT, StreamingQuantile
from labsim.errors import SimulationError


def _log(lab: Lab, kinds: tuple[type[Any], ...]) -> list[Any]:
    seen: list[Any] = []
    lab.subscribe(seen.append, kinds)
    lab.run()
    return seen


def _timed(minutes: list[float], passing: dict[str, Any], size: int = 1, **changes: Any) -> Any:
    """A lab of one procedure ``p`` on rig group ``r``: steps of ``minutes``, a pass rule,
    and ``size`` trainees of skill ``ok`` (written time, no errors) arriving at 08:00."""
    return build(
        procedures=[
            {
                "id": "p",
                "rig": "r",
                "steps": [
                    {"id": f"s{i + 1}", "action": "do", "time": f"{m!r}min"}
                    for i, m in enumerate(minutes)
                ],
                "pass": passing,
            }
        ],
        cohorts=[{"id": "c", "size": size, "arrive": "08:00", "skill": "ok", "plan": ["p"]}],
        **changes,
    )


def _failing(count: int) -> list[dict[str, Any]]:
    """Rigs that fail every 25 open minutes, for 20 minutes: at 08:25, 09:10, ..."""
    failures = {"between": "25min", "repair": "20min"}
    return [{"id": "r", "model": "generic", "count": count, "failures": failures}]


def test_interrupted_trainees_keep_fcfs_among_themselves_at_the_head() -> None:
    # two rigs fail together at 08:25: c/001 (rig 0) is interrupted first, c/002 (rig 1)
    # second; c/003 and c/004 have waited since 08:00 but come after both
    scenario = build(
        rigs=_failing(2),
        procedures=[
            {"id": "p", "rig": "r", "steps": [{"id": "s1", "action": "do", "time": "30min"}]}
        ],
        cohorts=[{"id": "c", "size": 4, "arrive": "08:00", "skill": "ok", "plan": ["p"]}],
    )
    seized = [
        (e.time, e.trainee, e.rig)
        for e in _log(Lab(scenario), (ev.RigSeized,))
        if isinstance(e, ev.RigSeized)
    ]
    assert seized[:4] == [
        (480.0, "c/001", 0),
        (480.0, "c/002", 1),
        (525.0, "c/001", 0),
        (525.0, "c/002", 1),
    ]


def test_work_lost_on_a_failed_rig_does_not_count_against_the_time_limit() -> None:
    # steps of 15 min; the rig fails at 08:25, 10 min into step 2, and is back at 08:45.
    # Appraised work is 15 + 15 = 30 min (within 35), not 40 with the lost 10 minutes.
    scenario = _timed([15.0, 15.0], {"time_limit": "35min"}, rigs=_failing(1))
    lab = Lab(scenario)
    log = _log(lab, (ev.StepInterrupted, ev.StepStarted, ev.AttemptFinished, ev.RigRequested))
    started = [(e.time, e.step) for e in log if isinstance(e, ev.StepStarted)]
    # the interrupted step is done again from the start (8:45 to 9:00)
    assert started == [(480.0, 0), (495.0, 1), (525.0, 1)]
    (finished,) = [e for e in log if isinstance(e, ev.AttemptFinished)]
    assert (finished.time, finished.passed, finished.work_minutes) == (540.0, True, 30.0)
    # two requests for a rig (the first, and the one after the failure), two waits counted
    assert sum(isinstance(e, ev.RigRequested) for e in log) == 2
    assert lab.summary().figures.rigs["r"].requests == 2


def test_a_simulated_attempt_is_stopped_five_minutes_over_and_the_rig_goes_on() -> None:
    # one rig; 30-minute steps against a 10-minute limit: c/001 is stopped at 08:15 (15 open
    # minutes of work) in its first step, and c/002, waiting since 08:00, takes the rig then
    scenario = _timed([30.0, 1.0], {"time_limit": "10min"}, size=2)
    lab = Lab(scenario)
    log = _log(lab, (ev.RigSeized, ev.StepFinished, ev.AttemptFinished))
    seized = [(e.time, e.trainee) for e in log if isinstance(e, ev.RigSeized)]
    assert seized == [(480.0, "c/001"), (495.0, "c/002")]
    finished = [
        (e.time, e.trainee, e.work_minutes, e.reason)
        for e in log
        if isinstance(e, ev.AttemptFinished)
    ]
    assert finished == [
        (495.0, "c/001", 15.0, "over the time limit"),
        (510.0, "c/002", 15.0, "over the time limit"),
    ]
    # a stopped step is not a finished one (nor an error)
    assert not any(isinstance(e, ev.StepFinished) for e in log)
    assert lab.summary().figures.errors.total == 0


@settings(max_examples=60, deadline=None)
@given(
    times=st.lists(st.floats(0.5, 20.0), min_size=1, max_size=4),
    limit=st.floats(1.0, 40.0),
    mark=st.floats(0.0, 100.0),
)
def test_the_engine_judges_a_finished_attempt_by_the_appraisal_sheet(
    times: list[float], limit: float, mark: float
) -> None:
    from labsim.appraisal import score_attempt

    scenario = _timed(times, {"time_limit": f"{limit!r}min", "pass_mark": mark})
    (attempt,) = _log(Lab(scenario), (ev.AttemptFinished,))
    assert attempt.work_minutes <= limit + 5.0 + 1e-9
    card = score_attempt(
        standard_minutes=times,
        steps_done=len(times),
        errors=0,
        critical=False,
        hints=0,
        elapsed=sum(times),
        time_limit=limit,
        pass_mark=mark,
    )
    # what a person who took the same minutes would be told
    assert attempt.passed == card.passed
    expected = {
        "passed": "passed",
        "stopped": "over the time limit",
        "below": "below the pass mark",
    }
    assert attempt.reason == expected[card.verdict]


def test_failure_breakdown_per_procedure() -> None:
    scenario = slow_over_time_limit()
    figures = Lab(scenario).run().figures.procedures.by_id["p"]
    assert (figures.attempts, figures.failed, figures.failed_time_limit) == (1, 1, 1)
    assert figures.failed_critical == figures.failed_errors == 0
    flat = Lab(scenario).run().metrics()
    assert flat["procedures.by_id.p.failed_time_limit"] == 1
    assert flat["rigs.r.wait_mean_min"] == 0.0


class _ZeroTimeBlunder:
    """A decision source whose every step takes no time and goes wrong (a livelock)."""

    def start_step(self, lab: Lab, trainee: Any, procedure: Any, index: int) -> Any:
        return lab.work(0.0, REWORK)

    def abandon_step(self) -> None:  # pragma: no cover - no rig fails here
        raise AssertionError


def test_zero_time_rework_is_stopped_with_a_clear_error() -> None:
    lab = Lab(build(), policy_for=lambda cohort, index: _ZeroTimeBlunder())
    with pytest.raises(SimulationError, match=r"cohort 'c', procedure 'p', step 's1'.*errors"):
        lab.run()


def test_zero_gaps_between_arrivals_are_stopped_with_a_clear_error() -> None:
    scenario = build(
        cohorts=[{"id": "walk", "arrivals": {"every": "10min"}, "skill": "ok", "plan": ["p"]}]
    )
    lab = Lab(scenario)
    lab.streams.sampler = lambda *args, **kwargs: lambda: 0.0  # type: ignore[method-assign]
    with pytest.raises(SimulationError, match=r"cohort 'walk': .* arrivals at one"):
        lab.run()


def test_rigs_failing_and_repaired_in_no_time_are_stopped_with_a_clear_error() -> None:
    lab = Lab(build(rigs=_failing(1)))
    lab.streams.sampler = lambda *args, **kwargs: lambda: 0.0  # type: ignore[method-assign]
    with pytest.raises(SimulationError, match=r"rig group 'r': rig 1 failed and was repaired"):
        lab.run()


@settings(max_examples=60, deadline=None)
@given(
    t=st.floats(0, 3 * 1440, allow_nan=False),
    work=st.one_of(st.floats(0, 1e-9), st.floats(0, 2000)),
    snap=st.booleans(),
)
def test_calendar_advance_never_goes_back_in_time(t: float, work: float, snap: bool) -> None:
    calendar = Calendar([(480.0, 720.0), (780.0, 960.0), (1920.0, 2400.0)], 2880.0, False)
    if snap:  # the edges are where rounding bites: start exactly at an opening or a closing
        t = min((480.0, 720.0, 780.0, 960.0, 1920.0), key=lambda edge: abs(edge - t))
    end = calendar.advance(t, work)
    assert end >= t
    if end != float("inf"):
        assert calendar.open_time(end) - calendar.open_time(t) == pytest.approx(work, abs=1e-9)


def test_a_step_that_rounds_to_nothing_at_an_opening_instant_runs() -> None:
    scenario = build(
        procedures=[
            {"id": "p", "rig": "r", "steps": [{"id": "s1", "action": "do", "time": "1e-12s"}]}
        ],
        cohorts=[{"id": "c", "size": 3, "arrive": "08:00", "skill": "ok", "plan": ["p"]}],
    )
    assert Lab(scenario).run().figures.trainees.certified == 3


def test_streaming_percentile_is_exact_while_small() -> None:
    values = np.random.default_rng(3).exponential(10, 5000).tolist()
    q = StreamingQuantile()
    for v in values:
        q.add(v)
    q.fold()
    assert q.exact
    assert q.percentile(95) == pytest.approx(float(np.percentile(values, 95)), rel=1e-12)


def test_streaming_percentile_keeps_its_stated_error_in_bounded_memory() -> None:
    rng = np.random.default_rng(4)
    values = np.concatenate(
        [np.zeros(30_000), rng.lognormal(2, 1.5, EXACT_LIMIT + 50_000), rng.random(100) * 1e-4]
    )
    rng.shuffle(values)
    q = StreamingQuantile()
    for v in values.tolist():
        q.add(v)
        if len(q) % 4096 == 0:
            q.fold()
    assert not q.exact
    assert len(q._pending) < 4096 + 1
    for p in (10, 50, 95, 99):
        exact = float(np.percentile(values, p))
        assert q.percentile(p) == pytest.approx(exact, rel=0.005, abs=1e-3)

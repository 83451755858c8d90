"""The engine against queueing theory (Erlang C) and the invariants every run keeps."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from queueing import erlang_c, mmc_wait
from scenario_support import build, mmc
from scipy import stats

from labsim.engine import Lab, simulate
from labsim.engine import events as ev


def test_erlang_c_reference_value() -> None:
    # a textbook value: lambda=2, mu=1 (a=2), c=3 -> C = 4/9
    assert erlang_c(2.0, 1.0, 3) == pytest.approx(4 / 9)


@pytest.mark.parametrize(
    ("arrival_mean", "service_mean", "servers"),
    [
        (10.0, 27.0, 3),  # rho = 0.90
        (5.0, 9.0, 2),  # rho = 0.90
        (4.0, 19.0, 5),  # rho = 0.95
        (6.0, 10.0, 4),  # rho = 0.42
    ],
)
def test_mmc_matches_erlang_c(arrival_mean: float, service_mean: float, servers: int) -> None:
    lam, mu = 1 / arrival_mean, 1 / service_mean
    rho = lam / (mu * servers)
    reps = 12
    hours = 1500.0
    scenario = mmc(arrival_mean, service_mean, servers, hours=hours, warmup=hours / 10)
    waits, utils = [], []
    for r in range(reps):
        rig = simulate(scenario, seed=11, replication=r).to_dict()["rigs"]["r"]
        waits.append(rig["wait_mean_min"])
        utils.append(rig["utilization"])
    t = stats.t.ppf(0.995, reps - 1)
    for sample, expected in ((waits, mmc_wait(lam, mu, servers)), (utils, rho)):
        mean = float(np.mean(sample))
        half = t * float(np.std(sample, ddof=1)) / math.sqrt(reps)
        assert abs(mean - expected) <= half, (mean, half, expected)


def _random_lab(draw: st.DrawFn) -> Lab:
    failures = draw(st.booleans())
    rigs = [
        {
            "id": f"g{i}",
            "model": "generic",
            "count": draw(st.integers(1, 3)),
            **(
                {"failures": {"mtbf": f"{draw(st.integers(30, 300))}min", "repair": "15min"}}
                if failures
                else {}
            ),
        }
        for i in range(draw(st.integers(1, 2)))
    ]
    procedures = [
        {
            "id": f"p{i}",
            "rig": rig["id"],
            "steps": [
                {
                    "id": f"s{k}",
                    "action": "do",
                    "time": {"exponential": {"mean": f"{draw(st.integers(2, 30))}min"}},
                    "critical": draw(st.booleans()),
                }
                for k in range(draw(st.integers(1, 3)))
            ],
            **({"signoff": "4min"} if draw(st.booleans()) else {}),
            "pass": {"max_errors": draw(st.integers(0, 2))},
        }
        for i, rig in enumerate(rigs)
    ]
    calendar = draw(st.booleans())
    run = (
        {
            "days": draw(st.integers(1, 3)),
            "day": {"opens": "08:00", "closes": "16:00"},
            "breaks": [{"from": "12:00", "to": "12:45"}],
        }
        if calendar
        else {"for": f"{draw(st.integers(5, 40))}h", "warmup": f"{draw(st.integers(0, 4))}h"}
    )
    cohorts = [
        {
            "id": "stream",
            "arrivals": {"every": {"exponential": {"mean": f"{draw(st.integers(3, 20))}min"}}},
            "skill": "mixed",
            "plan": [p["id"] for p in procedures],
            "max_attempts": draw(st.integers(1, 3)),
        },
        {
            "id": "class",
            "size": draw(st.integers(1, 15)),
            "arrive": "08:30",
            "skill": "mixed",
            "plan": [procedures[0]["id"]],
        },
    ]
    scenario = build(
        run=run,
        skills={
            "mixed": {"time_factor": 1.2, "error_rate": draw(st.sampled_from([0.0, 0.1, 0.3]))}
        },
        rigs=rigs,
        instructors={"count": draw(st.integers(1, 2))},
        procedures=procedures,
        cohorts=cohorts,
    )
    return Lab(scenario, seed=draw(st.integers(0, 2**32)))


random_labs = st.composite(_random_lab)


class QueueIntegrator:
    """An independent measurement of time-average queue lengths, from request/seize events.

    The summary's ``queue_mean`` is computed from waiting times; this integrates the queue
    length itself, so comparing the two checks Little's law (L = lambda W) on every run.
    """

    def __init__(self, lab: Lab) -> None:
        self.open_time = lab.calendar.open_time
        self.window = lab.calendar.open_time(lab.warmup)
        self.level: dict[str, int] = {}
        self.area: dict[str, float] = {}
        self.last: dict[str, float] = {}
        up = {ev.RigRequested: 1, ev.InstructorRequested: 1}
        down = {ev.RigSeized: -1, ev.InstructorSeized: -1, ev.InstructorCancelled: -1}
        for kind, delta in {**up, **down}.items():
            lab.subscribe(lambda e, d=delta: self.change(e, d), [kind])

    def change(self, event: Any, delta: int) -> None:
        key = getattr(event, "group", "instructors")
        if isinstance(event, ev.InstructorRequested | ev.InstructorSeized | ev.InstructorCancelled):
            key = "instructors"
        tau = max(self.open_time(event.time), self.window)
        level = self.level.get(key, 0)
        self.area[key] = self.area.get(key, 0.0) + level * (tau - self.last.get(key, self.window))
        self.last[key] = tau
        self.level[key] = level + delta

    def mean(self, key: str, end: float) -> float:
        tau = self.open_time(end)
        area = self.area.get(key, 0.0) + self.level.get(key, 0) * (
            tau - self.last.get(key, self.window)
        )
        return area / (tau - self.window)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_labs())
def test_littles_law_and_conservation_hold_on_every_run(lab: Lab) -> None:
    integrator = QueueIntegrator(lab)
    result = lab.run().to_dict()
    span = result["open_minutes"]
    units = {**result["rigs"], "instructors": result["instructors"]}
    for key, unit in units.items():
        # L (integrated queue length) = lambda (requests per minute) * W (mean wait)
        measured = integrator.mean(key, lab.now)
        assert measured == pytest.approx(
            unit["requests"] / span * unit["wait_mean_min"], rel=1e-6, abs=1e-4
        )
        assert unit["queue_mean"] == pytest.approx(measured, rel=1e-6, abs=1e-4)
        assert 0.0 <= unit["utilization"] <= 1.0 + 1e-9
    for group in result["rigs"].values():
        assert group["utilization"] + group["broken_fraction"] <= 1.0 + 1e-9
    trainees = result["trainees"]
    assert trainees["in_lab_at_start"] >= 0
    assert trainees["in_progress"] == len(lab.trainees)
    assert (
        trainees["in_lab_at_start"] + trainees["arrived"]
        == trainees["certified"] + trainees["failed_out"] + trainees["in_progress"]
    )
    procedures = result["procedures"]
    assert procedures["attempts"] == procedures["passed"] + procedures["failed"]
    assert result["errors"]["critical"] <= result["errors"]["total"]


def test_conservation_counted_from_events() -> None:
    lab = Lab(mmc(5.0, 9.0, 2, hours=100, warmup=0))
    seen: dict[str, int] = {"in": 0, "out": 0}
    lab.subscribe(lambda e: seen.__setitem__("in", seen["in"] + 1), [ev.TraineeArrived])
    lab.subscribe(
        lambda e: seen.__setitem__("out", seen["out"] + 1),
        [ev.TraineeCertified, ev.TraineeFailedOut],
    )
    result = lab.run().to_dict()["trainees"]
    assert result["arrived"] == seen["in"]
    assert result["certified"] + result["failed_out"] == seen["out"]
    assert seen["in"] - seen["out"] == result["in_progress"] == len(lab.trainees)


@settings(max_examples=10, deadline=None)
@given(random_labs())
def test_same_seed_same_bytes(lab: Lab) -> None:
    again = Lab(lab.scenario, seed=lab.seed)
    first = json.dumps(lab.run().to_dict())
    assert json.dumps(again.run().to_dict()) == first


def test_different_replications_differ() -> None:
    scenario = mmc(10.0, 27.0, 3, hours=50, warmup=0)
    a = simulate(scenario, seed=5, replication=0).to_dict()
    b = simulate(scenario, seed=5, replication=1).to_dict()
    assert a["rigs"]["r"]["wait_mean_min"] != b["rigs"]["r"]["wait_mean_min"]


def test_broken_fraction_matches_mttr_over_mtbf_plus_mttr() -> None:
    # failures accrue on opening hours whether or not the rig is in use
    scenario = build(
        run={"for": "4000h"},
        rigs=[
            {
                "id": "r",
                "model": "generic",
                "count": 4,
                "failures": {"mtbf": "6h", "repair": {"exponential": {"mean": "30min"}}},
            }
        ],
        cohorts=[{"id": "c", "size": 1, "arrive": "08:00", "skill": "ok", "plan": ["p"]}],
    )
    broken = simulate(scenario).to_dict()["rigs"]["r"]["broken_fraction"]
    assert broken == pytest.approx(30 / (360 + 30), rel=0.05)

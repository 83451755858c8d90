"""The lab: a scenario brought to life as a SimPy model that can be driven from outside.

``Lab(scenario).run()`` simulates a whole replication; a view drives the same lab in small
steps with :meth:`Lab.advance_to` and reads its state between frames. Either way the same
events happen in the same order, so an animated run and a batch run give the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Any

import simpy

from labsim.engine import events as ev
from labsim.engine.calendar import MINUTES_PER_DAY, Calendar
from labsim.engine.events import EventBus, Handler, Sinks
from labsim.engine.metrics import MetricsRecorder, Tally
from labsim.engine.policy import Policy, SimulatedPolicy
from labsim.engine.pools import Pool, RigPool
from labsim.engine.runtime import ProcedureRuntime, SkillRuntime, compile_procedure
from labsim.engine.streams import RandomStreams
from labsim.engine.trainee import Trainee, run_trainee
from labsim.scenarios.models import Cohort, RigGroup, Scenario

__all__ = ["Lab", "PolicyChooser", "RunSummary", "simulate"]

#: Chooses the decision source of a new trainee: ``(cohort id, index in cohort)`` -> policy,
#: or ``None`` for the simulated default.
PolicyChooser = Callable[[str, int], Policy | None]

_SIMULATED = SimulatedPolicy()


@dataclass(frozen=True)
class RunSummary:
    """The figures of one replication (what ``labsim run --format json`` prints)."""

    scenario: str
    seed: int
    replication: int
    sim_minutes: float
    warmup_minutes: float
    figures: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable key order; floats rounded to 6 decimals."""
        head: dict[str, Any] = {
            "scenario": self.scenario,
            "seed": self.seed,
            "replication": self.replication,
            "sim_minutes": self.sim_minutes,
            "warmup_minutes": self.warmup_minutes,
        }
        rounded: dict[str, Any] = _rounded({**head, **self.figures})
        return rounded


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


class Lab:
    """One replication of a scenario."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int | None = None,
        replication: int = 0,
        policy_for: PolicyChooser | None = None,
    ) -> None:
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.replication = replication
        self.env = simpy.Environment()
        self.calendar = Calendar.for_run(scenario.run)
        self.horizon = self.calendar.horizon
        self.warmup = scenario.warmup
        self.bus = EventBus()
        self.sinks = Sinks(self.bus)
        self.streams = RandomStreams(self.seed, replication)
        self.pools = {g.id: RigPool(self.env, g.id, g.count) for g in scenario.rigs}
        self.instructors = Pool(self.env, "instructors", scenario.instructors.count)
        self.procedures: dict[str, ProcedureRuntime] = {
            p.id: compile_procedure(p, self.pools[p.rig], self.streams) for p in scenario.procedures
        }
        self.skills = {sid: SkillRuntime.from_model(sid, s) for sid, s in scenario.skills.items()}
        self.trainees: dict[str, Trainee] = {}
        self.pending_signoffs: dict[str, simpy.Event] = {}
        self.rig_failures: dict[tuple[str, int], int] = {}
        self._policy_for = policy_for
        self._started = False
        self.tally = Tally(attempts={p.id: [0, 0, 0.0] for p in scenario.procedures})
        self.metrics = MetricsRecorder(
            self.bus,
            self.calendar.open_time,
            {g.id: g.count for g in scenario.rigs},
            scenario.instructors.count,
            tally=self.tally,
            warmup=self.warmup,
            identity_time=self.calendar.always_open,
        )
        self.work: Callable[[float], simpy.Timeout] = (
            self.env.timeout if self.calendar.always_open else self._open_hours_timeout
        )

    # driving ----------------------------------------------------------------
    @property
    def now(self) -> float:
        """Simulation time in wall-clock minutes since the start of day 1."""
        return float(self.env.now)

    def subscribe(self, handler: Handler, kinds: Iterable[type[Any]] | None = None) -> None:
        """Receive events of ``kinds`` (default all) as they happen."""
        self.bus.subscribe(handler, kinds)

    def start(self) -> None:
        """Schedule arrivals, failures and the end of the warm-up (done once, lazily)."""
        if self._started:
            return
        self._started = True
        for cohort in self.scenario.cohorts:
            self.env.process(self._arrivals(cohort))
        for group in self.scenario.rigs:
            if group.failures is not None:
                for unit in range(group.count):
                    self.env.process(self._failures(group, unit))
        if self.warmup > 0:
            self.env.process(self._end_warmup())

    def advance_to(self, time: float) -> None:
        """Run the simulation up to ``time`` (minutes), never past the horizon."""
        self.start()
        target = min(time, self.horizon)
        if target > self.env.now:
            self.env.run(until=target)

    @property
    def finished(self) -> bool:
        """Whether the run has reached its horizon."""
        return self.env.now >= self.horizon

    def run(self) -> RunSummary:
        """Simulate to the horizon and return the summary."""
        self.advance_to(self.horizon)
        return self.summary()

    def summary(self) -> RunSummary:
        """The figures so far (the whole run once :meth:`run` returned)."""
        return RunSummary(
            scenario=self.scenario.name,
            seed=self.seed,
            replication=self.replication,
            sim_minutes=self.now,
            warmup_minutes=self.warmup,
            figures=self.metrics.results(self.now, self.pools, self.instructors),
        )

    # used by the processes ------------------------------------------------------
    def _open_hours_timeout(self, minutes: float) -> simpy.Timeout:
        now = self.env.now
        return self.env.timeout(self.calendar.advance(now, minutes) - now)

    def trainee_left(self, trainee: Trainee, certified: bool) -> None:
        """Count a trainee who has finished, and forget them (memory stays flat)."""
        if certified:
            self.tally.certified += 1
        else:
            self.tally.failed_out += 1
        del self.trainees[trainee.id]

    def _spawner(self, cohort: Cohort) -> Callable[[int], None]:
        """A function that brings trainee ``index`` of ``cohort`` into the lab now."""
        skill = self.skills[cohort.skill]
        plan = tuple(cohort.plan)
        chooser = self._policy_for
        env = self.env
        trainees = self.trainees
        tally = self.tally

        def spawn(index: int) -> None:
            policy = (chooser(cohort.id, index) if chooser else None) or _SIMULATED
            trainee = Trainee(
                f"{cohort.id}/{index + 1:03d}",
                cohort.id,
                skill,
                plan,
                cohort.max_attempts,
                policy,
                env.now,
            )
            trainees[trainee.id] = trainee
            tally.arrived += 1
            trainee.process = env.process(run_trainee(self, trainee))

        return spawn

    def _arrivals(self, cohort: Cohort) -> Generator[Any, Any, None]:
        spawn = self._spawner(cohort)
        if cohort.arrive is not None:
            at = (cohort.day - 1) * MINUTES_PER_DAY + cohort.arrive
            if at >= self.horizon:
                return
            yield self.env.timeout(at)
            for index in range(cohort.size or 0):
                spawn(index)
            return
        assert cohort.arrivals is not None
        gap = self.streams.sampler(f"arrivals/{cohort.id}", cohort.arrivals.every)
        work = self.work
        limit = cohort.size
        index = 0
        while limit is None or index < limit:
            yield work(gap())
            spawn(index)
            index += 1

    def _failures(self, group: RigGroup, unit: int) -> Generator[Any, Any, None]:
        failures = group.failures
        assert failures is not None
        name = f"{group.id}/{unit}"
        between = self.streams.sampler(f"failures/{name}", failures.time_between, 64)
        repair = self.streams.sampler(f"repairs/{name}", failures.repair, 64)
        pool = self.pools[group.id]
        sinks = self.sinks
        while True:
            yield self.work(between())
            who: Trainee | None = pool.take_down(unit)
            key = (group.id, unit)
            self.rig_failures[key] = self.rig_failures.get(key, 0) + 1
            if sinks.rig_failed is not None:
                held = (who.id, who.held_since) if who is not None else (None, None)
                sinks.rig_failed(ev.RigFailed(self.env.now, group.id, unit, *held))
            if who is not None and who.process is not None and who.process.is_alive:
                who.process.interrupt(("rig failed", group.id, unit))
            yield self.work(repair())
            pool.bring_up(unit)
            if sinks.rig_repaired is not None:
                sinks.rig_repaired(ev.RigRepaired(self.env.now, group.id, unit))

    def _end_warmup(self) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.warmup)
        if self.sinks.warmup_ended is not None:
            self.sinks.warmup_ended(ev.WarmupEnded(self.env.now))


def simulate(scenario: Scenario, *, seed: int | None = None, replication: int = 0) -> RunSummary:
    """Run one replication of ``scenario`` and return its summary."""
    return Lab(scenario, seed=seed, replication=replication).run()

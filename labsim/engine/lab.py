"""The lab: a scenario brought to life as a SimPy model that can be driven from outside.

``Lab(scenario).run()`` simulates a whole replication (``Lab(plan)`` the same from a
:class:`~labsim.engine.plan.LabPlan`, as a run from the cache does); a view drives the same
lab in small steps with :meth:`Lab.advance_to` and reads its state between frames. Either
way the same events happen in the same order, so an animated run and a batch run give the
same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import simpy

from labsim.engine import events as ev
from labsim.engine.calendar import MINUTES_PER_DAY, Calendar
from labsim.engine.events import EventBus, Handler
from labsim.engine.metrics import MetricsRecorder, Tally
from labsim.engine.plan import CohortPlan, LabPlan, ProcedurePlan, RigPlan
from labsim.engine.policy import Policy, SimulatedPolicy
from labsim.engine.pools import Pool, RigPool
from labsim.engine.results import RunSummary
from labsim.engine.runtime import ProcedureRuntime, compile_procedure
from labsim.engine.streams import RandomStreams
from labsim.engine.trainee import Trainee, TraineeState
from labsim.engine.workflow import Visit
from labsim.errors import SimulationError

if TYPE_CHECKING:
    from labsim.scenarios.models import Scenario

__all__ = ["Lab", "PolicyChooser", "RunSummary", "Watchdog", "simulate"]

#: Chooses the decision source of a new trainee: ``(cohort id, index in cohort)`` -> policy,
#: or ``None`` for the simulated default.
PolicyChooser = Callable[[str, int], Policy | None]

_SIMULATED = SimulatedPolicy()
E = TypeVar("E")


class Watchdog:
    """Notices one simulated instant that never ends (the run would hang).

    Arrivals, failures and errors report their time; when ``limit`` of them in a row come at
    the same instant, the caller raises a :class:`~labsim.errors.SimulationError` that says
    what repeats. A real lab never does 20,000 things at one instant; a scenario with
    zero-time steps that always fail, or zero gaps between arrivals or failures, does.
    """

    __slots__ = ("at", "count", "limit")

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.at = -1.0
        self.count = 0

    def repeated(self, now: float) -> bool:
        """Note one more thing at ``now``; True when the instant is stuck."""
        if now != self.at:
            self.at = now
            self.count = 1
            return False
        self.count += 1
        return self.count >= self.limit


class _Procedures(dict[str, ProcedureRuntime]):
    """Procedure runtimes compiled on first use (a replication pays for what it uses)."""

    def __init__(self, compile_one: Callable[[str], ProcedureRuntime]) -> None:
        super().__init__()
        self._compile = compile_one

    def __missing__(self, procedure_id: str) -> ProcedureRuntime:
        runtime = self[procedure_id] = self._compile(procedure_id)
        return runtime


class Lab:
    """One replication of a scenario."""

    def __init__(
        self,
        scenario: Scenario | LabPlan,
        *,
        seed: int | None = None,
        replication: int = 0,
        policy_for: PolicyChooser | None = None,
    ) -> None:
        self._scenario: Scenario | None
        if isinstance(scenario, LabPlan):
            plan, self._scenario = scenario, None
        else:
            plan, self._scenario = LabPlan.of(scenario), scenario
        self.plan = plan
        self.seed = plan.seed if seed is None else seed
        self.replication = replication
        self.env = simpy.Environment()
        self.calendar = Calendar.for_run(plan.run)
        self.open_time = self.calendar.open_time
        self.horizon = self.calendar.horizon
        self.warmup = plan.warmup
        self.bus = EventBus()
        self.watchdog = Watchdog()
        self.streams = RandomStreams(self.seed, replication)
        self.pools = {g.id: RigPool(self.env, g.id, g.units) for g in plan.rigs}
        self.instructors = Pool(self.env, "instructors", plan.instructors)
        self.tally = Tally.for_procedures(p.id for p in plan.procedures)
        self.metrics = MetricsRecorder(
            self.calendar.open_time,
            {g.id: g.units for g in plan.rigs},
            plan.instructors,
            tally=self.tally,
            warmup=self.warmup,
            identity_time=self.calendar.always_open,
        )
        by_id = {p.id: p for p in plan.procedures}
        self.procedures = _Procedures(lambda pid: self._compile(by_id[pid]))
        self.skills = {s.id: s for s in plan.skills}
        self._present: dict[Trainee, None] = {}
        self.pending_signoffs: dict[Trainee, simpy.Event] = {}
        self.rig_failures: dict[tuple[str, int], int] = {}
        self._policy_for = policy_for
        self._started = False
        #: ``work(minutes, value)``: an event that fires once ``minutes`` of opening hours
        #: have passed, carrying ``value``.
        self.work: Callable[..., simpy.Timeout] = (
            self.env.timeout if self.calendar.always_open else self._open_hours_timeout
        )

    @property
    def scenario(self) -> Scenario:
        """The scenario this lab was made from, for views that show its names and texts."""
        if self._scenario is None:
            raise AttributeError("this lab was made from a plan, which keeps no scenario")
        return self._scenario

    def _compile(self, procedure: ProcedurePlan) -> ProcedureRuntime:
        return compile_procedure(
            procedure,
            self.pools[procedure.rig],
            self.metrics.groups[procedure.rig],
            self.streams,
        )

    # driving ----------------------------------------------------------------
    @property
    def now(self) -> float:
        """Simulation time in wall-clock minutes since the start of day 1."""
        return float(self.env.now)

    @property
    def trainees(self) -> dict[str, Trainee]:
        """The trainees in the lab now, by id, in order of arrival (for views)."""
        return {t.id: t for t in self._present}

    def subscribe(self, handler: Handler[E], kinds: Iterable[type[E]] | None = None) -> None:
        """Receive events of ``kinds`` (default all) as they happen."""
        self.bus.subscribe(handler, kinds)

    def start(self) -> None:
        """Schedule arrivals, failures and the end of the warm-up (done once, lazily)."""
        if self._started:
            return
        self._started = True
        for cohort in self.plan.cohorts:
            self.env.process(self._arrivals(cohort))
        for group in self.plan.rigs:
            if group.failures is not None:
                for unit in range(group.units):
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
            scenario=self.plan.name,
            seed=self.seed,
            replication=self.replication,
            sim_minutes=self.now,
            warmup_minutes=self.warmup,
            figures=self.metrics.results(self.now, self.pools, self.instructors),
        )

    # used by the processes ------------------------------------------------------
    def _open_hours_timeout(self, minutes: float, value: Any = None) -> simpy.Timeout:
        now = self.env.now
        return self.env.timeout(self.calendar.advance(now, minutes) - now, value)

    def trainee_left(self, trainee: Trainee, failed_at: str | None) -> None:
        """A trainee is done: certified, or failed out at ``failed_at``; forget them."""
        tally, bus, now = self.tally, self.bus, self.env.now
        if failed_at is None:
            trainee.state = TraineeState.CERTIFIED
            tally.certified += 1
            if bus.active:
                bus.emit(ev.TraineeCertified(now, trainee.id))
        else:
            trainee.state = TraineeState.FAILED_OUT
            tally.failed_out += 1
            if bus.active:
                bus.emit(ev.TraineeFailedOut(now, trainee.id, failed_at))
        del self._present[trainee]

    def _spawner(self, cohort: CohortPlan) -> Callable[[int], None]:
        """A function that brings trainee ``index`` of ``cohort`` into the lab now."""
        skill = self.skills[cohort.skill]
        plan = tuple(cohort.plan)
        chooser = self._policy_for
        env = self.env
        present = self._present
        tally = self.tally
        cohort_id, max_attempts = cohort.id, cohort.max_attempts

        def spawn(index: int) -> None:
            policy = (chooser(cohort_id, index) if chooser else None) or _SIMULATED
            trainee = Visit(None, cohort_id, skill, plan, max_attempts, policy, env.now, index)
            present[trainee] = None
            tally.arrived += 1
            trainee.start(self)

        return spawn

    def _arrivals(self, cohort: CohortPlan) -> Generator[Any, Any, None]:
        spawn = self._spawner(cohort)
        if cohort.arrive is not None:
            at = (cohort.day - 1) * MINUTES_PER_DAY + cohort.arrive
            if at >= self.horizon:
                return
            yield self.env.timeout(at)
            for index in range(cohort.size or 0):
                spawn(index)
            return
        assert cohort.every is not None
        gap = self.streams.sampler(f"arrivals/{cohort.id}", cohort.every)
        work, env, watchdog = self.work, self.env, self.watchdog
        limit = cohort.size
        index = 0
        while limit is None or index < limit:
            yield work(gap())
            if watchdog.repeated(env.now):
                raise SimulationError(
                    f"cohort {cohort.id!r}: {watchdog.limit:,} arrivals at one simulated "
                    f"instant ({env.now:g} min); the gaps between arrivals are (nearly) zero. "
                    "Give arrivals.every a mean of a few minutes or more."
                )
            spawn(index)
            index += 1

    def _failures(self, group: RigPlan, unit: int) -> Generator[Any, Any, None]:
        failures = group.failures
        assert failures is not None
        name = f"{group.id}/{unit}"
        between = self.streams.sampler(f"failures/{name}", failures.between, 64)
        repair = self.streams.sampler(f"repairs/{name}", failures.repair, 64)
        pool = self.pools[group.id]
        stats = self.metrics.groups[group.id]
        while True:
            yield self.work(between())
            now = self.env.now
            who: Visit | None = pool.take_down(unit)
            stats.failed(now)
            if who is not None and who.held_since is not None:
                stats.held(who.held_since, now)
            key = (group.id, unit)
            self.rig_failures[key] = self.rig_failures.get(key, 0) + 1
            if self.bus.active:
                held = (who.id, who.held_since) if who is not None else (None, None)
                self.bus.emit(ev.RigFailed(now, group.id, unit, *held))
            if who is not None:
                who.rig_failed()
            yield self.work(repair())
            pool.bring_up(unit)
            stats.repaired(self.env.now)
            if self.bus.active:
                self.bus.emit(ev.RigRepaired(self.env.now, group.id, unit))
            if self.watchdog.repeated(self.env.now):
                raise SimulationError(
                    f"rig group {group.id!r}: rig {unit + 1} failed and was repaired "
                    f"{self.watchdog.limit:,} times at one simulated instant "
                    f"({self.env.now:g} min). Give failures.mtbf and failures.repair "
                    "times of minutes or more."
                )

    def _end_warmup(self) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.warmup)
        self.metrics.warmup_ended()
        if self.bus.active:
            self.bus.emit(ev.WarmupEnded(self.env.now))


def simulate(
    scenario: Scenario | LabPlan, *, seed: int | None = None, replication: int = 0
) -> RunSummary:
    """Run one replication of ``scenario`` and return its summary."""
    return Lab(scenario, seed=seed, replication=replication).run()

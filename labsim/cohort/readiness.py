"""The cohort's figures for the report: readiness matrix, errors to re-teach, slow steps.

Everything here is computed from attempts (and, when the scenario is known, its standard
times); nothing is drawn or worded, so the report can say it in any language.

*Time against the standard* in a matrix cell is the trainee's fastest passed attempt
against the procedure's time limit (the appraisal standard), or, without a limit, against
the sum of its steps' standard times. A step's standard time is the mean of its time
distribution in the scenario.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from labsim.calibration.samples import SkillRule, tries_of
from labsim.cohort.visit import SiteVisitRule, Verdict, judge_trainee
from labsim.records.model import Attempt
from labsim.scenarios.models import Scenario

__all__ = [
    "Cell",
    "Cohort",
    "RuleErrors",
    "SlowStep",
    "Standards",
    "StepErrors",
    "build_cohort",
    "select",
    "standards_of",
]


@dataclass(frozen=True)
class Standards:
    """Standard times from the scenario: per procedure, and per step (minutes)."""

    procedure: dict[str, float] = field(default_factory=dict)
    step: dict[tuple[str, str], float] = field(default_factory=dict)


def standards_of(scenario: Scenario) -> Standards:
    """The scenario's standard times: time limits (else step sums) and step means."""
    procedure, step = {}, {}
    for p in scenario.procedures:
        means = {s.id: float(s.time.mean) for s in p.steps}
        step.update({(p.id, sid): m for sid, m in means.items()})
        limit = p.pass_rule.time_limit
        procedure[p.id] = float(limit) if limit is not None else sum(means.values())
    return Standards(procedure, step)


@dataclass(frozen=True)
class Cell:
    """One trainee at one procedure."""

    attempts: int
    best_score: float | None
    last_result: str | None
    best_time: float | None
    standard: float | None

    @property
    def time_ratio(self) -> float | None:
        """The fastest passed time over the standard (1.0 = on the standard)."""
        if self.best_time is None or not self.standard:
            return None
        return self.best_time / self.standard


@dataclass(frozen=True)
class RuleErrors:
    """How often one rule was broken, by how many trainees."""

    rule: str
    count: int
    critical: int
    trainees: int
    #: the (procedure, step) where it was broken most often: the report names it in words
    where: tuple[str, str | None] | None


@dataclass(frozen=True)
class StepErrors:
    """Errors at one step: how many, out of how many tries."""

    procedure: str
    step: str
    errors: int
    tries: int
    trainees: int

    @property
    def rate(self) -> float:
        """Errors per try."""
        return self.errors / self.tries if self.tries else 0.0


@dataclass(frozen=True)
class SlowStep:
    """The time trainees took at one step (tries done), against its standard."""

    procedure: str
    step: str
    n: int
    median: float
    p90: float
    standard: float | None
    slowest: str

    @property
    def ratio(self) -> float | None:
        """The median time over the standard."""
        return self.median / self.standard if self.standard else None


@dataclass(frozen=True)
class Cohort:
    """Everything the report shows."""

    attempts: list[Attempt]
    trainees: list[str]
    procedures: list[str]
    cells: dict[tuple[str, str], Cell]
    verdicts: dict[str, Verdict]
    rule_errors: list[RuleErrors]
    step_errors: list[StepErrors]
    slow_steps: list[SlowStep]
    rule: SiteVisitRule


def select(
    attempts: Sequence[Attempt],
    *,
    trainees: Sequence[str] = (),
    procedures: Sequence[str] = (),
    since: date | None = None,
) -> list[Attempt]:
    """The attempts a report covers: chosen trainees, procedures and dates; no demos."""
    return [
        a
        for a in attempts
        if a.mode != "demo"
        and (not trainees or a.trainee in trainees)
        and (not procedures or a.procedure_id in procedures)
        and (since is None or a.started_at.date() >= since)
    ]


def _cell(attempts: list[Attempt], standard: float | None) -> Cell:
    finished = [a for a in attempts if a.finished]
    passed = [a for a in attempts if a.passed]
    return Cell(
        attempts=len(attempts),
        best_score=max((a.score for a in finished), default=None),
        last_result=attempts[-1].result if attempts else None,
        best_time=min((a.sim_minutes for a in passed), default=None),
        standard=standard,
    )


def _rule_errors(attempts: Sequence[Attempt]) -> list[RuleErrors]:
    count: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    who: dict[str, set[str]] = defaultdict(set)
    where: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    for attempt in attempts:
        for action in attempt.actions:
            if action.ok:
                continue
            rule = action.error_rule or "unnamed"
            count[rule] += 1
            critical[rule] += int(action.critical)
            who[rule].add(attempt.trainee)
            where[rule][(attempt.procedure_id, action.step_id)] += 1
    return [
        RuleErrors(rule, n, critical[rule], len(who[rule]), where[rule].most_common(1)[0][0])
        for rule, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _steps(
    attempts: Sequence[Attempt], standards: Standards
) -> tuple[list[StepErrors], list[SlowStep]]:
    tries = tries_of(attempts, SkillRule("all:cohort"))
    errors: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    erring: dict[tuple[str, str], set[str]] = defaultdict(set)
    times: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for t in tries:
        key = (t.procedure, t.step)
        total[key] += 1
        if t.error:
            errors[key] += 1
            erring[key].add(t.trainee)
        elif t.minutes > 0:
            times[key].append((t.minutes, t.trainee))
    step_errors = [
        StepErrors(p, s, errors[(p, s)], total[(p, s)], len(erring[(p, s)]))
        for (p, s) in sorted(errors, key=lambda k: (-errors[k], k))
    ]
    slow = []
    for (p, s), values in times.items():
        minutes = sorted(v for v, _ in values)
        p90 = minutes[min(len(minutes) - 1, int(0.9 * len(minutes)))]
        by_trainee: dict[str, list[float]] = defaultdict(list)
        for v, who in values:
            by_trainee[who].append(v)
        slowest = max(by_trainee, key=lambda w: statistics.median(by_trainee[w]))
        slow.append(
            SlowStep(
                p,
                s,
                len(minutes),
                statistics.median(minutes),
                p90,
                standards.step.get((p, s)),
                slowest,
            )
        )
    slow.sort(key=lambda x: (-(x.ratio if x.ratio is not None else 0.0), -x.median))
    return step_errors, slow


def build_cohort(
    attempts: Sequence[Attempt], rule: SiteVisitRule, standards: Standards | None = None
) -> Cohort:
    """Compute the report's figures from ``attempts`` (already selected)."""
    standards = standards or Standards()
    ordered = sorted(attempts, key=lambda a: (a.started_at, a.attempt_id))
    trainees = sorted({a.trainee for a in ordered})
    procedures = list(dict.fromkeys([*rule.plan, *sorted({a.procedure_id for a in ordered})]))
    mine: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for attempt in ordered:
        mine[(attempt.trainee, attempt.procedure_id)].append(attempt)
    cells = {}
    for trainee in trainees:
        for procedure in procedures:
            got = mine.get((trainee, procedure), [])
            limit = next((a.time_limit_min for a in got if a.time_limit_min), None)
            cells[(trainee, procedure)] = _cell(got, limit or standards.procedure.get(procedure))
    verdicts = {t: judge_trainee([a for a in ordered if a.trainee == t], rule) for t in trainees}
    step_errors, slow = _steps(ordered, standards)
    return Cohort(
        ordered,
        trainees,
        procedures,
        cells,
        verdicts,
        _rule_errors(ordered),
        step_errors,
        slow,
        rule,
    )

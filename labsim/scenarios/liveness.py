"""Checks that a scenario can make progress in simulated time, from the file alone.

Some files are valid field by field but describe a lab that never gets anywhere: a step
that is always done wrong (redone for ever, at one instant when it takes no time), an open
stream of trainees with no gap between them, rigs that fail and are repaired in no time.
The engine guards against what only shows at run time; these checks refuse what the file
already shows, naming the field to change. Each returns problems with field paths, as the
cross-reference checks do.
"""

from __future__ import annotations

from labsim.errors import Problem
from labsim.limits import MAX_FAILURES, MAX_TRAINEES, TINY_MINUTES
from labsim.scenarios.distributions import Distribution
from labsim.scenarios.models import CalendarRun, Scenario

__all__ = ["check_progress", "open_minutes"]


def open_minutes(scenario: Scenario) -> float:
    """Minutes the lab is open over the whole run (arrivals, work and failures need it)."""
    run = scenario.run
    if isinstance(run, CalendarRun):
        breaks = sum(b.end - b.start for b in run.breaks)
        return run.days * (run.day.closes - run.day.opens - breaks)
    return run.duration


def check_progress(scenario: Scenario) -> list[Problem]:
    """Problems that would stop simulated time or flood the run with events."""
    return _endless_rework(scenario) + _open_streams(scenario) + _failures(scenario)


def _minutes(value: float) -> str:
    return f"{value:.3g} min"


def _endless_rework(scenario: Scenario) -> list[Problem]:
    """With error_rate 1 every step is done wrong: an ordinary step is redone for ever.

    A critical step ends the attempt instead, so only the ordinary steps before a
    procedure's first critical step are reached; each of them would loop without end (at
    one instant when it takes no time, and in a flood of events otherwise).
    """
    procedures = {p.id: (i, p) for i, p in enumerate(scenario.procedures)}
    problems: list[Problem] = []
    reported: set[tuple[int, int]] = set()
    for cohort in scenario.cohorts:
        skill = scenario.skills.get(cohort.skill)
        if skill is None or skill.error_rate < 1.0:
            continue
        for planned in cohort.plan:
            index, procedure = procedures.get(planned, (-1, None))
            if procedure is None:
                continue
            for position, step in enumerate(procedure.steps):
                if step.critical:
                    break
                if (index, position) in reported:
                    continue
                reported.add((index, position))
                mean = step.time.mean * skill.time_factor
                when = "at one instant" if mean < TINY_MINUTES else f"every {_minutes(mean)}"
                problems.append(
                    Problem(
                        f"skill {cohort.skill!r} of cohort {cohort.id!r} has error_rate 1, so "
                        f"this ordinary step would be redone for ever ({when}) and nobody "
                        "would finish it; lower the error rate below 1, or make the step "
                        "critical (an error then ends the attempt)",
                        ("procedures", index, "steps", position, "time"),
                    )
                )
    return problems


def _open_streams(scenario: Scenario) -> list[Problem]:
    """An open stream without a size must bring a bounded number of trainees; so must all."""
    length = open_minutes(scenario)
    problems = []
    total = 0.0
    for cohort in scenario.cohorts:
        if cohort.size is not None:
            total += cohort.size
        elif cohort.arrivals is not None and cohort.arrivals.every.mean >= TINY_MINUTES:
            total += length / cohort.arrivals.every.mean
    if total > MAX_TRAINEES and len(scenario.cohorts) > 1:
        problems.append(
            Problem(
                f"the cohorts bring about {total:,.0f} trainees in all; the limit is "
                f"{MAX_TRAINEES:,} in a run (make the cohorts smaller)",
                ("cohorts",),
            )
        )
    for index, cohort in enumerate(scenario.cohorts):
        if cohort.arrivals is None or cohort.size is not None:
            continue
        gap = cohort.arrivals.every.mean
        if gap >= TINY_MINUTES and length / gap <= MAX_TRAINEES:
            continue
        expected = (
            "trainees without end" if gap < TINY_MINUTES else f"about {length / gap:,.0f} trainees"
        )
        problems.append(
            Problem(
                f"a mean gap of {_minutes(gap)} over {_minutes(length)} of opening brings "
                f"{expected}; the limit is {MAX_TRAINEES:,} per cohort (give the cohort a "
                "'size', or a longer gap)",
                ("cohorts", index, "arrivals", "every"),
            )
        )
    return problems


def _failures(scenario: Scenario) -> list[Problem]:
    """Failure and repair times must leave a bounded number of failures in the run."""
    length = open_minutes(scenario)
    problems = []
    for index, group in enumerate(scenario.rigs):
        failures = group.failures
        if failures is None:
            continue
        between: Distribution = failures.time_between
        cycle = between.mean + failures.repair.mean
        if cycle >= TINY_MINUTES and group.count * length / cycle <= MAX_FAILURES:
            continue
        field = "mtbf" if failures.mtbf is not None else "between"
        expected = (
            "without end" if cycle < TINY_MINUTES else f"{group.count * length / cycle:,.0f} times"
        )
        problems.append(
            Problem(
                f"with a mean of {_minutes(between.mean)} between failures and "
                f"{_minutes(failures.repair.mean)} to repair, the rigs would fail {expected}; "
                f"the limit is {MAX_FAILURES:,} failures in a run (lengthen '{field}' or "
                "'repair')",
                ("rigs", index, "failures", field),
            )
        )
    return problems

"""Time limits a cohort cannot keep at the written step times: a warning for the author.

A time limit below what the written step times add up to, for the skill of a cohort that
practises the procedure, means its simulated attempts are stopped five minutes over the
limit (the appraisal sheet, :mod:`labsim.appraisal`) before they could pass: every study of
the scenario would report that procedure failed on time. ``labsim validate`` says so, at the
limit's line, without refusing the file (a deliberately hard exercise is allowed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.errors import Problem

if TYPE_CHECKING:
    from labsim.scenarios.models import Procedure, Scenario

__all__ = ["limits_beyond_reach", "written_minutes"]


def written_minutes(procedure: Procedure) -> float:
    """The procedure's time at the written (mean) step times, a fault's diagnosis included."""
    minutes = sum(step.time.mean for step in procedure.steps)
    exercise = procedure.exercise
    if exercise is not None and exercise.diagnosis is not None:
        minutes += exercise.diagnosis.mean
    return minutes


def limits_beyond_reach(scenario: Scenario) -> list[Problem]:
    """A warning per procedure whose limit a practising cohort's skill cannot keep.

    Judged on a first attempt at the written times (no errors, no learning yet): past the
    limit plus the sheet's five minutes, the attempt is stopped.
    """
    from labsim.appraisal import ScoreRules

    stop_after = ScoreRules().stop_after
    problems = []
    for index, procedure in enumerate(scenario.procedures):
        limit = procedure.pass_rule.time_limit
        if limit is None:
            continue
        written = written_minutes(procedure)
        skills = {c.skill for c in scenario.cohorts if procedure.id in c.plan}
        for skill_id in sorted(skills):
            factor = scenario.skills[skill_id].time_factor
            needed = written * factor
            if needed >= limit + stop_after:
                problems.append(
                    Problem(
                        f"warning: {limit:g} min is beyond reach of skill {skill_id!r}: at the "
                        f"written step times (x{factor:g}) an attempt takes {needed:.1f} min, "
                        f"past the {limit + stop_after:g} min (the limit plus {stop_after:g}) "
                        "where it is stopped, so most of its attempts fail on time",
                        ("procedures", index, "pass", "time_limit"),
                    )
                )
    return problems

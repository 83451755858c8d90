"""The appraisal score of an attempt, the way a railway skills appraisal scores (domain §9).

One sheet for both decision sources: ``labsim play`` scores a person's attempt with it, and
the engine judges a simulated trainee's attempt with it, so a study's pass rates mean what
a trainee's score means.

* The procedure is worth 100 points, shared among its steps by their standard times; a
  step not done (the attempt was stopped) earns nothing.
* Each error deducts :attr:`ScoreRules.error` points; each hint taken in training mode
  deducts :attr:`ScoreRules.hint` points (EST: the sources give per-item deductions but not
  these figures).
* No bonus for finishing early; −2 points per started minute over the time limit, and the
  attempt is stopped 5 minutes over.
* A veto (critical) error scores zero. Scores never go below zero.
* The attempt passes with no veto, every step done, at least the pass mark, and no more
  errors than the procedure's ``max_errors``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DEDUCTIONS",
    "VERDICTS",
    "Deduction",
    "ScoreCard",
    "ScoreRules",
    "score_attempt",
    "step_points",
]


@dataclass(frozen=True)
class ScoreRules:
    """The deductions (points out of 100)."""

    error: float = 10.0
    hint: float = 5.0
    per_minute_over: float = 2.0
    stop_after: float = 5.0


#: Kinds of deduction, with their English wording (``{n}``: the count).
DEDUCTIONS = {
    "undone": "steps not done",
    "errors": "{n} error(s)",
    "hints": "{n} hint(s)",
    "overtime": "{n} min over the limit",
}
#: Verdicts, with their English wording (``{n}``: the pass mark or the error limit).
VERDICTS = {
    "passed": "passed",
    "veto": "veto item (critical error)",
    "stopped": "stopped: 5 minutes over the time limit",
    "unfinished": "not finished",
    "errors": "more than {n} error(s)",
    "below": "below the pass mark ({n})",
}


@dataclass(frozen=True)
class Deduction:
    """One line of the score sheet: a kind of deduction, how many of it, how many points."""

    kind: str
    count: float
    points: float

    @property
    def what(self) -> str:
        """The line in English."""
        return DEDUCTIONS[self.kind].format(n=f"{self.count:g}")


@dataclass(frozen=True)
class ScoreCard:
    """The result of an attempt: score out of 100, verdict and the sheet behind it."""

    score: float
    passed: bool
    verdict: str
    deductions: tuple[Deduction, ...]
    overtime: float
    detail: float = 0.0

    @property
    def reason(self) -> str:
        """The verdict in English."""
        return VERDICTS[self.verdict].format(n=f"{self.detail:g}")


def step_points(standard_minutes: Sequence[float]) -> list[float]:
    """Each step's share of 100 points, by its standard time (equal shares if all are 0)."""
    total = sum(standard_minutes)
    if total <= 0:
        return [100.0 / len(standard_minutes)] * len(standard_minutes)
    return [100.0 * m / total for m in standard_minutes]


def score_attempt(
    *,
    standard_minutes: Sequence[float],
    steps_done: int,
    errors: int,
    critical: bool,
    hints: int,
    elapsed: float,
    time_limit: float | None,
    pass_mark: float,
    max_errors: int | None = None,
    rules: ScoreRules | None = None,
) -> ScoreCard:
    """Score an attempt; ``hints`` counts only where hints cost (training mode)."""
    rules = rules or ScoreRules()
    if not standard_minutes:
        raise ValueError("a procedure has at least one step")
    if not 0 <= steps_done <= len(standard_minutes):
        raise ValueError(f"steps_done ({steps_done}) must be between 0 and the step count")
    overtime = 0.0 if time_limit is None else max(0.0, elapsed - time_limit)
    stopped = overtime >= rules.stop_after
    sheet: list[Deduction] = []
    undone = sum(step_points(standard_minutes)[steps_done:])
    if undone > 0:
        sheet.append(Deduction("undone", len(standard_minutes) - steps_done, undone))
    if errors:
        sheet.append(Deduction("errors", errors, errors * rules.error))
    if hints:
        sheet.append(Deduction("hints", hints, hints * rules.hint))
    if overtime > 0:
        minutes = min(math.ceil(overtime - 1e-9), math.ceil(rules.stop_after))
        sheet.append(Deduction("overtime", minutes, minutes * rules.per_minute_over))
    if critical:
        return ScoreCard(0.0, False, "veto", tuple(sheet), overtime)
    score = round(max(0.0, 100.0 - sum(d.points for d in sheet)), 1)
    verdict, detail = "passed", 0.0
    if stopped:
        verdict = "stopped"
    elif steps_done < len(standard_minutes):
        verdict = "unfinished"
    elif max_errors is not None and errors > max_errors:
        verdict, detail = "errors", float(max_errors)
    elif score < pass_mark:
        verdict, detail = "below", pass_mark
    return ScoreCard(score, verdict == "passed", verdict, tuple(sheet), overtime, detail)

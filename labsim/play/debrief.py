"""The debrief of an attempt, as plain data: score sheet, timeline, errors, earlier attempts.

Built from a finished (or abandoned) :class:`~labsim.play.session.PlaySession` and the
trainee's earlier attempts from the records; the window draws it and a test can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from labsim.appraisal import Deduction
from labsim.play.advice import advice_text
from labsim.play.labels import rule_sentence
from labsim.play.rig_words import action_text, fault_title
from labsim.play.session import PlaySession

__all__ = ["Debrief", "ErrorLine", "FaultLine", "PastAttempt", "StepLine", "build_debrief"]


@dataclass(frozen=True)
class StepLine:
    """One step on the timeline: its standard time and the time the trainee took."""

    index: int
    text: str
    standard: float
    started: float | None
    actual: float | None
    errors: int
    hint: bool
    critical: bool


@dataclass(frozen=True)
class ErrorLine:
    """One error: when, what was done, the rule it broke and the right action."""

    minute: float
    did: str
    rule: str | None
    rule_text: str
    reason: str | None
    right: str | None
    critical: bool


@dataclass(frozen=True)
class FaultLine:
    """A fault on the rig during the attempt: from the start, or set or cleared later."""

    minute: float | None
    title: str
    on: bool


@dataclass(frozen=True)
class PastAttempt:
    """An earlier attempt of the same trainee at the same procedure."""

    when: datetime
    mode: str
    result: str
    score: float
    minutes: float


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief screen shows."""

    title: str
    trainee: str
    mode: str
    result: str
    score: float
    pass_mark: float
    reason: str
    verdict: str
    verdict_detail: float
    deductions: tuple[Deduction, ...]
    elapsed: float
    time_limit: float | None
    steps: tuple[StepLine, ...]
    errors: tuple[ErrorLine, ...]
    history: tuple[PastAttempt, ...]
    hints: int
    faults: tuple[FaultLine, ...] = ()


def build_debrief(session: PlaySession) -> Debrief:
    """Assemble the debrief of a session (its score as it stands if it has not ended)."""
    lang = session.lang
    card = session.score_now()
    end = session.progress.end
    result = end.result if end is not None else "in progress"
    errors_at: dict[int, int] = {}
    error_lines: list[ErrorLine] = []
    for entry in session.progress.log:
        verdict = entry.verdict
        if not verdict.is_error:
            continue
        if entry.due is not None:
            errors_at[entry.due] = errors_at.get(entry.due, 0) + 1
        right = None
        if entry.advice is not None:
            right = advice_text(session, entry.advice, lang)
        elif entry.due is not None:
            right = session.step_text(entry.due)
        error_lines.append(
            ErrorLine(
                minute=entry.minute,
                did=action_text(entry.action, entry.params, lang, session.model_cls),
                rule=verdict.rule,
                rule_text=rule_sentence(verdict.rule, lang, verdict.reason, session.model_cls),
                reason=verdict.reason,
                right=right,
                critical=verdict.critical,
            )
        )
    steps = []
    for index, step in enumerate(session.steps):
        started = session.progress.step_started.get(index)
        finished = session.progress.step_finished.get(index)
        actual = finished - started if started is not None and finished is not None else None
        steps.append(
            StepLine(
                index=index,
                text=session.step_text(index),
                standard=session.standard[index],
                started=started,
                actual=actual,
                errors=errors_at.get(index, 0),
                hint=index in session.progress.hints_taken,
                critical=step.critical,
            )
        )
    history = tuple(
        PastAttempt(a.started_at, a.mode, a.result, a.score, a.sim_minutes)
        for a in session.progress.history
    )
    model = session.model_cls
    faults = (
        [FaultLine(None, fault_title(model, session.fault, lang), True)] if session.fault else []
    )
    faults += [
        FaultLine(m, fault_title(model, f, lang), on) for m, f, on in session.progress.faults_set
    ]
    return Debrief(
        title=session.title,
        trainee=session.options.trainee,
        mode="demo" if session.options.demo else session.options.mode,
        result=result if end is None or end.card is not None else "abandoned",
        score=card.score if end is None or end.card is not None else 0.0,
        pass_mark=session.pass_rule.pass_mark,
        reason=end.note if end is not None else card.reason,
        verdict=card.verdict if end is None or end.card is not None else "abandoned",
        verdict_detail=card.detail,
        deductions=card.deductions,
        elapsed=session.progress.elapsed,
        time_limit=session.pass_rule.time_limit,
        steps=tuple(steps),
        errors=tuple(error_lines),
        history=history,
        hints=len(session.progress.hints_taken),
        faults=tuple(faults),
    )

"""Hints: the step's own hint, the exercise's hint for its fault, and the advice (the clicks).

A hint is a training aid; the session charges for the first look at each step's hint. Its
last part is :func:`~labsim.play.advice.advise`'s advice, so a hint never sends a trainee
to a step the rig would refuse (it says first what to put back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.play.advice import advice_text
from labsim.play.labels import local

if TYPE_CHECKING:
    from labsim.play.session import PlaySession

__all__ = ["hint_text"]


def hint_text(session: PlaySession, index: int) -> str:
    """The hint of step ``index`` (the step now due): its hint texts, then the advice."""
    step = session.steps[index]
    lang = session.lang
    parts = [local(step.hint, lang)] if step.hint else []
    exercise = session.procedure.exercise
    if step.action == "diagnose" and exercise is not None:
        chosen = [c for c in exercise.faults if c.fault == session.fault and c.hint]
        parts += [local(c.hint, lang) for c in chosen]
    advice = session.advise_now()
    if not parts:
        return advice_text(session, advice, lang)
    how = advice_text(session, advice, lang, step=False)
    return " ".join(parts) + (f" {how}" if advice.restore else f" ({how})")

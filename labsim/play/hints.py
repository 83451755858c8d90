"""Hints: the step's own hint, the exercise's hint for its fault, and how to do the step.

A hint is a training aid; the session charges for the first look at each step's hint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.play.controls import Bench
from labsim.play.labels import control_label, local, value_label

if TYPE_CHECKING:
    from labsim.play.session import PlaySession

__all__ = ["hint_text", "how_to"]


def hint_text(session: PlaySession, index: int) -> str:
    """The hint of step ``index``: its hint text (or its text), then the clicks that do it."""
    step = session.steps[index]
    lang = session.lang
    parts = [local(step.hint, lang)] if step.hint else []
    exercise = session.procedure.exercise
    if step.action == "diagnose" and exercise is not None:
        chosen = [c for c in exercise.faults if c.fault == session.fault and c.hint]
        parts += [local(c.hint, lang) for c in chosen]
    if not parts:
        parts.append(session.step_text(index))
    how = how_to(session, index)
    return " ".join(parts) + (f" ({how})" if how else "")


def how_to(session: PlaySession, index: int) -> str:
    """The clicks that do a step, in words: ``DC 5A · 05-06 → Operating I ▸R``."""
    step = session.steps[index]
    controls = session.controls
    clicks = controls.plan(step.action, session.step_params(index), Bench())
    if not clicks:
        return ""
    *settings, (last, _) = clicks
    dialled = [
        value_label(controls.setting(t).value, session.lang, session.model_cls) for t, _ in settings
    ]
    control = controls.control(last)
    press = control_label(control.action, control.params, session.lang, session.model_cls)
    return " · ".join(dialled) + " → " + press if dialled else press

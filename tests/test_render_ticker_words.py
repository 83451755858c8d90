"""The watch view's event ticker says why an attempt failed in the view's language."""

from __future__ import annotations

import pytest
from render_support import floor_scenario

from labsim.engine import Lab
from labsim.engine import events as ev
from labsim.engine.metrics import CRITICAL, OVER_TIME, TOO_MANY_ERRORS
from labsim.render.observer import LabObserver


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["over the time limit", "a critical error", "too many errors"]),
        ("ru", ["превышена норма времени", "грубая ошибка", "слишком много ошибок"]),
        ("zh", ["超过时限", "严重错误", "错误过多"]),
    ],
)
def test_failed_attempts_give_their_reason_in_the_views_language(
    lang: str, words: list[str]
) -> None:
    lab = Lab(floor_scenario())
    observer = LabObserver(lab, lang=lang)
    for reason in (OVER_TIME, CRITICAL, TOO_MANY_ERRORS):
        lab.bus.emit(ev.AttemptFinished(1.0, "t/001", "p", 1, False, 3, 40.0, reason))
    said = [entry.text for entry in observer.ticker]
    for word in words:
        assert any(word in text for text in said), (word, said)

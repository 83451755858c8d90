"""The keys card (F1): each key's label stays left of its explanation, in every language."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from play_support import needs_fonts, shipped

from labsim.i18n import catalogue_languages
from labsim.play import PlaySession, SessionOptions
from labsim.render.play import PlayApp, overlays
from labsim.render.text import Fonts


@pytest.mark.parametrize("lang", [*catalogue_languages(), "zh+th", "th+zh", "zh+ru"])
def test_key_labels_never_run_into_their_explanations(
    monkeypatch: pytest.MonkeyPatch, lang: str, tmp_path: Path
) -> None:
    """Under a pair too: a key's name and its second language both end left of the text."""
    needs_fonts(lang)
    labels: list[pygame.Rect] = []
    areas: list[pygame.Rect] = []
    real_draw, real_pair = Fonts.draw, overlays.draw_pair

    def draw(self, target, text, style, colour, pos, anchor="topleft", max_width=None):  # type: ignore[no-untyped-def]
        rect = real_draw(self, target, text, style, colour, pos, anchor, max_width)
        if style == "body_bold" and colour == overlays.pal.ACCENT:
            labels.append(rect)
        elif style == "tiny" and colour == overlays.pal.mix(
            overlays.pal.ACCENT, overlays.pal.TEXT_DIM, 0.45
        ):
            labels[-1] = labels[-1].union(rect)  # a key's name in the second language
        return rect

    def pair(surface, fonts, said, style, colour, area, *rest):  # type: ignore[no-untyped-def]
        areas.append(area)
        return real_pair(surface, fonts, said, style, colour, area, *rest)

    monkeypatch.setattr(Fonts, "draw", draw)
    monkeypatch.setattr(overlays, "draw_pair", pair)
    session = PlaySession(
        shipped("zd6-practice.yaml"), "zd6-electrical-test", SessionOptions(lang=lang, seed=3)
    )
    session.begin()
    session.wait_for_rig()
    app = PlayApp(session, headless=True)
    app.open()
    app.tick(0)
    labels.clear()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F1, unicode="", mod=0))
    app.tick(0)
    app.save(tmp_path / f"keys-{lang}.png")
    pygame.display.quit()
    assert len(areas) > 5
    for label, area in zip(labels[-len(areas) :], areas, strict=True):  # the card comes last
        assert label.right < area.x, (lang, label, area)

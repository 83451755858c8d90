"""The replay's timeline in the footer: where the replay is, the keys, a changed procedure."""

from __future__ import annotations

import pygame

from labsim.i18n import tr
from labsim.play.replay import Replay
from labsim.render import palette as pal
from labsim.render.play.context import Ctx

__all__ = ["draw_timeline"]


def draw_timeline(ctx: Ctx, rect: pygame.Rect, replay: Replay, paused: bool) -> None:
    """Draw the timeline into ``rect`` (the footer) and keep its bar for clicks."""
    fonts, surface, lang = ctx.fonts, ctx.surface, ctx.lang
    mark = "❚❚" if paused else "▶"
    label = tr(
        "{mark} Replay of {attempt} · {at}/{of}",
        lang,
        mark=mark,
        attempt=replay.attempt.attempt_id[:8],
        at=replay.position,
        of=replay.inputs,
    )
    shown = fonts.draw(surface, label, "tiny", pal.ACCENT, (rect.x + 14, rect.centery), "midleft")
    keys = tr(
        "Space play/pause · ← → step · Home End · click the bar to seek · T take over · Esc quit",
        lang,
    )
    width = fonts.width(keys, "tiny")
    right = rect.right - 14
    if replay.changed:
        warning = tr("The procedure has changed since this attempt was recorded", lang)
        drawn = fonts.draw(
            surface, "⚠ " + warning, "tiny", pal.WARN, (right, rect.centery), "midright"
        )
        right = drawn.x - 16
    fonts.draw(surface, keys, "tiny", pal.TEXT_FAINT, (right, rect.centery), "midright")
    bar = pygame.Rect(
        shown.right + 14, rect.centery - 4, max(40, right - width - shown.right - 40), 8
    )
    pygame.draw.rect(surface, pal.CARD, bar, border_radius=4)
    items = replay.recording.inputs
    for index, item in enumerate(items):
        if item.kind == "act":
            x = bar.x + round(bar.width * index / max(1, len(items)))
            pygame.draw.line(surface, pal.TEXT_FAINT, (x, bar.y), (x, bar.bottom - 1))
    done = round(bar.width * replay.position / max(1, len(items)))
    pygame.draw.rect(surface, pal.ACCENT, (bar.x, bar.y, done, bar.height), border_radius=4)
    pygame.draw.circle(surface, pal.TEXT, (bar.x + done, bar.centery), 6)
    ctx.ui.extra["timeline"] = bar.inflate(0, 16)

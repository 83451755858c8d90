"""The replay's timeline in the footer: where the replay is, the keys, a changed procedure."""

from __future__ import annotations

import pygame

from labsim.i18n import tr
from labsim.play.replay import Replay
from labsim.render import palette as pal
from labsim.render.pairs import second_tone
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import pair_rows

__all__ = ["draw_timeline"]


def draw_timeline(ctx: Ctx, rect: pygame.Rect, replay: Replay, paused: bool) -> None:
    """Draw the timeline into ``rect`` (the footer) and keep its bar for clicks."""
    fonts, surface = ctx.fonts, ctx.surface
    mark = "❚❚" if paused else "▶"
    label = ctx.pair(
        lambda: tr(
            "{mark} Replay of {attempt} · {at}/{of}",
            ctx.lang,
            mark=mark,
            attempt=replay.attempt.attempt_id[:8],
            at=replay.position,
            of=replay.inputs,
        )
    )
    keys = ctx.pair(
        lambda: tr(
            "Space play/pause · ← → step · Home End · click the bar to seek · T take over · "
            "Esc quit",
            ctx.lang,
        )
    )
    warning = ctx.pair(
        lambda: "⚠ " + tr("The procedure has changed since this attempt was recorded", ctx.lang)
    )
    shown = _lines(ctx, label, (rect.x + 14, rect.centery), "left", pal.ACCENT)
    right = rect.right - 14
    if replay.changed:
        right = _lines(ctx, warning, (right, rect.centery), "right", pal.WARN).x - 16
    width = max(fonts.width(text, "tiny") for text in keys)
    _lines(ctx, keys, (right, rect.centery), "right", pal.TEXT_FAINT)
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


def _lines(
    ctx: Ctx, texts: list[str], pos: tuple[int, int], side: str, colour: pal.Colour
) -> pygame.Rect:
    """Tiny words centred on ``pos`` (at their left or right end), a second language beneath.

    Returns the box they take.
    """
    x, centre = pos
    if len(texts) == 1:
        anchor = "midleft" if side == "left" else "midright"
        return ctx.fonts.draw(ctx.surface, texts[0], "tiny", colour, (x, centre), anchor)
    rows = pair_rows(ctx.fonts, [texts], ("tiny", "tiny"))
    top = centre - rows.height // 2
    anchor = "topleft" if side == "left" else "topright"
    boxes = [
        ctx.fonts.draw(ctx.surface, text, "tiny", tone, (x, top + y), anchor)
        for text, y, tone in zip(
            texts,
            (rows.first, rows.second),
            (colour, second_tone(colour)),
            strict=False,
        )
    ]
    return boxes[0].unionall(boxes[1:])

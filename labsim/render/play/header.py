"""The play window's header: procedure, trainee, mode, step, the clock against the limit, score.

The clock shows the procedure time (standard step times plus the trainee's own thinking
time) against the time limit: its bar turns amber in the last five minutes and red over.
"""

from __future__ import annotations

import pygame

from labsim.i18n import tr
from labsim.play import Phase
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.words import MSG

__all__ = ["TITLE_WIDTH", "clock_text", "draw_header"]

#: How wide the procedure's title and the lines beneath it may be (the mode chip follows).
TITLE_WIDTH = 420

_MODE_COLOURS = {"training": pal.GOOD, "assessment": pal.WARN, "demo": (167, 139, 250)}


def clock_text(minutes: float) -> str:
    """Minutes as ``mm:ss``."""
    seconds = max(0, round(minutes * 60))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def draw_header(ctx: Ctx, rect: pygame.Rect) -> None:
    """Draw the header band into ``rect``."""
    surface, fonts, session, lang = ctx.surface, ctx.fonts, ctx.session, ctx.lang
    pygame.draw.rect(surface, pal.PANEL, rect)
    pygame.draw.line(surface, pal.DIVIDER, rect.bottomleft, rect.bottomright)
    _titles(ctx, rect)
    mode = "demo" if session.demo else session.mode
    colour = _MODE_COLOURS[mode]
    # under a pair the second language goes beneath, so neither is cut off
    first, *second = ctx.pair(lambda: tr(MSG[mode], ctx.lang).upper())
    width = min(max(fonts.width(t, "small_bold") for t in (first, *second)) + 22, 200)
    tall = 14 if second else 0
    badge = pygame.Rect(rect.x + 16 + TITLE_WIDTH + 16, rect.y + 16 - tall // 2, width, 24 + tall)
    pygame.draw.rect(surface, pal.mix(pal.PANEL, colour, 0.2), badge, border_radius=12)
    pygame.draw.rect(surface, colour, badge, 1, border_radius=12)
    centre = (badge.centerx, badge.y + 12)
    fonts.draw(surface, first, "small_bold", colour, centre, "center", max_width=width - 12)
    for text in second:
        below = (badge.centerx, badge.bottom - 10)
        fonts.draw(surface, text, "tiny", colour, below, "center", max_width=width - 12)
    x = badge.right + 22
    if session.training or session.demo:
        total = len(session.steps)
        label, value = tr("Step", lang), f"{min(session.step + 1, total)}/{total}"
    else:  # an assessment does not show whether the last action counted as a step
        label, value = tr("Your actions", lang), str(len(session.log))
    fonts.draw(surface, label, "tiny", pal.TEXT_FAINT, (x, rect.y + 10), max_width=70)
    fonts.draw(surface, value, "title", pal.TEXT, (x, rect.y + 24))
    _clock(ctx, pygame.Rect(x + 72, rect.y + 8, 250, 40))
    right = rect.right - 16
    if session.training or session.demo:
        card = session.score_now()
        fonts.draw(
            surface, tr("Score", lang), "tiny", pal.TEXT_FAINT, (right, rect.y + 10), "topright"
        )
        fonts.draw(surface, f"{card.score:g}", "big", pal.TEXT, (right, rect.y + 22), "topright")
        right -= 70
    if session.training and not session.demo and not ctx.ui.watching:  # nobody to ask
        label = tr("Hint −{n}", lang, n=f"{session.rules.hint:g}")
        width = fonts.width(label, "small_bold") + 40
        button = pygame.Rect(right - width, rect.y + 14, width, 28)
        target = ("ui", "hint")
        enabled = session.phase == Phase.WORKING
        fill = pal.mix(pal.CARD, pal.WARN, 0.35 if ctx.ui.hover == target and enabled else 0.2)
        pygame.draw.rect(surface, fill if enabled else pal.CARD, button, border_radius=7)
        pygame.draw.rect(surface, pal.WARN if enabled else pal.DIVIDER, button, 1, border_radius=7)
        fonts.draw(
            surface,
            label,
            "small_bold",
            pal.TEXT if enabled else pal.TEXT_FAINT,
            (button.x + 10, button.centery),
            "midleft",
        )
        fonts.draw(
            surface, "H", "tiny", pal.TEXT_DIM, (button.right - 10, button.centery), "midright"
        )
        ctx.hit.add(button, target)


def _titles(ctx: Ctx, rect: pygame.Rect) -> None:
    """The procedure's title over the trainee and the lab's name, in :data:`TITLE_WIDTH`.

    Under a pair the second language's title has a line of its own beneath the first (as
    the mode chip's second word does), so the lab's name is not cut off after it.
    """
    surface, fonts, session = ctx.surface, ctx.fonts, ctx.session
    x, top = rect.x + 16, rect.y
    title, *other = ctx.pair(lambda: session.title)
    who = " · ".join([session.trainee, session.scenario.title(ctx.lang)])
    if not other:
        fonts.draw(surface, title, "big", pal.TEXT, (x, top + 7), max_width=TITLE_WIDTH)
        fonts.draw(surface, who, "small", pal.TEXT_DIM, (x, top + 35), max_width=TITLE_WIDTH)
        return
    fonts.draw(surface, title, "big", pal.TEXT, (x, top + 3), max_width=TITLE_WIDTH)
    second = pal.mix(pal.TEXT, pal.TEXT_DIM, 0.45)
    fonts.draw(surface, other[0], "small", second, (x, top + 27), max_width=TITLE_WIDTH)
    fonts.draw(surface, who, "tiny", pal.TEXT_DIM, (x, top + 43), max_width=TITLE_WIDTH)


def _clock(ctx: Ctx, rect: pygame.Rect) -> None:
    surface, fonts, session, lang = ctx.surface, ctx.fonts, ctx.session, ctx.lang
    limit = session.time_limit
    elapsed = session.elapsed
    colour = pal.TEXT
    fraction = 0.0
    if limit is not None:
        fraction = min(1.0, elapsed / limit)
        if elapsed > limit:
            colour = pal.BAD
        elif elapsed > limit - 5:
            colour = pal.WARN
    fonts.draw(surface, tr("Time", lang), "tiny", pal.TEXT_FAINT, (rect.x, rect.y + 2))
    fonts.draw(surface, clock_text(elapsed), "title", colour, (rect.x, rect.y + 16))
    if limit is None:
        return
    fonts.draw(
        surface,
        tr("limit {time}", lang, time=clock_text(limit)),
        "tiny",
        pal.TEXT_DIM,
        (rect.right, rect.y + 2),
        "topright",
    )
    bar = pygame.Rect(rect.x + 70, rect.y + 24, rect.width - 70, 8)
    pygame.draw.rect(surface, pal.CARD, bar, border_radius=4)
    fill = bar.copy()
    fill.width = max(0, round(bar.width * fraction))
    bar_colour = pal.ACCENT if colour == pal.TEXT else colour
    if fill.width:
        pygame.draw.rect(surface, bar_colour, fill, border_radius=4)
    if elapsed > limit:
        over = min(1.0, (elapsed - limit) / session.rules.stop_after)
        fonts.draw(
            surface,
            f"+{clock_text(elapsed - limit)}",
            "tiny",
            pal.BAD,
            (bar.right, bar.bottom + 2),
            "topright",
        )
        pygame.draw.rect(surface, pal.BAD, (bar.x, bar.bottom + 2, round(bar.width * over), 2))

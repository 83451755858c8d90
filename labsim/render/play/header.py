"""The play window's header: procedure, trainee, mode, step, the clock against the limit, score.

The clock shows the procedure time (standard step times plus the trainee's own thinking
time) against the time limit: its bar turns amber in the last five minutes and red over.
"""

from __future__ import annotations

import pygame

from labsim.i18n import N_, tr
from labsim.play import Phase
from labsim.render import palette as pal
from labsim.render.pairs import second_tone
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import PAIR_BUTTON_H, PairRows, draw_label, pair_rows
from labsim.render.play.words import MSG
from labsim.render.text import ellipsize

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
    surface, fonts, session = ctx.surface, ctx.fonts, ctx.session
    pygame.draw.rect(surface, pal.PANEL, rect)
    pygame.draw.line(surface, pal.DIVIDER, rect.bottomleft, rect.bottomright)
    _titles(ctx, rect)
    mode = "demo" if session.options.demo else session.options.mode
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
    words = _figure_words(ctx)
    rows = pair_rows(fonts, list(words.values()), ("tiny", "tiny")) if ctx.second else None
    label = _Label(ctx, rect.y, rows)
    if session.options.training or session.options.demo:
        total = len(session.steps)
        value = f"{min(session.progress.step + 1, total)}/{total}"
    else:  # an assessment does not show whether the last action counted as a step
        value = str(len(session.progress.log))
    label.draw(words["step"], (x, 24), "topleft", 70, value, "title", pal.TEXT)
    _clock(ctx, pygame.Rect(x + 72, rect.y + 8, 250, 40), words, label)
    right = rect.right - 16
    if session.options.training or session.options.demo:
        score = f"{session.score_now().score:g}"
        label.draw(words["score"], (right, 22), "topright", 90, score, "big", pal.TEXT)
        right -= 70
    if (
        session.options.training and not session.options.demo and not ctx.ui.watching
    ):  # nobody to ask
        _hint_button(ctx, rect, right)


def _figure_words(ctx: Ctx) -> dict[str, list[str]]:
    """The header figures' labels, each in one language or two."""
    session = ctx.session
    step = N_("Step") if session.options.training or session.options.demo else N_("Your actions")
    words = {
        "step": ctx.pair(lambda: tr(step, ctx.lang)),
        "time": ctx.pair(lambda: tr("Time", ctx.lang)),
        "score": ctx.pair(lambda: tr("Score", ctx.lang)),
    }
    if session.pass_rule.time_limit is not None:
        limit = clock_text(session.pass_rule.time_limit)
        words["limit"] = ctx.pair(lambda: tr("limit {time}", ctx.lang, time=limit))
    return words


class _Label:
    """Draws a header figure's label over its value, the label in one language or two.

    Under a pair the labels of all figures stand level (``rows``), each over its second
    language, and the values go beneath them.
    """

    def __init__(self, ctx: Ctx, top: int, rows: PairRows | None) -> None:
        self.ctx, self.top, self.rows = ctx, top, rows

    def value_y(self, value: str, style: str, single: int) -> int:
        """Where a value in ``style`` goes: at ``single`` below the top, or under the labels."""
        if self.rows is None:
            return self.top + single
        return self.top + 2 + self.rows.height + 3 - self.ctx.fonts.ink(value, style).top

    def draw(
        self,
        labels: list[str],
        at: tuple[int, int],
        anchor: str,
        most: int,
        value: str | None = None,
        style: str = "title",
        colour: pal.Colour = pal.TEXT,
        tone: pal.Colour = pal.TEXT_FAINT,
    ) -> int:
        """The label at ``at`` (x, the value's y with one language) and the value; its y."""
        surface, fonts = self.ctx.surface, self.ctx.fonts
        x, single = at
        if self.rows is None:
            fonts.draw(surface, labels[0], "tiny", tone, (x, self.top + 10), anchor, most)
        else:
            second = pal.mix(tone, pal.TEXT_DIM, 0.5)
            for text, y, c in zip(
                labels, (self.rows.first, self.rows.second), (tone, second), strict=False
            ):
                fonts.draw(surface, text, "tiny", c, (x, self.top + 2 + y), anchor, most)
        y = self.value_y(value or "0", style, single)
        if value is not None:
            fonts.draw(surface, value, style, colour, (x, y), anchor)
        return y


def _hint_button(ctx: Ctx, rect: pygame.Rect, right: int) -> None:
    """The hint button (training), its label and price in each language of a pair."""
    surface, fonts, session = ctx.surface, ctx.fonts, ctx.session
    labels = ctx.pair(lambda: tr("Hint −{n}", ctx.lang, n=f"{session.rules.hint:g}"))
    target = ("ui", "hint")
    enabled = session.progress.phase == Phase.WORKING
    if len(labels) == 1:
        width = fonts.width(labels[0], "small_bold") + 40
        button = pygame.Rect(right - width, rect.y + 14, width, 28)
    else:
        width = max(fonts.width(labels[0], "small_bold"), fonts.width(labels[1], "tiny")) + 52
        button = pygame.Rect(right - width, rect.y + 12, width, PAIR_BUTTON_H)
    fill = pal.mix(pal.CARD, pal.WARN, 0.35 if ctx.ui.hover == target and enabled else 0.2)
    pygame.draw.rect(surface, fill if enabled else pal.CARD, button, border_radius=7)
    pygame.draw.rect(surface, pal.WARN if enabled else pal.DIVIDER, button, 1, border_radius=7)
    colour = pal.TEXT if enabled else pal.TEXT_FAINT
    if len(labels) == 1:
        fonts.draw(
            surface, labels[0], "small_bold", colour, (button.x + 10, button.centery), "midleft"
        )
        fonts.draw(
            surface, "H", "tiny", pal.TEXT_DIM, (button.right - 10, button.centery), "midright"
        )
    else:
        draw_label(surface, fonts, button, labels, colour, "H", pal.mix(fill, pal.BG, 0.45))
    ctx.hit.add(button, target)


def _titles(ctx: Ctx, rect: pygame.Rect) -> None:
    """The procedure's title over the trainee and the lab's name, in :data:`TITLE_WIDTH`.

    Under a pair the second language's title has a line of its own beneath the first (as
    the mode chip's second word does), so the lab's name is not cut off after it.
    """
    surface, fonts, session = ctx.surface, ctx.fonts, ctx.session
    x, top = rect.x + 16, rect.y
    title, *other = ctx.pair(lambda: session.title)
    who = " · ".join([session.options.trainee, session.scenario.title(ctx.lang)])
    # a title too long for the big style (French, Russian) is set a size down: more of it shows
    style, lower = ("big", 0) if fonts.width(title, "big") <= TITLE_WIDTH else ("title", 3)
    if not other:
        fonts.draw(surface, title, style, pal.TEXT, (x, top + 7 + lower), max_width=TITLE_WIDTH)
        fonts.draw(surface, who, "small", pal.TEXT_DIM, (x, top + 35), max_width=TITLE_WIDTH)
        return
    second = second_tone(pal.TEXT)
    lines = [(title, style, pal.TEXT), (other[0], "small", second), (who, "tiny", pal.TEXT_DIM)]
    shown = [(ellipsize(fonts, t, s, TITLE_WIDTH), s, c) for t, s, c in lines]
    inks = [fonts.ink(t, s) for t, s, _ in shown]
    # stacked by their letters (Thai reaches far below its line), so all three fit the band
    room = rect.height - 4 - sum(ink.height + 2 for ink in inks)
    if room < 0 and style == "big":
        shown[0] = (ellipsize(fonts, title, "title", TITLE_WIDTH), "title", pal.TEXT)
        inks[0] = fonts.ink(shown[0][0], "title")
        room = rect.height - 4 - sum(ink.height + 2 for ink in inks)
    y = top + 3 + max(0, room) // 2
    for (text, s, colour), ink in zip(shown, inks, strict=True):
        fonts.draw(surface, text, s, colour, (x, y - ink.y))
        y += ink.height + 2


def _clock(ctx: Ctx, rect: pygame.Rect, words: dict[str, list[str]], label: _Label) -> None:
    surface, fonts, session = ctx.surface, ctx.fonts, ctx.session
    limit = session.pass_rule.time_limit
    elapsed = session.progress.elapsed
    colour = pal.TEXT
    fraction = 0.0
    if limit is not None:
        fraction = min(1.0, elapsed / limit)
        if elapsed > limit:
            colour = pal.BAD
        elif elapsed > limit - 5:
            colour = pal.WARN
    y = label.draw(words["time"], (rect.x, 24), "topleft", 66, clock_text(elapsed), "title", colour)
    if limit is None:
        return
    label.draw(words["limit"], (rect.right, 24), "topright", 180, tone=pal.TEXT_DIM)
    bar = pygame.Rect(rect.x + 70, y + 8, rect.width - 70, 8)
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

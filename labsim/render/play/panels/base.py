"""The rig panel: a schematic of the rig kind with its controls placed on it.

:class:`RigPanel` draws any rig from its kit's panel description (title, lamps, badges, then
every rig control in rows): the generic renderer, which needs no code from a kit. A kind
may register a subclass that draws its own schematic from the rig model's state and places
the controls of the ``rig`` group next to the parts they work (:meth:`RigPanel.schematic`).
The base draws the card, the safety status (registered, lookout posted, locked and
tagged, proven dead) and, in a strip at the bottom, any rig control the subclass did not
place, so that every action of a model is always reachable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import pygame

from labsim.i18n import tr
from labsim.kits.words import kit_word
from labsim.play.labels import value_label
from labsim.play.rig_words import model_title
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import draw_card, draw_lamp, flow, pair_rows
from labsim.render.play.words import MSG
from labsim.render.text import ellipsize

__all__ = [
    "STEEL",
    "RigPanel",
    "draw_padlock",
    "pair_block",
    "panel_label",
    "panel_word",
    "panel_words",
    "part_box",
    "status_pills",
]

STEEL = (168, 178, 194)
_LAMP_COLOURS = {"good": pal.GOOD, "warn": pal.WARN, "bad": pal.BAD, "accent": pal.ACCENT}
SLEEPER = (64, 58, 54)

_STATUS = (
    ("registered", "registered"),
    ("protection", "protected"),
    ("lockout", "locked-out"),
    ("proven_dead", "proven-dead"),
)


class RigPanel:
    """A rig's panel drawn from its kit's panel description (kinds may add a drawing)."""

    kind = "generic"

    def draw(self, ctx: Ctx, rect: pygame.Rect) -> None:
        """Draw the whole rig card into ``rect``."""
        session = ctx.session
        names = ctx.pair(lambda: model_title(session.model_cls, ctx.lang))
        title = " · ".join([*names, session.procedure.rig])
        inner = draw_card(ctx.surface, ctx.fonts, rect, title, pal.ACCENT)
        top = status_pills(ctx, pygame.Rect(inner.x, inner.y, inner.width, 20))
        rig_controls = [c.id for c in session.controls.in_group("rig")]
        area = pygame.Rect(inner.x, top + 6, inner.width, inner.bottom - top - 6)
        self.schematic(ctx, area)
        left = [c for c in rig_controls if c not in ctx.placed]
        if left:
            self.strip(ctx, left, area)

    def schematic(self, ctx: Ctx, area: pygame.Rect) -> None:
        """Draw the rig from its panel description: name, lamps and badges (any kit).

        A kind with its own drawing overrides this; every other kit gets this panel, and
        :meth:`strip` places its controls below, so a kit needs no drawing code.
        """
        session = ctx.session
        if session.controls.spec.schematic == "none":
            return
        ctx.fonts.draw(
            ctx.surface,
            ctx.title(lambda: model_title(session.model_cls, ctx.lang)),
            "title",
            pal.TEXT_DIM,
            (area.centerx, area.y + 16),
            "center",
            max_width=area.width - 16,
        )
        y = area.y + 40
        rig = session.controls.spec.rig
        if rig.lamps:
            y = self._lamps(ctx, pygame.Rect(area.x, y, area.width, 56))
        if rig.badges:
            # under a pair each badge says both languages, one over the other, where the
            # controls below leave the room
            ids = [c.id for c in session.controls.in_group("rig") if c.id not in ctx.placed]
            rects = self._strip_rects(ctx, ids, area)
            room = min((r.top for r in rects), default=area.bottom) - 4 - y
            stacked = ctx.second is not None and room >= 36
            self._badges(ctx, pygame.Rect(area.x, y, area.width, 36 if stacked else 24))

    def _lamps(self, ctx: Ctx, box: pygame.Rect) -> int:
        """The described lamps in a row, each lit while its state variable says so."""
        lamps = ctx.session.controls.spec.rig.lamps
        state = ctx.session.rig.state()
        step = box.width / len(lamps)
        for i, lamp in enumerate(lamps):
            cx = round(box.x + step * (i + 0.5))
            lit = state.get(lamp.var) in lamp.lit
            draw_lamp(ctx.surface, (cx, box.y + 14), 10, _LAMP_COLOURS[lamp.colour], lit)
            colour = pal.TEXT if lit else pal.TEXT_DIM
            at = (cx, box.y + 30)
            panel_label(ctx, lamp.word, "tiny", colour, at, "midtop", round(step) - 6)
        return box.bottom

    def _badges(self, ctx: Ctx, box: pygame.Rect) -> int:
        """The described state variables as ``name: value`` tags in a row."""
        badges = ctx.session.controls.spec.rig.badges
        step = box.width / len(badges)
        for i, badge in enumerate(badges):
            cell = pygame.Rect(round(box.x + step * i) + 3, box.y, round(step) - 6, box.height)
            pygame.draw.rect(ctx.surface, pal.mix(pal.CARD, pal.ACCENT, 0.1), cell, border_radius=6)
            texts = ctx.pair(
                functools.partial(_badge_text, ctx, badge.word or badge.var, badge.var)
            )
            if box.height < 36:  # no room for the second language: the first, as ever
                texts = texts[:1]
            pair_block(ctx, texts, "tiny", pal.TEXT, cell.center, "center", cell.width - 8)
        return box.bottom

    def strip(self, ctx: Ctx, control_ids: list[str], area: pygame.Rect) -> None:
        """Lay ``control_ids`` out in rows at the bottom of ``area``."""
        for control_id, rect in zip(
            control_ids, self._strip_rects(ctx, control_ids, area), strict=True
        ):
            ctx.button(control_id, rect)

    def _strip_rects(
        self, ctx: Ctx, control_ids: list[str], area: pygame.Rect
    ) -> list[pygame.Rect]:
        """Where :meth:`strip` puts ``control_ids``: rows at the bottom of ``area``."""
        labels = [ctx.label(c) for c in control_ids]
        widths = [ctx.fonts.width(t, "small_bold") + 36 for t in labels]
        height = ctx.button_h
        probe = flow(pygame.Rect(0, 0, area.width, 999), widths, height)
        # a language with long words takes no more rows than English: its labels are shortened
        english = [ctx.fonts.width(ctx.label(c, "en"), "small_bold") + 36 for c in control_ids]
        rows = (
            flow(pygame.Rect(0, 0, area.width, 999), english, height)[-1].bottom if english else 0
        )
        cap = max(widths, default=0)
        while probe and probe[-1].bottom > rows and cap > 64:
            cap -= 8
            widths = [min(w, cap) for w in widths]
            probe = flow(pygame.Rect(0, 0, area.width, 999), widths, height)
        rows_h = probe[-1].bottom if probe else 0
        box = pygame.Rect(area.x, area.bottom - rows_h, area.width, rows_h)
        return flow(box, widths, height)


def _badge_text(ctx: Ctx, word: str, var: str) -> str:
    """A badge's ``name: value`` in :attr:`Ctx.lang`."""
    value = ctx.session.rig.state().get(var)
    return f"{panel_word(ctx, word)}: {value_label(value, ctx.lang, ctx.session.model_cls)}"


def panel_word(ctx: Ctx, key: str) -> str:
    """A word of the rig's schematic, from its kit's words (the key itself when missing)."""
    word = kit_word(ctx.session.model_cls, "panel", key, ctx.lang)
    return key if word is None else word


def panel_words(ctx: Ctx, key: str) -> str:
    """A word of the schematic in both languages of a pair, on one line (``控制台 · แผง``)."""
    return ctx.title(lambda: panel_word(ctx, key))


def panel_label(
    ctx: Ctx,
    key: str,
    style: str,
    colour: pal.Colour,
    pos: tuple[int, int],
    anchor: str = "topleft",
    most: int | None = None,
) -> pygame.Rect:
    """A word of the schematic at ``pos``, and under a pair its second language beneath it.

    The two lines are placed as one block by ``anchor`` (a label above a wire keeps its
    bottom there, one beside a part its middle), the second smaller and dimmer; each is
    shortened to ``most`` pixels if given.
    """
    return pair_block(ctx, ctx.pair(lambda: panel_word(ctx, key)), style, colour, pos, anchor, most)


def pair_block(
    ctx: Ctx,
    texts: Sequence[str],
    style: str,
    colour: pal.Colour,
    pos: tuple[int, int],
    anchor: str = "topleft",
    most: int | None = None,
) -> pygame.Rect:
    """``texts[0]`` in ``style`` and, if given, its second language smaller beneath.

    The lines are placed as one block by ``anchor`` (see :func:`panel_label`); each is
    shortened to ``most`` pixels if given. Returns the block.
    """
    if len(texts) == 1:
        return ctx.fonts.draw(ctx.surface, texts[0], style, colour, pos, anchor, most)
    styles = (style, "tiny")
    texts = texts[:2]
    if most is not None:
        texts = [ellipsize(ctx.fonts, t, s, most) for t, s in zip(texts, styles, strict=True)]
    rows = pair_rows(ctx.fonts, [texts], styles, gap=2)
    widths = [ctx.fonts.width(t, s) for t, s in zip(texts, styles, strict=True)]
    block = pygame.Rect(0, 0, max(widths), rows.height)
    setattr(block, anchor, pos)
    tones = (colour, pal.mix(colour, pal.CARD, 0.25))
    for text, s, tone, y, width in zip(
        texts, styles, tones, (rows.first, rows.second), widths, strict=True
    ):
        if "left" in anchor:
            x = block.x
        elif "right" in anchor:
            x = block.right - width
        else:
            x = block.centerx - width // 2
        ctx.fonts.draw(ctx.surface, text, s, tone, (x, block.y + y))
    return block


def part_box(ctx: Ctx, rect: pygame.Rect, words: Callable[[], str]) -> None:
    """A part of the schematic (receiver, supply, dispatch): a framed box titled at top left.

    ``words`` say the title (in :attr:`Ctx.lang`): under a pair, both languages, on one line.
    """
    pygame.draw.rect(ctx.surface, (44, 52, 68), rect, border_radius=8)
    pygame.draw.rect(ctx.surface, pal.DIVIDER, rect, 1, border_radius=8)
    ctx.fonts.draw(
        ctx.surface,
        ctx.title(words),
        "tiny",
        pal.TEXT_DIM,
        (rect.x + 8, rect.y + 5),
        max_width=rect.width - 12,
    )


def status_pills(ctx: Ctx, rect: pygame.Rect) -> int:
    """The safety status as a row of pills; returns the y below them.

    Under a pair each pill says both languages; where the row would run off the card (long
    Russian or French words), the widest pills are shortened until it fits, so that the
    rig's drawing below keeps its room.
    """
    rig = ctx.session.rig
    pills: list[tuple[str, bool]] = []
    for var, word in _STATUS:
        if var not in rig.variables:
            continue
        on = bool(rig[var])
        key = word if on or var != "registered" else "not-registered"
        pills.append((ctx.title(lambda: tr(MSG[key], ctx.lang)), on))  # noqa: B023 (called at once)
    widths = [ctx.fonts.width(text, "tiny") + 26 for text, _ in pills]
    room = rect.width - 6 * (len(widths) - 1)
    cap = max(widths, default=0)
    while sum(min(w, cap) for w in widths) > room and cap > 40:
        cap -= 4
    boxes = flow(rect, [min(w, cap) for w in widths], 18, 6, stretch=False)
    for (text, on), pill in zip(pills, boxes, strict=True):
        colour = pal.GOOD if on else pal.TEXT_FAINT
        pygame.draw.rect(
            ctx.surface, pal.mix(pal.CARD, colour, 0.18 if on else 0.05), pill, border_radius=9
        )
        pygame.draw.rect(ctx.surface, pal.mix(pal.CARD, colour, 0.6), pill, 1, border_radius=9)
        pygame.draw.circle(
            ctx.surface, colour, (pill.x + 10, pill.centery), 4 if on else 3, 0 if on else 1
        )
        ctx.fonts.draw(
            ctx.surface,
            text,
            "tiny",
            pal.TEXT if on else pal.TEXT_DIM,
            (pill.x + 18, pill.centery),
            "midleft",
            max_width=pill.width - 24,
        )
    return rect.y + 18


def draw_padlock(surface: pygame.Surface, centre: tuple[int, int], colour: pal.Colour) -> None:
    """A small padlock with a tag: the sign of a lockout."""
    x, y = centre
    pygame.draw.arc(surface, colour, pygame.Rect(x - 6, y - 12, 12, 14), 0, 3.1416, 2)
    body = pygame.Rect(x - 8, y - 5, 16, 12)
    pygame.draw.rect(surface, colour, body, border_radius=3)
    pygame.draw.circle(surface, pal.CARD, (x, y + 1), 2)
    tag = [(x + 9, y - 2), (x + 22, y + 2), (x + 22, y + 12), (x + 9, y + 8)]
    pygame.draw.polygon(surface, pal.BAD, tag)
    pygame.draw.line(surface, pal.BAD, (x + 8, y), (x + 9, y - 2), 1)


def button_row(
    ctx: Ctx,
    control_ids: list[str],
    rect: pygame.Rect,
    words: Sequence[Callable[[], str] | None] | None = None,
    gap: int = 6,
) -> None:
    """Buttons side by side filling ``rect`` (missing controls leave no gap).

    ``words`` say each button's label (see :meth:`Ctx.button`), the default label where None.
    """
    present = [c for c in control_ids if c in ctx.session.controls]
    if not present:
        return
    names = words if words is not None and len(words) == len(control_ids) else None
    width = (rect.width - gap * (len(present) - 1)) / len(present)
    x = float(rect.x)
    for control_id in present:
        said = names[control_ids.index(control_id)] if names else None
        ctx.button(control_id, pygame.Rect(round(x), rect.y, round(width), ctx.button_h), said)
        x += width + gap

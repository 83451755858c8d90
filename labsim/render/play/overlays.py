"""Things drawn over the panel: menus (which fault, the instructor's faults), keys, notices.

* the **choice menu** of a diagnosis or a repair lists the rig model's faults by title;
* the **instructor's menu** (F9) injects or clears any fault of the rig, with its
  symptoms, without the trainee's knowledge of which;
* the **keys** card (F1) lists the shortcuts;
* a **notice** banner says the rig failed, or that the window waits for a rig.
"""

from __future__ import annotations

import pygame

from labsim.i18n import tr
from labsim.play.rig_words import fault_symptoms, fault_title
from labsim.render import palette as pal
from labsim.render.pairs import second_tone
from labsim.render.play.context import Ctx, Toast
from labsim.render.play.keys import keys_now, keys_on_floor
from labsim.render.play.widgets import (
    ButtonLook,
    draw_button,
    draw_card,
    draw_pair,
    pair_height,
    pair_rows,
)

__all__ = [
    "draw_choice_menu",
    "draw_fault_menu",
    "draw_help",
    "draw_notice",
    "draw_toast",
    "shade",
]


def shade(surface: pygame.Surface, alpha: int = 150) -> None:
    """Dim everything drawn so far (under a modal card)."""
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*pal.BG, alpha))
    surface.blit(veil, (0, 0))


def _modal(ctx: Ctx, rows: int, title: str, width: int = 560, row_h: int = 44) -> pygame.Rect:
    shade(ctx.surface)
    height = 44 + rows * row_h + 22
    rect = pygame.Rect(0, 0, width, height)
    rect.center = ctx.surface.get_rect().center
    inner = draw_card(ctx.surface, ctx.fonts, rect, title, pal.WARN)
    close = pygame.Rect(rect.right - 34, rect.y + 6, 26, 24)
    draw_button(ctx.surface, ctx.fonts, close, "✕")
    ctx.hit.add(rect, ("ui", "modal"))
    ctx.hit.add(close, ("ui", "close"))
    return inner


def draw_choice_menu(ctx: Ctx, control_id: str) -> None:
    """The faults a diagnosis or a repair may name (each in both languages of a pair)."""
    model = ctx.session.model_cls
    faults = sorted(model.fault_names())
    title = ctx.title(
        lambda: tr("{action}: which fault?", ctx.lang, action=ctx.label(control_id, ctx.lang))
    )
    row = 36 if ctx.second is None else 46
    inner = _modal(ctx, len(faults), title, 560, row)
    for i, fault in enumerate(faults):
        rect = pygame.Rect(inner.x, inner.y + 4 + i * row, inner.width, row - 6)
        target = ("choice", fault)
        look = ButtonLook(hover=ctx.ui.hover == target, flash=ctx.ui.flash == f"choice:{fault}")
        labels = ctx.pair(lambda: fault_title(model, fault, ctx.lang))  # noqa: B023
        draw_button(ctx.surface, ctx.fonts, rect, labels, str(i + 1), look)
        ctx.hit.add(rect, target)


def draw_fault_menu(ctx: Ctx) -> None:
    """The instructor's menu: every fault of the rig, on or off, with its symptoms."""
    rig = ctx.session.rig
    model = type(rig)
    faults = sorted(rig.fault_names())
    row = 48 if ctx.second is None else 62
    title = ctx.title(lambda: tr("Instructor: inject or clear a fault", ctx.lang))
    inner = _modal(ctx, len(faults), title, 760, row)
    for i, fault in enumerate(faults):
        on = rig.has_fault(fault)
        rect = pygame.Rect(inner.x, inner.y + 4 + i * row, inner.width, row - 6)
        target = ("fault", fault)
        hover = ctx.ui.hover == target
        fill = pal.mix(pal.CARD, pal.BAD if on else pal.ACCENT, 0.3 if hover else 0.12)
        pygame.draw.rect(ctx.surface, fill, rect, border_radius=7)
        pygame.draw.rect(ctx.surface, pal.BAD if on else pal.DIVIDER, rect, 1, border_radius=7)
        ctx.fonts.draw(ctx.surface, str(i + 1), "body_bold", pal.TEXT, (rect.x + 10, rect.y + 4))
        titles = ctx.pair(lambda: fault_title(model, fault, ctx.lang))  # noqa: B023
        area = pygame.Rect(rect.x + 26, rect.y + 4, rect.width - 110, rect.height)
        y = draw_pair(ctx.surface, ctx.fonts, titles, "body_bold", pal.TEXT, area, 1)
        symptoms = " · ".join(
            ctx.pair(lambda: fault_symptoms(model, fault, ctx.lang))  # noqa: B023
        )
        ctx.fonts.draw(
            ctx.surface,
            symptoms,
            "small" if ctx.second is None else "tiny",
            pal.TEXT_DIM,
            (rect.x + 26, y + 1),
            max_width=rect.width - 110,
        )
        if on:  # under a pair its second language beneath
            said = ctx.pair(lambda: tr("ON", ctx.lang))
            rows = pair_rows(ctx.fonts, [said], ("small_bold", "tiny"))
            top = rect.centery - rows.height // 2
            for text, style, y in zip(
                said, ("small_bold", "tiny"), (rows.first, rows.second), strict=False
            ):
                ctx.fonts.draw(
                    ctx.surface, text, style, pal.BAD, (rect.right - 10, top + y), "topright", 76
                )
        ctx.hit.add(rect, target)
    note = ctx.pair(
        lambda: tr(
            "A fault set here stays until it is repaired or cleared here. F9 or Esc closes.",
            ctx.lang,
        )
    )
    ctx.fonts.draw(
        ctx.surface,
        "  ·  ".join(note),
        "tiny",
        pal.TEXT_FAINT,
        (inner.x, inner.bottom - 8),
        max_width=inner.width,
    )


def draw_help(ctx: Ctx) -> None:
    """The keys card (F1)."""
    row = 28 if ctx.second is None else 40
    if ctx.on_floor:
        keys = keys_on_floor(ctx.session, watching=ctx.ui.watching)
    else:
        keys = keys_now(ctx.session, watching=ctx.ui.watching, replaying=ctx.ui.replaying)
    labels = [ctx.pair(lambda: tr(key.label, ctx.lang)) for key in keys]  # noqa: B023
    # the key column is as wide as its longest label (the Thai 'lab 08:40' is long), within
    # reason, and the card widens by as much so that the explanations keep their room
    widths = [
        ctx.fonts.width(text, "body_bold" if i == 0 else "tiny") + 18
        for said in labels
        for i, text in enumerate(said)
    ]
    col = min(220, max([130, *widths]))
    title = ctx.title(lambda: tr("Keys", ctx.lang))
    inner = _modal(ctx, len(keys), title, 640 + col - 130, row)
    rows = pair_rows(ctx.fonts, labels, ("body_bold", "tiny"))
    y = inner.y + 4
    for key, said_key in zip(keys, labels, strict=True):
        # a key's name (where it has words: 'Click / key') stands over its second language
        second = second_tone(pal.ACCENT)
        for text, style, tone, dy in zip(
            said_key,
            ("body_bold", "tiny"),
            (pal.ACCENT, second),
            (0, rows.second - rows.first),
            strict=False,
        ):
            ctx.fonts.draw(
                ctx.surface, text, style, tone, (inner.x + 6, y + dy), max_width=col - 12
            )
        said = ctx.pair(lambda: tr(key.card, ctx.lang))  # noqa: B023
        area = pygame.Rect(inner.x + col, y, inner.width - col, row)
        draw_pair(ctx.surface, ctx.fonts, said, "body", pal.TEXT, area, 1)
        y += row


def draw_notice(
    ctx: Ctx,
    title: str,
    body: list[str],
    colour: pal.Colour,
    centre: tuple[int, int] | None = None,
) -> None:
    """A banner across the window (its middle, or centred on ``centre``).

    ``body`` is in one language or two (the second smaller beneath the first).
    """
    area = ctx.surface.get_rect()
    height = pair_height(ctx.fonts, body, "body", 620)
    rect = pygame.Rect(0, 0, 680, 64 + height)
    rect.center = centre or (area.centerx, area.centery - 40)
    pygame.draw.rect(ctx.surface, pal.SHADOW, rect.move(0, 4), border_radius=12)
    pygame.draw.rect(ctx.surface, pal.mix(pal.PANEL, colour, 0.12), rect, border_radius=12)
    pygame.draw.rect(ctx.surface, colour, rect, 2, border_radius=12)
    ctx.fonts.draw(ctx.surface, title, "big", colour, (rect.x + 24, rect.y + 14), max_width=632)
    inside = pygame.Rect(rect.x + 24, rect.y + 48, 620, height)
    draw_pair(ctx.surface, ctx.fonts, body, "body", pal.TEXT, inside)


def draw_toast(ctx: Ctx, toast: Toast, bottom: int) -> pygame.Rect:
    """A short notice at the window's lower right, its bottom at ``bottom``.

    It says its text in both languages of a pair, the second smaller beneath, over whatever
    is there, until it times out.
    """
    fonts, area = ctx.fonts, ctx.surface.get_rect()
    most = min(560, area.width - 32)
    widest = max(fonts.width(t, "body" if i == 0 else "small") for i, t in enumerate(toast.texts))
    width = min(most, widest)
    height = pair_height(fonts, toast.texts, "body", width, 2)
    rect = pygame.Rect(0, 0, width + 40, height + 18)
    rect.bottomright = (area.right - 16, bottom)
    pygame.draw.rect(ctx.surface, pal.SHADOW, rect.move(0, 3), border_radius=10)
    pygame.draw.rect(ctx.surface, pal.mix(pal.PANEL, toast.colour, 0.16), rect, border_radius=10)
    pygame.draw.rect(ctx.surface, toast.colour, rect, 1, border_radius=10)
    pygame.draw.rect(ctx.surface, toast.colour, (rect.x + 10, rect.y + 10, 4, height - 2), 0, 2)
    inside = pygame.Rect(rect.x + 24, rect.y + 9, width, height)
    draw_pair(ctx.surface, fonts, toast.texts, "body", pal.TEXT, inside, 2)
    return rect

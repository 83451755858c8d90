"""Things drawn over the panel: menus (which fault, the instructor's faults), keys, notices.

* the **choice menu** of a diagnosis or a repair lists the rig model's faults by title;
* the **instructor's menu** (F9) injects or clears any fault of the rig, with its
  symptoms, without the trainee's knowledge of which;
* the **keys** card (F1) lists the shortcuts;
* a **notice** banner says the rig failed, or that the window waits for a rig.
"""

from __future__ import annotations

import pygame

from labsim.i18n import N_, tr
from labsim.play.rig_words import fault_symptoms, fault_title
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import ButtonLook, draw_button, draw_card, draw_wrapped

__all__ = ["draw_choice_menu", "draw_fault_menu", "draw_help", "draw_notice", "shade"]


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
    """The faults a diagnosis or a repair may name."""
    model = ctx.session.model_cls
    faults = sorted(model.fault_names())
    control = ctx.session.controls.control(control_id)
    title = tr("{action}: which fault?", ctx.lang, action=ctx.label(control_id))
    inner = _modal(ctx, len(faults), title, 520, 36)
    for i, fault in enumerate(faults):
        rect = pygame.Rect(inner.x, inner.y + 4 + i * 36, inner.width, 30)
        target = ("choice", fault)
        look = ButtonLook(hover=ctx.ui.hover == target, flash=ctx.ui.flash == f"choice:{fault}")
        label = fault_title(model, fault, ctx.lang)
        draw_button(ctx.surface, ctx.fonts, rect, label, str(i + 1), look)
        ctx.hit.add(rect, target)
    _ = control


def draw_fault_menu(ctx: Ctx) -> None:
    """The instructor's menu: every fault of the rig, on or off, with its symptoms."""
    rig = ctx.session.rig
    faults = sorted(rig.fault_names())
    inner = _modal(ctx, len(faults), tr("Instructor: inject or clear a fault", ctx.lang), 720, 48)
    for i, fault in enumerate(faults):
        model = type(rig)
        on = rig.has_fault(fault)
        rect = pygame.Rect(inner.x, inner.y + 4 + i * 48, inner.width, 42)
        target = ("fault", fault)
        hover = ctx.ui.hover == target
        fill = pal.mix(pal.CARD, pal.BAD if on else pal.ACCENT, 0.3 if hover else 0.12)
        pygame.draw.rect(ctx.surface, fill, rect, border_radius=7)
        pygame.draw.rect(ctx.surface, pal.BAD if on else pal.DIVIDER, rect, 1, border_radius=7)
        ctx.fonts.draw(
            ctx.surface,
            f"{i + 1}  {fault_title(model, fault, ctx.lang)}",
            "body_bold",
            pal.TEXT,
            (rect.x + 10, rect.y + 4),
            max_width=rect.width - 90,
        )
        ctx.fonts.draw(
            ctx.surface,
            fault_symptoms(model, fault, ctx.lang),
            "small",
            pal.TEXT_DIM,
            (rect.x + 26, rect.y + 23),
            max_width=rect.width - 110,
        )
        if on:
            ctx.fonts.draw(
                ctx.surface,
                tr("ON", ctx.lang),
                "small_bold",
                pal.BAD,
                (rect.right - 10, rect.centery),
                "midright",
            )
        ctx.hit.add(rect, target)
    ctx.fonts.draw(
        ctx.surface,
        tr(
            "A fault set here stays until it is repaired or cleared here. F9 or Esc closes.",
            ctx.lang,
        ),
        "tiny",
        pal.TEXT_FAINT,
        (inner.x, inner.bottom - 8),
    )


_KEYS = (
    (N_("Click / key"), N_("a control: its letter is on the button")),
    ("H", N_("hint for the step now due (training; costs points)")),
    (", .", N_("multimeter range down / up")),
    ("[ ]", N_("move the meter probes")),
    ("1-9", N_("choose in an open menu")),
    ("Tab", N_("the lab floor around you, and back")),
    ("F1", N_("this card")),
    ("F9", N_("instructor: inject or clear a fault")),
    ("F12", N_("save a screenshot")),
    ("Esc", N_("close a menu, or quit (the attempt is kept as abandoned)")),
)


def draw_help(ctx: Ctx) -> None:
    """The keys card (F1)."""
    inner = _modal(ctx, len(_KEYS), tr("Keys", ctx.lang), 600, 28)
    y = inner.y + 4
    for key, text in _KEYS:
        ctx.fonts.draw(ctx.surface, tr(key, ctx.lang), "body_bold", pal.ACCENT, (inner.x + 6, y))
        ctx.fonts.draw(ctx.surface, tr(text, ctx.lang), "body", pal.TEXT, (inner.x + 130, y))
        y += 28


def draw_notice(
    ctx: Ctx,
    title: str,
    body: str,
    colour: pal.Colour,
    centre: tuple[int, int] | None = None,
) -> None:
    """A banner across the window (its middle, or centred on ``centre``)."""
    area = ctx.surface.get_rect()
    lines = ctx.fonts.wrap(body, "body", 620)
    rect = pygame.Rect(0, 0, 680, 64 + 20 * len(lines))
    rect.center = centre or (area.centerx, area.centery - 40)
    pygame.draw.rect(ctx.surface, pal.SHADOW, rect.move(0, 4), border_radius=12)
    pygame.draw.rect(ctx.surface, pal.mix(pal.PANEL, colour, 0.12), rect, border_radius=12)
    pygame.draw.rect(ctx.surface, colour, rect, 2, border_radius=12)
    ctx.fonts.draw(ctx.surface, title, "big", colour, (rect.x + 24, rect.y + 14))
    draw_wrapped(
        ctx.surface,
        ctx.fonts,
        body,
        "body",
        pal.TEXT,
        pygame.Rect(rect.x + 24, rect.y + 48, 620, 20 * len(lines)),
    )

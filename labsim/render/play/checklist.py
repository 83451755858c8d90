"""The left column: the checklist of steps (training, demo) or the action log (assessment).

In training the steps are listed with a tick once done, the step now due expanded, and a
red mark where errors were made; in an assessment there are no ticks and no step texts:
the trainee sees only what they did, as an examiner's log would show it.
"""

from __future__ import annotations

import pygame

from labsim.i18n import N_, tr
from labsim.play.rig_words import action_text
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import draw_card, draw_pair, pair_height

__all__ = ["draw_checklist"]

_ROW = 24


def _minutes(value: float) -> str:
    return f"{value:.1f}′" if value < 10 else f"{value:.0f}′"


def draw_checklist(ctx: Ctx, rect: pygame.Rect) -> None:
    """Draw the left column into ``rect``."""
    session = ctx.session
    if session.options.training or session.options.demo:
        title, body = N_("Checklist"), _steps
        count = f"{min(session.progress.step, len(session.steps))}/{len(session.steps)}"
    else:
        title, body, count = N_("Your actions"), _log, str(len(session.progress.log))
    heading = ctx.title(lambda: tr(title, ctx.lang))
    body(ctx, draw_card(ctx.surface, ctx.fonts, rect, heading, pal.ACCENT, count))


def _errors_by_step(ctx: Ctx) -> dict[int, int]:
    counts: dict[int, int] = {}
    for entry in ctx.session.progress.log:
        if entry.verdict.is_error and entry.due is not None:
            counts[entry.due] = counts.get(entry.due, 0) + 1
    return counts


def _steps(ctx: Ctx, area: pygame.Rect) -> None:
    session, fonts, surface = ctx.session, ctx.fonts, ctx.surface
    current = session.progress.step if session.progress.end is None else None
    errors = _errors_by_step(ctx)
    row = _ROW + (12 if ctx.second else 0)
    expanded = 0
    if current is not None:
        expanded = _current_height(ctx, area, current)
    fits = max(1, (area.height - expanded) // row + 1)
    first = 0 if current is None else max(0, min(current - 3, len(session.steps) - fits))
    y = area.y
    if first > 0:  # the steps scrolled away above are done: say so on one short row
        first += 1
        fonts.draw(surface, f"✓ 1–{first}", "tiny", pal.TEXT_FAINT, (area.x + 6, y + 4))
        y += _ROW - 6
    for index in range(first, len(session.steps)):
        if y + row > area.bottom:
            fonts.draw(surface, "…", "body", pal.TEXT_FAINT, (area.centerx, area.bottom - 14))
            break
        if index == current:
            y = _current(ctx, area, index, y, errors.get(index, 0))
            continue
        done = index < session.progress.step
        glyph, colour = ("✓", pal.GOOD) if done else ("·", pal.TEXT_FAINT)
        fonts.draw(surface, glyph, "body_bold", colour, (area.x + 6, y + 3))
        text_colour = pal.TEXT_DIM if done else pal.TEXT
        if session.steps[index].critical:
            pygame.draw.circle(surface, pal.BAD, (area.x + 24, y + 11), 3)
        label, *other = ctx.pair(lambda: session.step_text(index))  # noqa: B023 (called at once)
        label = f"{index + 1}. {label}"
        right = ""
        if (
            done
            and index in session.progress.step_finished
            and index in session.progress.step_started
        ):
            right = _minutes(
                session.progress.step_finished[index] - session.progress.step_started[index]
            )
        room = area.width - 34 - (fonts.width(right, "tiny") + 8 if right else 0)
        fonts.draw(surface, label, "small", text_colour, (area.x + 30, y + 4), max_width=room)
        for text in other:
            fonts.draw(surface, text, "tiny", pal.TEXT_DIM, (area.x + 30, y + 20), max_width=room)
        if right:
            fonts.draw(surface, right, "tiny", pal.TEXT_FAINT, (area.right, y + 5), "topright")
        if errors.get(index):
            fonts.draw(
                surface, f"✗{errors[index]}", "tiny", pal.BAD, (area.right, y + 5), "topright"
            )
        y += row


def _current_texts(ctx: Ctx, index: int) -> list[str]:
    return ctx.pair(lambda: f"{index + 1}. {ctx.session.step_text(index)}")


def _current_height(ctx: Ctx, area: pygame.Rect, index: int) -> int:
    """The height of the step now due, expanded: its text (in both languages) and the meta row."""
    lines = 4 if ctx.second is None else 3
    texts = _current_texts(ctx, index)
    return 14 + pair_height(ctx.fonts, texts, "body_bold", area.width - 34, lines) + 18


def _current(ctx: Ctx, area: pygame.Rect, index: int, y: int, errors: int) -> int:
    session, fonts, surface = ctx.session, ctx.fonts, ctx.surface
    lines = 4 if ctx.second is None else 3
    box = pygame.Rect(area.x - 4, y, area.width + 8, _current_height(ctx, area, index))
    pygame.draw.rect(surface, pal.mix(pal.CARD, pal.ACCENT, 0.22), box, border_radius=8)
    pygame.draw.rect(surface, pal.ACCENT, box, 1, border_radius=8)
    fonts.draw(surface, "▸", "body_bold", pal.ACCENT, (area.x + 6, y + 7))
    draw_pair(
        surface,
        fonts,
        _current_texts(ctx, index),
        "body_bold",
        pal.TEXT,
        pygame.Rect(area.x + 26, y + 7, area.width - 34, box.height - 32),
        lines,
    )
    meta = " · ".join(
        ctx.pair(lambda: tr("standard {time}", ctx.lang, time=_minutes(session.standard[index])))
    )
    if session.steps[index].critical:
        meta += "  ·  ⚠ " + " · ".join(ctx.pair(lambda: tr("critical", ctx.lang)))
    fonts.draw(
        surface,
        meta,
        "tiny",
        pal.TEXT_DIM,
        (area.x + 26, box.bottom - 16),
        max_width=box.width - 60,
    )
    if errors:
        fonts.draw(
            surface,
            f"✗{errors}",
            "small_bold",
            pal.BAD,
            (box.right - 8, box.bottom - 18),
            "topright",
        )
    return box.bottom + 4


def _log(ctx: Ctx, area: pygame.Rect) -> None:
    session, fonts, surface = ctx.session, ctx.fonts, ctx.surface
    note = ctx.pair(
        lambda: tr("Assessment: work from memory. Errors are recorded, not shown.", ctx.lang)
    )
    y = draw_pair(surface, fonts, note, "small", pal.TEXT_DIM, area, 3) + 8
    row = 22 + (12 if ctx.second else 0)
    rows = max(1, (area.bottom - y) // row)
    model = session.model_cls
    for entry in session.progress.log[-rows:]:
        stamp = f"{entry.minute:5.1f}′"
        fonts.draw(surface, stamp, "tiny", pal.TEXT_FAINT, (area.x, y + 4))
        said = ctx.pair(lambda: action_text(entry.action, entry.params, ctx.lang, model))  # noqa: B023
        label, *other = said
        room = area.width - 46
        fonts.draw(surface, label, "small", pal.TEXT, (area.x + 46, y + 2), max_width=room)
        for text in other:
            fonts.draw(surface, text, "tiny", pal.TEXT_DIM, (area.x + 46, y + 18), max_width=room)
        y += row

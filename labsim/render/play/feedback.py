"""The message card under the rig: the step now due, what the last action did, the hint.

Training explains a wrong or unsafe action at once: the rule it broke (in the chosen
language) and the right action. An assessment shows only what the rig did, never a
verdict. A demonstration shows its narration (the step's text) here.
"""

from __future__ import annotations

import pygame

from labsim.i18n import tr
from labsim.play import Entry
from labsim.play.advice import advice_text
from labsim.play.labels import rule_sentence, value_label, word
from labsim.play.rig_words import action_text, fault_title, note_text, quantity_label
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.tools import format_reading, tool_title
from labsim.render.play.widgets import draw_card, draw_wrapped

__all__ = ["draw_feedback"]


def draw_feedback(ctx: Ctx, rect: pygame.Rect) -> None:
    """Draw the message card into ``rect``."""
    session, fonts, surface, lang = ctx.session, ctx.fonts, ctx.surface, ctx.lang
    title = tr("Demonstration", lang) if session.demo else tr("Now", lang)
    inner = draw_card(surface, fonts, rect, title, (167, 139, 250) if session.demo else pal.ACCENT)
    y = inner.y
    if session.end is None and (session.training or session.demo):
        index = session.step
        head = tr("Step {n}/{total}", lang, n=index + 1, total=len(session.steps)) + " · "
        y = (
            draw_wrapped(
                surface,
                fonts,
                head + session.step_text(index),
                "body_bold",
                pal.TEXT,
                pygame.Rect(inner.x, y, inner.width, 40),
                2,
            )
            + 6
        )
        if session.demo and ctx.ui.flash:
            fonts.draw(
                surface,
                "▶ " + _pressing(ctx, ctx.ui.flash),
                "small_bold",
                (190, 170, 255),
                (inner.x, y),
            )
            y += 20
    elif session.end is None:
        y = (
            draw_wrapped(
                surface,
                fonts,
                tr("Assessment: work from memory. Errors are recorded, not shown.", lang),
                "small",
                pal.TEXT_DIM,
                pygame.Rect(inner.x, y, inner.width, 20),
                1,
            )
            + 6
        )
    pygame.draw.line(surface, pal.DIVIDER, (inner.x, y), (inner.right, y))
    y += 8
    body = pygame.Rect(inner.x, y, inner.width, inner.bottom - y)
    if ctx.ui.hint:
        y = _boxed(ctx, body, ctx.ui.hint, pal.WARN, tr("Hint", lang))
        body = pygame.Rect(inner.x, y + 6, inner.width, inner.bottom - y - 6)
    if session.log:
        _entry(ctx, session.log[-1], body)


def _pressing(ctx: Ctx, flash: str) -> str:
    """What the demonstration is about to do, in words."""
    controls = ctx.session.controls
    if flash.startswith("choice:"):
        fault = flash.split(":", 1)[1]
        return fault_title(ctx.session.model_cls, fault, ctx.lang)
    if flash.startswith("set:"):
        setting = controls.setting(flash)
        model = ctx.session.model_cls
        return (
            f"{tool_title(ctx, setting.tool)} · {word(setting.param, ctx.lang, model)} "
            + value_label(setting.value, ctx.lang, model)
        )
    return ctx.label(flash)


def _boxed(ctx: Ctx, area: pygame.Rect, text: str, colour: pal.Colour, label: str) -> int:
    lines = ctx.fonts.wrap(text, "small", area.width - 70)[:3]
    box = pygame.Rect(area.x, area.y, area.width, 10 + 17 * len(lines))
    pygame.draw.rect(ctx.surface, pal.mix(pal.CARD, colour, 0.14), box, border_radius=6)
    pygame.draw.rect(ctx.surface, pal.mix(pal.CARD, colour, 0.6), box, 1, border_radius=6)
    ctx.fonts.draw(ctx.surface, label, "small_bold", colour, (box.x + 8, box.y + 5))
    y = box.y + 5
    for line in lines:
        ctx.fonts.draw(ctx.surface, line, "small", pal.TEXT, (box.x + 62, y))
        y += 17
    return box.bottom


def _entry(ctx: Ctx, entry: Entry, area: pygame.Rect) -> None:
    session, fonts, surface, lang = ctx.session, ctx.fonts, ctx.surface, ctx.lang
    verdict = entry.verdict
    did = action_text(entry.action, entry.params, lang, session.model_cls)
    explain = session.training or session.demo
    if verdict.is_error and explain:
        colour = pal.BAD
        head = "✗ " + tr("Error: {action}", lang, action=did)
    elif verdict.kind == "done" and explain:
        colour, head = pal.GOOD, "✓ " + tr("Done: {action}", lang, action=did)
    elif verdict.kind == "restored" and explain:
        colour, head = pal.GOOD, "↺ " + tr("Put back: {action}", lang, action=did)
    else:
        colour, head = pal.TEXT_DIM, did
    fonts.draw(surface, head, "body_bold", colour, (area.x, area.y), max_width=area.width - 170)
    fonts.draw(
        surface,
        tr("{minutes} min", lang, minutes=f"{entry.minute:.1f}"),
        "tiny",
        pal.TEXT_FAINT,
        (area.right, area.y + 3),
        "topright",
    )
    y = area.y + 22
    if entry.reading is not None:
        y = _reading(ctx, entry, pygame.Rect(area.x, y, area.width, 34)) + 4
    if verdict.is_error and explain:
        _explain(ctx, entry, pygame.Rect(area.x, y, area.width, area.bottom - y))
        return
    if verdict.is_error:  # assessment: what the rig did, no verdict
        if verdict.reason is not None:
            fonts.draw(surface, tr("Nothing happens.", lang), "small", pal.TEXT_DIM, (area.x, y))
            y += 18
    elif verdict.kind == "observed" and explain and entry.due is not None:
        fonts.draw(
            surface,
            tr("Not the step that is due - no penalty for looking.", lang),
            "small",
            pal.TEXT_DIM,
            (area.x, y),
        )
        y += 18
    for note in entry.notes[:3]:
        y = draw_wrapped(
            surface,
            fonts,
            "• " + note_text(note, lang, session.model_cls),
            "small",
            pal.TEXT,
            pygame.Rect(area.x, y, area.width, 36),
            2,
        )
        if y > area.bottom - 16:
            break


def _explain(ctx: Ctx, entry: Entry, area: pygame.Rect) -> None:
    """Training: the rule an error broke, and the right action."""
    session, fonts, surface, lang = ctx.session, ctx.fonts, ctx.surface, ctx.lang
    verdict = entry.verdict
    y = area.y
    if verdict.critical:
        fonts.draw(
            surface,
            "⚠ " + tr("Veto item - the attempt scores 0", lang),
            "small_bold",
            pal.BAD,
            (area.x, y),
        )
        y += 18
    rule = rule_sentence(verdict.rule, lang, verdict.reason, session.model_cls)
    y = draw_wrapped(
        surface,
        fonts,
        tr("Rule: {rule}", lang, rule=rule),
        "small",
        pal.TEXT,
        pygame.Rect(area.x, y, area.width, 36),
        2,
    )
    if lang == "en" and verdict.reason and verdict.reason != rule:
        y = draw_wrapped(
            surface,
            fonts,
            f"({verdict.reason})",
            "small",
            pal.TEXT_DIM,
            pygame.Rect(area.x, y, area.width, 18),
            1,
        )
    if entry.due is not None:
        right = session.step_text(entry.due)
        if entry.advice is not None:
            right = advice_text(session, entry.advice, lang)
        draw_wrapped(
            surface,
            fonts,
            tr("Right action: {action}", lang, action=right),
            "small",
            pal.GOOD,
            pygame.Rect(area.x, y + 2, area.width, area.bottom - y - 2),
            max(2, (area.bottom - y - 2) // ctx.fonts.height("small")),
        )


def _reading(ctx: Ctx, entry: Entry, rect: pygame.Rect) -> int:
    reading = entry.reading
    assert reading is not None
    big = ctx.fonts.scaled(1.4)
    colour = pal.TEXT
    if ctx.session.training and reading.in_range is not None:
        colour = pal.GOOD if reading.in_range else pal.BAD
    shown = big.draw(ctx.surface, format_reading(reading), "title", colour, (rect.x, rect.y))
    label = quantity_label(reading.quantity, ctx.lang, ctx.session.model_cls)
    if reading.normal_range is not None:
        low, high = reading.normal_range
        label += "   " + tr(
            "normal {low}–{high} {unit}",
            ctx.lang,
            low=f"{low:g}",
            high=f"{high:g}",
            unit=reading.unit,
        )
    ctx.fonts.draw(
        ctx.surface,
        label,
        "small",
        pal.TEXT_DIM,
        (shown.right + 14, shown.centery),
        "midleft",
        max_width=rect.right - shown.right - 14,
    )
    return shown.bottom

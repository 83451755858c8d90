"""The message card under the rig: the step now due, what the last action did, the hint.

Training explains a wrong or unsafe action at once: the rule it broke (in the chosen
language) and the right action. An assessment shows only what the rig did, never a
verdict. A demonstration shows its narration (the step's text) here.
"""

from __future__ import annotations

import functools

import pygame

from labsim.i18n import N_, tr
from labsim.play import Entry
from labsim.play.advice import advice_text
from labsim.play.labels import rule_sentence, value_label, word
from labsim.play.rig_words import action_text, fault_title, note_text, quantity_label
from labsim.render import palette as pal
from labsim.render.pairs import second_tone
from labsim.render.play.context import Ctx
from labsim.render.play.tools import format_reading, tool_title
from labsim.render.play.widgets import (
    draw_card,
    draw_pair,
    draw_wrapped,
    pair_height,
    pair_rows,
)

__all__ = ["draw_feedback"]


def draw_feedback(ctx: Ctx, rect: pygame.Rect) -> None:
    """Draw the message card into ``rect``."""
    session, fonts, surface = ctx.session, ctx.fonts, ctx.surface
    if session.options.demo:
        title = ctx.title(lambda: tr("Demonstration", ctx.lang))
    else:
        title = ctx.title(lambda: tr("Now", ctx.lang))
    inner = draw_card(
        surface, fonts, rect, title, (167, 139, 250) if session.options.demo else pal.ACCENT
    )
    y = inner.y
    if session.progress.end is None and (session.options.training or session.options.demo):
        index, total = session.progress.step, len(session.steps)
        texts = ctx.pair(
            lambda: (
                tr("Step {n}/{total}", ctx.lang, n=index + 1, total=total)
                + " · "
                + session.step_text(index)
            )
        )
        area = pygame.Rect(inner.x, y, inner.width, 60)
        y = draw_pair(surface, fonts, texts, "body_bold", pal.TEXT, area, 2) + 6
        if session.options.demo and ctx.ui.flash:
            flash = ctx.ui.flash
            pressing = " · ".join(ctx.pair(lambda: _pressing(ctx, flash)))
            fonts.draw(
                surface,
                "▶ " + pressing,
                "small_bold",
                (190, 170, 255),
                (inner.x, y),
                max_width=inner.width,
            )
            y += 20
    elif session.progress.end is None:
        note = ctx.pair(
            lambda: tr("Assessment: work from memory. Errors are recorded, not shown.", ctx.lang)
        )
        area = pygame.Rect(inner.x, y, inner.width, 40)
        y = draw_pair(surface, fonts, note, "small", pal.TEXT_DIM, area, 1) + 6
    pygame.draw.line(surface, pal.DIVIDER, (inner.x, y), (inner.right, y))
    y += 8
    body = pygame.Rect(inner.x, y, inner.width, inner.bottom - y)
    if ctx.ui.hint:
        hints = [ctx.ui.hint, *([ctx.ui.hint_second] if ctx.ui.hint_second else [])]
        y = _boxed(ctx, body, hints, pal.WARN, ctx.pair(lambda: tr("Hint", ctx.lang)))
        body = pygame.Rect(inner.x, y + 6, inner.width, inner.bottom - y - 6)
    if session.progress.log:
        _entry(ctx, session.progress.log[-1], body)


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


def _boxed(
    ctx: Ctx, area: pygame.Rect, texts: list[str], colour: pal.Colour, labels: list[str]
) -> int:
    """A tinted box with a label at its left and ``texts`` (one language or two) beside it.

    The label too is in one language or two, the second smaller beneath.
    """
    most = 3 if len(texts) == 1 else 2
    widest = max(
        ctx.fonts.width(t, "small_bold" if i == 0 else "tiny") for i, t in enumerate(labels)
    )
    indent = max(62, widest + 18)  # "Подсказка" is wider
    height = pair_height(ctx.fonts, texts, "small", area.width - indent - 8, most)
    box = pygame.Rect(area.x, area.y, area.width, 10 + height)
    pygame.draw.rect(ctx.surface, pal.mix(pal.CARD, colour, 0.14), box, border_radius=6)
    pygame.draw.rect(ctx.surface, pal.mix(pal.CARD, colour, 0.6), box, 1, border_radius=6)
    rows = pair_rows(ctx.fonts, [labels], ("small_bold", "tiny"))
    tone = second_tone(colour)
    for text, style, c, y in zip(
        labels, ("small_bold", "tiny"), (colour, tone), (rows.first, rows.second), strict=False
    ):
        ctx.fonts.draw(ctx.surface, text, style, c, (box.x + 8, box.y + 5 + y - rows.first))
    inside = pygame.Rect(box.x + indent, box.y + 5, area.width - indent - 8, height)
    draw_pair(ctx.surface, ctx.fonts, texts, "small", pal.TEXT, inside, most)
    return box.bottom


def _heads(ctx: Ctx, entry: Entry, explain: bool) -> tuple[list[str], pal.Colour]:
    """What the last action was and its verdict (in one language or two), and its colour."""
    verdict = entry.verdict
    model = ctx.session.model_cls
    if verdict.is_error and explain:
        mark, message, colour = "✗ ", N_("Error: {action}"), pal.BAD
    elif verdict.kind == "done" and explain:
        mark, message, colour = "✓ ", N_("Done: {action}"), pal.GOOD
    elif verdict.kind == "restored" and explain:
        mark, message, colour = "↺ ", N_("Put back: {action}"), pal.GOOD
    else:
        mark, message, colour = "", "{action}", pal.TEXT_DIM

    def head() -> str:
        did = action_text(entry.action, entry.params, ctx.lang, model)
        return mark + (tr(message, ctx.lang, action=did) if mark else did)

    return ctx.pair(head), colour


def _entry(ctx: Ctx, entry: Entry, area: pygame.Rect) -> None:
    session, fonts, surface = ctx.session, ctx.fonts, ctx.surface
    verdict = entry.verdict
    explain = session.options.training or session.options.demo
    heads, colour = _heads(ctx, entry, explain)
    when = ctx.title(lambda: tr("{minutes} min", ctx.lang, minutes=f"{entry.minute:.1f}"))
    room = area.width - max(70, fonts.width(when, "tiny") + 12)
    y = draw_pair(
        surface, fonts, heads, "body_bold", colour, pygame.Rect(area.x, area.y, room, 40), 1
    )
    fonts.draw(surface, when, "tiny", pal.TEXT_FAINT, (area.right, area.y + 3), "topright")
    y += 3
    if entry.reading is not None:
        y = _reading(ctx, entry, pygame.Rect(area.x, y, area.width, 34)) + 4
    if verdict.is_error and explain:
        _explain(ctx, entry, pygame.Rect(area.x, y, area.width, area.bottom - y))
        return
    said: list[str] = []
    if verdict.is_error:  # assessment: what the rig did, no verdict
        if verdict.reason is not None:
            said = ctx.pair(lambda: tr("Nothing happens.", ctx.lang))
    elif verdict.kind == "observed" and explain and entry.due is not None:
        said = ctx.pair(lambda: tr("Not the step that is due - no penalty for looking.", ctx.lang))
    if said:
        y = draw_pair(surface, fonts, said, "small", pal.TEXT_DIM, area.move(0, y - area.y), 1)
    _notes(ctx, entry, pygame.Rect(area.x, y, area.width, area.bottom - y))


def _notes(ctx: Ctx, entry: Entry, area: pygame.Rect) -> None:
    """What the rig said, never over the card's edge.

    A line each where they all fit; else run together (``a · b``) in as many lines as the
    card has left.
    """
    fonts = ctx.fonts
    if not entry.notes:
        return
    each = [ctx.pair(functools.partial(_bullet, ctx, n)) for n in entry.notes]
    if sum(pair_height(fonts, texts, "small", area.width, 2) for texts in each) <= area.height:
        y = area.y
        for texts in each:
            y = draw_pair(ctx.surface, fonts, texts, "small", pal.TEXT, area.move(0, y - area.y), 2)
        return
    joined = ctx.pair(lambda: "• " + " · ".join(_said(ctx, n) for n in entry.notes))
    for most in (3, 2, 1):
        if pair_height(fonts, joined, "small", area.width, most) <= area.height:
            draw_pair(ctx.surface, fonts, joined, "small", pal.TEXT, area, most)
            return


def _said(ctx: Ctx, note: str) -> str:
    return note_text(note, ctx.lang, ctx.session.model_cls)


def _bullet(ctx: Ctx, note: str) -> str:
    return "• " + _said(ctx, note)


def _explain(ctx: Ctx, entry: Entry, area: pygame.Rect) -> None:
    """Training: the rule an error broke, and the right action."""
    session, fonts, surface = ctx.session, ctx.fonts, ctx.surface
    verdict = entry.verdict
    model = session.model_cls
    y = area.y
    if verdict.critical:
        veto = " · ".join(ctx.pair(lambda: tr("Veto item - the attempt scores 0", ctx.lang)))
        fonts.draw(surface, "⚠ " + veto, "small_bold", pal.BAD, (area.x, y), max_width=area.width)
        y += 18
    rules = ctx.pair(
        lambda: tr(
            "Rule: {rule}",
            ctx.lang,
            rule=rule_sentence(verdict.rule, ctx.lang, verdict.reason, model),
        )
    )
    y = draw_pair(
        surface, fonts, rules, "small", pal.TEXT, pygame.Rect(area.x, y, area.width, 36), 2
    )
    rule = rule_sentence(verdict.rule, ctx.lang, verdict.reason, model)
    if ctx.lang == "en" and ctx.second is None and verdict.reason and verdict.reason != rule:
        y = draw_wrapped(
            surface,
            fonts,
            f"({verdict.reason})",
            "small",
            pal.TEXT_DIM,
            pygame.Rect(area.x, y, area.width, 18),
            1,
        )
    due = entry.due
    if due is None:
        return

    def right() -> str:
        assert due is not None
        said = session.step_text(due)
        if entry.advice is not None:
            said = advice_text(session, entry.advice, ctx.lang)
        return tr("Right action: {action}", ctx.lang, action=said)

    room = pygame.Rect(area.x, y + 2, area.width, area.bottom - y - 2)
    lines = max(2, room.height // fonts.height("small"))
    if ctx.second is not None:
        lines = max(2, lines // 2 + 1)
    draw_pair(surface, fonts, ctx.pair(right), "small", pal.GOOD, room, lines)


def _reading(ctx: Ctx, entry: Entry, rect: pygame.Rect) -> int:
    reading = entry.reading
    assert reading is not None
    big = ctx.fonts.scaled(1.4)
    colour = pal.TEXT
    if ctx.session.options.training and reading.in_range is not None:
        colour = pal.GOOD if reading.in_range else pal.BAD
    shown = big.draw(ctx.surface, format_reading(reading), "title", colour, (rect.x, rect.y))

    def said() -> str:
        label = quantity_label(reading.quantity, ctx.lang, ctx.session.model_cls)
        if reading.normal_range is None:
            return label
        low, high = reading.normal_range
        return (
            label
            + "   "
            + tr(
                "normal {low}–{high} {unit}",
                ctx.lang,
                low=f"{low:g}",
                high=f"{high:g}",
                unit=reading.unit,
            )
        )

    labels = ctx.pair(said)
    room = rect.right - shown.right - 14
    if len(labels) == 1:
        ctx.fonts.draw(
            ctx.surface,
            labels[0],
            "small",
            pal.TEXT_DIM,
            (shown.right + 14, shown.centery),
            "midleft",
            max_width=room,
        )
        return shown.bottom
    rows = pair_rows(ctx.fonts, [labels], ("small", "tiny"))
    top = shown.centery - rows.height // 2
    tone = pal.mix(pal.TEXT_DIM, pal.TEXT_FAINT, 0.3)
    for text, style, colour, y in zip(
        labels, ("small", "tiny"), (pal.TEXT_DIM, tone), (rows.first, rows.second), strict=True
    ):
        ctx.fonts.draw(
            ctx.surface, text, style, colour, (shown.right + 14, top + y), max_width=room
        )
    return shown.bottom

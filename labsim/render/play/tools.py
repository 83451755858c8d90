"""The tools column: one card per tool the rig's actions need.

Registration book, site protection, lock-tag-and-tester, then the tools the rig's panel
description lists (a meter gets a reading display and its selectors, such as a range and
probe points whose positions come from the model), then fault finding; only the tools the
rig model has actions for are shown.

A kit may declare more tools than the column holds, and a language with long words makes
every card taller. The cards are packed ever tighter (:data:`FITS`) until they fit: buttons
three to a row, then every card without selectors half the column wide, then each meter's
reading in its title row instead of a display of its own, then buttons two to a row in the
half-width cards too, then (under a pair) both languages of a title on one line where they
fit, then smaller gaps, then lower buttons and chips. Once cards are half wide the
full-width ones (tools with selectors) go first and the others are stacked in two columns,
each card under the shorter column, so that none is stretched to its neighbour's height.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pygame

from labsim.equipment.base import Reading
from labsim.play.controls import Control, Setting
from labsim.play.labels import button_label, tool_name, value_label, word
from labsim.play.rig_words import quantity_label
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import (
    BUTTON_H,
    CARD_TITLE_PAIR,
    PAIR_BUTTON_MIN,
    draw_card,
    flow,
)

__all__ = ["FITS", "Fit", "draw_tools", "fit_for", "format_reading", "tool_title"]

_GAP = 6
#: Chip widths per selector: three meter ranges, or five probe positions, to a row.
_CHIP_W = {"range": 80, "terminals": 48}
#: A meter's display: its height, and the colours of its reading (as read, out of range).
_DISPLAY_H = 40
_LCD = (140, 240, 190)
_LCD_OFF = (70, 110, 92)


@dataclass(frozen=True)
class Fit:
    """How tightly the tool cards are packed (see the module docstring)."""

    #: Buttons three to a row in full-width cards (their labels shortened to fit).
    dense: bool = False
    #: Every card without selectors takes half the column, meters too.
    halves: bool = False
    #: A meter's reading sits in its card's title row: no display of its own.
    slim: bool = False
    #: Buttons two to a row in half-width cards (their labels shortened to fit).
    packed: bool = False
    #: Under a pair, a card's title says both languages on one line where they fit in it.
    joined: bool = False
    #: The height of a button row and of a selector chip, and the gap between cards.
    row: int = 26
    chip: int = 20
    gap: int = 10


#: The packings tried in turn, loosest first: the first that fits the column is drawn.
FITS = (
    Fit(),
    Fit(dense=True),
    Fit(dense=True, halves=True),
    Fit(dense=True, halves=True, slim=True),
    Fit(dense=True, halves=True, slim=True, packed=True),
    Fit(dense=True, halves=True, slim=True, packed=True, joined=True),
    Fit(dense=True, halves=True, slim=True, packed=True, joined=True, gap=6),
    Fit(dense=True, halves=True, slim=True, packed=True, joined=True, row=22, chip=18, gap=6),
)


def tool_title(ctx: Ctx, group: str, *, short: bool = False) -> str:
    """The name of a tool or panel group: the kit's word for it, else labsim's.

    ``short``: the short name for a half-width card, else the full one.
    """
    return tool_name(group, ctx.lang, ctx.session.model_cls, short=short)


def format_reading(reading: Reading) -> str:
    """A reading as a meter shows it: four significant digits and the unit."""
    value = reading.value
    text = f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"
    return f"{text} {reading.unit}"


def _label(ctx: Ctx, control_id: str) -> str:
    control = ctx.session.controls.control(control_id)
    return button_label(control.action, control.params, ctx.lang, ctx.session.model_cls)


def _last_reading(ctx: Ctx, group: str) -> Reading | None:
    for entry in reversed(ctx.session.progress.log):
        if entry.reading is not None and ctx.session.controls.group_of(entry.action) == group:
            return entry.reading
    return None


def _rich(ctx: Ctx, group: str) -> bool:
    """Meters and tools with selectors or many buttons: a card with a grid of buttons."""
    controls = ctx.session.controls
    return _is_meter(ctx, group) or _has_selectors(ctx, group) or len(controls.in_group(group)) > 4


def _has_selectors(ctx: Ctx, group: str) -> bool:
    return any(s.tool == group for s in ctx.session.controls.settings)


def _full(ctx: Ctx, group: str, fit: Fit) -> bool:
    """Whether the group's card takes the column's full width (else half of it)."""
    if fit.halves:
        return _has_selectors(ctx, group)
    return _rich(ctx, group)


def _is_meter(ctx: Ctx, group: str) -> bool:
    """Whether the group's card has a reading display (its panel description says so)."""
    spec = ctx.session.controls.spec.group(group)
    return spec is not None and spec.display


def _selectors(ctx: Ctx, group: str) -> list[tuple[str, list[Setting]]]:
    """The tool's selectors, in the order of the panel description: (param, positions)."""
    params = dict.fromkeys(s.param for s in ctx.session.controls.settings if s.tool == group)
    return [(p, ctx.session.controls.settings_of(group, p)) for p in params]


def _chip_width(ctx: Ctx, param: str, chips: list[Setting]) -> int:
    """A selector's chip width: a known one, else the widest position's label."""
    if param in _CHIP_W:
        return _CHIP_W[param]
    model = ctx.session.model_cls
    labels = [value_label(s.value, ctx.lang, model) for s in chips]
    return max(ctx.fonts.width(t, "tiny") for t in labels) + 16


def _card_height(ctx: Ctx, group: str, width: int, fit: Fit) -> int:
    extra = CARD_TITLE_PAIR if len(_title(ctx, group, width, fit)) > 1 else 0
    return extra + _body_height(ctx, group, width, fit)


def _title(ctx: Ctx, group: str, width: int, fit: Fit) -> list[str]:
    """A card's title: in each language of a pair, or both on one line where that fits."""
    titles = ctx.pair(lambda: tool_title(ctx, group, short=not _full(ctx, group, fit)))
    joined = " · ".join(titles)
    room = width - 40 - (48 if fit.slim and _is_meter(ctx, group) else 0)
    if fit.joined and len(titles) > 1 and ctx.fonts.width(joined.upper(), "small_bold") <= room:
        return [joined]
    return titles


def _selector_h(ctx: Ctx, chips: list[pygame.Rect]) -> int:
    """A selector's height: its rows of chips, or its name in two languages if taller."""
    return max(chips[-1].bottom - chips[0].top, 0 if ctx.second is None else 26)


def _body_height(ctx: Ctx, group: str, width: int, fit: Fit) -> int:
    buttons = ctx.session.controls.in_group(group)
    if not _rich(ctx, group):
        return 34 + len(buttons) * (_row(ctx, fit) + 4)
    height = 36
    if _is_meter(ctx, group) and not fit.slim:
        height += _DISPLAY_H + _GAP
    for param, chips in _selectors(ctx, group):
        if chips:
            widths = [_chip_width(ctx, param, chips)] * len(chips)
            rects = flow(pygame.Rect(0, 0, width - 20 - 58, 999), widths, fit.chip, 4)
            height += _selector_h(ctx, rects) + _GAP
    if buttons:
        height += _grid(ctx, buttons, pygame.Rect(0, 0, width - 20, 999), fit)[-1].bottom
    return height


def _grid(ctx: Ctx, buttons: list[Control], area: pygame.Rect, fit: Fit) -> list[pygame.Rect]:
    """Equal cells, as many columns (three; two in a half-width card) as the labels allow.

    A dense (or, half-width, packed) fit takes that many columns whatever the labels (they
    are shortened to fit): long words or many tools must not push cards out of the window.
    """
    widest = max(ctx.fonts.width(_label(ctx, c.id), "small_bold") + 30 for c in buttons)
    wide = area.width >= 240
    most = 3 if wide else 2
    forced = fit.dense if wide else fit.packed
    columns = most if forced else max(1, min(most, (area.width + 4) // widest))
    cells = [(area.width - 4 * (columns - 1)) // columns] * len(buttons)
    return flow(area, cells, _row(ctx, fit), 4)


def _row(ctx: Ctx, fit: Fit) -> int:
    """A button row's height: under a pair, tall enough for two lines where the fit allows.

    The tightest fit keeps its low rows: their labels set the second language beside.
    """
    grown = fit.row + ctx.button_h - BUTTON_H
    return grown if grown >= PAIR_BUTTON_MIN else fit.row


def draw_tools(ctx: Ctx, column: pygame.Rect) -> None:
    """Draw every tool card of the rig into ``column``, packed as loosely as fits."""
    _stack(ctx, column, fit_for(ctx, column), draw=True)


def fit_for(ctx: Ctx, column: pygame.Rect) -> Fit:
    """The loosest packing whose cards end inside ``column`` (the tightest if none does)."""
    return next((f for f in FITS if _stack(ctx, column, f) <= column.bottom), FITS[-1])


def _stack(ctx: Ctx, column: pygame.Rect, fit: Fit, *, draw: bool = False) -> int:
    """Lay the cards out down ``column`` (drawing them if asked); returns the y below them.

    A full-width card takes a row of its own. Half-width cards go two to a row, in order,
    as tall as each other; with :attr:`Fit.halves`, after the full-width cards, each under
    the shorter side instead.
    """
    groups = [g for g in ctx.session.controls.groups() if g != "rig"]
    if fit.halves:
        groups.sort(key=lambda g: not _full(ctx, g, fit))
    half = (column.width - 10) // 2
    sides = [column.y, column.y]  # the y where the next card starts, left and right
    pending: str | None = None

    def place(group: str, side: int, y: int, width: int, height: int = 0) -> int:
        height = height or _card_height(ctx, group, width, fit)
        if draw:
            x = column.x if side == 0 else column.right - width
            _tool_card(ctx, group, pygame.Rect(x, y, width, height), fit)
        return y + height + fit.gap

    for group in groups:
        if _full(ctx, group, fit):
            sides = [place(group, 0, max(sides), column.width)] * 2
        elif fit.halves:
            side = sides.index(min(sides))
            sides[side] = place(group, side, sides[side], half)
        elif pending is None:
            pending = group
        else:
            top = max(sides)
            height = max(_card_height(ctx, g, half, fit) for g in (pending, group))
            place(pending, 0, top, half, height)
            sides = [place(group, 1, top, half, height)] * 2
            pending = None
    if pending is not None:
        sides = [place(pending, 0, max(sides), half)] * 2
    return max(sides) - fit.gap


def _tool_card(ctx: Ctx, group: str, rect: pygame.Rect, fit: Fit) -> None:
    accent = pal.WARN if group == "faults" else pal.ACCENT
    title = _title(ctx, group, rect.width, fit)
    slim = fit.slim and _is_meter(ctx, group)
    reading = _last_reading(ctx, group) if slim else None
    right = (format_reading(reading) if reading else "- - -") if slim else None
    inner = draw_card(
        ctx.surface, ctx.fonts, rect, title, accent, right, _reading_colour(ctx, reading)
    )
    buttons = ctx.session.controls.in_group(group)
    if not _rich(ctx, group):
        for i, control in enumerate(buttons):
            row = _row(ctx, fit)
            box = pygame.Rect(inner.x, inner.y + i * (row + 4), inner.width, row)
            ctx.button(control.id, box, lambda: _label(ctx, control.id))  # noqa: B023 (called at once)
        return
    y = inner.y
    if _is_meter(ctx, group) and not slim:
        y = _display(ctx, group, pygame.Rect(inner.x, y, inner.width, _DISPLAY_H)) + _GAP
    for param, chips in _selectors(ctx, group):
        if not chips:
            continue
        names = ctx.pair(lambda: word(param, ctx.lang, ctx.session.model_cls))  # noqa: B023
        for name, dy, tone in zip(names, (5, 17), (pal.TEXT_FAINT, pal.TEXT_DIM), strict=False):
            ctx.fonts.draw(ctx.surface, name, "tiny", tone, (inner.x, y + dy), max_width=56)
        area = pygame.Rect(inner.x + 58, y, inner.width - 58, 999)
        width = _chip_width(ctx, param, chips)
        rects = flow(area, [width] * len(chips), fit.chip, 4, stretch=False)
        for setting, chip in zip(chips, rects, strict=True):
            ctx.chip(setting.id, chip)
        y += _selector_h(ctx, rects) + _GAP
    if not buttons:
        return
    spec = ctx.session.controls.spec.group(group)
    lit = spec.active if spec is not None else None
    state = ctx.session.rig.state()
    boxes = _grid(ctx, buttons, pygame.Rect(inner.x, y, inner.width, 999), fit)
    for control, box in zip(buttons, boxes, strict=True):
        active = lit is not None and control.params.get(lit.param, object()) == state.get(lit.var)
        said = functools.partial(_label, ctx, control.id)
        ctx.button(control.id, box, said, active=active)


def _display(ctx: Ctx, group: str, rect: pygame.Rect) -> int:
    """A meter's display: the last value it read, dark green like an LCD."""
    surface = ctx.surface
    pygame.draw.rect(surface, (18, 30, 26), rect, border_radius=6)
    pygame.draw.rect(surface, (40, 70, 58), rect, 1, border_radius=6)
    reading = _last_reading(ctx, group)
    big = ctx.fonts.scaled(1.5)
    if reading is None:
        big.draw(surface, "- - -", "title", _LCD_OFF, (rect.right - 12, rect.centery), "midright")
    else:
        big.draw(
            surface,
            format_reading(reading),
            "title",
            _reading_colour(ctx, reading),
            (rect.right - 12, rect.centery),
            "midright",
        )
        ctx.fonts.draw(
            surface,
            ctx.title(lambda: quantity_label(reading.quantity, ctx.lang, ctx.session.model_cls)),
            "tiny",
            (90, 150, 120),
            (rect.x + 8, rect.y + 5),
            max_width=rect.width // 2,
        )
    settings = ctx.session.bench.settings
    selectors = [p for p, _ in _selectors(ctx, group) if p in settings]
    if selectors:
        ctx.fonts.draw(
            surface,
            value_label(settings[selectors[0]], ctx.lang, ctx.session.model_cls),
            "tiny",
            (90, 150, 120),
            (rect.x + 8, rect.bottom - 16),
        )
    return rect.bottom


def _reading_colour(ctx: Ctx, reading: Reading | None) -> pal.Colour:
    """A reading's colour: red when training and out of range, else the display's green."""
    if reading is None:
        return _LCD_OFF
    if ctx.session.options.training and reading.in_range is False:
        return pal.BAD
    return _LCD

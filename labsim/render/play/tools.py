"""The tools column: one card per tool the rig's actions need.

Registration book, site protection, lock-tag-and-tester, then the tools the rig's panel
description lists (a meter gets a reading display and its selectors, such as a range and
probe points whose positions come from the model), then fault finding; only the tools the
rig model has actions for are shown.
"""

from __future__ import annotations

import pygame

from labsim.equipment.base import Reading
from labsim.play.controls import Control, Setting
from labsim.play.labels import button_label, value_label, word
from labsim.play.rig_words import quantity_label
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.widgets import draw_card, flow

__all__ = ["draw_tools", "format_reading", "tool_title"]

_GAP = 6
_CHIP_H = 20
_ROW = 26
#: Chip widths per selector: three meter ranges, or five probe positions, to a row.
_CHIP_W = {"range": 80, "terminals": 48}


def tool_title(ctx: Ctx, group: str, *, short: bool = False) -> str:
    """The name of a tool or panel group: the kit's word for it, else labsim's."""
    return word(f"{group}-short" if short else group, ctx.lang, ctx.session.model_cls)


def format_reading(reading: Reading) -> str:
    """A reading as a meter shows it: four significant digits and the unit."""
    value = reading.value
    text = f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"
    return f"{text} {reading.unit}"


def _label(ctx: Ctx, control_id: str) -> str:
    control = ctx.session.controls.control(control_id)
    return button_label(control.action, control.params, ctx.lang, ctx.session.model_cls)


def _last_reading(ctx: Ctx, group: str) -> Reading | None:
    for entry in reversed(ctx.session.log):
        if entry.reading is not None and ctx.session.controls.group_of(entry.action) == group:
            return entry.reading
    return None


def _full(ctx: Ctx, group: str) -> bool:
    """Meters and tools with selectors or many buttons take the column's full width."""
    controls = ctx.session.controls
    has_settings = any(s.tool == group for s in controls.settings)
    return _is_meter(ctx, group) or has_settings or len(controls.in_group(group)) > 4


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


def _card_height(ctx: Ctx, group: str, width: int, dense: bool = False) -> int:
    buttons = ctx.session.controls.in_group(group)
    if not _full(ctx, group):
        return 34 + len(buttons) * (_ROW + 4)
    height = 36
    if _is_meter(ctx, group):
        height += 40 + _GAP
    for param, chips in _selectors(ctx, group):
        if chips:
            widths = [_chip_width(ctx, param, chips)] * len(chips)
            rects = flow(pygame.Rect(0, 0, width - 20 - 58, 999), widths, _CHIP_H, 4)
            height += rects[-1].bottom + _GAP
    if buttons:
        height += _grid(ctx, buttons, pygame.Rect(0, 0, width - 20, 999), dense)[-1].bottom
    return height


def _grid(
    ctx: Ctx, buttons: list[Control], area: pygame.Rect, dense: bool = False
) -> list[pygame.Rect]:
    """Equal cells, as many columns (up to three) as the widest label allows.

    ``dense`` takes three columns whatever the labels (they are shortened to fit): a
    language with long words must not push the cards below out of the window.
    """
    widest = max(ctx.fonts.width(_label(ctx, c.id), "small_bold") + 30 for c in buttons)
    columns = 3 if dense else max(1, min(3, (area.width + 4) // widest))
    return flow(area, [(area.width - 4 * (columns - 1)) // columns] * len(buttons), _ROW, 4)


def draw_tools(ctx: Ctx, column: pygame.Rect) -> None:
    """Draw every tool card of the rig into ``column``: meters full width, others in pairs."""
    dense = _stack(ctx, column, draw=False) > column.bottom
    _stack(ctx, column, draw=True, dense=dense)


def _stack(ctx: Ctx, column: pygame.Rect, *, draw: bool, dense: bool = False) -> int:
    """Lay the cards out down ``column`` (drawing them if asked); returns the y below them."""
    groups = [g for g in ctx.session.controls.groups() if g != "rig"]
    y = column.y
    half = (column.width - 10) // 2
    pending: str | None = None
    for group in groups:
        if _full(ctx, group):
            height = _card_height(ctx, group, column.width, dense)
            if draw:
                _tool_card(ctx, group, pygame.Rect(column.x, y, column.width, height), dense)
            y += height + 10
        elif pending is None:
            pending = group
        else:
            height = max(_card_height(ctx, g, half) for g in (pending, group))
            if draw:
                _tool_card(ctx, pending, pygame.Rect(column.x, y, half, height))
                _tool_card(ctx, group, pygame.Rect(column.right - half, y, half, height))
            y += height + 10
            pending = None
    if pending is not None:
        height = _card_height(ctx, pending, half)
        if draw:
            _tool_card(ctx, pending, pygame.Rect(column.x, y, half, height))
        y += height + 10
    return y - 10


def _tool_card(ctx: Ctx, group: str, rect: pygame.Rect, dense: bool = False) -> None:
    accent = pal.WARN if group == "faults" else pal.ACCENT
    title = tool_title(ctx, group, short=not _full(ctx, group))
    inner = draw_card(ctx.surface, ctx.fonts, rect, title, accent)
    buttons = ctx.session.controls.in_group(group)
    if not _full(ctx, group):
        for i, control in enumerate(buttons):
            box = pygame.Rect(inner.x, inner.y + i * (_ROW + 4), inner.width, _ROW)
            ctx.button(control.id, box, _label(ctx, control.id))
        return
    y = inner.y
    if _is_meter(ctx, group):
        y = _display(ctx, group, pygame.Rect(inner.x, y, inner.width, 40)) + _GAP
    for param, chips in _selectors(ctx, group):
        if not chips:
            continue
        ctx.fonts.draw(
            ctx.surface,
            word(param, ctx.lang, ctx.session.model_cls),
            "tiny",
            pal.TEXT_FAINT,
            (inner.x, y + 5),
        )
        area = pygame.Rect(inner.x + 58, y, inner.width - 58, 999)
        width = _chip_width(ctx, param, chips)
        rects = flow(area, [width] * len(chips), _CHIP_H, 4, stretch=False)
        for setting, chip in zip(chips, rects, strict=True):
            ctx.chip(setting.id, chip)
        y = rects[-1].bottom + _GAP
    if not buttons:
        return
    labels = [_label(ctx, c.id) for c in buttons]
    spec = ctx.session.controls.spec.group(group)
    lit = spec.active if spec is not None else None
    state = ctx.session.rig.state()
    boxes = _grid(ctx, buttons, pygame.Rect(inner.x, y, inner.width, 999), dense)
    for control, label, box in zip(buttons, labels, boxes, strict=True):
        active = lit is not None and control.params.get(lit.param, object()) == state.get(lit.var)
        ctx.button(control.id, box, label, active=active)


def _display(ctx: Ctx, group: str, rect: pygame.Rect) -> int:
    """A meter's display: the last value it read, dark green like an LCD."""
    surface = ctx.surface
    pygame.draw.rect(surface, (18, 30, 26), rect, border_radius=6)
    pygame.draw.rect(surface, (40, 70, 58), rect, 1, border_radius=6)
    reading = _last_reading(ctx, group)
    big = ctx.fonts.scaled(1.5)
    if reading is None:
        big.draw(
            surface, "- - -", "title", (70, 110, 92), (rect.right - 12, rect.centery), "midright"
        )
    else:
        colour = (140, 240, 190)
        if ctx.session.training and reading.in_range is False:
            colour = pal.BAD
        big.draw(
            surface,
            format_reading(reading),
            "title",
            colour,
            (rect.right - 12, rect.centery),
            "midright",
        )
        ctx.fonts.draw(
            surface,
            quantity_label(reading.quantity, ctx.lang, ctx.session.model_cls),
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

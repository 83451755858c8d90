"""Drawing the floor: the static plan (once per window size) and the live layer per frame."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from labsim.i18n import tr
from labsim.render import palette as pal
from labsim.render.icons import draw_icon
from labsim.render.portrayal import RIG_PORTRAYAL, RigState

if TYPE_CHECKING:
    from labsim.render.floor import FloorView, Token

__all__ = ["draw_floor", "draw_instructor", "draw_token", "token_sprite"]

_sprites: dict[tuple[pal.Colour, int, str], pygame.Surface] = {}


def token_sprite(colour: pal.Colour, r: int, shape: str = "circle") -> pygame.Surface:
    """A trainee (circle) or instructor (diamond) token with its dark outline (cached)."""
    key = (colour, r, shape)
    sprite = _sprites.get(key)
    if sprite is None:
        size = 2 * r + 6
        sprite = pygame.Surface((size, size), pygame.SRCALPHA)
        c = size / 2
        if shape == "circle":
            pygame.draw.aacircle(sprite, pal.SHADOW, (c, c + 1), r + 1.5)
            pygame.draw.aacircle(sprite, colour, (c, c), r)
        else:
            k = r * 1.3
            outline = [(c, c - k - 1.5), (c + k + 1.5, c), (c, c + k + 1.5), (c - k - 1.5, c)]
            pygame.draw.polygon(sprite, pal.SHADOW, outline)
            inner = [(c, c - k), (c + k, c), (c, c + k), (c - k, c)]
            pygame.draw.polygon(sprite, colour, inner)
            pygame.draw.aalines(sprite, colour, True, inner)
            dot = RIG_PORTRAYAL[RigState.SIGNOFF].colour
            pygame.draw.aacircle(sprite, dot, (c, c), max(1.5, r * 0.35))
        _sprites[key] = sprite
    return sprite


def draw_token(
    surface: pygame.Surface, pos: tuple[float, float], colour: pal.Colour, r: int
) -> None:
    """Blit a trainee token centred on ``pos``."""
    sprite = token_sprite(colour, r)
    surface.blit(
        sprite, (round(pos[0] - sprite.get_width() / 2), round(pos[1] - sprite.get_height() / 2))
    )


def draw_instructor(surface: pygame.Surface, pos: tuple[float, float], r: int) -> None:
    """Blit an instructor token (a light diamond) centred on ``pos``."""
    sprite = token_sprite(pal.INSTRUCTOR, r, "diamond")
    surface.blit(
        sprite, (round(pos[0] - sprite.get_width() / 2), round(pos[1] - sprite.get_height() / 2))
    )


# -- the static plan --------------------------------------------------------------------------
def _background(view: FloorView, size: tuple[int, int]) -> pygame.Surface:
    layout, fonts, ui = view.layout, view.fonts, view.layout.ui
    surface = pygame.Surface(size)
    surface.fill(pal.BG)
    area = layout.area
    surface.fill(pal.FLOOR, area)
    step = layout.scale if layout.positioned else 24 * ui
    while step < 12 * ui:
        step *= 5
    ox = layout.origin[2] if layout.origin else area.left
    oy = layout.origin[3] if layout.origin else area.top
    x = ox - math.floor((ox - area.left) / step) * step
    while x < area.right:
        pygame.draw.line(surface, pal.GRID, (round(x), area.top), (round(x), area.bottom - 1))
        x += step
    y = oy - math.floor((oy - area.top) / step) * step
    while y < area.bottom:
        pygame.draw.line(surface, pal.GRID, (area.left, round(y)), (area.right - 1, round(y)))
        y += step
    radius = round(8 * ui)
    for gid, bay in layout.bays.items():
        back = bay.cards.inflate(round(8 * ui), round(8 * ui))
        pygame.draw.rect(surface, pal.BAY, back, border_radius=radius)
        pygame.draw.rect(surface, pal.DIVIDER, back, 1, border_radius=radius)
        group = view.groups[gid]
        name = group.name(view.lang)
        width = bay.label.width
        text = fonts.render(name, "small_bold", pal.TEXT)
        extra = f"  {gid}" if group.label else ""
        if fonts.width(name + extra, "small_bold") > width:
            extra = ""
        total = fonts.width(name, "small_bold") + fonts.width(extra, "small")
        left = bay.label.centerx - min(total, width) // 2
        mid = bay.label.centery - round(2 * ui)
        rect = fonts.draw(surface, name, "small_bold", pal.TEXT, (left, mid), "midleft", width)
        if extra:
            fonts.draw(surface, extra, "small", pal.TEXT_FAINT, (rect.right, mid), "midleft")
        del text
        lane = bay.queue.inflate(0, -round(6 * ui))
        pygame.draw.rect(
            surface, pal.mix(pal.FLOOR, pal.SHADOW, 0.35), lane, border_radius=lane.height // 2
        )
    _door(view, surface)
    _desk(view, surface)
    return surface


def _titled_area(view: FloorView, surface: pygame.Surface, rect: pygame.Rect, title: str) -> None:
    """A framed area of the floor (entrance, instructors' desk) with its name at the top."""
    ui = view.layout.ui
    pygame.draw.rect(surface, pal.BAY, rect, border_radius=round(8 * ui))
    pygame.draw.rect(surface, pal.DIVIDER, rect, 1, border_radius=round(8 * ui))
    view.fonts.draw(
        surface, title, "tiny", pal.TEXT_DIM, (rect.centerx, rect.top + round(5 * ui)), "midtop"
    )


def _door(view: FloorView, surface: pygame.Surface) -> None:
    layout, ui = view.layout, view.layout.ui
    _titled_area(view, surface, layout.door, tr("Entrance", view.lang))
    cx, cy = layout.door_spot()
    w = round(10 * ui)
    for dx in (-w, 0, w):
        points = [
            (cx + dx - w // 3, cy - w // 2),
            (cx + dx + w // 6, cy),
            (cx + dx - w // 3, cy + w // 2),
        ]
        pygame.draw.lines(surface, pal.TEXT_FAINT, False, points, max(1, round(2 * ui)))


def _desk(view: FloorView, surface: pygame.Surface) -> None:
    layout, fonts, ui = view.layout, view.fonts, view.layout.ui
    desk = layout.desk
    count = len(view.teachers)
    rows = 1
    if count:
        last = layout.desk_slot(count - 1)
        step = round(2.8 * layout.token_r) + 4
        rows = max(1, round((last[1] - layout.desk_slot(0)[1]) / step) + 1)
    height = min(desk.height, round(38 * ui) + rows * (round(2.8 * layout.token_r) + 4))
    box = pygame.Rect(desk.left, desk.top, desk.width, height)
    _titled_area(view, surface, box, tr("Instructors", view.lang))
    if not count:
        fonts.draw(
            surface,
            tr("none", view.lang),
            "tiny",
            pal.TEXT_FAINT,
            (box.centerx, box.top + round(22 * ui)),
            "midtop",
        )
    for i in range(count):
        x, y = layout.desk_slot(i)
        k = layout.token_r * 1.3
        pygame.draw.polygon(
            surface, pal.DIVIDER, [(x, y - k), (x + k, y), (x, y + k), (x - k, y)], 1
        )


# -- workstations -----------------------------------------------------------------------------
def _card(view: FloorView, gid: str, unit: int, state: RigState, size: int) -> pygame.Surface:
    key = (gid, unit, state, size)
    card = view.card_cache.get(key)
    if card is not None:
        return card
    fonts, ui = view.fonts, view.layout.ui
    style = RIG_PORTRAYAL[state]
    pad = max(1, round(size * 0.06))
    card = pygame.Surface((size + 4, size + 4), pygame.SRCALPHA)
    rect = pygame.Rect(2, 2, size, size)
    radius = max(2, round(size * 0.12))
    if size < 30:
        pygame.draw.rect(card, pal.SHADOW, rect.move(0, 2), border_radius=radius)
        pygame.draw.rect(card, style.colour, rect, border_radius=radius)
        view.card_cache[key] = card
        return card
    pygame.draw.rect(card, pal.SHADOW, rect.move(0, 2), border_radius=radius)
    pygame.draw.rect(card, pal.mix(pal.CARD, style.colour, 0.16), rect, border_radius=radius)
    if state in (RigState.FAILED, RigState.REPAIR):
        _hatch(card, rect, pal.mix(pal.CARD, style.colour, 0.32), radius)
    pygame.draw.rect(card, style.colour, rect, _border(ui), border_radius=radius)
    labelled = size >= 44
    label_h = fonts.height("tiny") if labelled else 0
    room = size - pad - _bar_room(size, ui) - label_h - round(4 * ui)
    icon_h = min(round(size * 0.62), room)
    icon_rect = pygame.Rect(0, 0, icon_h, icon_h)
    icon_rect.center = (rect.centerx, rect.top + pad + round(3 * ui) + room // 2)
    draw_icon(card, view.kinds[gid], icon_rect, pal.mix(style.colour, pal.TEXT, 0.45))
    if labelled:
        bottom = rect.bottom - _bar_room(size, ui)
        colour = pal.mix(style.colour, pal.TEXT, 0.25)
        fonts.draw(
            card,
            tr(style.label, view.lang),
            "tiny",
            colour,
            (rect.centerx, bottom),
            "midbottom",
            size - 2 * pad,
        )
    view.card_cache[key] = card
    return card


def _border(ui: float) -> int:
    return max(2, round(2 * ui))


def _bar_room(size: int, ui: float) -> int:
    """Height kept free at the bottom of a card for the progress bar."""
    return _border(ui) + max(2, round(2 * ui)) + max(2, round(3 * ui))


def _hatch(card: pygame.Surface, rect: pygame.Rect, colour: pal.Colour, radius: int) -> None:
    mask = pygame.Surface(rect.size, pygame.SRCALPHA)
    step = max(6, rect.width // 6)
    for k in range(-rect.height, rect.width, step):
        pygame.draw.line(mask, colour, (k, rect.height), (k + rect.height, 0), max(1, step // 4))
    clip = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(clip, (255, 255, 255), clip.get_rect(), border_radius=radius)
    mask.blit(clip, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    card.blit(mask, rect)


def _progress(view: FloorView, gid: str, unit: int) -> float | None:
    holder = view.lab.pools[gid].holder[unit]
    if holder is None:
        return None
    if holder.step is None:
        return 1.0
    steps = view.steps.get(holder.plan[holder.plan_index], 1)
    return min(1.0, float(holder.step) / steps)


# -- one frame --------------------------------------------------------------------------------
def draw_floor(
    view: FloorView,
    surface: pygame.Surface,
    selected: tuple[str, int] | None,
    hovered: tuple[str, int] | None,
    picked: str | None,
) -> None:
    """Draw the whole floor for the current state."""
    layout = view.layout
    size = surface.get_size()
    if view.background is None or view.background.get_size() != size:
        view.background = _background(view, size)
    surface.blit(view.background, layout.area, layout.area)
    _workstations(view, surface)
    _rings(view, surface, selected, hovered)
    _queues(view, surface)
    _people(view, surface, picked)
    if not view.lab.calendar.is_open(view.lab.now):
        _veil(view, surface)


def _workstations(view: FloorView, surface: pygame.Surface) -> None:
    layout, ui, now = view.layout, view.layout.ui, view.clock
    for (gid, unit), state in view.states.items():
        rect = layout.bays[gid].units[unit]
        surface.blit(_card(view, gid, unit, state, rect.width), rect.move(-2, -2))
        fraction = _progress(view, gid, unit) if rect.width >= 30 else None
        if fraction:
            inset = _border(ui) + max(2, round(2 * ui))
            height = max(2, round(2 * ui))
            full = rect.width - 2 * inset
            bar = pygame.Rect(
                rect.left + inset, rect.bottom - inset - height, round(full * fraction), height
            )
            pygame.draw.rect(surface, RIG_PORTRAYAL[state].colour, bar, border_radius=1)
        flash = view.flash_failures.get((gid, unit))
        if flash is not None:
            pulse = 0.5 + 0.5 * math.sin((flash - now) * 6)
            grow = round(3 * ui + 3 * ui * pulse)
            radius = round(rect.width * 0.16)
            ring = rect.inflate(grow * 2, grow * 2)
            pygame.draw.rect(surface, pal.BAD, ring, _border(ui), border_radius=radius)


def _rings(
    view: FloorView,
    surface: pygame.Surface,
    selected: tuple[str, int] | None,
    hovered: tuple[str, int] | None,
) -> None:
    layout, ui = view.layout, view.layout.ui
    for target, colour, width in ((hovered, pal.TEXT_DIM, 1), (selected, pal.ACCENT, 2)):
        if target is None or target[0] not in layout.bays:
            continue
        rect = layout.bays[target[0]].units[target[1]]
        ring = max(4, round(4 * ui))
        pygame.draw.rect(
            surface,
            colour,
            rect.inflate(2 * ring, 2 * ring),
            max(1, round(width * ui)),
            border_radius=round(rect.width * 0.18),
        )


def _queues(view: FloorView, surface: pygame.Surface) -> None:
    layout, fonts, ui = view.layout, view.fonts, view.layout.ui
    for gid, text in view.queue_labels.items():
        lane = layout.bays[gid].queue
        at = (lane.right - round(4 * ui), lane.centery)
        fonts.draw(surface, text, "tiny", pal.TEXT_DIM, at, "midright")


def _people(view: FloorView, surface: pygame.Surface, picked: str | None) -> None:
    r, now = view.layout.token_r, view.clock
    for teacher in view.teachers:
        draw_instructor(surface, teacher.pos(now), r)
    moving = []
    for tid, token in view.tokens.items():
        if tid in view.hidden:
            continue
        if token.arrived(now):
            _person(view, surface, tid, token, r, picked)
        else:
            moving.append((tid, token))
    for tid, token in moving:
        _person(view, surface, tid, token, r, picked)


def _person(
    view: FloorView, surface: pygame.Surface, tid: str, token: Token, r: int, picked: str | None
) -> None:
    pos = token.pos(view.clock)
    draw_token(surface, pos, token.colour, r)
    ring: pal.Colour | None = None
    if token.leaving is not None:
        ring = pal.GOOD if token.leaving else pal.BAD
    flash = view.flash_errors.get(tid)
    if flash is not None:
        ring = pal.BAD if flash[1] else pal.WARN
    if ring is not None:
        pygame.draw.aacircle(surface, ring, pos, r + 3, max(1, round(2 * view.layout.ui)))
    if tid == picked:
        pygame.draw.aacircle(surface, pal.ACCENT, pos, r + 5, max(2, round(2 * view.layout.ui)))


def _veil(view: FloorView, surface: pygame.Surface) -> None:
    area = view.layout.area
    if view.veil is None or view.veil.get_size() != area.size:
        view.veil = pygame.Surface(area.size, pygame.SRCALPHA)
        view.veil.fill((*pal.BG, 70))
    surface.blit(view.veil, area)

"""Rig icons drawn from pygame primitives: one small pictogram per kind of rig.

Each icon is drawn four times larger with thick strokes and scaled down smoothly, which
gives anti-aliased edges; the result is cached per (kind, size, colour). A kit whose kind
has no pictogram here draws its own from the ``icon`` shapes of its panel description
(kind ``kit:<model>``); unknown kinds get the generic gear.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from labsim.render.palette import Colour

__all__ = ["draw_icon", "icon"]

_OVERSAMPLE = 4
_cache: dict[tuple[str, int, Colour], pygame.Surface] = {}

Pen = Callable[[pygame.Surface, Colour, int, int], None]


def _p(s: int, x: float, y: float) -> tuple[int, int]:
    return round(x * s), round(y * s)


def _point_machine(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
    pygame.draw.line(surf, c, _p(s, 0.06, 0.74), _p(s, 0.94, 0.74), w)
    pygame.draw.line(surf, c, _p(s, 0.34, 0.74), _p(s, 0.94, 0.36), w)
    for x in (0.14, 0.3, 0.5, 0.7, 0.86):
        pygame.draw.line(surf, c, _p(s, x, 0.66), _p(s, x, 0.82), max(1, w // 2))
    box = pygame.Rect(*_p(s, 0.08, 0.14), round(0.34 * s), round(0.26 * s))
    pygame.draw.rect(surf, c, box, w, border_radius=w)
    pygame.draw.line(surf, c, _p(s, 0.25, 0.4), _p(s, 0.25, 0.66), w)


def _track_circuit(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
    for y in (0.6, 0.8):
        pygame.draw.line(surf, c, _p(s, 0.06, y), _p(s, 0.94, y), w)
    for x in (0.16, 0.38, 0.62, 0.84):
        pygame.draw.line(surf, c, _p(s, x, 0.52), _p(s, x, 0.88), max(1, w // 2))
    wave = [
        _p(s, 0.12 + 0.76 * i / 40, 0.3 - 0.12 * math.sin(i / 40 * 4 * math.pi)) for i in range(41)
    ]
    pygame.draw.lines(surf, c, False, wave, w)


def _interlocking(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
    panel = pygame.Rect(*_p(s, 0.08, 0.16), round(0.84 * s), round(0.68 * s))
    pygame.draw.rect(surf, c, panel, w, border_radius=2 * w)
    pygame.draw.line(surf, c, _p(s, 0.16, 0.42), _p(s, 0.84, 0.42), w)
    pygame.draw.line(surf, c, _p(s, 0.4, 0.42), _p(s, 0.64, 0.28), w)
    for i, x in enumerate((0.24, 0.44, 0.64)):
        centre = _p(s, x, 0.66)
        pygame.draw.circle(surf, c, centre, round(0.07 * s), 0 if i == 1 else w)


def _catenary(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
    pygame.draw.line(surf, c, _p(s, 0.14, 0.08), _p(s, 0.14, 0.94), w + w // 2)
    pygame.draw.line(surf, c, _p(s, 0.14, 0.2), _p(s, 0.36, 0.2), w)
    messenger = [
        _p(s, 0.3 + 0.64 * i / 20, 0.24 + 0.16 * math.sin(i / 20 * math.pi)) for i in range(21)
    ]
    pygame.draw.lines(surf, c, False, messenger, w)
    pygame.draw.line(surf, c, _p(s, 0.3, 0.56), _p(s, 0.94, 0.56), w)
    for x in (0.46, 0.62, 0.78):
        top = 0.24 + 0.16 * math.sin((x - 0.3) / 0.64 * math.pi)
        pygame.draw.line(surf, c, _p(s, x, top), _p(s, x, 0.56), max(1, w // 2))
    pygame.draw.line(surf, c, _p(s, 0.3, 0.86), _p(s, 0.94, 0.86), w)


def _brake_stand(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
    centre = _p(s, 0.5, 0.46)
    radius = round(0.36 * s)
    pygame.draw.circle(surf, c, centre, radius, w)
    for i in range(7):
        angle = math.radians(210 - i * 40)
        outer = (
            centre[0] + math.cos(angle) * radius * 0.82,
            centre[1] - math.sin(angle) * radius * 0.82,
        )
        inner = (
            centre[0] + math.cos(angle) * radius * 0.64,
            centre[1] - math.sin(angle) * radius * 0.64,
        )
        pygame.draw.line(surf, c, inner, outer, max(1, w // 2))
    angle = math.radians(40)
    tip = (centre[0] + math.cos(angle) * radius * 0.7, centre[1] - math.sin(angle) * radius * 0.7)
    pygame.draw.line(surf, c, centre, tip, w)
    pygame.draw.circle(surf, c, centre, round(0.06 * s))
    pygame.draw.line(surf, c, _p(s, 0.5, 0.82), _p(s, 0.5, 0.96), w + w // 2)
    pygame.draw.line(surf, c, _p(s, 0.3, 0.96), _p(s, 0.7, 0.96), w)


def _generic(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
    centre = (s / 2, s / 2)
    points = []
    teeth = 8
    for i in range(teeth * 4):
        angle = 2 * math.pi * (i + 0.5) / (teeth * 4)
        radius = 0.42 if (i // 2) % 2 == 0 else 0.31
        points.append(
            (centre[0] + math.cos(angle) * radius * s, centre[1] + math.sin(angle) * radius * s)
        )
    pygame.draw.polygon(surf, c, points)
    pygame.draw.circle(surf, (0, 0, 0, 0), _p(s, 0.5, 0.5), round(0.13 * s))


_PENS: dict[str, Pen] = {
    "point_machine": _point_machine,
    "track_circuit": _track_circuit,
    "interlocking": _interlocking,
    "catenary": _catenary,
    "brake_stand": _brake_stand,
    "generic": _generic,
}


def _kit_pen(kind: str) -> Pen:
    """The pen of a kit's own icon: the shapes of its panel description (``kit:<model>``)."""
    from labsim.errors import EquipmentError
    from labsim.kits import get_model
    from labsim.kits.panel import panel_spec

    try:
        shapes = panel_spec(get_model(kind.split(":", 1)[1])).icon
    except EquipmentError:
        return _generic

    def pen(surf: pygame.Surface, c: Colour, s: int, w: int) -> None:
        for shape in shapes:
            width = 0 if shape.fill else w
            if shape.line is not None:
                pygame.draw.lines(surf, c, False, [_p(s, x, y) for x, y in shape.line], w)
            elif shape.rect is not None:
                x, y, rw, rh = shape.rect
                box = pygame.Rect(*_p(s, x, y), round(rw * s), round(rh * s))
                pygame.draw.rect(surf, c, box, width, border_radius=w)
            elif shape.circle is not None:
                cx, cy, radius = shape.circle
                pygame.draw.circle(surf, c, _p(s, cx, cy), round(radius * s), width)

    return pen


def icon(kind: str, size: int, colour: Colour) -> pygame.Surface:
    """The icon of a rig kind, ``size`` pixels square, drawn in ``colour`` (cached)."""
    key = (kind, size, colour)
    surface = _cache.get(key)
    if surface is None:
        big = size * _OVERSAMPLE
        canvas = pygame.Surface((big, big), pygame.SRCALPHA)
        pen = _kit_pen(kind) if kind.startswith("kit:") else _PENS.get(kind, _generic)
        pen(canvas, colour, big, max(_OVERSAMPLE, round(big * 0.075)))
        surface = pygame.transform.smoothscale(canvas, (size, size))
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = surface
    return surface


def draw_icon(target: pygame.Surface, kind: str, rect: pygame.Rect, colour: Colour) -> None:
    """Draw a kind's icon centred in ``rect`` (as large as fits)."""
    size = min(rect.width, rect.height)
    if size < 6:
        return
    target.blit(icon(kind, size, colour), icon(kind, size, colour).get_rect(center=rect.center))

"""Rig icons drawn from pygame primitives: one small pictogram per rig kit.

Each kit describes its pictogram as data (the ``icon`` shapes of its panel description:
lines, rectangles and circles in a unit square); this module draws it (kind
``kit:<model>``) four times larger with thick strokes and scales it down smoothly, which
gives anti-aliased edges; the result is cached per (kind, size, colour). A rig without an
icon gets the generic gear.
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


def _kit_pen(kind: str) -> Pen:
    """The pen of a kit's own icon: the shapes of its panel description (``kit:<model>``)."""
    from labsim.errors import EquipmentError
    from labsim.kits import get_model
    from labsim.kits.panel import panel_spec

    try:
        shapes = panel_spec(get_model(kind.split(":", 1)[1])).icon
    except EquipmentError:
        return _generic

    def pen(surf: pygame.Surface, c: Colour, s: int, base: int) -> None:
        for shape in shapes:
            w = max(1, round(base * shape.weight))
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
        pen = _kit_pen(kind) if kind.startswith("kit:") else _generic
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

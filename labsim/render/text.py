"""Fonts and anti-aliased text, rendered once and reused.

Text is the costliest thing the view draws, and most of it (ids, labels, legend) never
changes, so every rendered string is cached by (text, style, colour). Sizes follow the
window's UI scale, so the view reads the same at 1280x720 and at 1920x1080.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pygame

from labsim.render.palette import Colour

__all__ = ["STYLES", "Fonts", "ellipsize"]

#: Text styles: name -> (pixel size at UI scale 1, bold).
STYLES: dict[str, tuple[int, bool]] = {
    "tiny": (10, False),
    "small": (12, False),
    "small_bold": (12, True),
    "body": (14, False),
    "body_bold": (14, True),
    "title": (17, True),
    "big": (22, True),
}

#: Sans-serif families tried in order; pygame's bundled font is the last resort.
_FAMILIES = ("dejavusans", "notosans", "liberationsans", "arial", "helvetica", "freesans")
#: Families with Chinese, Japanese and Korean glyphs, for free text such as a scenario's name
#: (labels and ids are Latin; without one of these, CJK text shows as boxes).
_CJK_FAMILIES = (
    "notosanscjksc",
    "notosanscjk",
    "sourcehansanssc",
    "wenquanyimicrohei",
    "wenquanyizenhei",
    "microsoftyahei",
    "simhei",
    "pingfangsc",
    "droidsansfallback",
)
_CACHE_LIMIT = 4096


@functools.cache
def _cjk_file() -> str | None:
    """A font file with CJK glyphs, if this machine has one."""
    for family in _CJK_FAMILIES:
        path = pygame.font.match_font(family)
        if path:
            return str(path)
    return None


def _needs_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


@functools.cache
def _font_file(bold: bool) -> str | None:
    """A readable sans-serif font file on this machine, or None for pygame's default."""
    for family in _FAMILIES:
        path = pygame.font.match_font(family, bold=bold)
        if not path:
            continue
        # some font catalogues answer "DejaVu Sans" with its condensed cut: prefer the plain one
        plain = Path(path.replace("SansCondensed", "Sans"))
        return str(plain) if plain.exists() else path
    return None


class Fonts:
    """The fonts of one UI scale, and a cache of the strings rendered with them."""

    def __init__(self, ui: float) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.ui = ui
        self._fonts: dict[str, pygame.font.Font] = {}
        for name, (size, bold) in STYLES.items():
            px = max(8, round(size * ui))
            font = pygame.font.Font(_font_file(bold), px)
            if bold and _font_file(True) is None:
                font.bold = True
            self._fonts[name] = font
        self._cache: dict[tuple[str, str, Colour], pygame.Surface] = {}
        self._cjk: dict[str, pygame.font.Font] = {}

    def font(self, style: str, text: str = "") -> pygame.font.Font:
        """The font of a style (see :data:`STYLES`); one with CJK glyphs if ``text`` needs it."""
        if text and _needs_cjk(text) and _cjk_file() is not None:
            font = self._cjk.get(style)
            if font is None:
                font = pygame.font.Font(_cjk_file(), self._fonts[style].point_size)
                font.bold = STYLES[style][1]
                self._cjk[style] = font
            return font
        return self._fonts[style]

    def height(self, style: str) -> int:
        """The line height of a style, in pixels."""
        return self._fonts[style].get_linesize()

    def width(self, text: str, style: str) -> int:
        """How wide ``text`` renders in a style."""
        return self.font(style, text).size(text)[0]

    def render(self, text: str, style: str, colour: Colour) -> pygame.Surface:
        """``text`` rendered anti-aliased on a transparent background (cached)."""
        key = (text, style, colour)
        surface = self._cache.get(key)
        if surface is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            surface = self.font(style, text).render(text, True, colour)
            self._cache[key] = surface
        return surface

    def draw(
        self,
        target: pygame.Surface,
        text: str,
        style: str,
        colour: Colour,
        pos: tuple[int, int],
        anchor: str = "topleft",
        max_width: int | None = None,
    ) -> pygame.Rect:
        """Draw ``text`` with its ``anchor`` point (a pygame.Rect attribute) at ``pos``."""
        if max_width is not None:
            text = ellipsize(self, text, style, max_width)
        surface = self.render(text, style, colour)
        rect = surface.get_rect(**{anchor: pos})
        target.blit(surface, rect)
        return rect


def ellipsize(fonts: Fonts, text: str, style: str, max_width: int) -> str:
    """``text`` cut with an ellipsis so that it fits in ``max_width`` pixels."""
    if fonts.width(text, style) <= max_width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if fonts.width(text[:mid] + "…", style) <= max_width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else ""

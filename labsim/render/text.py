"""Fonts and anti-aliased text in any script, rendered once and reused.

Text is the costliest thing the views draw, and most of it (ids, labels, legend) never
changes, so every rendered string is cached by (text, style, colour). Sizes follow the
window's UI scale, so a view reads the same at 1280x720 and at 1920x1080.

A string may mix scripts (``Step 3 · ขั้นตอน``, ``ZD6 转辙机``): it is cut into runs of one
script (:func:`labsim.i18n.runs`), each run is drawn in the font chosen for its script
(:mod:`labsim.render.fonts`), shaped by HarfBuzz where the script needs it (Thai), and
the runs are joined on one baseline.
"""

from __future__ import annotations

import contextlib

import pygame

from labsim.i18n.scripts import Script, is_mark, runs, script_of
from labsim.render.fonts import font_file, size_factor
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
#: The style one size down, for the second language of a pair.
SMALLER = {
    "tiny": "tiny",
    "small": "tiny",
    "small_bold": "tiny",
    "body": "small",
    "body_bold": "small",
    "title": "body",
    "big": "body_bold",
}
_CACHE_LIMIT = 4096
#: HarfBuzz script tags for scripts whose glyphs change shape or place in context.
_SHAPED: dict[Script, str] = {"thai": "Thai"}


class Fonts:
    """The fonts of one UI scale, for every script, and a cache of rendered strings."""

    def __init__(self, ui: float = 1.0) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.ui = ui
        self._fonts: dict[tuple[Script, str], pygame.font.Font] = {}
        self._cache: dict[tuple[str, str, Colour], pygame.Surface] = {}
        self._ink: dict[tuple[str, str], pygame.Rect] = {}
        self._scaled: dict[float, Fonts] = {}

    def font(self, style: str, script: Script = "latin") -> pygame.font.Font:
        """The font of a style (see :data:`STYLES`) for one script (Latin when it has none)."""
        key = (script, style)
        font = self._fonts.get(key)
        if font is None:
            size, bold = STYLES[style]
            regular = font_file(script)
            if regular is None and script != "latin":
                return self.font(style)
            path = (font_file(script, True) or regular) if bold else regular
            px = max(8, round(size * self.ui * size_factor(script)))
            font = pygame.font.Font(path, px)
            if bold and (path is None or path == regular):
                font.bold = True  # no bold cut: embolden the regular one
            if script in _SHAPED:
                # an SDL_ttf built without HarfBuzz refuses: Thai still draws, marks unshaped
                with contextlib.suppress(pygame.error, NotImplementedError):
                    font.set_script(_SHAPED[script])
            self._fonts[key] = font
        return font

    def has(self, script: Script) -> bool:
        """Whether this machine has a font for ``script``."""
        return script == "latin" or font_file(script) is not None

    def scaled(self, factor: float) -> Fonts:
        """The same styles ``factor`` times larger (meter displays, the debrief's score)."""
        fonts = self._scaled.get(factor)
        if fonts is None:
            fonts = self._scaled[factor] = type(self)(self.ui * factor)
        return fonts

    def height(self, style: str) -> int:
        """The line height of a style, in pixels."""
        return self.font(style).get_linesize()

    def width(self, text: str, style: str) -> int:
        """How wide ``text`` renders in a style (each run measured in its script's font)."""
        return sum(self.font(style, script).size(run)[0] for script, run in runs(text))

    def ink(self, text: str, style: str) -> pygame.Rect:
        """Where the letters of ``text`` fall inside its rendered surface (cached).

        Thai and Han fonts pad their lines differently from Latin ones: lines stacked tightly
        (two languages on one button) are placed by their ink, not by their line boxes.
        """
        key = (text, style)
        rect = self._ink.get(key)
        if rect is None:
            if len(self._ink) >= _CACHE_LIMIT:
                self._ink.clear()
            rect = self._ink[key] = self.render(text, style, (255, 255, 255)).get_bounding_rect()
        return rect

    def render(self, text: str, style: str, colour: Colour) -> pygame.Surface:
        """``text`` rendered anti-aliased on a transparent background (cached)."""
        key = (text, style, colour)
        surface = self._cache.get(key)
        if surface is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            surface = self._cache[key] = self._render(text, style, colour)
        return surface

    def _render(self, text: str, style: str, colour: Colour) -> pygame.Surface:
        pieces = [(self.font(style, script), run) for script, run in runs(text)]
        if len(pieces) <= 1:
            font = pieces[0][0] if pieces else self.font(style)
            return font.render(text, True, colour)
        ascent = max(font.get_ascent() for font, _ in pieces)
        descent = max(-font.get_descent() for font, _ in pieces)
        height = max(ascent + descent, self.height(style))
        rendered = [(font, font.render(run, True, colour)) for font, run in pieces]
        width = sum(s.get_width() for _, s in rendered)
        surface = pygame.Surface((max(1, width), height), pygame.SRCALPHA)
        x = 0
        for font, piece in rendered:
            surface.blit(piece, (x, ascent - font.get_ascent()))
            x += piece.get_width()
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

    def wrap(self, text: str, style: str, width: int) -> list[str]:
        """``text`` broken into lines that fit ``width``: at spaces, or between Han characters.

        A word wider than the line (Thai writes a phrase without spaces) is broken between
        its letters, never before a combining mark.
        """
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for token in _tokens(paragraph):
                trial = line + token
                if self.width(trial.rstrip(), style) <= width:
                    line = trial
                    continue
                if line:
                    lines.append(line.rstrip())
                line = token.lstrip()
                while self.width(line.rstrip(), style) > width and len(line) > 1:
                    cut = _longest_fit(self, line, style, width)
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line.rstrip())
        return lines


def _tokens(text: str) -> list[str]:
    """Words with their trailing space, and each Han character on its own."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if script_of(char) == "han":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _longest_fit(fonts: Fonts, text: str, style: str, width: int) -> int:
    """How many leading characters of ``text`` fit ``width`` (at least one letter and its marks)."""
    cut = 1
    for end in range(1, len(text) + 1):
        if end < len(text) and is_mark(text[end]):
            continue
        if fonts.width(text[:end], style) > width:
            break
        cut = end
    while cut < len(text) and is_mark(text[cut]):
        cut += 1
    return cut


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
    while low and low < len(text) and is_mark(text[low]):
        low -= 1
    return text[:low].rstrip() + "…" if low else ""

"""Fonts for the play window, with Chinese: a system CJK font found by name, mixed with Latin.

pygame's bundled font has no CJK glyphs. :func:`find_cjk_font` looks for an installed one
by family name (Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei, PingFang, ...),
or takes the file named by ``LABSIM_CJK_FONT``. :class:`PlayFonts` renders each string in
runs: Latin text in the lab floor's sans-serif (so the two views look alike) and CJK text
in the CJK font, on one baseline. Without a CJK font the Chinese characters cannot be
drawn; :data:`NO_CJK_FONT` says what to install, and the command falls back to English.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pygame

from labsim.render.palette import Colour
from labsim.render.text import STYLES, Fonts

__all__ = ["CJK_FAMILIES", "NO_CJK_FONT", "PlayFonts", "find_cjk_font", "needs_cjk"]

#: Family names tried in order (as pygame spells them: lower case, no spaces).
CJK_FAMILIES = (
    "notosanscjksc",
    "notosanscjk",
    "notosanscjktc",
    "notosanscjkjp",
    "sourcehansanssc",
    "sourcehansans",
    "wenquanyimicrohei",
    "wenquanyizenhei",
    "microsoftyahei",
    "pingfangsc",
    "hiraginosansgb",
    "simhei",
    "droidsansfallback",
)
_KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)

#: What to tell a person whose machine has no CJK font.
NO_CJK_FONT = (
    "no Chinese (CJK) font found: install one (Debian/Ubuntu: fonts-noto-cjk or "
    "fonts-wqy-microhei) or set LABSIM_CJK_FONT to a .ttf/.ttc/.otf file"
)


def needs_cjk(char: str) -> bool:
    """Whether a character lies in the CJK blocks (ideographs, kana, CJK punctuation)."""
    return ord(char) >= 0x2E80


@functools.cache
def find_cjk_font() -> str | None:
    """The file of an installed CJK font, or None when the machine has none."""
    if not pygame.font.get_init():
        pygame.font.init()
    chosen = os.environ.get("LABSIM_CJK_FONT", "")
    if chosen and Path(chosen).is_file():
        return chosen
    for family in CJK_FAMILIES:
        path = pygame.font.match_font(family)
        if path:
            return str(path)
    for name in pygame.font.get_fonts():
        if any(mark in name for mark in ("cjk", "wenquanyi", "sourcehan", "yahei")):
            path = pygame.font.match_font(name)
            if path:
                return str(path)
    return next((f for f in _KNOWN_FILES if Path(f).is_file()), None)


def _runs(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of (needs CJK, characters)."""
    runs: list[tuple[bool, str]] = []
    for char in text:
        cjk = needs_cjk(char)
        if runs and runs[-1][0] == cjk:
            runs[-1] = (cjk, runs[-1][1] + char)
        else:
            runs.append((cjk, char))
    return runs


class PlayFonts(Fonts):
    """The lab floor's fonts and styles, plus a CJK font for the characters that need it."""

    def __init__(self, ui: float = 1.0) -> None:
        super().__init__(ui)
        self._scaled: dict[float, PlayFonts] = {}
        self.cjk_file = find_cjk_font()
        self._cjk: dict[str, pygame.font.Font] = {}
        if self.cjk_file is not None:
            for name, font in self._fonts.items():
                size = font.get_height()
                cjk = pygame.font.Font(self.cjk_file, max(8, round(size * 0.86)))
                bold = STYLES.get(name, (0, name.endswith("bold")))[1] or name.endswith("bold")
                cjk.bold = bold
                self._cjk[name] = cjk

    def scaled(self, factor: float) -> PlayFonts:
        """The same styles ``factor`` times larger (meter displays, the debrief's score)."""
        fonts = self._scaled.get(factor)
        if fonts is None:
            fonts = self._scaled[factor] = PlayFonts(self.ui * factor)
        return fonts

    @property
    def has_cjk(self) -> bool:
        """Whether Chinese text can be drawn."""
        return self.cjk_file is not None

    def _font_for(self, cjk: bool, style: str) -> pygame.font.Font:
        if cjk and style in self._cjk:
            return self._cjk[style]
        return self._fonts[style]

    def width(self, text: str, style: str) -> int:
        """How wide ``text`` renders in a style (CJK runs measured in the CJK font)."""
        return sum(self._font_for(cjk, style).size(run)[0] for cjk, run in _runs(text))

    def render(self, text: str, style: str, colour: Colour) -> pygame.Surface:
        """``text`` rendered anti-aliased, runs of each script in its font, one baseline."""
        key = (text, style, colour)
        surface = self._cache.get(key)
        if surface is not None:
            return surface
        runs = _runs(text)
        if not any(cjk for cjk, _ in runs) or not self._cjk:
            return super().render(text, style, colour)
        pieces = [(self._font_for(cjk, style), run) for cjk, run in runs]
        ascent = max(font.get_ascent() for font, _ in pieces)
        descent = max(-font.get_descent() for font, _ in pieces)
        height = max(ascent + descent, self._fonts[style].get_linesize())
        rendered = [(font, font.render(run, True, colour)) for font, run in pieces]
        width = sum(s.get_width() for _, s in rendered)
        surface = pygame.Surface((max(1, width), height), pygame.SRCALPHA)
        x = 0
        for font, piece in rendered:
            surface.blit(piece, (x, ascent - font.get_ascent()))
            x += piece.get_width()
        if len(self._cache) >= 4096:
            self._cache.clear()
        self._cache[key] = surface
        return surface

    def wrap(self, text: str, style: str, width: int) -> list[str]:
        """``text`` broken into lines that fit ``width`` (at spaces, or anywhere in CJK)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for token in _tokens(paragraph):
                trial = line + token
                if line and self.width(trial.rstrip(), style) > width:
                    lines.append(line.rstrip())
                    line = token.lstrip()
                else:
                    line = trial
            lines.append(line.rstrip())
        return lines


def _tokens(text: str) -> list[str]:
    """Words with their trailing space, and each CJK character on its own."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if needs_cjk(char):
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

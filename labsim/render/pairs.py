"""Texts standing over their second language (``--lang zh+th``): line offsets, and key rows.

The play window's footer and the lab floor's legend both name keys this way, key by key,
each key's words over their second language; the row is drawn here once for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from labsim.render import palette as pal
from labsim.render.text import Fonts

__all__ = [
    "KEY_GAP",
    "PairRows",
    "draw_key_row",
    "draw_pair_lines",
    "key_row_width",
    "pair_rows",
    "second_tone",
]

#: The room between two keys of a row.
KEY_GAP = 18


@dataclass(frozen=True)
class PairRows:
    """Where texts standing in a row go, each over its second language (from the row's top).

    One offset for the whole row keeps the lines level across it; the letters' ink sets
    it, so that Thai's deep marks never touch the line beneath.
    """

    first: int
    second: int
    height: int


def pair_rows(
    fonts: Fonts, pairs: Sequence[Sequence[str]], styles: tuple[str, str], gap: int = 1
) -> PairRows:
    """The lines of ``pairs`` (each a text and, maybe, its second language) in ``styles``."""
    firsts = [ink for p in pairs if (ink := fonts.ink(p[0], styles[0])).height]
    seconds = [ink for p in pairs for t in p[1:] if (ink := fonts.ink(t, styles[1])).height]
    if not firsts:
        return PairRows(0, 0, 0)
    first = -min(r.top for r in firsts)
    below = first + max(r.bottom for r in firsts)
    if not seconds:
        return PairRows(first, first, below)
    second = below + gap - min(r.top for r in seconds)
    return PairRows(first, second, second + max(r.bottom for r in seconds))


def second_tone(colour: pal.Colour) -> pal.Colour:
    """The colour of a second language's line beneath words drawn in ``colour``."""
    return pal.mix(colour, pal.TEXT_DIM, 0.45)


def key_row_width(fonts: Fonts, keys: Sequence[Sequence[str]], style: str = "tiny") -> int:
    """How wide :func:`draw_key_row` draws ``keys`` when all of them fit."""
    widths = [max(fonts.width(w, style) for w in words) for words in keys]
    return sum(widths) + KEY_GAP * max(0, len(widths) - 1)


def draw_key_row(
    fonts: Fonts,
    surface: pygame.Surface,
    keys: Sequence[Sequence[str]],
    topleft: tuple[int, int],
    end: int,
    rows: PairRows,
    colour: pal.Colour,
    style: str = "tiny",
) -> int:
    """Draw keys left to right from ``topleft``, each one's words over their second language.

    A key that would pass ``end`` is left out with an ellipsis in its place (and those
    after it too); returns where the row ends.
    """
    x, top = topleft
    for words in keys:
        width = max(fonts.width(w, style) for w in words)
        if x + width > end:
            fonts.draw(surface, "…", style, colour, (x, top + rows.first))
            return x + fonts.width("…", style)
        draw_pair_lines(fonts, surface, words, (x, top), rows, "topleft", colour, style)
        x += width + KEY_GAP
    return x - KEY_GAP if keys else x


def draw_pair_lines(
    fonts: Fonts,
    surface: pygame.Surface,
    words: Sequence[str],
    pos: tuple[int, int],
    rows: PairRows,
    anchor: str,
    colour: pal.Colour,
    style: str = "tiny",
) -> None:
    """``words[0]`` at the row's first line and, beneath it, its second language."""
    x, top = pos
    fonts.draw(surface, words[0], style, colour, (x, top + rows.first), anchor)
    for text in words[1:]:
        fonts.draw(surface, text, style, second_tone(colour), (x, top + rows.second), anchor)

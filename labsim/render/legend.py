"""The legend strip under the floor: what the colours and symbols mean, and the keys.

The keys are the host's: ``labsim watch`` names its own (pause, speed), the play window
names what its keys do on the floor, each key over its second language under a pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pygame

from labsim.i18n import N_, tr
from labsim.render import palette as pal
from labsim.render.floor_draw import draw_instructor, draw_token
from labsim.render.pairs import draw_key_row, key_row_width, pair_rows
from labsim.render.portrayal import RIG_PORTRAYAL
from labsim.render.text import Fonts

if TYPE_CHECKING:
    from labsim.render.floor import FloorView

__all__ = ["KEYS_HINT", "KeyHints", "LegendView"]

#: The cohort ``labsim play`` adds for the person at the keyboard, named in their language.
_YOU = N_("you")
KEYS_HINT = N_("Space pause · 1–5 speed · F12 screenshot · Esc quit")

Swatch = Callable[[pygame.Surface, pygame.Rect], None]
#: The keys the strip names now: each key's words, and their second language if any.
KeyHints = Callable[[], Sequence[Sequence[str]]]


class LegendView:
    """Draws the legend into a cached surface (it changes only with the window size)."""

    def __init__(
        self, floor: FloorView, fonts: Fonts, rect: pygame.Rect, keys: KeyHints | None = None
    ) -> None:
        self.floor = floor
        self.fonts = fonts
        self.rect = rect
        self.ui = fonts.ui
        #: Who hosts the floor says which keys work there; None: ``labsim watch``'s own line.
        self.keys = keys
        self.surface: pygame.Surface | None = None
        self._keys: list[list[str]] | None = None

    def draw(self, target: pygame.Surface) -> None:
        """Blit the legend (drawn again when the keys named change)."""
        keys = None if self.keys is None else [list(words) for words in self.keys()]
        if self.surface is None or keys != self._keys:
            self._keys = keys
            self.surface = self._render(keys)
        target.blit(self.surface, self.rect)

    def _items(self) -> tuple[list[tuple[str, Swatch]], list[tuple[str, Swatch]]]:
        ui = self.ui
        r = max(4, round(6 * ui))

        def rig(colour: pal.Colour) -> Swatch:
            def draw(s: pygame.Surface, box: pygame.Rect) -> None:
                pygame.draw.rect(s, pal.mix(pal.CARD, colour, 0.25), box, border_radius=3)
                pygame.draw.rect(s, colour, box, max(1, round(2 * ui)), border_radius=3)

            return draw

        def token(colour: pal.Colour) -> Swatch:
            return lambda s, box: draw_token(s, box.center, colour, r)

        def ring(colour: pal.Colour) -> Swatch:
            def draw(s: pygame.Surface, box: pygame.Rect) -> None:
                draw_token(s, box.center, pal.TEXT_FAINT, r)
                pygame.draw.aacircle(s, colour, box.center, r + 3, max(1, round(2 * ui)))

            return draw

        lang = self.floor.lang
        rigs = [(tr(style.legend, lang), rig(style.colour)) for style in RIG_PORTRAYAL.values()]
        people: list[tuple[str, Swatch]] = []
        cohorts = list(self.floor.cohort_colours.items())
        for cid, colour in cohorts[:4]:
            people.append((tr(_YOU, lang) if cid == _YOU else cid, token(colour)))
        if len(cohorts) > 4:
            more = tr("+{n} cohorts", lang, n=len(cohorts) - 4)
            people.append((more, token(pal.TEXT_FAINT)))
        people.append((tr("instructor", lang), lambda s, box: draw_instructor(s, box.center, r)))
        people.append((tr("error", lang), ring(pal.WARN)))
        people.append((tr("certified", lang), ring(pal.GOOD)))
        people.append((tr("failed out", lang), ring(pal.BAD)))
        return rigs, people

    def _render(self, keys: list[list[str]] | None) -> pygame.Surface:
        fonts, ui = self.fonts, self.ui
        surface = pygame.Surface(self.rect.size)
        surface.fill(pal.PANEL)
        pygame.draw.line(surface, pal.DIVIDER, (0, 0), (self.rect.width, 0))
        pad = round(14 * ui)
        rows = self._items()
        row_h = self.rect.height / 2
        lang = self.floor.lang
        headings = (tr("Rigs", lang), tr("People", lang))
        # the host's keys stand on the right (over both rows under a pair, else on the row
        # that ends first) and the items there leave them room; watch's own line is drawn
        # where a row has room for it
        line = tr(KEYS_HINT, lang)
        paired = keys is not None and any(len(words) > 1 for words in keys)
        row_w = fonts.width(line, "tiny") if keys is None else key_row_width(fonts, keys)
        hint_w = row_w + round(20 * ui)
        heading_w = max(fonts.width(h, "small_bold") for h in headings) + round(12 * ui)
        box_w = round(14 * ui)
        widths = [
            [
                box_w + round(6 * ui) + fonts.width(label, "small") + round(13 * ui)
                for label, _ in items
            ]
            for items in rows
        ]
        keys_row = min(range(2), key=lambda r: sum(widths[r]))
        ends = []
        for row, (heading, items) in enumerate(zip(headings, rows, strict=True)):
            reserve = keys is not None and (paired or row == keys_row)
            room = self.rect.width - pad - (hint_w if reserve else 0)
            cy = round(row_h * (row + 0.5)) + (1 if row == 0 else -1) * round(2 * ui)
            fonts.draw(surface, heading, "small_bold", pal.TEXT_DIM, (pad, cy), "midleft")
            x = pad + heading_w
            for (label, swatch), width in zip(items, widths[row], strict=True):
                if x + width > room:
                    fonts.draw(surface, "…", "small", pal.TEXT_FAINT, (x, cy), "midleft")
                    x += fonts.width("… ", "small")
                    break
                box = pygame.Rect(0, 0, box_w, box_w)
                box.midleft = (x, cy)
                swatch(surface, box)
                text_at = (box.right + round(6 * ui), cy)
                fonts.draw(surface, label, "small", pal.TEXT_DIM, text_at, "midleft")
                x += width
            ends.append((x, cy))
        if keys is not None:
            lines = pair_rows(fonts, keys, ("tiny", "tiny"))
            left = max(max(x for x, _ in ends), self.rect.width - pad - row_w)
            top = (self.rect.height - lines.height) // 2
            if not paired:
                left = max(ends[keys_row][0], self.rect.width - pad - row_w)
                top = ends[keys_row][1] - lines.height // 2
            end = self.rect.width - pad
            draw_key_row(fonts, surface, keys, (left, top), end, lines, pal.TEXT_FAINT)
            return surface
        x, cy = min(ends)
        if x + hint_w <= self.rect.width - pad:
            right = (self.rect.width - pad, cy)
            fonts.draw(surface, line, "tiny", pal.TEXT_FAINT, right, "midright")
        return surface

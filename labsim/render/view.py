"""The whole watch view: header, floor, legend, side panel, inspector and tooltip.

The view reads the lab and draws it; its own state is only what a person does with it
(what is selected, what the mouse is over) and what the animation needs. It never
changes the simulation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from labsim.render.floor import FloorView
from labsim.render.header import Controls, HeaderView
from labsim.render.inspector import Selection, card_for, draw_card, draw_tooltip, tooltip_for
from labsim.render.layout import FloorLayout, Screen, split_screen
from labsim.render.legend import KeyHints, LegendView
from labsim.render.observer import LabObserver
from labsim.render.panel import PanelView
from labsim.render.text import Fonts

if TYPE_CHECKING:
    from labsim.engine import Lab

__all__ = ["WatchView"]


class WatchView:
    """Draws a running lab into a surface of a given size and answers where clicks land."""

    def __init__(
        self, lab: Lab, size: tuple[int, int], lang: str = "en", keys: KeyHints | None = None
    ) -> None:
        self.lab = lab
        #: The language of the view's words (``labsim watch --lang``, or the play window's).
        self.lang = lang
        #: The keys the legend names: the host's (the play window's), else ``labsim watch``'s.
        self.keys = keys
        self.observer = LabObserver(lab, lang=lang)
        self.selection: Selection | None = None
        self.hover: Selection | None = None
        self.mouse = (0, 0)
        self.card_rect: pygame.Rect | None = None
        self._fonts: dict[float, Fonts] = {}
        self.resize(size)

    def resize(self, size: tuple[int, int]) -> None:
        """Lay everything out again for a window of ``size`` pixels."""
        self.screen: Screen = split_screen(size)
        ui = self.screen.ui
        if ui not in self._fonts:
            self._fonts = {ui: Fonts(ui)}
        self.fonts = self._fonts[ui]
        layout = FloorLayout(self.lab.scenario.rigs, self.screen.floor, ui)
        self.floor = FloorView(self.lab, self.observer, layout, self.fonts, self.lang)
        self.header = HeaderView(self.lab, self.fonts, self.screen.header, self.lang)
        self.panel = PanelView(self.lab, self.observer, self.floor, self.fonts, self.screen.panel)
        self.legend = LegendView(self.floor, self.fonts, self.screen.legend, self.keys)
        self.floor.update(0.0, settle=True)

    @property
    def size(self) -> tuple[int, int]:
        """The window size the view is laid out for."""
        return self.screen.size

    # -- per frame ----------------------------------------------------------------------------
    def update(self, dt: float, settle: bool = False) -> None:
        """Take in what happened since the last frame (``dt`` wall-clock seconds)."""
        self.observer.sample()
        self.floor.update(dt, settle)

    def draw(
        self, surface: pygame.Surface, controls: Controls, dt: float = 0.0, force: bool = False
    ) -> None:
        """Draw a whole frame; ``force`` redraws the panel even if it is fresh."""
        rig = self._rig(self.selection)
        hovered = self._rig(self.hover)
        picked = self.selection[1] if self.selection and self.selection[0] == "trainee" else None
        self.floor.draw(surface, rig, hovered, picked if isinstance(picked, str) else None)
        self.header.draw(surface, controls)
        self.legend.draw(surface)
        self.panel.draw(surface, dt, force)
        self.card_rect = None
        if self.selection is not None:
            card = card_for(self.floor, self.selection)
            if card is None:
                self.selection = None
            else:
                self.card_rect = draw_card(
                    surface, self.fonts, card, self._anchor(self.selection), self.screen.floor
                )
        over_card = self.card_rect is not None and self.card_rect.collidepoint(self.mouse)
        if self.hover is not None and self.hover != self.selection and not over_card:
            text = tooltip_for(self.floor, self.hover)
            if text:
                draw_tooltip(surface, self.fonts, text, self.mouse, surface.get_rect())

    @staticmethod
    def _rig(selection: Selection | None) -> tuple[str, int] | None:
        if selection is not None and selection[0] == "rig" and len(selection) == 3:
            _, gid, unit = selection
            if isinstance(gid, str) and isinstance(unit, int):
                return gid, unit
        return None

    def _anchor(self, selection: Selection) -> pygame.Rect:
        layout = self.floor.layout
        rig = self._rig(selection)
        if rig is not None:
            bay = layout.bays[rig[0]]
            return bay.cards.union(bay.label).inflate(8, 8)
        r = layout.token_r + 4
        if selection[0] == "trainee":
            token = self.floor.tokens.get(str(selection[1]))
            if token is not None:
                x, y = token.pos(self.floor.clock)
                return pygame.Rect(round(x) - r, round(y) - r, 2 * r, 2 * r)
        if selection[0] == "instructor" and isinstance(selection[1], int):
            x, y = self.floor.teachers[selection[1]].pos(self.floor.clock)
            return pygame.Rect(round(x) - r, round(y) - r, 2 * r, 2 * r)
        return pygame.Rect(self.screen.floor.center, (1, 1))

    # -- input --------------------------------------------------------------------------------
    def pick(self, pos: tuple[int, int]) -> Selection | None:
        """What is under a pixel of the floor: a trainee, an instructor or a rig."""
        if not self.screen.floor.collidepoint(pos):
            return None
        tid = self.floor.trainee_at(pos)
        if tid is not None:
            return ("trainee", tid)
        index = self.floor.instructor_at(pos)
        if index is not None:
            return ("instructor", index)
        rig = self.floor.layout.rig_at(pos)
        if rig is not None:
            return ("rig", rig[0], rig[1])
        return None

    def click(self, pos: tuple[int, int]) -> None:
        """Select what was clicked (clicking the open card keeps it; elsewhere closes it)."""
        if self.card_rect is not None and self.card_rect.collidepoint(pos):
            close = pygame.Rect(0, 0, round(30 * self.screen.ui), round(30 * self.screen.ui))
            close.topright = self.card_rect.topright
            if close.collidepoint(pos):
                self.selection = None
            return
        self.selection = self.pick(pos)

    def move(self, pos: tuple[int, int]) -> None:
        """Follow the mouse for the tooltip."""
        self.mouse = pos
        over_card = self.card_rect is not None and self.card_rect.collidepoint(pos)
        self.hover = None if over_card else self.pick(pos)

    def control_at(self, pos: tuple[int, int]) -> int | None:
        """The speed pill under a pixel (its index), -1 for the pause button, None for none."""
        if self.header.pause_rect.collidepoint(pos):
            return -1
        for i, rect in enumerate(self.header.speed_rects):
            if rect.collidepoint(pos):
                return i
        return None

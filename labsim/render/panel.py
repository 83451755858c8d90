"""The side panel: live figures, per-group sparklines, instructors and an event ticker.

Figures come from ``lab.summary()`` (the very numbers ``labsim run`` prints) and the
instantaneous levels from the pools; the panel is redrawn a few times a second, which is
as often as anyone can read it, and cached in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pygame

from labsim.i18n import tr
from labsim.render import palette as pal
from labsim.render.portrayal import RIG_PORTRAYAL, RigState
from labsim.render.text import Fonts, ellipsize
from labsim.render.timefmt import clock, day_of

if TYPE_CHECKING:
    from labsim.engine import Lab
    from labsim.render.floor import FloorView
    from labsim.render.observer import LabObserver

__all__ = ["PanelView", "sparkline"]

_BUSY = RIG_PORTRAYAL[RigState.IN_USE].colour
_QUEUE = pal.WARN


def sparkline(
    surface: pygame.Surface,
    rect: pygame.Rect,
    busy: Sequence[float],
    queue: Sequence[float],
    length: int,
) -> None:
    """Busy fraction as a filled area (0 to 1) and queue length as a line (0 to its max).

    The newest sample is at the right edge; ``length`` samples fill the width.
    """
    pygame.draw.rect(surface, pal.mix(pal.PANEL, pal.BG, 0.6), rect, border_radius=3)
    inner = rect.inflate(-2, -4)
    step = inner.width / max(1, length - 1)

    def x(i: int, n: int) -> float:
        return inner.right - (n - 1 - i) * step

    if len(busy) >= 2:
        n = len(busy)
        points = [(x(i, n), inner.bottom - v * inner.height) for i, v in enumerate(busy)]
        area = [(points[0][0], inner.bottom), *points, (points[-1][0], inner.bottom)]
        pygame.draw.polygon(surface, pal.mix(pal.PANEL, _BUSY, 0.38), area)
    top = max(queue, default=0.0)
    if len(queue) >= 2 and top > 0:
        n = len(queue)
        points = [(x(i, n), inner.bottom - v / top * inner.height) for i, v in enumerate(queue)]
        pygame.draw.lines(surface, _QUEUE, False, points, 2)


class PanelView:
    """Draws the side panel into a cached surface, refreshed a few times a second."""

    def __init__(
        self, lab: Lab, observer: LabObserver, floor: FloorView, fonts: Fonts, rect: pygame.Rect
    ) -> None:
        self.lab = lab
        self.observer = observer
        self.floor = floor
        self.fonts = fonts
        self.rect = rect
        self.ui = fonts.ui
        self.surface = pygame.Surface(rect.size)
        self.figures: dict[str, Any] = {}
        self._age = 1e9

    def refresh_figures(self) -> None:
        """Read the run's figures so far (the same as ``labsim run`` computes)."""
        self.figures = self.lab.summary().to_dict()

    def draw(self, target: pygame.Surface, dt: float, force: bool = False) -> None:
        """Blit the panel, redrawing it if it is older than a fifth of a second."""
        self._age += dt
        if force or self._age >= 0.2:
            self._age = 0.0
            self.refresh_figures()
            self._redraw()
        target.blit(self.surface, self.rect)

    # -- sections -----------------------------------------------------------------------------
    def _redraw(self) -> None:
        surface, ui = self.surface, self.ui
        surface.fill(pal.PANEL)
        pygame.draw.line(surface, pal.DIVIDER, (0, 0), (0, self.rect.height))
        pad = round(14 * ui)
        y = round(10 * ui)
        y = self._trainees(pad, y)
        y = self._groups(pad, y)
        self._ticker(pad, y)

    def _title(self, text: str, x: int, y: int, right: str = "") -> int:
        fonts, ui = self.fonts, self.ui
        shown = fonts.draw(self.surface, text, "small_bold", pal.TEXT_DIM, (x, y))
        room = self.rect.width - x - shown.right - round(12 * ui)
        if right and room > 40 * ui:  # a long title (in some languages) shortens the note
            fonts.draw(
                self.surface,
                right,
                "tiny",
                pal.TEXT_FAINT,
                (self.rect.width - x, y + round(2 * ui)),
                "topright",
                max_width=room,
            )
        return y + fonts.height("small_bold") + round(4 * ui)

    def _trainees(self, pad: int, y: int) -> int:
        fonts, ui = self.fonts, self.ui
        trainees = self.figures.get("trainees", {})
        warm = self.lab.now < self.lab.warmup
        lang = self.floor.lang
        note = tr("counting after warm-up", lang) if warm else ""
        y = self._title(tr("TRAINEES", lang), pad, y, note)
        tiles = (
            (tr("in lab", lang), len(self.lab.trainees), pal.TEXT),
            (tr("certified", lang), trainees.get("certified", 0), pal.GOOD),
            (tr("failed out", lang), trainees.get("failed_out", 0), pal.BAD),
            (tr("arrived", lang), trainees.get("arrived", 0), pal.TEXT_DIM),
        )
        width = (self.rect.width - 2 * pad) / len(tiles)
        for i, (label, value, colour) in enumerate(tiles):
            x = round(pad + i * width)
            box = pygame.Rect(
                x,
                y,
                round(width) - round(6 * ui),
                fonts.height("big") + fonts.height("tiny") + round(8 * ui),
            )
            pygame.draw.rect(
                self.surface, pal.mix(pal.PANEL, pal.CARD, 0.6), box, border_radius=round(6 * ui)
            )
            fonts.draw(
                self.surface,
                str(value),
                "big",
                colour,
                (box.centerx, box.top + round(3 * ui)),
                "midtop",
            )
            fonts.draw(
                self.surface,
                label,
                "tiny",
                pal.TEXT_FAINT,
                (box.centerx, box.bottom - round(4 * ui)),
                "midbottom",
            )
        return y + fonts.height("big") + fonts.height("tiny") + round(20 * ui)

    def _groups(self, pad: int, y: int) -> int:
        fonts, ui, lab = self.fonts, self.ui, self.lab
        lang = self.floor.lang
        y = self._title(tr("RIG GROUPS", lang), pad, y, tr("sparklines: last 12 open hours", lang))
        rigs = self.figures.get("rigs", {})
        row_h = fonts.height("small_bold") + round(24 * ui)
        rows = list(lab.pools)
        spare = self.rect.height - y - row_h - round(150 * ui)
        fit = max(1, spare // row_h)
        shown = rows if len(rows) <= fit else rows[: fit - 1]
        for gid in shown:
            pool = lab.pools[gid]
            group = self.floor.groups[gid]
            colours = [
                RIG_PORTRAYAL[self.floor.states.get((gid, i), RigState.IDLE)].colour
                for i in range(pool.count)
            ]
            used = rigs.get(gid, {}).get("utilization", 0.0)
            self._row(pad, y, group.name(lang), colours, used, pool.queue_length, gid)
            y += row_h
        if len(shown) < len(rows):
            fonts.draw(
                self.surface,
                tr("+{n} more groups", lang, n=len(rows) - len(shown)),
                "tiny",
                pal.TEXT_FAINT,
                (pad, y),
            )
            y += fonts.height("tiny") + round(4 * ui)
        inst = lab.instructors
        y += round(6 * ui)
        y = self._title(tr("INSTRUCTORS", lang), pad, y)
        sign = RIG_PORTRAYAL[RigState.SIGNOFF].colour
        colours = [
            sign if h is not None else RIG_PORTRAYAL[RigState.IDLE].colour for h in inst.holder
        ]
        used = self.figures.get("instructors", {}).get("utilization", 0.0)
        self._row(
            pad,
            y,
            tr("instructors: {n}", lang, n=inst.count),
            colours,
            used,
            inst.queue_length,
            "instructors",
        )
        return y + row_h + round(6 * ui)

    def _row(
        self,
        pad: int,
        y: int,
        label: str,
        colours: list[pal.Colour],
        used: float,
        waiting: int,
        key: str,
    ) -> None:
        fonts, ui, surface = self.fonts, self.ui, self.surface
        width = self.rect.width - 2 * pad
        lang = self.floor.lang
        wait = tr("{n} waiting now", lang, n=waiting)
        fonts.draw(
            surface,
            wait,
            "small",
            _QUEUE if waiting else pal.TEXT_FAINT,
            (pad + width, y),
            "topright",
        )
        label_w = width - fonts.width(wait, "small") - round(10 * ui)
        fonts.draw(surface, label, "small_bold", pal.TEXT, (pad, y), max_width=label_w)
        line2 = y + fonts.height("small_bold") + round(4 * ui)
        cell_h = round(14 * ui)
        strip_w = round(width * 0.24)
        self._units(pygame.Rect(pad, line2, strip_w, cell_h), colours)
        figure = tr("{share} used since start", lang, share=f"{used:.0%}")
        fx = pad + strip_w + round(8 * ui)
        # the sparkline keeps a readable width; a long figure (French) is shortened instead
        room = pad + width - round(64 * ui) - round(8 * ui) - fx
        fonts.draw(surface, figure, "small", pal.TEXT, (fx, line2 + cell_h // 2), "midleft", room)
        widest = tr("{share} used since start", lang, share="100%")
        left = fx + min(fonts.width(widest, "small"), room) + round(8 * ui)
        spark = pygame.Rect(left, line2 - round(2 * ui), pad + width - left, cell_h + round(4 * ui))
        history = self.observer.history
        sparkline(
            surface, spark, history.series[f"b:{key}"], history.series[f"q:{key}"], history.length
        )

    def _units(self, rect: pygame.Rect, colours: list[pal.Colour]) -> None:
        """One small square per unit in its state colour (a proportion bar when there are many)."""
        if not colours:
            none = tr("none", self.floor.lang)
            self.fonts.draw(self.surface, none, "tiny", pal.TEXT_FAINT, rect.midleft, "midleft")
            return
        gap = max(1, round(2 * self.ui))
        cell = min(rect.height, (rect.width + gap) // len(colours) - gap)
        if cell >= 4:
            for i, colour in enumerate(colours):
                pygame.draw.rect(
                    self.surface,
                    colour,
                    (rect.left + i * (cell + gap), rect.centery - cell // 2, cell, cell),
                    border_radius=2,
                )
            return
        counts: dict[pal.Colour, int] = {}
        for colour in colours:
            counts[colour] = counts.get(colour, 0) + 1
        x = float(rect.left)
        for colour, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            w = rect.width * n / len(colours)
            pygame.draw.rect(
                self.surface, colour, (round(x), rect.top, max(1, round(w)), rect.height)
            )
            x += w

    def _ticker(self, pad: int, y: int) -> None:
        fonts, ui, surface = self.fonts, self.ui, self.surface
        y += round(4 * ui)
        y = self._title(tr("RECENT EVENTS", self.floor.lang), pad, y)
        line = fonts.height("small") + round(3 * ui)
        stamp_w = fonts.width("D00 00:00", "tiny") + round(8 * ui)
        width = self.rect.width - 2 * pad - stamp_w
        bottom = self.rect.height - round(6 * ui)
        for entry in self.observer.ticker:
            # A reason is read whole: long entries wrap (at most 3 lines) instead of being cut.
            lines = fonts.wrap(entry.text, "small", width)
            if len(lines) > 3:
                lines = [*lines[:2], ellipsize(fonts, " ".join(lines[2:]), "small", width)]
            if y + line * len(lines) > bottom:
                break
            stamp = f"D{day_of(entry.time)} {clock(entry.time)}"
            fonts.draw(surface, stamp, "tiny", pal.TEXT_FAINT, (pad, y + round(2 * ui)))
            for text in lines:
                fonts.draw(surface, text, "small", entry.colour, (pad + stamp_w, y))
                y += line
        if not self.observer.ticker:
            quiet = tr("nothing yet", self.floor.lang)
            fonts.draw(surface, quiet, "small", pal.TEXT_FAINT, (pad, y))

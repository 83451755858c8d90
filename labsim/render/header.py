"""The header: scenario, day and clock, opening hours with a day timeline, speed controls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from labsim.i18n import N_, tr
from labsim.render import palette as pal
from labsim.render.text import Fonts
from labsim.render.timefmt import clock, day_of
from labsim.scenarios.models import CalendarRun

if TYPE_CHECKING:
    from labsim.engine import Lab

__all__ = ["Controls", "HeaderView", "lab_status"]

_DAY = 1440.0


@dataclass(frozen=True)
class Controls:
    """What the controller tells the view about itself (speed, pause, a passing note).

    No ``speeds``: the host sets the pace itself (the play window's floor), and the header
    shows no pause button or speed pills.
    """

    speeds: tuple[str, ...]
    speed_index: int
    paused: bool
    note: str | None = None


def lab_status(lab: Lab) -> tuple[str, pal.Colour]:
    """The lab's status chip: OPEN, BREAK, CLOSED, WARM-UP or FINISHED, with its colour.

    The words are catalogue msgids: ``tr(label, lang)`` says them in a language.
    """
    now = lab.now
    if lab.finished:
        return N_("FINISHED"), pal.ACCENT
    calendar = lab.calendar
    if calendar.always_open:
        return (N_("WARM-UP"), pal.WARN) if now < lab.warmup else (N_("OPEN 24 H"), pal.GOOD)
    if calendar.is_open(now):
        return N_("OPEN"), pal.GOOD
    run = lab.scenario.run
    minute = now % _DAY
    if isinstance(run, CalendarRun) and run.day.opens <= minute < run.day.closes:
        return N_("BREAK"), pal.WARN
    return N_("CLOSED"), pal.TEXT_FAINT


class HeaderView:
    """Draws the header band."""

    def __init__(self, lab: Lab, fonts: Fonts, rect: pygame.Rect, lang: str = "en") -> None:
        self.lab = lab
        self.lang = lang
        self.fonts = fonts
        self.rect = rect
        self.ui = fonts.ui
        self.speed_rects: list[pygame.Rect] = []
        self.pause_rect = pygame.Rect(0, 0, 0, 0)

    def draw(self, surface: pygame.Surface, controls: Controls) -> None:
        """Draw the header for the current time and controls."""
        lab, fonts, ui, rect = self.lab, self.fonts, self.ui, self.rect
        surface.fill(pal.PANEL, rect)
        pygame.draw.line(surface, pal.DIVIDER, rect.bottomleft, (rect.right, rect.bottom - 1))
        pad = round(16 * ui)
        top = rect.top + round(8 * ui)
        left_w = round(rect.width * 0.3)
        fonts.draw(
            surface, lab.scenario.title(self.lang), "title", pal.TEXT, (pad, top), max_width=left_w
        )
        fonts.draw(
            surface,
            self._subtitle(),
            "small",
            pal.TEXT_DIM,
            (pad, top + fonts.height("title") + round(2 * ui)),
            max_width=left_w,
        )
        x = pad + left_w + round(16 * ui)
        now, final = lab.now, lab.finished
        day = tr("Day {n}", self.lang, n=day_of(now, final=final))
        fonts.draw(surface, day, "small", pal.TEXT_DIM, (x, top + round(2 * ui)))
        days = self._days()
        if days:
            of = tr("of {n}", self.lang, n=days)
            fonts.draw(surface, of, "tiny", pal.TEXT_FAINT, (x, top + round(20 * ui)))
        x += round(50 * ui)
        time_rect = fonts.draw(
            surface, clock(now, final=final), "big", pal.TEXT, (x, rect.centery - 1), "midleft"
        )
        x = time_rect.right + round(12 * ui)
        label, colour = lab_status(lab)
        chip = self._chip(surface, tr(label, self.lang), colour, (x, rect.centery))
        x = chip.right + round(14 * ui)
        speeds_w = self._speeds_width(controls)
        bar = pygame.Rect(x, rect.centery - round(5 * ui), 0, round(10 * ui))
        bar.width = max(0, rect.right - pad - speeds_w - round(20 * ui) - x)
        if bar.width > 80 * ui:
            self._timeline(surface, bar)
        self._speeds(surface, controls, (rect.right - pad - speeds_w, rect.centery))
        self._progress(surface)
        if controls.note:
            fonts.draw(
                surface,
                controls.note,
                "tiny",
                pal.WARN,
                (rect.right - pad, rect.bottom - round(4 * ui)),
                "bottomright",
            )

    def _subtitle(self) -> str:
        run, lang = self.lab.scenario.run, self.lang
        parts = [tr("seed {n}", lang, n=self.lab.seed)]
        if self.lab.calendar.always_open:
            parts.append(tr("{n} h round the clock", lang, n=f"{self.lab.horizon / 60:g}"))
        elif isinstance(run, CalendarRun):
            hours = f"{clock(run.day.opens)}–{clock(run.day.closes)}"
            parts.append(tr("open {hours}", lang, hours=hours))
            breaks = run.breaks
            if len(breaks) == 1:
                hours = f"{clock(breaks[0].start)}–{clock(breaks[0].end)}"
                parts.append(tr("break {hours}", lang, hours=hours))
            elif breaks:
                parts.append(tr("{n} breaks", lang, n=len(breaks)))
        return " · ".join(parts)

    def _days(self) -> int | None:
        return None if self.lab.calendar.always_open else round(self.lab.horizon / _DAY)

    def _chip(
        self, surface: pygame.Surface, text: str, colour: pal.Colour, midleft: tuple[int, int]
    ) -> pygame.Rect:
        fonts, ui = self.fonts, self.ui
        w = fonts.width(text, "small_bold") + round(16 * ui)
        chip = pygame.Rect(0, 0, w, fonts.height("small_bold") + round(6 * ui))
        chip.midleft = midleft
        pygame.draw.rect(
            surface, pal.mix(pal.PANEL, colour, 0.22), chip, border_radius=chip.height // 2
        )
        pygame.draw.rect(surface, colour, chip, 1, border_radius=chip.height // 2)
        fonts.draw(surface, text, "small_bold", colour, chip.center, "center")
        return chip

    def _timeline(self, surface: pygame.Surface, bar: pygame.Rect) -> None:
        """Today's opening hours (or the whole run, when open round the clock) with a cursor."""
        lab, fonts, ui = self.lab, self.fonts, self.ui
        now = lab.now
        if lab.calendar.always_open:
            start, end = 0.0, lab.horizon
            spans = [(lab.warmup, lab.horizon)]
            marks = [(lab.warmup, tr("end of warm-up", self.lang))] if lab.warmup else []
        else:
            day0 = (day_of(now, final=lab.finished) - 1) * _DAY
            intervals = [
                (a - day0, b - day0) for a, b in lab.calendar.intervals if day0 <= a < day0 + _DAY
            ]
            first = min((a for a, _ in intervals), default=8 * 60.0)
            last = max((b for _, b in intervals), default=17 * 60.0)
            start, end = max(0.0, first - 60), min(_DAY, last + 60)
            spans = intervals
            marks = [(first, clock(first)), (last, clock(last))]
            now -= day0
        pygame.draw.rect(surface, pal.DIVIDER, bar, border_radius=bar.height // 2)

        def at(t: float) -> int:
            return bar.left + round((min(max(t, start), end) - start) / (end - start) * bar.width)

        for a, b in spans:
            seg = pygame.Rect(at(a), bar.top, max(1, at(b) - at(a)), bar.height)
            pygame.draw.rect(
                surface, pal.mix(pal.PANEL, pal.GOOD, 0.55), seg, border_radius=bar.height // 2
            )
        for t, text in marks:
            label = fonts.render(text, "tiny", pal.TEXT_FAINT)
            spot = label.get_rect(midtop=(at(t), bar.bottom + round(3 * ui)))
            spot.clamp_ip(pygame.Rect(bar.left, spot.top, bar.width, spot.height))
            surface.blit(label, spot)
        x = at(now)
        pygame.draw.line(
            surface,
            pal.TEXT,
            (x, bar.top - round(5 * ui)),
            (x, bar.bottom + round(4 * ui)),
            max(2, round(2 * ui)),
        )

    def _speeds_width(self, controls: Controls) -> int:
        if not controls.speeds:
            return 0
        fonts, ui = self.fonts, self.ui
        pill = round(10 * ui)
        widths = [fonts.width(s, "small_bold") + pill for s in controls.speeds]
        return round(34 * ui) + sum(widths) + round(4 * ui) * len(widths)

    def _speeds(
        self, surface: pygame.Surface, controls: Controls, midleft: tuple[int, int]
    ) -> None:
        """Play/pause button and one pill per speed, the current one lit."""
        self.speed_rects = []
        self.pause_rect = pygame.Rect(0, 0, 0, 0)
        if not controls.speeds:
            return
        fonts, ui = self.fonts, self.ui
        x, cy = midleft
        size = round(22 * ui)
        button = pygame.Rect(x, cy - size // 2, size, size)
        self.pause_rect = button
        colour = pal.WARN if controls.paused else pal.TEXT
        pygame.draw.rect(
            surface, pal.mix(pal.PANEL, colour, 0.15), button, border_radius=round(5 * ui)
        )
        inner = button.inflate(-round(12 * ui), -round(12 * ui))
        if controls.paused:
            points = [inner.topleft, (inner.right, inner.centery), inner.bottomleft]
            pygame.draw.polygon(surface, colour, points)
        else:
            bar_w = max(2, inner.width // 3)
            pygame.draw.rect(surface, colour, (inner.left, inner.top, bar_w, inner.height))
            pygame.draw.rect(surface, colour, (inner.right - bar_w, inner.top, bar_w, inner.height))
        x = button.right + round(10 * ui)
        self.speed_rects = []
        for i, text in enumerate(controls.speeds):
            w = fonts.width(text, "small_bold") + round(10 * ui)
            pill = pygame.Rect(x, cy - size // 2, w, size)
            lit = i == controls.speed_index
            if lit:
                fill = pal.mix(pal.PANEL, pal.WARN if controls.paused else pal.ACCENT, 0.35)
                pygame.draw.rect(surface, fill, pill, border_radius=round(5 * ui))
            fonts.draw(
                surface,
                text,
                "small_bold",
                pal.TEXT if lit else pal.TEXT_FAINT,
                pill.center,
                "center",
            )
            self.speed_rects.append(pill)
            x = pill.right + round(4 * ui)

    def _progress(self, surface: pygame.Surface) -> None:
        lab, rect = self.lab, self.rect
        height = max(2, round(3 * self.ui))
        done = round(rect.width * min(1.0, lab.now / lab.horizon)) if lab.horizon > 0 else 0
        pygame.draw.rect(
            surface, pal.mix(pal.PANEL, pal.ACCENT, 0.8), (0, rect.bottom - height, done, height)
        )

"""The watch window: the controller of the model-view-controller loop.

Each frame: turn input into view or speed changes, ``lab.advance_to(now + dt * speed)``,
let the view take in the new state, draw, flip. Speeds are simulated minutes per
wall-clock minute (1x is real time); ``max`` runs as far as a frame's time budget allows.
Closed hours (nights, breaks) are skipped in one jump unless the viewer turns that off, since
nothing happens in them.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from labsim.errors import FileError
from labsim.i18n import tr
from labsim.render.header import Controls
from labsim.render.png import reason_in, save_png
from labsim.render.speeds import SPEEDS
from labsim.render.timefmt import clock, day_and_clock, day_of
from labsim.render.view import WatchView

if TYPE_CHECKING:
    from labsim.engine import Lab

__all__ = ["WatchApp"]

_NUMBER_KEYS = {
    pygame.K_1: 0,
    pygame.K_2: 1,
    pygame.K_3: 2,
    pygame.K_4: 3,
    pygame.K_5: 4,
    pygame.K_KP1: 0,
    pygame.K_KP2: 1,
    pygame.K_KP3: 2,
    pygame.K_KP4: 3,
    pygame.K_KP5: 4,
}
_FASTER = {pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS}
_SLOWER = {pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_UNDERSCORE}
_FRAME_BUDGET = 0.012


class WatchApp:
    """Runs the watch window over a lab."""

    def __init__(
        self,
        lab: Lab,
        size: tuple[int, int] = (1280, 720),
        speed: int = 2,
        stop_at: float | None = None,
        shots: Path | None = None,
        skip_closed: bool = True,
        lang: str = "en",
    ) -> None:
        self.lab = lab
        self.speed = speed
        self.paused = False
        self.running = True
        self.stop_at = stop_at
        self.shots = shots or Path.cwd()
        self.skip_closed = skip_closed
        self.note: tuple[str, float] | None = None
        self._chunk = 30.0
        self.view = WatchView(lab, size, lang)
        self.surface: pygame.Surface | None = None

    # -- window -------------------------------------------------------------------------------
    def open(self) -> pygame.Surface:
        """Open the (resizable) window."""
        pygame.display.init()
        pygame.display.set_caption(f"labsim watch: {self.lab.scenario.title(self.view.lang)}")
        self.surface = pygame.display.set_mode(self.view.size, pygame.RESIZABLE)
        return self.surface

    def run(self) -> None:
        """The loop, until the window is closed or Esc is pressed."""
        self.open()
        ticker = pygame.time.Clock()
        dt = 0.0
        try:
            while self.tick(dt):
                dt = ticker.tick(60) / 1000
        finally:
            pygame.display.quit()

    def tick(self, dt: float) -> bool:
        """Handle pending input, then draw one frame; False once the viewer has quit."""
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return False
        surface = pygame.display.get_surface() or self.surface
        if surface is None:
            return False
        self.surface = surface
        self.frame(surface, dt)
        pygame.display.flip()
        return True

    def frame(self, surface: pygame.Surface, dt: float) -> None:
        """One frame: advance the simulation, update and draw the view."""
        self.advance(dt)
        self.view.update(dt)
        self.view.draw(surface, self.controls(), dt)

    def controls(self) -> Controls:
        """What the header shows of the controller."""
        note = None
        if self.note is not None and time.monotonic() < self.note[1]:
            note = self.note[0]
        return Controls(tuple(label for label, _ in SPEEDS), self.speed, self.paused, note)

    def say(self, text: str, seconds: float = 2.5) -> None:
        """Show a short note in the header."""
        self.note = (text, time.monotonic() + seconds)

    # -- simulated time -----------------------------------------------------------------------
    def advance(self, dt: float) -> None:
        """Advance the simulation by ``dt`` wall-clock seconds at the current speed."""
        lab, lang = self.lab, self.view.lang
        if self.paused or lab.finished:
            return
        end = lab.horizon if self.stop_at is None else min(lab.horizon, self.stop_at)
        rate = SPEEDS[self.speed][1]
        if rate is None:
            self._advance_max(end)
        else:
            lab.advance_to(min(end, lab.now + dt * rate))
            if self.skip_closed and not lab.calendar.is_open(lab.now) and lab.now < end:
                opening = lab.calendar.next_opening(lab.now)
                if opening < end:
                    lab.advance_to(opening)
                    when = day_and_clock(opening)
                    self.say(tr("closed hours skipped to {when}  (N: don't skip)", lang, when=when))
        if self.stop_at is not None and lab.now >= self.stop_at and not lab.finished:
            self.paused = True
            self.say(tr("stopped at {when} (--until)", lang, when=day_and_clock(lab.now)), 5)

    def _advance_max(self, end: float) -> None:
        lab = self.lab
        deadline = time.perf_counter() + _FRAME_BUDGET
        rounds = 0
        while lab.now < end and time.perf_counter() < deadline:
            lab.advance_to(min(end, lab.now + self._chunk))
            rounds += 1
        if rounds <= 1:
            self._chunk = max(1.0, self._chunk / 2)
        elif rounds > 4:
            self._chunk = min(1440.0, self._chunk * 2)

    # -- input --------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event."""
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            control = self.view.control_at(event.pos)
            if control == -1:
                self.paused = not self.paused
            elif control is not None:
                self.set_speed(control)
            else:
                self.view.click(event.pos)
        elif event.type == pygame.MOUSEMOTION:
            self.view.move(event.pos)
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            size = (
                max(640, event.w if event.type == pygame.VIDEORESIZE else event.x),
                max(400, event.h if event.type == pygame.VIDEORESIZE else event.y),
            )
            if size != self.view.size:
                self.view.resize(size)

    def _key(self, event: pygame.event.Event) -> None:
        key = event.key
        if key == pygame.K_ESCAPE:
            self.running = False
        elif key == pygame.K_SPACE:
            self.paused = not self.paused
        elif key in _NUMBER_KEYS:
            self.set_speed(_NUMBER_KEYS[key])
        elif key in _FASTER or event.unicode == "+":
            self.set_speed(min(len(SPEEDS) - 1, self.speed + 1))
        elif key in _SLOWER or event.unicode == "-":
            self.set_speed(max(0, self.speed - 1))
        elif key == pygame.K_F12:
            self.screenshot()
        elif key == pygame.K_n:
            self.skip_closed = not self.skip_closed
            lang = self.view.lang
            if self.skip_closed:
                self.say(tr("closed hours: skipped", lang))
            else:
                self.say(tr("closed hours: shown", lang))

    def set_speed(self, index: int) -> None:
        """Choose a speed (an index in :data:`SPEEDS`); choosing one also resumes."""
        self.speed = index
        self.paused = False
        self._chunk = 30.0

    def screenshot(self) -> Path | None:
        """Save the current frame as a PNG next to where labsim was started."""
        surface = self.surface or pygame.display.get_surface()
        if surface is None:
            return None
        now, final = self.lab.now, self.lab.finished
        stem = f"labsim-day{day_of(now, final=final)}-{clock(now, final=final).replace(':', '')}"
        path = self.shots / f"{stem}.png"
        n = 1
        while path.exists():
            n += 1
            path = self.shots / f"{stem}-{n}.png"
        try:
            save_png(surface, path)
        except FileError as error:
            lang = self.view.lang
            self.say(tr("screenshot not saved: {reason}", lang, reason=reason_in(error, lang)), 5)
            return None
        self.say(tr("saved {name}", self.view.lang, name=path.name))
        return path

"""The floor plan: bays of workstations, queues, trainees walking, instructors signing off.

Every frame the view asks the engine where each trainee is (in a queue, at a rig) and
moves that trainee's token there; a token whose place changed walks there over a fraction
of a second of wall-clock time, so the animation looks the same at any speed. Tokens are
view-only: they are rebuilt from the engine's state, never the other way round.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from labsim.i18n import tr
from labsim.render import floor_draw
from labsim.render import palette as pal
from labsim.render.layout import FloorLayout
from labsim.render.portrayal import RigState, icon_kind, rig_state
from labsim.render.text import Fonts

if TYPE_CHECKING:
    from labsim.engine import Lab
    from labsim.render.observer import LabObserver

__all__ = ["FloorView", "Token"]

_FLASH_SECONDS = 1.2


class Token:
    """A trainee or instructor on screen: where it walks from, to, and since when."""

    __slots__ = ("colour", "dur", "fx", "fy", "leaving", "start", "tx", "ty")

    def __init__(self, x: float, y: float, colour: pal.Colour, now: float) -> None:
        self.fx = self.tx = x
        self.fy = self.ty = y
        self.start = now
        self.dur = 0.0
        self.colour = colour
        self.leaving: bool | None = None

    def pos(self, now: float) -> tuple[float, float]:
        """Where the token is at wall-clock time ``now`` (eased walk)."""
        if self.dur <= 0 or now >= self.start + self.dur:
            return self.tx, self.ty
        u = (now - self.start) / self.dur
        u = u * u * (3 - 2 * u)
        return self.fx + (self.tx - self.fx) * u, self.fy + (self.ty - self.fy) * u

    def walk_to(self, x: float, y: float, now: float, speed: float) -> None:
        """Start walking from the current position to ``(x, y)``."""
        if (x, y) == (self.tx, self.ty):
            return
        self.fx, self.fy = self.pos(now)
        self.tx, self.ty = x, y
        self.start = now
        self.dur = min(0.8, max(0.15, math.hypot(x - self.fx, y - self.fy) / speed))

    def arrived(self, now: float) -> bool:
        """Whether the walk is over."""
        return now >= self.start + self.dur


class FloorView:
    """Draws the floor plan of a lab and animates the people on it."""

    def __init__(
        self, lab: Lab, observer: LabObserver, layout: FloorLayout, fonts: Fonts, lang: str = "en"
    ) -> None:
        scenario = lab.scenario
        self.lab = lab
        #: The language the floor's words are drawn in.
        self.lang = lang
        self.observer = observer
        self.layout = layout
        self.fonts = fonts
        self.groups = {g.id: g for g in scenario.rigs}
        self.kinds = {g.id: icon_kind(g.model) for g in scenario.rigs}
        self.exercises = frozenset(p.id for p in scenario.procedures if p.kind == "exercise")
        self.steps = {p.id: len(p.steps) for p in scenario.procedures}
        self.cohort_colours = {c.id: pal.cohort_colour(i) for i, c in enumerate(scenario.cohorts)}
        self.clock = 0.0
        self.speed = 700 * layout.ui
        self.tokens: dict[str, Token] = {}
        self.teachers = [
            Token(*layout.desk_slot(i), pal.INSTRUCTOR, 0.0) for i in range(lab.instructors.count)
        ]
        self.hidden: set[str] = set()
        self.queue_labels: dict[str, str] = {}
        self.flash_errors: dict[str, tuple[float, bool]] = {}
        self.flash_failures: dict[tuple[str, int], float] = {}
        self.card_cache: dict[tuple[str, int, RigState, int], pygame.Surface] = {}
        self.background: pygame.Surface | None = None
        self.veil: pygame.Surface | None = None
        self.states: dict[tuple[str, int], RigState] = {}

    # -- animation ----------------------------------------------------------------------------
    def update(self, dt: float, settle: bool = False) -> None:
        """Move tokens towards where the engine says people are; ``settle`` jumps there."""
        self.clock += dt
        lab = self.lab
        open_now = lab.calendar.is_open(lab.now)
        self.states = {
            (gid, i): rig_state(pool.up[i], pool.holder[i], self.exercises, open_now)
            for gid, pool in lab.pools.items()
            for i in range(pool.count)
        }
        self._move_trainees(self._targets(), settle)
        self._move_instructors(self.clock)
        self._take_flashes(self.clock)
        if settle:
            for token in (*self.tokens.values(), *self.teachers):
                token.dur = 0.0
            self.flash_errors.clear()
            self.flash_failures.clear()

    def _targets(self) -> dict[str, tuple[float, float]]:
        """Where each trainee in the lab should stand: queue slot, rig, or the door."""
        lab, layout = self.lab, self.layout
        targets: dict[str, tuple[float, float]] = {}
        self.hidden = set()
        self.queue_labels = {}
        for gid, pool in lab.pools.items():
            waiting = pool.queue_length
            if not waiting:
                continue
            shown, self.queue_labels[gid] = self._queue_label(gid, waiting)
            for place, trainee in enumerate(pool.queue):
                targets[trainee.id] = layout.queue_slot(gid, min(place, shown - 1))
                if place >= shown:
                    self.hidden.add(trainee.id)
        door = layout.door_spot()
        for tid, trainee in lab.trainees.items():
            if tid in targets:
                continue
            if trainee.rig is not None and trainee.group is not None:
                targets[tid] = layout.seat(trainee.group, trainee.rig)
            else:
                targets[tid] = door
        return targets

    def _queue_label(self, gid: str, waiting: int) -> tuple[int, str]:
        """How many of a queue's trainees fit in its lane, and the count written beside them."""
        layout, fonts = self.layout, self.fonts
        pad = round(10 * layout.ui)
        text = tr("{n} waiting", self.lang, n=waiting)
        shown = layout.queue_capacity(gid, fonts.width(text, "tiny") + pad)
        if waiting <= shown:
            return waiting, text
        longest = f"+{waiting} · {text}"
        shown = layout.queue_capacity(gid, fonts.width(longest, "tiny") + pad)
        return shown, f"+{waiting - shown} · {text}"

    def _move_trainees(self, targets: dict[str, tuple[float, float]], settle: bool) -> None:
        now, door = self.clock, self.layout.door_spot()
        for tid, (x, y) in targets.items():
            token = self.tokens.get(tid)
            if token is None:
                colour = self.cohort_colours.get(self.lab.trainees[tid].cohort, pal.TEXT)
                start = (x, y) if settle else door
                token = self.tokens[tid] = Token(start[0], start[1], colour, now)
            token.walk_to(x, y, now, self.speed)
        left = self.observer.left
        for tid, token in list(self.tokens.items()):
            if tid in targets:
                continue
            if token.leaving is None:
                token.leaving = left.pop(tid, False)
                token.walk_to(door[0], door[1], now, self.speed)
            if settle or token.arrived(now):
                del self.tokens[tid]
        left.clear()

    def _move_instructors(self, now: float) -> None:
        layout = self.layout
        for i, token in enumerate(self.teachers):
            who = self.lab.instructors.holder[i]
            if who is not None and who.rig is not None and who.group is not None:
                target = layout.instructor_spot(who.group, who.rig)
            else:
                target = layout.desk_slot(i)
            token.walk_to(*target, now, self.speed)

    def _take_flashes(self, now: float) -> None:
        errors, failures = self.observer.drain()
        for tid, critical in errors:
            self.flash_errors[tid] = (now + _FLASH_SECONDS, critical)
        for unit in failures:
            self.flash_failures[unit] = now + _FLASH_SECONDS * 1.5
        for tid in [t for t, (end, _) in self.flash_errors.items() if end < now]:
            del self.flash_errors[tid]
        for unit in [u for u, end in self.flash_failures.items() if end < now]:
            del self.flash_failures[unit]

    # -- queries ------------------------------------------------------------------------------
    def trainee_at(self, pos: tuple[int, int]) -> str | None:
        """The trainee whose token is under a pixel (the topmost), if any."""
        r = self.layout.token_r + 2
        for tid in reversed(list(self.tokens)):
            token = self.tokens[tid]
            if tid in self.hidden or token.leaving is not None:
                continue
            x, y = token.pos(self.clock)
            if (x - pos[0]) ** 2 + (y - pos[1]) ** 2 <= r * r:
                return tid
        return None

    def instructor_at(self, pos: tuple[int, int]) -> int | None:
        """The instructor whose token is under a pixel, if any."""
        r = self.layout.token_r + 2
        for i, token in enumerate(self.teachers):
            x, y = token.pos(self.clock)
            if abs(x - pos[0]) + abs(y - pos[1]) <= r * 1.4:
                return i
        return None

    # -- drawing ------------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        selected: tuple[str, int] | None = None,
        hovered: tuple[str, int] | None = None,
        picked_trainee: str | None = None,
    ) -> None:
        """Draw the floor: background, workstations, queues and people."""
        floor_draw.draw_floor(self, surface, selected, hovered, picked_trainee)

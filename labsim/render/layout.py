"""Where things go on screen: the window split, and the floor plan from metres to pixels.

The floor is drawn from the scenario: each rig group is a *bay* centred on the group's
``at`` position (metres; x to the right, y downwards, as a plan is read), holding its
workstations in a small grid, with the group's name above and its queue lane below. The
plan scales to fit the floor area; if the written positions would make bays overlap on
screen (or a file gives none), the bays are arranged in a tidy grid instead, in the order
of their positions, so nothing ever overlaps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pygame

from labsim.scenarios.models import RigGroup

__all__ = ["CARD_METRES", "PITCH_METRES", "Bay", "FloorLayout", "Screen", "split_screen"]

#: Distance between neighbouring workstations of a group, and a workstation's width (m).
PITCH_METRES = 3.0
CARD_METRES = 2.4


def ui_scale(size: tuple[int, int]) -> float:
    """How much larger than at 1280x720 text and chrome are drawn (grows gently)."""
    factor = min(size[0] / 1280, size[1] / 720)
    return float(min(2.5, max(0.75, factor**0.7)))


@dataclass(frozen=True)
class Screen:
    """The window split into header, floor, legend strip and side panel."""

    size: tuple[int, int]
    ui: float
    header: pygame.Rect
    floor: pygame.Rect
    legend: pygame.Rect
    panel: pygame.Rect


def split_screen(size: tuple[int, int]) -> Screen:
    """Split a window of ``size`` pixels into its parts."""
    w, h = size
    ui = ui_scale(size)
    header_h = round(54 * ui)
    legend_h = round(52 * ui)
    panel_w = min(w // 2, max(round(300 * ui), round(w * 0.25)))
    header = pygame.Rect(0, 0, w, header_h)
    panel = pygame.Rect(w - panel_w, header_h, panel_w, h - header_h)
    legend = pygame.Rect(0, h - legend_h, w - panel_w, legend_h)
    floor = pygame.Rect(0, header_h, w - panel_w, h - header_h - legend_h)
    return Screen(size, ui, header, floor, legend, panel)


@dataclass(frozen=True)
class Bay:
    """The screen area of one rig group."""

    group: str
    cards: pygame.Rect
    footprint: pygame.Rect
    label: pygame.Rect
    queue: pygame.Rect
    units: tuple[pygame.Rect, ...]


def _grid_shape(count: int) -> tuple[int, int]:
    """Columns and rows for ``count`` workstations: a row up to four, then a wide grid."""
    cols = count if count <= 4 else math.ceil(math.sqrt(count * 2))
    return cols, math.ceil(count / cols)


class FloorLayout:
    """The floor plan of a scenario's rigs in a pixel area.

    Attributes:
        bays: group id -> its :class:`Bay`, in scenario order.
        positioned: True when bays sit at their written positions (False: arranged).
        scale: pixels per metre.
        door: where trainees come in and leave.
        desk: where idle instructors wait.
        token_r: the radius of a trainee token, in pixels.
    """

    def __init__(self, rigs: Sequence[RigGroup], area: pygame.Rect, ui: float) -> None:
        self.area = area
        self.ui = ui
        self.label_h = round(22 * ui)
        self.lane_h = round(22 * ui)
        self.min_width = round(130 * ui)
        self.gap = round(12 * ui)
        pad = round(14 * ui)
        side_w = round(86 * ui)
        self.side = pygame.Rect(area.left + pad, area.top + pad, side_w, area.height - 2 * pad)
        self.plan = pygame.Rect(
            self.side.right + pad,
            area.top + pad,
            area.right - self.side.right - 2 * pad,
            area.height - 2 * pad,
        )
        self.door = pygame.Rect(self.side.left, self.side.top, side_w, round(64 * ui))
        desk_top = self.door.bottom + round(26 * ui)
        self.desk = pygame.Rect(self.side.left, desk_top, side_w, self.side.bottom - desk_top)
        self.counts = {g.id: g.count for g in rigs}
        self.shapes = {g.id: _grid_shape(g.count) for g in rigs}
        self.origin: tuple[float, float, float, float] | None = None
        self.positioned = True
        self.scale, self.bays = self._positioned(rigs)
        if not self._fits():
            self.positioned = False
            self.origin = None
            self.scale, self.bays = self._arranged(rigs)
        self.bays = self._widened([g.id for g in rigs])
        card = CARD_METRES * self.scale
        self.token_r = max(3, min(round(8 * ui), round(card * 0.16)))

    # -- the two ways of placing bays ---------------------------------------------------------
    def _size_m(self, group: str) -> tuple[float, float]:
        cols, rows = self.shapes[group]
        return cols * PITCH_METRES, rows * PITCH_METRES

    def _max_scale(self) -> float:
        return 110 * self.ui / CARD_METRES

    def _positioned(self, rigs: Sequence[RigGroup]) -> tuple[float, dict[str, Bay]]:
        boxes = {}
        for g in rigs:
            w, h = self._size_m(g.id)
            boxes[g.id] = (g.at[0] - w / 2, g.at[1] - h / 2, g.at[0] + w / 2, g.at[1] + h / 2)
        x0 = min(b[0] for b in boxes.values())
        y0 = min(b[1] for b in boxes.values())
        x1 = max(b[2] for b in boxes.values())
        y1 = max(b[3] for b in boxes.values())
        room_w = self.plan.width - self.min_width
        room_h = self.plan.height - self.label_h - self.lane_h - self.gap
        scale = min(room_w / (x1 - x0), room_h / (y1 - y0), self._max_scale())
        if scale <= 0:
            return 0.0, {}
        left = self.plan.centerx - (x1 - x0) * scale / 2
        top = self.plan.centery - ((y1 - y0) * scale + self.label_h + self.lane_h) / 2
        top += self.label_h
        self.origin = (x0, y0, left, top)
        bays = {}
        for g in rigs:
            bx0, by0, bx1, by1 = boxes[g.id]
            cards = pygame.Rect(
                round(left + (bx0 - x0) * scale),
                round(top + (by0 - y0) * scale),
                round((bx1 - bx0) * scale),
                round((by1 - by0) * scale),
            )
            bays[g.id] = self._bay(g.id, cards, scale)
        return scale, bays

    def _arranged(self, rigs: Sequence[RigGroup]) -> tuple[float, dict[str, Bay]]:
        ordered = sorted(rigs, key=lambda g: (g.at[1], g.at[0]))
        n = len(ordered)
        best: tuple[float, int] = (0.0, 1)
        for cols in range(1, n + 1):
            rows = math.ceil(n / cols)
            cell_w = self.plan.width / cols - self.gap
            cell_h = self.plan.height / rows - self.gap - self.label_h - self.lane_h
            if cell_w < self.min_width or cell_h <= 0:
                continue
            scale = min(
                min(cell_w / self._size_m(g.id)[0], cell_h / self._size_m(g.id)[1]) for g in ordered
            )
            if scale > best[0]:
                best = (scale, cols)
        scale, cols = best
        scale = min(max(scale, 2.0), self._max_scale())
        rows = math.ceil(n / cols)
        cell_w, cell_h = self.plan.width / cols, self.plan.height / rows
        tallest = [0.0] * rows
        for i, g in enumerate(ordered):
            row = i // cols
            tallest[row] = max(tallest[row], self._size_m(g.id)[1] * scale)
        bays = {}
        for i, g in enumerate(ordered):
            w, h = self._size_m(g.id)
            row = i // cols
            block = self.label_h + tallest[row] + self.lane_h
            top = self.plan.top + row * cell_h + (cell_h - block) / 2 + self.label_h
            cards = pygame.Rect(0, round(top), round(w * scale), round(h * scale))
            cards.centerx = round(self.plan.left + (i % cols + 0.5) * cell_w)
            bays[g.id] = self._bay(g.id, cards, scale)
        return scale, bays

    def _bay(self, group: str, cards: pygame.Rect, scale: float) -> Bay:
        cols, _ = self.shapes[group]
        pitch = PITCH_METRES * scale
        size = max(2, round(CARD_METRES * scale))
        units = []
        for i in range(self.counts[group]):
            unit = pygame.Rect(0, 0, size, size)
            unit.center = (
                round(cards.left + (i % cols + 0.5) * pitch),
                round(cards.top + (i // cols + 0.5) * pitch),
            )
            units.append(unit)
        width = max(cards.width, self.min_width)
        label = pygame.Rect(0, cards.top - self.label_h, width, self.label_h)
        label.centerx = cards.centerx
        queue = pygame.Rect(label.left, cards.bottom + 2, width, self.lane_h)
        return Bay(group, cards, label.union(queue), label, queue, tuple(units))

    def _widened(self, order: list[str]) -> dict[str, Bay]:
        """Let names and queue lanes use the free room beside them.

        Bays are taken in turn; each name or lane grows (centred) by at most half the free
        room to whatever is beside it, as things stand then, so nothing can ever meet.
        """
        bays = dict(self.bays)
        lane_cap = round(280 * self.ui)
        for gid in order:
            for part in ("label", "queue"):
                bay = bays[gid]
                rect: pygame.Rect = getattr(bay, part)
                cap = self.plan.width if part == "label" else max(rect.width, lane_cap)
                width = min(cap, 2 * self._reach(bay, rect, bays.values()))
                if width <= rect.width:
                    continue
                grown = pygame.Rect(0, rect.top, width, rect.height)
                grown.centerx = bay.cards.centerx
                label = grown if part == "label" else bay.label
                queue = grown if part == "queue" else bay.queue
                bays[gid] = Bay(gid, bay.cards, bay.footprint, label, queue, bay.units)
        return {gid: bays[gid] for gid in order}

    def _reach(self, bay: Bay, rect: pygame.Rect, bays: Iterable[Bay]) -> int:
        """How far from its bay's centre ``rect`` may reach sideways (half the free room)."""
        cx = bay.cards.centerx
        reach = min(cx - self.plan.left, self.plan.right - cx)
        pad = round(4 * self.ui)
        for other in bays:
            if other.group == bay.group:
                continue
            for obstacle in (other.cards.inflate(2 * pad, 2 * pad), other.label, other.queue):
                if obstacle.bottom <= rect.top or obstacle.top >= rect.bottom:
                    continue
                if obstacle.centerx >= cx:
                    free = obstacle.left - rect.right - self.gap
                    reach = min(reach, rect.right - cx + max(0, free) // 2)
                else:
                    free = rect.left - obstacle.right - self.gap
                    reach = min(reach, cx - rect.left + max(0, free) // 2)
        return reach

    def _fits(self) -> bool:
        """Whether every bay is inside the plan, none overlaps another, and cards are usable."""
        if self.scale <= 0:
            return False
        room = self.plan.inflate(2, 2)
        rects = [b.footprint for b in self.bays.values()]
        for i, a in enumerate(rects):
            if not room.contains(a):
                return False
            padded = a.inflate(self.gap, self.gap // 2)
            if any(padded.colliderect(b) for b in rects[i + 1 :]):
                return False
        return all(b.units[0].width >= 16 for b in self.bays.values())

    # -- queries ----------------------------------------------------------------------------
    def to_pixels(self, x: float, y: float) -> tuple[int, int]:
        """The pixel of a floor position in metres (only when :attr:`positioned`)."""
        if self.origin is None:
            raise ValueError("the bays were arranged in a grid: metres do not map to pixels")
        x0, y0, left, top = self.origin
        return round(left + (x - x0) * self.scale), round(top + (y - y0) * self.scale)

    def rig_at(self, pos: tuple[int, int]) -> tuple[str, int] | None:
        """The workstation (group id, unit index) under a pixel, if any."""
        for bay in self.bays.values():
            if bay.cards.collidepoint(pos):
                for i, unit in enumerate(bay.units):
                    if unit.collidepoint(pos):
                        return bay.group, i
        return None

    def seat(self, group: str, unit: int) -> tuple[int, int]:
        """Where the token of the trainee at a workstation stands (on its right edge)."""
        card = self.bays[group].units[unit]
        return card.right, card.top + round(card.height * 0.4)

    def instructor_spot(self, group: str, unit: int) -> tuple[int, int]:
        """Where an instructor stands to sign off at a workstation (its upper left corner)."""
        card = self.bays[group].units[unit]
        inset = round(self.token_r * 0.4)
        return card.left + inset, card.top + inset

    def queue_capacity(self, group: str, reserve: int = 0) -> int:
        """How many waiting trainees the queue lane shows, keeping ``reserve`` pixels free."""
        lane = self.bays[group].queue
        step = 2 * self.token_r + 3
        return max(1, (lane.width - reserve - 4) // step)

    def queue_slot(self, group: str, place: int) -> tuple[int, int]:
        """Where the ``place``-th waiting trainee of a group stands (0: head of the queue)."""
        lane = self.bays[group].queue
        step = 2 * self.token_r + 3
        return lane.left + self.token_r + 2 + place * step, lane.centery

    def desk_slot(self, index: int) -> tuple[int, int]:
        """Where the ``index``-th instructor waits at the desk (wrapping in rows)."""
        step = round(2.8 * self.token_r) + 4
        per_row = max(1, (self.desk.width - 8) // step)
        top = self.desk.top + round(30 * self.ui)
        row, col = divmod(index, per_row)
        return self.desk.left + 4 + self.token_r + col * step, top + self.token_r + row * step

    def door_spot(self) -> tuple[int, int]:
        """Where trainees appear and vanish."""
        return self.door.centerx, self.door.centery + round(6 * self.ui)

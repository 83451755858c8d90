"""The catenary panel: masts, messenger and contact wire, the isolator, earths, the work site.

Drawn from the catenary model's state: the wires glow amber while energised and turn grey
once isolated; the isolator on the mast opens with the outage order; the earthing set shows
its earth end clamped to the rail and its conductor end hooked to the contact wire; the
permit board and the team appear with the permit. The paperwork (ticket, order, permit,
work complete, order returned) sits in a dispatcher box with its buttons.
"""

from __future__ import annotations

import math

import pygame

from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.panels.base import (
    SLEEPER,
    STEEL,
    RigPanel,
    draw_padlock,
    pair_block,
    panel_label,
    panel_word,
    panel_words,
    part_box,
)

__all__ = ["CatenaryPanel"]

_LIVE = (250, 190, 70)
_DEAD = (150, 160, 176)


class CatenaryPanel(RigPanel):
    """A catenary section between two masts, with its paperwork."""

    kind = "catenary"

    def schematic(self, ctx: Ctx, area: pygame.Rect) -> None:
        """Draw the section and the dispatcher box; place the paperwork buttons."""
        scene = pygame.Rect(area.x, area.y, area.width - 200, area.height - 6)
        self._scene(ctx, scene)
        box = pygame.Rect(area.right - 190, area.y, 190, area.height - 6)
        self._dispatch(ctx, box)

    def _scene(self, ctx: Ctx, rect: pygame.Rect) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        live = rig["supply"] == "energised"
        wire = _LIVE if live else _DEAD
        rail_y = rect.bottom - 34
        for x in range(rect.x + 4, rect.right, 18):
            pygame.draw.rect(surface, SLEEPER, (x, rail_y - 4, 8, 14), border_radius=2)
        pygame.draw.line(surface, STEEL, (rect.x, rail_y), (rect.right, rail_y), 4)
        left, right = rect.x + 30, rect.right - 30
        top, contact_y = rect.y + 30, rect.y + 120
        for x in (left, right):
            pygame.draw.line(surface, (120, 128, 140), (x, rail_y - 8), (x, top - 10), 6)
            pygame.draw.line(
                surface,
                (120, 128, 140),
                (x, top + 6),
                (x + (24 if x == left else -24), contact_y - 4),
                3,
            )
        messenger = [
            (round(left + (right - left) * i / 30), round(top + 34 * math.sin(math.pi * i / 30)))
            for i in range(31)
        ]
        pygame.draw.lines(surface, wire, False, messenger, 3)
        pygame.draw.line(surface, wire, (left + 24, contact_y), (right - 24, contact_y), 3)
        for i in range(3, 30, 4):
            x, y = messenger[i]
            pygame.draw.line(surface, pal.mix(wire, pal.CARD, 0.3), (x, y), (x, contact_y), 1)
        reg_x = (left + right) // 2
        pygame.draw.circle(surface, pal.TEXT_DIM, (reg_x, contact_y), 4, 1)
        panel_label(
            ctx, "registration", "tiny", pal.TEXT_FAINT, (reg_x, contact_y - 8), "midbottom"
        )
        pygame.draw.line(
            surface,
            pal.mix(pal.CARD, pal.TEXT, 0.2),
            (reg_x + 40, contact_y + 4),
            (reg_x + 40, rail_y - 4),
            1,
        )
        height = next(
            (
                e.reading
                for e in reversed(ctx.session.progress.log)
                if e.reading is not None and e.reading.quantity == "contact_wire_height"
            ),
            None,
        )
        label = "H" if height is None else f"H = {height.value:.0f} mm"
        ctx.fonts.draw(
            surface, label, "small", pal.TEXT_DIM, (reg_x + 46, (contact_y + rail_y) // 2)
        )
        self._isolator(ctx, (left, contact_y + 26), live)
        status = panel_words(ctx, "energised" if live else "isolated")
        ctx.fonts.draw(
            surface,
            ("⚡ " if live else "") + status,
            "small_bold",
            _LIVE if live else pal.GOOD,
            (rect.x + 8, rect.y + 2),
        )
        self._earths(ctx, rect, contact_y, rail_y)
        if rig["permit"] or rig["work"] == "in_progress":
            board = pygame.Rect(right - 110, rail_y - 70, 76, 24)
            pygame.draw.rect(surface, pal.GOOD, board, border_radius=4)
            ctx.fonts.draw(
                surface, panel_word(ctx, "permit"), "tiny", pal.BG, board.center, "center"
            )
        if rig["work"] == "in_progress":
            self._worker(ctx, (reg_x + 70, rail_y - 6), contact_y)

    def _isolator(self, ctx: Ctx, at: tuple[int, int], closed: bool) -> None:
        surface = ctx.surface
        x, y = at
        pygame.draw.circle(surface, STEEL, (x + 10, y), 4)
        pygame.draw.circle(surface, STEEL, (x + 10, y + 30), 4)
        end = (x + 10, y + 30) if closed else (x + 30, y + 22)
        pygame.draw.line(surface, _LIVE if closed else pal.TEXT_DIM, (x + 10, y), end, 3)
        panel_label(ctx, "isolator", "tiny", pal.TEXT_FAINT, (x + 18, y + 34))
        if ctx.session.rig["lockout"]:
            draw_padlock(surface, (x + 44, y + 4), pal.WARN)

    def _earths(self, ctx: Ctx, rect: pygame.Rect, contact_y: int, rail_y: int) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        x = rect.x + 150
        if rig["earth_end"]:
            pygame.draw.rect(surface, pal.WARN, (x - 8, rail_y - 6, 16, 10), border_radius=2)
            panel_label(ctx, "earth", "tiny", pal.WARN, (x, rail_y + 12), "midtop")
        if rig["conductor_end"]:
            points = [(x, rail_y - 6), (x + 18, (contact_y + rail_y) // 2), (x + 6, contact_y + 4)]
            pygame.draw.lines(surface, (200, 120, 60), False, points, 3)
            pygame.draw.arc(surface, pal.WARN, (x - 2, contact_y - 6, 14, 14), 0, math.pi, 3)
            panel_label(ctx, "conductor", "tiny", pal.WARN, (x + 22, contact_y + 8))
        elif rig["earth_end"]:
            pygame.draw.line(surface, (200, 120, 60), (x, rail_y - 6), (x + 24, rail_y - 30), 3)

    def _worker(self, ctx: Ctx, foot: tuple[int, int], contact_y: int) -> None:
        surface = ctx.surface
        x, y = foot
        ladder_top = contact_y + 24
        for dx in (-8, 8):
            pygame.draw.line(surface, STEEL, (x + dx, y), (x + dx, ladder_top), 2)
        for ry in range(ladder_top + 6, y, 12):
            pygame.draw.line(surface, STEEL, (x - 8, ry), (x + 8, ry), 1)
        head = (x, ladder_top - 14)
        pygame.draw.circle(surface, pal.WARN, head, 5)
        pygame.draw.line(surface, pal.WARN, (x, head[1] + 5), (x, ladder_top + 14), 3)
        pygame.draw.line(surface, pal.WARN, (x, head[1] + 8), (x + 10, contact_y + 2), 2)

    def _dispatch(self, ctx: Ctx, box: pygame.Rect) -> None:
        rig = ctx.session.rig
        part_box(ctx, box, lambda: panel_word(ctx, "dispatch"))
        order, work = str(rig["order"]), str(rig["work"])
        facts = (
            ("ticket", ["✓" if rig["ticket"] else "–"], bool(rig["ticket"])),
            ("order", ctx.pair(lambda: panel_word(ctx, order)), order == "received"),
            ("work", ctx.pair(lambda: panel_word(ctx, work)), work != "none"),
        )
        # under a pair each name and each worded value has its second language beneath
        pitch = 18 if ctx.second is None else 28
        y = box.y + 24
        for key, values, on in facts:
            names = ctx.pair(lambda: panel_word(ctx, key))  # noqa: B023 (called at once)
            pair_block(ctx, names, "small", pal.TEXT_DIM, (box.x + 10, y))
            tone = pal.GOOD if on else pal.TEXT_FAINT
            pair_block(ctx, values, "small_bold", tone, (box.right - 10, y), "topright")
            y += pitch
        y += 6
        for control_id in (
            "approve_ticket",
            "receive_outage_order",
            "issue_permit",
            "complete_work",
            "return_order",
        ):
            ctx.button(control_id, pygame.Rect(box.x + 8, y, box.width - 16, ctx.button_h))
            y += ctx.button_h + 6

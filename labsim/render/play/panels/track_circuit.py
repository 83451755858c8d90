"""The track-circuit panel: the section's rails, tuning units, capacitors, shunt, relay, signal.

Drawn from the ZPW-2000A model's state: the receiver (entry end) and the transmitter (exit
end) in their rack boxes, the track relay up or down, the signal's aspect, the section as
the panel shows it (clear, occupied, red band, poor shunt, broken rail) and the 0.15 Ω
shunt across the rails where the trainee put it.
"""

from __future__ import annotations

import pygame

from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.panels.base import (
    SLEEPER,
    STEEL,
    RigPanel,
    button_row,
    draw_padlock,
    pair_block,
    panel_word,
    part_box,
)
from labsim.render.play.widgets import draw_lamp

__all__ = ["TrackCircuitPanel"]

_STATE_COLOURS = {
    "clear": pal.GOOD,
    "occupied": pal.BAD,
    "red_band": pal.BAD,
    "poor_shunt": pal.WARN,
    "broken_rail": pal.BAD,
}


class TrackCircuitPanel(RigPanel):
    """ZPW-2000A station track section."""

    kind = "track_circuit"

    def schematic(self, ctx: Ctx, area: pygame.Rect) -> None:
        """Draw the section and its equipment; place the controls next to them."""
        rig = ctx.session.rig
        ax, ay, w = area.x, area.y, area.width
        receiver = pygame.Rect(ax, ay + 4, 150, 92)
        part_box(ctx, receiver, lambda: panel_word(ctx, "receiver"))
        relay_up = rig["relay"] == "up"
        draw_lamp(
            ctx.surface,
            (receiver.x + 26, receiver.y + 50),
            11,
            pal.GOOD if relay_up else pal.BAD,
            True,
        )
        # under a pair the relay's name and state each have their second language beneath
        paired = ctx.second is not None
        name_at = (receiver.x + 46, receiver.y + (22 if paired else 34))
        pair_block(ctx, ctx.pair(lambda: panel_word(ctx, "relay")), "tiny", pal.TEXT_DIM, name_at)
        state_at = (receiver.x + 46, receiver.y + (46 if paired else 50))
        tone = pal.GOOD if relay_up else pal.BAD
        said = ctx.pair(lambda: panel_word(ctx, "up" if relay_up else "down"))
        pair_block(ctx, said, "title", tone, state_at, most=receiver.right - 4 - state_at[0])
        transmitter = pygame.Rect(area.right - 150, ay + 4, 150, 92)
        part_box(ctx, transmitter, lambda: panel_word(ctx, "transmitter"))
        running = rig["transmitter"] == "on"
        ctx.fonts.draw(
            ctx.surface,
            "1700 Hz",
            "title",
            pal.TEXT if running else pal.TEXT_FAINT,
            (transmitter.x + 10, transmitter.y + 24),
        )
        said = ctx.pair(lambda: panel_word(ctx, "on" if running else "off"))
        tone = pal.GOOD if running else pal.WARN
        pair_block(ctx, said, "small_bold", tone, (transmitter.x + 10, transmitter.y + 48))
        if rig["coded"]:
            coded = ctx.pair(lambda: panel_word(ctx, "coded"))
            at = (transmitter.right - 10, transmitter.y + 48)
            pair_block(ctx, ["⟿ " + coded[0], *coded[1:]], "small", pal.ACCENT, at, "topright")
        if rig["lockout"]:
            draw_padlock(ctx.surface, (transmitter.right - 40, transmitter.y + 30), pal.WARN)
        button_row(
            ctx,
            ["stop_transmitter", "start_transmitter"],
            pygame.Rect(transmitter.x, transmitter.bottom + 6, transmitter.width, 28),
            [lambda: panel_word(ctx, "stop"), lambda: panel_word(ctx, "start")],
        )
        self._signal(ctx, pygame.Rect(ax + 160, ay + 4, w - 320, 92))
        self._rails(ctx, pygame.Rect(ax, ay + 150, w, 90))
        bottom = area.bottom - ctx.button_h - 2
        button_row(ctx, ["inspect_track"], pygame.Rect(ax + w // 2 - 90, bottom, 180, 28))

    def _signal(self, ctx: Ctx, rect: pygame.Rect) -> None:
        rig = ctx.session.rig
        part_box(ctx, rect, lambda: panel_word(ctx, "signal") + " · " + panel_word(ctx, "route"))
        mast_x = rect.x + 34
        pygame.draw.line(ctx.surface, STEEL, (mast_x, rect.y + 24), (mast_x, rect.bottom - 8), 3)
        head = pygame.Rect(mast_x - 13, rect.y + 22, 26, 46)
        pygame.draw.rect(ctx.surface, (20, 24, 30), head, border_radius=12)
        is_open = rig["signal"] == "open"
        draw_lamp(ctx.surface, (mast_x, rect.y + 34), 8, pal.GOOD, is_open)
        draw_lamp(ctx.surface, (mast_x, rect.y + 56), 8, pal.BAD, not is_open)
        inner = pygame.Rect(rect.x + 60, rect.y + 22, rect.width - 68, 28)
        button_row(ctx, ["set_route", "cancel_route"], inner)
        button_row(ctx, ["reset_signal"], inner.move(0, ctx.button_h + 6))

    def _rails(self, ctx: Ctx, band: pygame.Rect) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        top, bottom = band.y + 20, band.y + 62
        for x in range(band.x + 4, band.right, 20):
            pygame.draw.rect(surface, SLEEPER, (x, top - 10, 8, bottom - top + 20), border_radius=2)
        for y in (top, bottom):
            pygame.draw.line(surface, STEEL, (band.x, y), (band.right, y), 4)
        for end, x in (("entry", band.x + 40), ("exit", band.right - 40)):
            unit = pygame.Rect(x - 16, bottom + 14, 32, 18)
            pygame.draw.rect(surface, (62, 72, 92), unit, border_radius=4)
            ctx.fonts.draw(surface, "BA", "tiny", pal.TEXT_DIM, unit.center, "center")
            pygame.draw.line(surface, STEEL, (x, bottom), (x, unit.y), 2)
            if rig["shunt"] == end:
                bar = pygame.Rect(x + 26, top - 6, 10, bottom - top + 12)
                pygame.draw.rect(surface, pal.WARN, bar, border_radius=3)
                ctx.fonts.draw(
                    surface, "0.15 Ω", "tiny", pal.WARN, (bar.centerx, top - 10), "midbottom"
                )
        for i in range(1, 6):
            cx = band.x + round(band.width * i / 6)
            pygame.draw.line(surface, (150, 160, 120), (cx, top + 2), (cx, top + 14), 2)
            pygame.draw.line(surface, (150, 160, 120), (cx - 6, top + 14), (cx + 6, top + 14), 2)
            pygame.draw.line(surface, (150, 160, 120), (cx - 6, top + 18), (cx + 6, top + 18), 2)
            pygame.draw.line(surface, (150, 160, 120), (cx, top + 18), (cx, bottom - 2), 2)
            ctx.fonts.draw(surface, f"C{i}", "tiny", pal.TEXT_FAINT, (cx + 8, top + 22))
        state = rig.main_state
        colour = _STATE_COLOURS.get(state, pal.TEXT_DIM)
        strip = pygame.Rect(band.x + 90, bottom + 16, band.width - 180, 12)
        pygame.draw.rect(surface, pal.mix(pal.CARD, colour, 0.75), strip, border_radius=6)
        said = ctx.pair(lambda: panel_word(ctx, state))
        pair_block(ctx, said, "small_bold", colour, (strip.centerx, strip.bottom + 3), "midtop")

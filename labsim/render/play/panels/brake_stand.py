"""The brake-stand panel: five pressure gauges, the automatic and independent brake handles.

Drawn from the JZ-7 model's pressures, which move as the session's clock runs: main
reservoir, equalising reservoir, brake pipe, brake cylinder and work reservoir, each on a
0-1000 kPa dial with its value. The automatic brake handle's six positions and the
independent handle's two are buttons around their handles; the air cock, sanding lamp and
the timed tests sit below.
"""

from __future__ import annotations

import math

import pygame

from labsim.kits.brake_stand.model import AUTO_POSITIONS, PRESSURES
from labsim.play.labels import value_label
from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.panels.base import (
    RigPanel,
    button_row,
    draw_padlock,
    pair_block,
    panel_word,
    panel_words,
)
from labsim.render.play.widgets import draw_lamp

__all__ = ["BrakeStandPanel"]

_SWEEP = math.radians(240)
_START = math.radians(210)


class BrakeStandPanel(RigPanel):
    """JZ-7 locomotive air-brake test stand."""

    kind = "brake_stand"

    def schematic(self, ctx: Ctx, area: pygame.Rect) -> None:
        """Draw the gauges and handles; place the handle positions and the tests."""
        rig = ctx.session.rig
        pressures = rig.pressures() if hasattr(rig, "pressures") else {}
        step = area.width / len(PRESSURES)
        # under a pair the dials are a little smaller and higher: each name has its second
        # language beneath, above the handles
        y, radius = (52, 44) if ctx.second is None else (46, 40)
        for i, key in enumerate(PRESSURES):
            centre = (round(area.x + step * (i + 0.5)), area.y + y)
            self._gauge(ctx, centre, radius, key, float(pressures.get(key, 0.0)), round(step) - 6)
        handles = pygame.Rect(area.x, area.y + 118, area.width, 150)
        self._auto(ctx, pygame.Rect(handles.x, handles.y, 330, handles.height))
        self._independent(
            ctx, pygame.Rect(handles.x + 340, handles.y, handles.width - 340, handles.height)
        )

    def _gauge(
        self, ctx: Ctx, centre: tuple[int, int], radius: int, key: str, kpa: float, room: int
    ) -> None:
        surface = ctx.surface
        pygame.draw.circle(surface, (236, 238, 232), centre, radius)
        pygame.draw.circle(surface, (90, 98, 112), centre, radius, 3)
        for tick in range(11):
            angle = _START - _SWEEP * tick / 10
            outer = (
                centre[0] + (radius - 4) * math.cos(angle),
                centre[1] - (radius - 4) * math.sin(angle),
            )
            inner = (
                centre[0] + (radius - (10 if tick % 5 == 0 else 7)) * math.cos(angle),
                centre[1] - (radius - (10 if tick % 5 == 0 else 7)) * math.sin(angle),
            )
            pygame.draw.line(surface, (40, 44, 52), outer, inner, 2 if tick % 5 == 0 else 1)
        angle = _START - _SWEEP * max(0.0, min(1.0, kpa / 1000.0))
        tip = (
            centre[0] + (radius - 12) * math.cos(angle),
            centre[1] - (radius - 12) * math.sin(angle),
        )
        pygame.draw.line(surface, (200, 40, 40), centre, tip, 3)
        pygame.draw.circle(surface, (40, 44, 52), centre, 4)
        ctx.fonts.draw(
            surface,
            f"{kpa:.0f}",
            "small_bold",
            (30, 34, 40),
            (centre[0], centre[1] + radius // 2),
            "center",
        )
        names = ctx.pair(lambda: panel_word(ctx, f"gauge-{key}"))
        texts = [f"{names[0]} kPa", *names[1:]]
        most = None if len(texts) == 1 else room
        at = (centre[0], centre[1] + radius + 4)
        pair_block(ctx, texts, "tiny", pal.TEXT_DIM, at, "midtop", most)

    def _auto(self, ctx: Ctx, rect: pygame.Rect) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        ctx.fonts.draw(surface, panel_words(ctx, "auto"), "tiny", pal.TEXT_DIM, (rect.x, rect.y))
        hub = (rect.x + 70, rect.y + 84)
        pygame.draw.circle(surface, (52, 62, 80), hub, 58)
        pygame.draw.circle(surface, pal.DIVIDER, hub, 58, 1)
        current = str(rig["auto_handle"])
        for i, position in enumerate(AUTO_POSITIONS):
            angle = math.radians(150 - i * 60 / (len(AUTO_POSITIONS) - 1) * 2)
            mark = (hub[0] + 50 * math.cos(angle), hub[1] - 50 * math.sin(angle))
            pygame.draw.circle(
                surface,
                pal.ACCENT if position == current else pal.TEXT_FAINT,
                (round(mark[0]), round(mark[1])),
                4,
            )
            if position == current:
                pygame.draw.line(surface, (220, 60, 60), hub, mark, 6)
        pygame.draw.circle(surface, (30, 34, 40), hub, 9)
        x = rect.x + 140
        for i, position in enumerate(AUTO_POSITIONS):
            control = f"move_auto_handle:to={position}"
            box = pygame.Rect(x, rect.y + 14 + i * 22, rect.width - 140, 20)
            ctx.button(
                control,
                box,
                lambda: value_label(position, ctx.lang, ctx.session.model_cls),  # noqa: B023
                active=position == current,
            )

    def _independent(self, ctx: Ctx, rect: pygame.Rect) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        ctx.fonts.draw(
            surface, panel_words(ctx, "independent"), "tiny", pal.TEXT_DIM, (rect.x, rect.y)
        )
        current = str(rig["independent"])
        button_row(
            ctx,
            ["move_independent:to=running", "move_independent:to=applied", "independent_release"],
            pygame.Rect(rect.x, rect.y + 16, rect.width, 28),
            [
                lambda: value_label("running", ctx.lang, ctx.session.model_cls),
                lambda: value_label("applied", ctx.lang, ctx.session.model_cls),
                None,
            ],
        )
        _ = current
        air_on = rig["air"] == "on"
        state = "open" if air_on else "closed"
        # under a pair both languages on the line, the padlock at its end
        said = ctx.title(lambda: f"{panel_word(ctx, 'air')}: {panel_word(ctx, state)}")
        most = None if ctx.second is None else rect.width - 36
        colour = pal.GOOD if air_on else pal.WARN
        ctx.fonts.draw(surface, said, "small", colour, (rect.x, rect.y + 56), max_width=most)
        if rig["lockout"]:
            lock_x = rect.x + 190 if ctx.second is None else rect.right - 26
            draw_padlock(surface, (lock_x, rect.y + 62), pal.WARN)
        button_row(ctx, ["close_air", "open_air"], pygame.Rect(rect.x, rect.y + 74, rect.width, 28))
        draw_lamp(surface, (rect.x + 10, rect.y + 122), 7, pal.WARN, bool(rig["sanding"]))
        ctx.fonts.draw(
            surface,
            panel_words(ctx, "sanding"),
            "tiny",
            pal.TEXT_DIM,
            (rect.x + 24, rect.y + 122),
            "midleft",
        )

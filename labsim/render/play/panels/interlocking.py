"""The interlocking panel: a 6502-style control panel with its track diagram, lamps, buttons.

One entrance signal, one point, a main and a siding route. A set route lights its strips
white, an occupied section (or a red band) red; the point's indication lamps show where it
lies (dark when it has lost indication); the signal shows red, green or the guide aspect;
the sealed guide and manual-release buttons show their counter; covered buttons carry the
red tag of maintenance.
"""

from __future__ import annotations

import pygame

from labsim.render import palette as pal
from labsim.render.play.context import Ctx
from labsim.render.play.panels.base import (
    RigPanel,
    button_row,
    draw_padlock,
    panel_label,
    panel_word,
    panel_words,
)
from labsim.render.play.widgets import draw_lamp

__all__ = ["InterlockingPanel"]

_PANEL = (26, 44, 40)
_DARK_STRIP = (70, 84, 80)
_WHITE = (236, 240, 232)


class InterlockingPanel(RigPanel):
    """6502 relay interlocking: the control panel and its buttons."""

    kind = "interlocking"

    def schematic(self, ctx: Ctx, area: pygame.Rect) -> None:
        """Draw the control panel with its diagram; place the buttons on it."""
        surface, rig = ctx.surface, ctx.session.rig
        panel = pygame.Rect(area.x, area.y, area.width, 196)
        pygame.draw.rect(surface, _PANEL, panel, border_radius=10)
        pygame.draw.rect(surface, pal.mix(_PANEL, pal.TEXT, 0.2), panel, 1, border_radius=10)
        ctx.fonts.draw(
            surface, panel_words(ctx, "panel"), "tiny", pal.TEXT_DIM, (panel.x + 10, panel.y + 6)
        )
        self._diagram(ctx, panel)
        if rig["covered"]:
            tag = pygame.Rect(panel.right - 250, panel.y + 6, 240, 20)
            pygame.draw.rect(surface, pal.BAD, tag, border_radius=4)
            said = panel_words(ctx, "covered")
            ctx.fonts.draw(surface, said, "tiny", pal.TEXT, tag.center, "center", tag.width - 8)
        self._counter(ctx, pygame.Rect(panel.right - 250, panel.bottom - 40, 240, 32))
        rows = pygame.Rect(area.x, panel.bottom + 8, area.width, 28)
        button_row(
            ctx,
            [
                "cancel_route",
                "manual_release",
                "guide_signal:route=main",
                "guide_signal:route=siding",
            ],
            rows,
        )
        button_row(
            ctx,
            ["cover_buttons", "uncover_buttons", "switch_off_signal", "switch_on_signal"],
            rows.move(0, ctx.button_h + 6),
        )
        button_row(
            ctx,
            ["inspect_panel", "measure_lamp_voltage"],
            pygame.Rect(area.x, rows.y + 2 * (ctx.button_h + 6), area.width // 2, 28),
        )

    def _diagram(self, ctx: Ctx, panel: pygame.Rect) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        y_main = panel.y + 70
        y_siding = panel.y + 132
        x_signal = panel.x + 90
        x_point = panel.x + 250
        x_end = panel.right - 120
        route, state = rig["route"], rig["route_state"]
        occupied = state == "occupied" or rig.main_state == "occupied"

        def colour(on_route: bool) -> pal.Colour:
            if occupied and (on_route or route == "none"):
                return pal.BAD
            if on_route and state == "locked":
                return _WHITE
            return _DARK_STRIP

        approach = colour(route != "none")
        main = colour(route == "main")
        siding = colour(route == "siding")
        pygame.draw.line(surface, approach, (panel.x + 20, y_main), (x_point, y_main), 6)
        pygame.draw.line(surface, main, (x_point + 8, y_main), (x_end, y_main), 6)
        pygame.draw.line(surface, siding, (x_point + 8, y_main + 6), (x_point + 60, y_siding), 6)
        pygame.draw.line(surface, siding, (x_point + 60, y_siding), (x_end, y_siding), 6)
        for x in (x_point + 4, x_end + 4):
            pygame.draw.line(surface, _PANEL, (x, y_main - 6), (x, y_siding + 6), 3)
        # the entrance signal
        head = pygame.Rect(x_signal - 30, y_main - 38, 60, 24)
        pygame.draw.rect(surface, (12, 16, 18), head, border_radius=12)
        aspect = rig["signal"]
        draw_lamp(surface, (head.x + 15, head.centery), 8, pal.BAD, aspect in ("closed", "guide"))
        right = pal.GOOD if aspect == "open" else _WHITE
        draw_lamp(surface, (head.x + 45, head.centery), 8, right, aspect in ("open", "guide"))
        ctx.fonts.draw(surface, "X", "small_bold", pal.TEXT, (head.x - 8, head.centery), "midright")
        if rig["filament_alarm"]:
            draw_lamp(surface, (head.right + 16, head.bottom + 2), 5, pal.WARN, True)
            ctx.fonts.draw(
                surface,
                panel_word(ctx, "filament"),
                "tiny",
                pal.WARN,
                (head.right + 26, head.bottom + 2),
                "midleft",
            )
        if rig["signal_power"] == "off":
            # between the signal and the point's lamps: two lines at most, never over the lamps
            room = x_point - 26 - (head.right + 10)
            lines = ctx.fonts.wrap(panel_word(ctx, "lamp-off"), "tiny", room)
            if len(lines) > 2:
                lines = [lines[0], " ".join(lines[1:])]
            top = head.y - 2 if len(lines) > 1 else head.y + 4
            for line in lines:
                shown = ctx.fonts.draw(
                    surface, line, "tiny", pal.WARN, (head.right + 10, top), max_width=room
                )
                top = shown.bottom
            if rig["lockout"]:
                draw_padlock(surface, (shown.centerx - 6, shown.bottom + 14), pal.WARN)
        # the point and its lamps
        indicated = not rig.has_fault("point_indication_lost")
        point = rig["point"]
        draw_lamp(
            surface, (x_point - 14, y_main - 26), 6, pal.GOOD, indicated and point == "normal"
        )
        draw_lamp(
            surface, (x_point + 6, y_main - 26), 6, pal.WARN, indicated and point == "reverse"
        )
        panel_label(ctx, "point", "tiny", pal.TEXT_DIM, (x_point - 4, y_main - 38), "midbottom")
        button_row(
            ctx,
            ["throw_point:to=normal", "throw_point:to=reverse"],
            pygame.Rect(x_point - 130, y_siding - 14, 110, 28),
            [lambda: "N", lambda: "R"],
        )
        # entrance: a train; exits: set the route to main or siding
        ctx.button(
            "pass_train",
            pygame.Rect(panel.x + 12, y_main + 14, 96, ctx.button_h),
            lambda: "▶ " + panel_word(ctx, "train"),
        )
        ctx.button(
            "set_route:route=main",
            pygame.Rect(x_end + 14, y_main - ctx.button_h // 2, 96, ctx.button_h),
            lambda: "◉ " + panel_word(ctx, "main"),
            tone=pal.GOOD,
        )
        ctx.button(
            "set_route:route=siding",
            pygame.Rect(x_end + 14, y_siding - ctx.button_h // 2, 96, ctx.button_h),
            lambda: "◉ " + panel_word(ctx, "siding"),
            tone=pal.GOOD,
        )

    def _counter(self, ctx: Ctx, rect: pygame.Rect) -> None:
        surface = ctx.surface
        pygame.draw.rect(surface, (12, 16, 18), rect, border_radius=6)
        digits = ctx.fonts.draw(
            surface,
            f"{int(ctx.session.rig['sealed_counter']):04d}",
            "body_bold",
            pal.WARN,
            (rect.right - 8, rect.centery),
            "midright",
        )
        room = digits.x - rect.x - 16
        panel_label(
            ctx, "counter", "tiny", pal.TEXT_DIM, (rect.x + 8, rect.centery), "midleft", room
        )

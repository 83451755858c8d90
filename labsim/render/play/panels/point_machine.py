"""The point-machine panel: switch rails, the machine with motor and terminals, supply, panel.

Drawn from the rig model's state: the blades close to the top stock rail in normal and to
the bottom one in reverse, stand apart when four-open (四开); the test plate shows at the
toe; the meter's probes sit on the terminals dialled on the multimeter; the supply switch
opens when the motor supply is cut, with a padlock and tag once locked out; the panel
lamps show the indication, and the alarm lamp lights for a trailed point.
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
    button_row,
    draw_padlock,
    pair_block,
    panel_label,
    panel_word,
    part_box,
)
from labsim.render.play.widgets import draw_lamp

__all__ = ["PointMachinePanel"]

_TERMINALS = ("05", "06", "1", "2", "5", "X1", "X2", "X3", "X4")


class PointMachinePanel(RigPanel):
    """ZD6 and S700K: the same schematic, the machine's own name in its box."""

    kind = "point_machine"

    def schematic(self, ctx: Ctx, area: pygame.Rect) -> None:
        """Draw the turnout, the machine, the supply and the panel; place their controls."""
        ax, ay, w = area.x, area.y, area.width
        y_top, y_bottom = ay + 172, ay + 218
        toe, heel = ax + 118, ax + 330
        self._track(ctx, area, y_top, y_bottom, heel)
        self._blades(ctx, y_top, y_bottom, toe, heel)
        machine = pygame.Rect(ax + 8, ay + 6, 252, 118)
        self._machine(ctx, machine)
        rod_x = toe + 14
        pygame.draw.line(ctx.surface, STEEL, (rod_x, machine.bottom), (rod_x, y_bottom + 4), 4)
        supply = pygame.Rect(ax + 270, ay + 6, 150, 82)
        self._supply(ctx, supply)
        off, on = "cut_power", "restore_power"
        button_row(
            ctx,
            [off, on],
            pygame.Rect(supply.x, supply.bottom + 6, supply.width, 28),
            [lambda: panel_word(ctx, "off"), lambda: panel_word(ctx, "on")],
        )
        panel = pygame.Rect(ax + 430, ay + 6, w - 430, 146)
        self._panel(ctx, panel)
        if ctx.session.rig["protection"]:
            self._lookout(ctx, (ax + 28, y_bottom + 30))
        row = pygame.Rect(ax + 70, area.bottom - ctx.button_h - 2, w - 70, 28)
        button_row(
            ctx,
            [
                "inspect_point",
                "insert_crank",
                "hand_crank:to=normal",
                "hand_crank:to=reverse",
                "remove_crank",
            ],
            row,
        )

    # -- parts --------------------------------------------------------------------------------

    def _track(self, ctx: Ctx, area: pygame.Rect, y_top: int, y_bottom: int, heel: int) -> None:
        surface = ctx.surface
        x0, x1 = area.x + 4, area.right - 4
        gauge = y_bottom - y_top
        mid = (y_top + y_bottom) / 2
        drop = area.bottom - 48 - y_bottom
        start = heel - 40

        def centre(t: float) -> tuple[float, float]:
            return start + t * (x1 - 30 - start), mid + drop * t * t

        for x in range(x0 + 6, x1, 22):
            pygame.draw.rect(surface, SLEEPER, (x, y_top - 12, 9, gauge + 24), border_radius=2)
        rig = ctx.session.rig
        straight = pal.mix(STEEL, pal.GOOD, 0.7) if rig["indication"] == "normal" else STEEL
        diverging = pal.mix(STEEL, pal.WARN, 0.7) if rig["indication"] == "reverse" else STEEL
        for side in (-1, 1):
            points = []
            for i in range(0, 41):
                cx, cy = centre(i / 40)
                points.append((round(cx), round(cy + side * gauge / 2)))
            pygame.draw.lines(surface, diverging, False, points, 4)
        pygame.draw.line(surface, STEEL, (x0, y_top), (heel, y_top), 4)
        pygame.draw.line(surface, straight, (heel, y_top), (x1, y_top), 4)
        pygame.draw.line(surface, STEEL, (x0, y_bottom), (heel, y_bottom), 4)
        pygame.draw.line(surface, straight, (heel, y_bottom), (x1, y_bottom), 4)

    def _blades(self, ctx: Ctx, y_top: int, y_bottom: int, toe: int, heel: int) -> None:
        surface = ctx.surface
        rig = ctx.session.rig
        gap = 13
        position, pin = rig["position"], rig["shear_pin"]
        shift = {"normal": 0, "reverse": gap, "between": gap // 2}.get(str(position), 0)
        colour = pal.BAD if pin == "cut" else (238, 242, 248)
        top_toe = (toe, y_top + shift + 3)
        bottom_toe = (toe, y_bottom - gap + shift - 3)
        pygame.draw.line(surface, colour, top_toe, (heel, y_top + 6), 5)
        pygame.draw.line(surface, colour, bottom_toe, (heel, y_bottom - 6), 5)
        pygame.draw.line(surface, STEEL, (toe + 14, top_toe[1]), (toe + 14, bottom_toe[1]), 3)
        gauge = rig["gauge"]
        if gauge != "none":
            closing_top = position != "reverse"
            y = y_top + 2 if closing_top else y_bottom - 10
            plate = pygame.Rect(toe + 24, y, 26, 9)
            pygame.draw.rect(surface, pal.WARN, plate, border_radius=2)
            label_y = plate.y - 12 if closing_top else plate.bottom + 12
            ctx.fonts.draw(
                surface, str(gauge), "tiny", pal.WARN, (plate.centerx, label_y), "center"
            )
        if position == "between":
            ctx.fonts.draw(
                surface,
                panel_word(ctx, "four_open"),
                "small_bold",
                pal.BAD,
                (heel - 70, y_top - 24),
                "center",
            )

    def _machine(self, ctx: Ctx, box: pygame.Rect) -> None:
        surface, fonts = ctx.surface, ctx.fonts
        rig = ctx.session.rig
        pygame.draw.rect(surface, (52, 62, 80), box, border_radius=8)
        pygame.draw.rect(surface, pal.DIVIDER, box, 1, border_radius=8)
        name = ctx.session.model_cls.title or ctx.session.model_cls.name
        fonts.draw(
            surface,
            f"{name.split(' ')[0]} " + ctx.title(lambda: panel_word(ctx, "machine")),
            "small_bold",
            pal.TEXT,
            (box.x + 10, box.y + 6),
            max_width=box.width - 20,
        )
        powered = rig["power"] == "on" and not rig["crank"]
        motor = (box.x + 34, box.y + 52)
        pygame.draw.circle(surface, (40, 48, 62), motor, 20)
        pygame.draw.circle(surface, pal.ACCENT if powered else pal.TEXT_FAINT, motor, 20, 2)
        fonts.draw(surface, "M", "title", pal.TEXT if powered else pal.TEXT_FAINT, motor, "center")
        gear = pygame.Rect(box.x + 64, box.y + 36, 70, 32)
        pygame.draw.rect(surface, (40, 48, 62), gear, border_radius=4)
        for i in range(5):
            gx = gear.x + 8 + i * 13
            pygame.draw.line(surface, pal.TEXT_FAINT, (gx, gear.y + 6), (gx, gear.bottom - 6), 2)
        pin_ok = rig["shear_pin"] == "intact"
        pin = (box.x + 160, box.y + 52)
        pygame.draw.circle(surface, pal.GOOD if pin_ok else pal.BAD, pin, 7)
        if not pin_ok:
            pygame.draw.line(
                surface, pal.CARD, (pin[0] - 8, pin[1] + 8), (pin[0] + 8, pin[1] - 8), 3
            )
        panel_label(ctx, "pin", "tiny", pal.TEXT_DIM, (pin[0] + 12, pin[1]), "midleft")
        if rig["crank"]:
            crank = [
                (gear.right - 10, gear.y - 2),
                (gear.right + 10, gear.y - 22),
                (gear.right + 30, gear.y - 22),
            ]
            pygame.draw.lines(surface, pal.WARN, False, crank, 4)
            panel_label(ctx, "crank", "tiny", pal.WARN, (gear.right + 34, gear.y - 22), "midleft")
        self._terminals(ctx, pygame.Rect(box.x + 8, box.bottom - 30, box.width - 16, 24))

    def _terminals(self, ctx: Ctx, row: pygame.Rect) -> None:
        settings = ctx.session.bench.settings
        probes = str(settings.get("terminals", "")).split("-") if "terminals" in settings else []
        width = row.width / len(_TERMINALS)
        for i, name in enumerate(_TERMINALS):
            cell = pygame.Rect(round(row.x + i * width) + 1, row.y, round(width) - 2, row.height)
            probed = name in probes
            fill = pal.mix((40, 48, 62), pal.BAD if probed else pal.CARD, 0.5 if probed else 0.2)
            pygame.draw.rect(ctx.surface, fill, cell, border_radius=4)
            pygame.draw.circle(ctx.surface, (150, 150, 120), (cell.centerx, cell.y + 6), 3)
            ctx.fonts.draw(
                ctx.surface,
                name,
                "tiny",
                pal.TEXT if probed else pal.TEXT_DIM,
                (cell.centerx, cell.bottom - 1),
                "midbottom",
            )

    def _supply(self, ctx: Ctx, box: pygame.Rect) -> None:
        surface, rig = ctx.surface, ctx.session.rig
        part_box(ctx, box, lambda: panel_word(ctx, "supply"))
        on = rig["power"] == "on"
        pivot = (box.x + 40, box.y + 54)
        contact = (box.x + 100, box.y + 54)
        pygame.draw.circle(surface, STEEL, pivot, 5)
        pygame.draw.circle(surface, STEEL, contact, 5)
        angle = 0.0 if on else -0.6
        blade_end = (pivot[0] + round(60 * math.cos(angle)), pivot[1] + round(60 * math.sin(angle)))
        pygame.draw.line(surface, pal.WARN if on else pal.TEXT_DIM, pivot, blade_end, 4)
        if rig["lockout"]:
            draw_padlock(surface, (box.x + 40, box.y + 30), pal.WARN)
        if rig["proven_dead"]:
            ctx.fonts.draw(
                surface, "0 V ✓", "small_bold", pal.GOOD, (box.right - 8, box.y + 28), "topright"
            )

    def _panel(self, ctx: Ctx, box: pygame.Rect) -> None:
        surface, fonts, rig = ctx.surface, ctx.fonts, ctx.session.rig
        pygame.draw.rect(surface, (30, 36, 47), box, border_radius=8)
        pygame.draw.rect(surface, pal.DIVIDER, box, 1, border_radius=8)
        said = ctx.title(lambda: panel_word(ctx, "panel"))
        fonts.draw(
            surface, said, "tiny", pal.TEXT_DIM, (box.x + 8, box.y + 5), max_width=box.width - 16
        )
        # the lamps say N and R as the panel does; under a pair each name (and the alarm's)
        # has its second language beneath, the row raised to leave it room above the buttons
        lamps = (
            ("lamp-normal", "N", pal.GOOD, rig["indication"] == "normal"),
            ("lamp-reverse", "R", pal.WARN, rig["indication"] == "reverse"),
            (
                "alarm",
                None,
                pal.BAD,
                rig["shear_pin"] == "cut" or rig["position"] == "between",
            ),
        )
        if ctx.second is None:
            lamp_y, label_y, places = 38, 54, (1 / 6, 3 / 6, 5 / 6)
        else:  # the alarm's words are the longest: its lamp moves in from the edge
            lamp_y, label_y, places = 34, 47, (0.15, 0.42, 0.72)
        for (key, sign, colour, lit), place in zip(lamps, places, strict=True):
            cx = round(box.x + box.width * place)
            draw_lamp(surface, (cx, box.y + lamp_y), 10, colour, bool(lit))
            texts = ctx.pair(lambda: panel_word(ctx, key))  # noqa: B023 (called at once)
            if sign is not None:  # the sign over the second language's word for the lamp
                texts = [sign, *texts[1:]]
            at = (cx, box.y + label_y)
            most = None if len(texts) == 1 else 2 * min(cx - box.x, box.right - cx) - 8
            pair_block(ctx, texts, "tiny", pal.TEXT_DIM, at, "midtop", most)
        inner = box.inflate(-12, 0)
        button_row(
            ctx,
            ["throw:to=normal", "throw:to=reverse"],
            pygame.Rect(inner.x, box.y + 72, inner.width, 28),
            [lambda: "▸ N", lambda: "▸ R"],
        )
        button_row(
            ctx,
            ["single_lock", "single_unlock"],
            pygame.Rect(inner.x, box.y + 106, inner.width, 28),
        )
        if rig["single_lock"]:
            pygame.draw.rect(surface, pal.WARN, box, 2, border_radius=8)

    def _lookout(self, ctx: Ctx, foot: tuple[int, int]) -> None:
        surface = ctx.surface
        x, y = foot
        colour = pal.WARN
        pygame.draw.circle(surface, colour, (x, y - 30), 5)
        pygame.draw.line(surface, colour, (x, y - 25), (x, y - 8), 3)
        pygame.draw.line(surface, colour, (x, y - 8), (x - 5, y), 3)
        pygame.draw.line(surface, colour, (x, y - 8), (x + 5, y), 3)
        pygame.draw.line(surface, colour, (x, y - 20), (x + 12, y - 30), 2)
        pygame.draw.polygon(
            surface, pal.BAD, [(x + 12, y - 38), (x + 24, y - 34), (x + 12, y - 30)]
        )
        panel_label(ctx, "lookout", "tiny", colour, (x, y + 4), "midtop")

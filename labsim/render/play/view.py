"""The whole play window: header, checklist, rig panel, message card, tools, overlays.

While the person waits for a rig the lab floor (the same view as ``labsim watch``) is
shown with a banner; at the end, the debrief. The view reads the session and draws it; its
own state (:class:`~labsim.render.play.context.Ui`) is only what the person does with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from labsim.i18n import tr
from labsim.play import Phase, PlaySession
from labsim.render import palette as pal
from labsim.render.pairs import draw_key_row, draw_pair_lines, pair_rows
from labsim.render.play.checklist import draw_checklist
from labsim.render.play.context import Ctx, Ui
from labsim.render.play.debrief import DebriefView
from labsim.render.play.feedback import draw_feedback
from labsim.render.play.fonts import PlayFonts
from labsim.render.play.header import draw_header
from labsim.render.play.keys import keys_now, keys_on_floor
from labsim.render.play.overlays import (
    draw_choice_menu,
    draw_fault_menu,
    draw_help,
    draw_notice,
    draw_toast,
)
from labsim.render.play.panels import panel_for
from labsim.render.play.timeline import draw_timeline
from labsim.render.play.tools import draw_tools
from labsim.render.play.widgets import HitMap, Target
from labsim.render.play.words import MSG

if TYPE_CHECKING:
    from labsim.render.play.replaying import ReplayControl

__all__ = ["SIZE", "PlayView"]

#: The window size the layout is made for.
SIZE = (1280, 720)

HEADER = pygame.Rect(0, 0, 1280, 56)
LEFT = pygame.Rect(12, 68, 280, 612)
RIG = pygame.Rect(304, 68, 612, 402)
MESSAGE = pygame.Rect(304, 480, 612, 200)
TOOLS = pygame.Rect(928, 68, 340, 612)
FOOTER = pygame.Rect(0, 690, 1280, 30)


class PlayView:
    """Draws a play session and says what is under the mouse."""

    def __init__(self, session: PlaySession, fonts: PlayFonts | None = None) -> None:
        self.session = session
        self.fonts = fonts or PlayFonts(1.0)
        self.ui = Ui()
        self.hit = HitMap()
        self.panel = panel_for(session.model_cls.kind)
        self.debrief = DebriefView(session, self.fonts)
        self._floor: object | None = None
        #: A replay's controls, when the window replays an attempt (the footer's timeline).
        self.replay: ReplayControl | None = None

    def show(self, session: PlaySession) -> None:
        """Draw another session from now on (a replay sought back, a take-over)."""
        self.session = session
        self.debrief = DebriefView(session, self.fonts)
        self._floor = None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw one frame (and record where every control went), a notice on show over it."""
        self.hit.clear()
        self._frame(surface)
        if self.ui.toast is not None:
            ctx = Ctx(surface, self.fonts, self.session, self.hit, self.ui)
            self.ui.extra["toast"] = draw_toast(ctx, self.ui.toast, FOOTER.y - 10)

    def _frame(self, surface: pygame.Surface) -> None:
        session = self.session
        if session.progress.end is not None:
            self.debrief.draw(surface, self.hit, self.ui)
            return
        ctx = Ctx(surface, self.fonts, session, self.hit, self.ui)
        if ctx.on_floor:
            self._waiting(surface)
            return
        surface.fill(pal.BG)
        draw_header(ctx, HEADER)
        draw_checklist(ctx, LEFT)
        self.panel.draw(ctx, RIG)
        draw_feedback(ctx, MESSAGE)
        draw_tools(ctx, TOOLS)
        self._footer(ctx)
        self._overlay(ctx)

    def _footer(self, ctx: Ctx) -> None:
        surface = ctx.surface
        pygame.draw.rect(surface, pal.PANEL, FOOTER)
        pygame.draw.line(surface, pal.DIVIDER, FOOTER.topleft, FOOTER.topright)
        if self.replay is not None:
            draw_timeline(ctx, FOOTER, self.replay.replay, self.replay.paused)
            return
        said = [k.footer for k in keys_now(self.session, watching=self.ui.watching) if k.footer]
        lab = self.session.lab
        busy = sum(1 for t in lab.trainees.values() if t.rig is not None)
        minute = lab.now % 1440
        clock = f"{int(minute // 60):02d}:{int(minute % 60):02d}"
        status = ctx.pair(
            lambda: tr("Lab {clock} · {busy} at work", ctx.lang, clock=clock, busy=busy)
        )
        if ctx.second is None:
            ctx.fonts.draw(
                surface,
                " · ".join(tr(text, ctx.lang) for text in said),
                "tiny",
                pal.TEXT_FAINT,
                (FOOTER.x + 14, FOOTER.centery),
                "midleft",
                max_width=900,
            )
            ctx.fonts.draw(
                surface,
                status[0],
                "tiny",
                pal.TEXT_DIM,
                (FOOTER.right - 14, FOOTER.centery),
                "midright",
            )
            return
        # under a pair each key's words stand over their second language, key by key
        pairs = [ctx.pair(lambda: tr(text, ctx.lang)) for text in said]  # noqa: B023
        rows = pair_rows(ctx.fonts, [*pairs, status], ("tiny", "tiny"))
        top = FOOTER.centery + 1 - rows.height // 2
        draw_key_row(ctx.fonts, surface, pairs, (FOOTER.x + 14, top), FOOTER.x + 914, rows,
                     pal.TEXT_FAINT)  # fmt: skip
        right = (FOOTER.right - 14, top)
        draw_pair_lines(ctx.fonts, surface, status, right, rows, "topright", pal.TEXT_DIM)

    def _overlay(self, ctx: Ctx) -> None:
        overlay = self.ui.overlay
        if overlay is None:
            if self.session.progress.notice == "rig-failed":
                draw_notice(
                    ctx,
                    "⚠",
                    ctx.pair(
                        lambda: tr(
                            "The rig failed under you; this is another rig of the group. The step "
                            "you were doing restarts from scratch.",
                            ctx.lang,
                        )
                    ),
                    pal.WARN,
                )
            return
        if overlay.startswith("choose:"):
            draw_choice_menu(ctx, overlay.split(":", 1)[1])
        elif overlay == "faults":
            draw_fault_menu(ctx)
        elif overlay == "help":
            draw_help(ctx)
        elif overlay == "confirm-end":
            draw_notice(
                ctx,
                ctx.title(lambda: tr("End the assessment now?", ctx.lang)),
                ctx.pair(
                    lambda: tr(
                        "It is kept in the records as abandoned and cannot be taken up again. "
                        "Esc again: end it · any other key: carry on.",
                        ctx.lang,
                    )
                ),
                pal.WARN,
            )

    def _waiting(self, surface: pygame.Surface) -> None:
        """The lab floor, with a banner: every rig of the group is taken."""
        from labsim.render.header import Controls
        from labsim.render.view import WatchView

        floor = self._floor
        if not isinstance(floor, WatchView):
            size, lang = surface.get_size(), self.session.lang
            floor = self._floor = WatchView(self.session.lab, size, lang, self._floor_keys)
        floor.update(1 / 30)
        floor.draw(surface, Controls((), 0, False), force=True)  # play sets the pace
        ctx = Ctx(surface, self.fonts, self.session, self.hit, self.ui)
        session = self.session
        group = session.scenario.rig_group(session.procedure.rig)
        failed = session.progress.notice == "rig-failed"
        key = "rig-failed" if failed else "waiting-body"
        body = ctx.pair(
            lambda: tr(MSG[key], ctx.lang, group=group.name(ctx.lang), n=session.queue_ahead)
        )
        if session.progress.phase == Phase.WORKING:
            draw_notice(
                ctx,
                ctx.title(lambda: tr("The lab floor", ctx.lang)),
                ctx.pair(
                    lambda: tr(
                        "You are the teal token at your rig; the others work on around you. Tab "
                        "returns to the rig (the clock runs).",
                        ctx.lang,
                    )
                ),
                pal.ACCENT,
                (floor.screen.floor.centerx, floor.screen.floor.bottom - 50),
            )
        else:
            floor_area = floor.screen.floor
            centre = (floor_area.centerx, floor_area.bottom - 70)
            title = ctx.title(lambda: tr("Waiting for a rig", ctx.lang))
            draw_notice(ctx, title, body, pal.BAD if failed else pal.WARN, centre)
        if self.ui.overlay is not None:  # the keys card, a question before the end
            self._overlay(ctx)

    def _floor_keys(self) -> list[list[str]]:
        """What the floor's legend names: the play keys that work there, in each language."""
        keys = keys_on_floor(self.session, watching=self.ui.watching)
        langs = self.session.options.langs
        return [list(dict.fromkeys(tr(k.footer, lang) for lang in langs)) for k in keys if k.footer]

    # -- input --------------------------------------------------------------------------------
    def target_at(self, pos: tuple[int, int]) -> Target | None:
        """What a click at ``pos`` would hit (as of the last frame)."""
        return self.hit.at(pos)

    def rect_of(self, kind: str, name: str) -> pygame.Rect | None:
        """Where a control, setting, menu choice or button was drawn in the last frame."""
        return self.hit.rect_of((kind, name))

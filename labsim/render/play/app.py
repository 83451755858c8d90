"""The play window's controller: input to session calls, the clock, the demonstration, frames.

Each frame: turn pygame events into session calls (a click on a control presses it, a key
does the same, a menu choice completes a diagnosis), let real time pass on the session
(thinking time at the rig, fast-forward in a queue), play the next move of a
demonstration, draw. Headless, the same loop draws into an off-screen surface and stops
when the procedure has ended (after drawing the debrief), so tests drive the real controls
with real pygame events and a headless demo renders PNG frames.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from labsim.errors import FileError
from labsim.files import failure
from labsim.i18n import N_, tr
from labsim.play import Phase, PlaySession, SessionEnd
from labsim.play.demo import DemoMove, apply_move, next_moves
from labsim.play.hints import hint_text
from labsim.play.replay import Replay
from labsim.play.script import Script, ScriptAction, play_action
from labsim.render import palette as pal
from labsim.render.play.context import Toast
from labsim.render.play.fonts import PlayFonts
from labsim.render.play.replaying import ReplayControl
from labsim.render.play.view import SIZE, PlayView
from labsim.render.play.widgets import Target
from labsim.render.png import reason_in, save_png

if TYPE_CHECKING:
    from labsim.records import RecordStore

__all__ = ["PlayApp"]

_CYCLE = {
    pygame.K_COMMA: ("range", -1),
    pygame.K_PERIOD: ("range", 1),
    pygame.K_LEFTBRACKET: ("terminals", -1),
    pygame.K_RIGHTBRACKET: ("terminals", 1),
}


class PlayApp:
    """Runs a play session in a window, or headless."""

    def __init__(
        self,
        session: PlaySession,
        *,
        headless: bool = False,
        demo: bool = False,
        pace: float = 0.9,
        frames: Path | None = None,
        screenshot: Path | None = None,
        shots: Path | None = None,
        script: Script | None = None,
        replay: Replay | None = None,
        takeover: tuple[RecordStore | None, str] = (None, "trainee"),
    ) -> None:
        self.session = session
        self.script: list[ScriptAction] | None = None if script is None else list(script)
        self.replay: ReplayControl | None = None
        if replay is not None:
            self.replay = ReplayControl(self, replay, *takeover)
        self.headless = headless
        self.demo = demo
        self.pace = 0.0 if headless else pace
        self.frames = frames
        self.screenshot = screenshot
        self.shots = shots or Path.cwd()
        self.running = True
        self.view = PlayView(session, PlayFonts(1.0))
        self.view.ui.watching = self.watching
        self.view.replay = self.replay
        self.view.ui.replaying = self.replay is not None
        self.surface: pygame.Surface | None = None
        self.saved: list[Path] = []
        self._moves: list[DemoMove] = []
        self._aimed: DemoMove | None = None
        self._demo_wait = 0.0
        self._signature: object = None

    @property
    def watching(self) -> bool:
        """Whether someone else acts (a demonstration, a script): clicks change nothing."""
        return self.demo or self.script is not None or self.replay is not None

    @property
    def ui(self) -> object:
        """The view-only state (menus, hover, hint)."""
        return self.view.ui

    # -- window ---------------------------------------------------------------------------
    def open(self) -> pygame.Surface:
        """Open the window (or an off-screen surface when headless)."""
        pygame.display.init()
        pygame.font.init()
        if self.headless:
            self.surface = pygame.Surface(SIZE)
        else:
            pygame.display.set_caption(f"labsim play: {self.session.title}")
            self.surface = pygame.display.set_mode(SIZE)
        return self.surface

    def run(self) -> SessionEnd | None:
        """The loop, until the window closes (or, headless, the procedure ends)."""
        self.open()
        ticker = pygame.time.Clock()
        dt = 0.0
        try:
            while self.tick(dt):
                fps = 30 if self.headless else 60
                raw = ticker.tick(fps) / 1000
                dt = 0.0 if self.headless and self.demo else min(raw, 0.25)
        finally:
            if self.session.progress.end is None:
                self.session.abandon()
            if self.screenshot is not None and self.surface is not None:
                self.save(self.screenshot)
            pygame.display.quit()
        return self.session.progress.end

    def tick(self, dt: float) -> bool:
        """Handle input, let ``dt`` seconds pass, play the demo, draw; False once quit."""
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return False
        ended = self.session.progress.end is not None
        toast = self.view.ui.toast
        if toast is not None:
            toast.left -= dt
            if toast.left <= 0:
                self.view.ui.toast = None
        self.session.tick(0.0 if self.watching and not self.demo else dt)
        if self.replay is not None:
            self.replay.tick(dt)
            if self.headless and self.replay.replay.at_end:
                self.draw()
                return False
        elif self.script is not None:
            self._script_tick(dt)
        elif self.demo:
            self._demo_tick(dt)
        elif self.headless and self.session.progress.phase == Phase.WAITING:
            self.draw()  # the queue, once, then straight on to the rig
            self.session.wait_for_rig()
        self.draw()
        if self.headless and ended and self.session.progress.end is not None:
            return False
        return self.running

    def draw(self) -> None:
        """Draw a frame (and save it to ``--frames`` when it changed)."""
        surface = self.surface
        if surface is None:
            return
        self.view.draw(surface)
        if not self.headless:
            pygame.display.flip()
        if self.frames is not None:
            signature = self._frame_signature()
            if signature != self._signature:
                self._signature = signature
                self.save(self.frames / f"frame_{len(self.saved):05d}.png")

    def _frame_signature(self) -> object:
        s = self.session
        ui = self.view.ui
        return (
            len(s.progress.log),
            s.progress.phase,
            s.progress.step,
            ui.overlay,
            ui.flash,
            ui.hint,
            None if ui.toast is None else tuple(ui.toast.texts),
            tuple(sorted(s.bench.settings.items())),
            s.progress.end is not None,
        )

    def save(self, path: Path) -> Path | None:
        """Save the current frame as a PNG."""
        if self.surface is None:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise failure(str(path), error, "write") from None
        save_png(self.surface, path)
        self.saved.append(path)
        return path

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event."""
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.MOUSEMOTION:
            self.view.ui.hover = self.view.target_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.replay is not None and self.replay.click(event.pos):
                return
            self.click(self.view.target_at(event.pos))
        elif event.type == pygame.KEYDOWN:
            self.key(event)

    def click(self, target: Target | None) -> None:
        """What a click on ``target`` does."""
        ui = self.view.ui
        session = self.session
        if session.progress.end is not None:
            if target == ("ui", "close"):
                self.running = False
            return
        if ui.overlay is not None and (
            target is None or target[0] not in ("choice", "fault", "ui")
        ):
            ui.overlay = None
            return
        if target is None:
            return
        kind, name = target
        if kind == "control" and not self.watching:
            self.press(name)
        elif kind == "setting" and not self.watching:
            setting = session.controls.setting(name)
            session.set_tool(setting.param, setting.value)
        elif kind == "choice" and ui.overlay is not None and ui.overlay.startswith("choose:"):
            control_id = ui.overlay.split(":", 1)[1]
            ui.overlay = None
            self._press(control_id, name)
        elif kind == "fault":
            session.set_fault(name, not session.rig.has_fault(name))
            if session.rig.has_fault(name):
                self.toast(N_("Instructor: fault set"))
            else:
                self.toast(N_("Instructor: fault cleared"))
        elif (kind, name) == ("ui", "hint"):
            self.hint()
        elif (kind, name) == ("ui", "close"):
            ui.overlay = None

    def press(self, control_id: str) -> None:
        """Press a control: straight away, or through its menu (a diagnosis names a fault)."""
        control = self.session.controls.control(control_id)
        if control.menu is not None:
            self.view.ui.overlay = f"choose:{control_id}"
            return
        self._press(control_id, None)

    def _press(self, control_id: str, choice: object) -> None:
        session = self.session
        before = session.progress.step
        session.dismiss_notice()
        session.press(control_id, choice)  # type: ignore[arg-type]
        if session.progress.step != before:
            self.view.ui.hint = self.view.ui.hint_second = None

    def hint(self) -> None:
        """Show the hint of the step now due (training only), in both languages of a pair."""
        session = self.session
        text = session.hint()
        if text is None:
            return
        self.view.ui.hint = text
        if len(session.options.langs) > 1:
            with session.speaking(session.options.langs[1]):
                self.view.ui.hint_second = hint_text(session, session.progress.step)

    def toast(self, message: str, colour: pal.Colour = pal.WARN, **values: object) -> None:
        """A short notice over the window: ``message`` (a msgid) in each language of the session.

        A value that is a function of the language (a reason, translated) is said in each.
        """
        texts = [
            tr(message, lang, **{k: v(lang) if callable(v) else v for k, v in values.items()})
            for lang in self.session.options.langs
        ]
        self.view.ui.toast = Toast(list(dict.fromkeys(texts)), colour)

    def key(self, event: pygame.event.Event) -> None:
        """Keyboard shortcuts (see the F1 card)."""
        if self.view.ui.overlay == "confirm-end" and event.key != pygame.K_ESCAPE:
            self.view.ui.overlay = None  # any other key: carry on
            return
        if self._window_key(event.key):
            return
        if self.replay is not None and self.replay.key(event.key):
            return
        if self.session.progress.end is not None or self.watching:
            return
        if self.view.ui.overlay is not None:
            self._menu_key(event)
        elif self.view.ui.show_floor:
            return  # the rig is out of sight: its keys wait until Tab brings it back
        elif event.key in _CYCLE:
            self._cycle(*_CYCLE[event.key])
        elif (event.unicode or "").lower() == "h":
            self.hint()
        else:
            control = self.session.controls.by_key((event.unicode or "").lower())
            if control is not None:
                self.press(control.id)

    def _window_key(self, key: int) -> bool:
        """Keys that work in every state of the window; True when ``key`` was one."""
        ui = self.view.ui
        if key == pygame.K_ESCAPE:
            if ui.overlay == "confirm-end":
                ui.overlay = None
                self.session.abandon("the trainee ended the assessment (Esc)")
            elif ui.overlay is not None:
                ui.overlay = None
            elif self._asks_before_ending():
                ui.overlay = "confirm-end"
            else:
                self.session.abandon("the trainee quit (Esc)")
                self.running = False
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.session.progress.end is not None:
            self.running = False
        elif key == pygame.K_F1:
            ui.overlay = None if ui.overlay == "help" else "help"
        elif key == pygame.K_F9 and not self.demo:
            ui.overlay = None if ui.overlay == "faults" else "faults"
        elif key == pygame.K_TAB:
            ui.show_floor = not ui.show_floor
        elif key == pygame.K_F12:
            self.take_screenshot()
        else:
            return False
        return True

    def take_screenshot(self) -> Path | None:
        """F12: save the frame where labsim was started, and say in the window whether it was."""
        path = self.shots / f"labsim-play-{time.strftime('%Y%m%d-%H%M%S')}.png"
        try:
            self.save(path)
        except FileError as error:  # the window goes on; the trainee's work matters more
            print(f"screenshot not saved: {error}", file=sys.stderr)
            said = functools.partial(reason_in, error)
            self.toast(N_("screenshot not saved: {reason}"), reason=said)
            return None
        self.toast(N_("saved {name}"), pal.GOOD, name=path.name)
        return path

    def _asks_before_ending(self) -> bool:
        """Whether Esc asks first: an assessment the person is still working on."""
        session = self.session
        return (
            session.options.mode == "assessment"
            and not self.watching
            and session.progress.end is None
        )

    def _menu_key(self, event: pygame.event.Event) -> None:
        ui = self.view.ui
        text = event.unicode or ""
        if not text.isdigit() or text == "0":
            return
        index = int(text) - 1
        faults = sorted(self.session.model_cls.fault_names())
        if index >= len(faults):
            return
        if ui.overlay == "faults":
            self.click(("fault", faults[index]))
        elif ui.overlay is not None and ui.overlay.startswith("choose:"):
            self.click(("choice", faults[index]))

    def _cycle(self, param: str, step: int) -> None:
        settings = [s for s in self.session.controls.settings if s.param == param]
        if not settings:
            return
        current = self.session.bench.settings.get(param)
        values = [s.value for s in settings]
        index = values.index(current) if current in values else 0
        self.session.set_tool(param, values[(index + step) % len(values)])

    # -- a script ----------------------------------------------------------------------------
    def _script_tick(self, dt: float) -> None:
        """Play the script's next action (one a frame; at the window's pace on screen)."""
        session, script = self.session, self.script
        assert script is not None
        if session.progress.end is not None:
            return
        self._demo_wait -= dt
        if self._demo_wait > 0:
            return
        if session.progress.phase == Phase.WAITING:
            self.draw()
            session.wait_for_rig()
            return
        if not script:
            session.hand_in("the script ended")
            return
        play_action(session, script.pop(0))
        self._demo_wait = self.pace

    # -- the demonstration ------------------------------------------------------------------
    def _demo_tick(self, dt: float) -> None:
        session = self.session
        if session.progress.end is not None:
            self.view.ui.flash = None
            return
        if session.progress.phase == Phase.WAITING:
            if self.headless:
                self.draw()
                session.wait_for_rig()
            return
        self._demo_wait -= dt
        if self._demo_wait > 0:
            return
        ui = self.view.ui
        if self._aimed is not None:
            move, self._aimed = self._aimed, None
            if move.choice is not None:
                ui.overlay = None
            apply_move(session, move)
            ui.flash = None
            self._demo_wait = self.pace * 0.4
            return
        if not self._moves:
            self._moves = next_moves(session)
            if not self._moves:
                index = session.progress.step
                session.perform(session.steps[index].action, session.step_params(index))
                return
        move = self._moves.pop(0)
        ui.caption = move.narration
        if move.choice is not None:
            ui.overlay = f"choose:{move.target}"
            ui.flash = f"choice:{move.choice}"
        else:
            ui.flash = move.target
        self._aimed = move
        self._demo_wait = self.pace * 0.6

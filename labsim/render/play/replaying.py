"""The replay's controls in the play window: play and pause, step, seek, take over.

The window plays a recorded attempt one input at a time, at the demonstration's pace
(thinking time and queueing go by at once). Space pauses; the arrow keys step one input
back or on; Home and End go to the start and the end; a click on the timeline seeks. T
takes over at the moment shown: a new attempt, linked to the replayed one, continues from
there with the person at the keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from labsim.errors import ReplayError
from labsim.i18n import N_
from labsim.play.replay import Replay
from labsim.render import palette as pal
from labsim.render.play.context import Toast

if TYPE_CHECKING:
    from labsim.records import RecordStore
    from labsim.render.play.app import PlayApp

__all__ = ["ReplayControl"]

#: Inputs a viewer sees happen (the others go by at once).
_SEEN = frozenset({"act", "hint", "fault", "end", "set"})


class ReplayControl:
    """Drives a :class:`~labsim.play.replay.Replay` from the window (see the docstring)."""

    def __init__(
        self, app: PlayApp, replay: Replay, store: RecordStore | None, trainee: str
    ) -> None:
        self.app, self.replay, self.store, self.trainee = app, replay, store, trainee
        self.paused = False
        self._wait = 0.0

    def tick(self, dt: float) -> None:
        """Play the next input when its turn comes (nothing while paused)."""
        if self.paused or self.replay.at_end:
            return
        self._wait -= dt
        if self._wait > 0:
            return
        self.forward()
        self._wait = self.app.pace

    def forward(self) -> None:
        """Replay inputs up to and including the next one a viewer sees."""
        replay = self.replay
        while not replay.at_end:
            kind = replay.recording.inputs[replay.position].kind
            replay.step()
            if kind in _SEEN:
                break
        self._follow()

    def seek(self, index: int) -> None:
        """Go to just before input ``index``."""
        self.replay.seek(index)
        self._follow()

    def key(self, key: int) -> bool:
        """A replay key; True when ``key`` was one."""
        replay = self.replay
        if key == pygame.K_SPACE:
            self.paused = not self.paused
        elif key == pygame.K_RIGHT:
            self.paused = True
            self.forward()
        elif key == pygame.K_LEFT:
            self.paused = True
            self.seek(self._previous_seen())
        elif key == pygame.K_HOME:
            self.paused = True
            self.seek(0)
        elif key == pygame.K_END:
            self.seek(replay.inputs)
        elif key == pygame.K_t:
            self.take_over()
        else:
            return False
        return True

    def _previous_seen(self) -> int:
        """The position just after the seen input before the last one done."""
        items = self.replay.recording.inputs
        seen = [i for i in range(self.replay.position) if items[i].kind in _SEEN]
        return seen[-2] + 1 if len(seen) >= 2 else 0

    def click(self, pos: tuple[int, int]) -> bool:
        """A click on the timeline seeks there; True when it was on the timeline."""
        bar = self.app.view.ui.extra.get("timeline")
        if not isinstance(bar, pygame.Rect) or not bar.collidepoint(pos):
            return False
        self.paused = True
        share = (pos[0] - bar.x) / max(1, bar.width)
        self.seek(round(share * self.replay.inputs))
        return True

    def take_over(self) -> None:
        """Continue from here as a new attempt of the person at the keyboard."""
        try:
            session = self.replay.take_over(self.store, self.trainee)
        except ReplayError as error:
            self.app.view.ui.toast = Toast([str(error)])
            return
        self.app.replay = None
        self.app.session = session
        self.app.view.show(session)
        self.app.view.ui.watching = self.app.view.ui.replaying = False
        self.app.toast(N_("You took over: a new attempt, linked to the one replayed"), pal.GOOD)

    def _follow(self) -> None:
        """Show the replay's session (seeking back starts a new one)."""
        if self.app.session is not self.replay.session:
            self.app.session = self.replay.session
            self.app.view.show(self.replay.session)

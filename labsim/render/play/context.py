"""What every part of the play view draws with: the session, fonts, hit map and view state.

:class:`Ui` is the view-only state (what the mouse is over, which menu is open, the hint
on show, the demonstration's narration); :class:`Ctx` bundles it with the surface and
offers the two interactive pieces every panel uses: a control's button and a tool
setting's chip, each drawn in its state and registered in the hit map.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from labsim.play import Phase, PlaySession
from labsim.play.labels import control_label, value_label
from labsim.render import palette as pal
from labsim.render.play.fonts import PlayFonts
from labsim.render.play.widgets import (
    BUTTON_H,
    PAIR_BUTTON_H,
    ButtonLook,
    HitMap,
    Target,
    draw_button,
    draw_chip,
)

__all__ = ["Ctx", "Toast", "Ui"]


@dataclass
class Toast:
    """A short notice over the window, in one language or two: a screenshot saved or not.

    It shows for ``left`` more seconds of the window's time.
    """

    texts: list[str]
    colour: pal.Colour = pal.WARN
    left: float = 4.0


@dataclass
class Ui:
    """View-only state of the play window."""

    hover: Target | None = None
    flash: str | None = None
    overlay: str | None = None
    hint: str | None = None
    hint_second: str | None = None
    caption: str | None = None
    toast: Toast | None = None
    show_floor: bool = False
    #: Someone else acts (a demonstration, a script, a replay): the person only watches.
    watching: bool = False
    #: A recorded attempt is being replayed (the replay's keys work).
    replaying: bool = False
    extra: dict[str, object] = field(default_factory=dict)


class Ctx:
    """One frame's drawing context."""

    def __init__(
        self,
        surface: pygame.Surface,
        fonts: PlayFonts,
        session: PlaySession,
        hit: HitMap,
        ui: Ui,
    ) -> None:
        self.surface = surface
        self.fonts = fonts
        self.session = session
        self.hit = hit
        self.ui = ui
        #: The language shown smaller beneath the first one (``--lang zh+th``), if any.
        self.second = session.options.langs[1] if len(session.options.langs) > 1 else None
        self.placed: set[str] = set()

    @property
    def lang(self) -> str:
        """The language words are drawn in now: the session's (see :meth:`speaking`)."""
        return self.session.lang

    def speaking(self, lang: str) -> contextlib.AbstractContextManager[None]:
        """Draw words in ``lang`` for a while (the session's content follows)."""
        return self.session.speaking(lang)

    def pair(self, words: Callable[[], str]) -> list[str]:
        """``words()`` in the first language and, with a pair, in the second (if different)."""
        first = words()
        if self.second is None:
            return [first]
        with self.speaking(self.second):
            other = words()
        return [first] if other == first else [first, other]

    def title(self, words: Callable[[], str]) -> str:
        """A card title in both languages of a pair, on one line."""
        return " · ".join(self.pair(words))

    @property
    def on_floor(self) -> bool:
        """Whether the lab floor is on show (waiting for a rig, or Tab), not the rig."""
        return self.session.progress.phase == Phase.WAITING or self.ui.show_floor

    @property
    def live(self) -> bool:
        """Whether controls take clicks now (at the rig, no menu open)."""
        return self.session.progress.phase == Phase.WORKING and self.ui.overlay is None

    def label(self, control_id: str, lang: str | None = None) -> str:
        """The default label of a control (in the first language, or ``lang``)."""
        control = self.session.controls.control(control_id)
        model = self.session.model_cls
        return control_label(control.action, control.params, lang or self.lang, model)

    @property
    def button_h(self) -> int:
        """How tall a button is: taller under a pair, to hold its label's second language."""
        return BUTTON_H if self.second is None else PAIR_BUTTON_H

    def button(
        self,
        control_id: str,
        rect: pygame.Rect,
        words: Callable[[], str] | None = None,
        tone: pal.Colour | None = None,
        active: bool = False,
    ) -> None:
        """Draw the button of a control and make it clickable.

        ``words`` says its label (in :attr:`lang`; it is called again for the second
        language of a pair); the control's default label when None.
        """
        if control_id not in self.session.controls:
            return
        control = self.session.controls.control(control_id)
        target = ("control", control_id)
        look = ButtonLook(
            enabled=self.live,
            hover=self.ui.hover == target,
            active=active,
            flash=self.ui.flash == control_id,
            tone=tone,
        )
        labels = self.pair(words or (lambda: self.label(control_id)))
        draw_button(self.surface, self.fonts, rect, labels, control.key, look)
        self.hit.add(rect, target)
        self.placed.add(control_id)

    def chip(self, setting_id: str, rect: pygame.Rect, label: str | None = None) -> None:
        """Draw a tool setting's chip (lit when the tool is set to it) and make it clickable."""
        setting = self.session.controls.setting(setting_id)
        selected = self.session.bench.settings.get(setting.param) == setting.value
        target = ("setting", setting_id)
        draw_chip(
            self.surface,
            self.fonts,
            rect,
            label or value_label(setting.value, self.lang, self.session.model_cls),
            selected,
            hover=self.ui.hover == target,
            flash=self.ui.flash == setting_id,
        )
        self.hit.add(rect, target)

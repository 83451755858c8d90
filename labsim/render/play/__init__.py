"""The ``labsim play`` window (pygame): rig panel, tools, checklist, debrief, demonstration.

:class:`PlayApp` runs a :class:`~labsim.play.PlaySession` in a window or headless;
:class:`PlayView` draws it. Importing this package imports pygame.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from labsim.render.play.app import PlayApp
from labsim.render.play.fonts import PlayFonts
from labsim.render.play.view import SIZE, PlayView

__all__ = ["SIZE", "PlayApp", "PlayFonts", "PlayView"]

"""The animated lab floor (``labsim watch``): pygame lives here and only here.

:class:`WatchView` draws a running :class:`~labsim.engine.Lab` (header, floor plan, side
panel, legend, inspector); :class:`WatchApp` is the window's loop; :func:`render_still` and
:func:`render_frames` draw without a window. Importing the package itself imports nothing
heavy: pygame is loaded when one of these names is first used.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__all__ = [
    "SPEEDS",
    "WatchApp",
    "WatchView",
    "render_frames",
    "render_still",
    "snapshot",
    "speed_index",
]

_HOMES = {
    "SPEEDS": "labsim.render.speeds",
    "speed_index": "labsim.render.speeds",
    "WatchApp": "labsim.render.app",
    "WatchView": "labsim.render.view",
    "render_frames": "labsim.render.headless",
    "render_still": "labsim.render.headless",
    "snapshot": "labsim.render.headless",
}

# Every module under labsim.render passes through here first, so pygame's banner is hidden
# whichever of them imports pygame first (a command's output is its own).
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'labsim.render' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)

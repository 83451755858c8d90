"""The play window's fonts: the lab floor's styles and script fonts, at the window's scale.

Everything about finding fonts lives in :mod:`labsim.render.fonts` and drawing text in
:mod:`labsim.render.text`; the play window only fixes its scale, so its text matches the
lab floor's at 1280x720.
"""

from __future__ import annotations

from labsim.render.text import Fonts

__all__ = ["PlayFonts"]


class PlayFonts(Fonts):
    """The lab floor's fonts and styles, at the play window's scale (1 unless asked)."""

"""Is there a screen to open a window on? Asked before a window command starts work.

Without one, SDL quietly falls back to an off-screen driver: the window "opens", nobody
sees it, and the command runs for ever. So ``labsim watch`` and ``labsim play`` ask first:

* a video driver set on purpose (``SDL_VIDEODRIVER=dummy`` in tests, ``x11``, ``kmsdrm``)
  is taken at its word;
* on Linux and the BSDs, with neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` set, there is no
  screen, which is known without loading pygame;
* otherwise SDL is started and asked which driver it picked: ``offscreen`` or ``dummy``,
  which nobody asked for, means there is no screen either.

:func:`require_display` raises :class:`~labsim.errors.NoDisplayError` saying why; a
command adds what works without a screen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from labsim.errors import NoDisplayError

__all__ = ["OFFSCREEN_DRIVERS", "display_problem", "require_display"]

#: SDL video drivers that draw nowhere.
OFFSCREEN_DRIVERS = frozenset({"dummy", "offscreen"})
_X_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def _sdl_driver() -> str:
    """The video driver SDL picks here (SDL's display is shut again afterwards)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    try:
        pygame.display.init()
    except pygame.error:
        return "none"
    try:
        return pygame.display.get_driver()
    finally:
        pygame.display.quit()


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    driver: Callable[[], str] = _sdl_driver,
) -> str | None:
    """Why no window can be seen here, or None when one can (see the module docstring)."""
    env = os.environ if environ is None else environ
    chosen = env.get("SDL_VIDEODRIVER", "").strip().lower()
    if chosen:
        return None
    if (platform or sys.platform).startswith(_X_PLATFORMS) and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    ):
        return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    picked = driver()
    if picked in OFFSCREEN_DRIVERS or picked == "none":
        return f"no usable display (SDL could only start its {picked!r} video driver)"
    return None


def require_display() -> None:
    """Refuse to open a window nobody can see.

    Raises:
        NoDisplayError: there is no usable display (its ``problem`` says why).
    """
    problem = display_problem()
    if problem is not None:
        raise NoDisplayError(problem)

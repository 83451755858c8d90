"""Rendering without a window: a PNG of the lab at a given time, or a numbered sequence.

Used by ``labsim watch --screenshot`` and ``--frames`` (for reports, videos and tests). The
same view draws into an off-screen surface; walking animations are settled, so each
image shows everyone where they are at that simulated moment.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from labsim.render.header import Controls
from labsim.render.png import save_png
from labsim.render.speeds import SPEEDS
from labsim.render.view import WatchView

if TYPE_CHECKING:
    from labsim.engine import Lab
    from labsim.engine.calendar import Calendar

__all__ = ["frame_times", "render_frames", "render_still", "snapshot"]


def _controls(speed: int) -> Controls:
    return Controls(tuple(label for label, _ in SPEEDS), speed, paused=True)


def snapshot(view: WatchView, speed: int = 2) -> pygame.Surface:
    """Draw the view's lab as it is now into a new surface."""
    if not pygame.font.get_init():
        pygame.font.init()
    surface = pygame.Surface(view.size)
    view.update(0.0, settle=True)
    view.draw(surface, _controls(speed), force=True)
    return surface


def render_still(
    lab: Lab, path: Path, size: tuple[int, int], until: float, speed: int = 2, lang: str = "en"
) -> None:
    """Simulate up to ``until`` minutes and save the floor as a PNG at ``path``."""
    view = WatchView(lab, size, lang)
    lab.advance_to(until)
    save_png(snapshot(view, speed), path)


def render_frames(
    lab: Lab,
    directory: Path,
    size: tuple[int, int],
    every: float,
    until: float,
    speed: int = 2,
    lang: str = "en",
) -> list[Path]:
    """Save ``frame_00000.png``, ... one every ``every`` simulated minutes up to ``until``.

    Closed moments are left out (nothing moves then), so that the sequence plays as a video
    of the working hours. A sample that falls in a break or before opening is drawn at the
    next open moment instead, when that comes before the next sample (``--every 2h`` from
    midnight still shows 08:30 and the end of lunch); the last moment is always drawn.
    """
    view = WatchView(lab, size, lang)
    paths: list[Path] = []
    for t in frame_times(lab.calendar, every, until):
        lab.advance_to(t)
        path = directory / f"frame_{len(paths):05d}.png"
        save_png(snapshot(view, speed), path)
        paths.append(path)
    return paths


def frame_times(calendar: Calendar, every: float, until: float) -> list[float]:
    """The moments :func:`render_frames` draws (see there)."""
    times: list[float] = []
    step = 0
    while True:
        t = min(until, step * every)
        if t >= until:
            return [*times, until] if not times or times[-1] < until else times
        moment = calendar.next_opening(t)
        if moment < min(until, (step + 1) * every):
            times.append(moment)
        step += 1

"""``labsim watch``: the animated lab floor, in a window or rendered to PNG files."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from labsim.commands._common import (
    ScenarioFile,
    SeedOption,
    SetOption,
    drawable_languages,
    load_checked,
    reports_errors,
    require_window,
)
from labsim.limits import MAX_FRAMES

if TYPE_CHECKING:
    from labsim.engine import Lab

__all__ = ["parse_moment", "parse_size", "register"]

_SIZE = re.compile(r"^\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*$")
_DAY_TIME = re.compile(r"^\s*(?:day\s*)?(\d{1,4})\s+(\d{1,2}:\d{2})\s*$", re.IGNORECASE)
_PARTS = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]+)")


def register(app: typer.Typer) -> None:
    """Add ``watch`` to the ``labsim`` app."""
    app.command("watch")(watch)


@reports_errors
def watch(
    file: ScenarioFile,
    seed: SeedOption = None,
    assignments: SetOption = None,
    speed: Annotated[
        str,
        typer.Option("--speed", help="Starting speed: 1, 10, 60, 600 (times real time) or max."),
    ] = "60",
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help=(
                "Simulated time to stop at: 2d, 30h, 1d6h30min or 'day 3 10:30' "
                "(with --screenshot: the moment shown; default: the end of the run)."
            ),
        ),
    ] = None,
    screenshot: Annotated[
        Path | None,
        typer.Option("--screenshot", help="Render to this PNG without a window, then exit."),
    ] = None,
    frames: Annotated[
        Path | None,
        typer.Option("--frames", help="Write a numbered PNG sequence to this folder, no window."),
    ] = None,
    every: Annotated[
        str, typer.Option("--every", help="Simulated time between two --frames images.")
    ] = "10min",
    size: Annotated[
        str, typer.Option("--size", help="Window or image size, WIDTHxHEIGHT.")
    ] = "1280x720",
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Language of the view's words (`labsim lang` lists them); one only: of a pair "
            "(zh+th) the first is drawn.",
        ),
    ] = "en",
) -> None:
    """Watch the lab floor animated: rigs, queues, trainees and instructors at work.

    Keys: Space pauses, 1-5 or +/- change the speed, F12 saves a screenshot, N shows or
    skips closed hours, Esc quits. Click a rig or a trainee to inspect it.
    """
    from labsim.errors import UsageError
    from labsim.i18n import parse_langs, tr
    from labsim.units import parse_duration

    langs = parse_langs(lang)
    if len(langs) > 1:  # the floor has no room for a second line under every word
        print(f"note: watch draws one language: {langs[0]}", file=sys.stderr)
    lang = drawable_languages(langs[:1])
    pixels = parse_size(size)
    until_min = parse_moment(until) if until is not None else None
    every_min = _duration("--every", every, parse_duration)
    if every_min <= 0:
        raise UsageError(f"--every must be longer than zero (got {every!r})")
    speed_at = _speed(speed)
    if screenshot is not None:
        _check_png(screenshot)
    if screenshot is None and frames is None:
        require_window(
            "watch", "Use --screenshot FILE.png or --frames FOLDER to render without a window."
        )
    lab = _build_lab(file, seed, assignments)
    if until_min is not None and until_min > lab.horizon:
        raise UsageError(
            f"--until {until} is past the end of the run ({lab.horizon / 1440:g} days, "
            f"{lab.horizon:g} min)"
        )
    if frames is not None:
        end = lab.horizon if until_min is None else until_min
        if end / every_min > MAX_FRAMES:
            raise UsageError(
                f"--every {every} over {end / 1440:g} days makes about {end / every_min:,.0f} "
                f"frames; at most {MAX_FRAMES:,} are written (choose a longer --every)"
            )
        _make_folder(frames)
    render = _import_render()
    try:
        if screenshot is None and frames is None:
            app = render.WatchApp(lab, pixels, speed_at, stop_at=until_min, lang=lang)
            app.run()
            return
        end = lab.horizon if until_min is None else until_min
        if frames is not None:
            paths = render.render_frames(lab, frames, pixels, every_min, end, speed_at, lang)
            typer.echo(tr("wrote {n} frames to {path}", lang, n=len(paths), path=frames))
        if screenshot is not None:
            render.render_still(lab, screenshot, pixels, end, speed_at, lang)
            shown = f"{screenshot} ({pixels[0]}x{pixels[1]})"
            typer.echo(tr("wrote {path}", lang, path=shown))
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` -> ``(1280, 720)``; UsageError for anything else or out of range."""
    from labsim.errors import UsageError

    match = _SIZE.match(text)
    if match is None:
        raise UsageError(f"--size must look like 1280x720 (got {text!r})")
    w, h = int(match[1]), int(match[2])
    if not (640 <= w <= 7680 and 400 <= h <= 4320):
        raise UsageError(f"--size {w}x{h} is out of range: from 640x400 to 7680x4320")
    return w, h


def parse_moment(text: str) -> float:
    """A simulated moment in minutes: ``2d``, ``30h``, ``1d6h30min`` or ``day 3 10:30``.

    Raises:
        UsageError: naming the accepted forms.
    """
    from labsim.errors import UsageError
    from labsim.units import parse_clock, parse_duration

    expected = (
        "--until: expected a time since the start such as 2d, 30h or 1d6h30min, or a day "
        f"and a time of day such as 'day 3 10:30' (got {text!r})"
    )
    match = _DAY_TIME.match(text)
    if match is not None:
        try:
            clock = parse_clock(match[2])
        except ValueError as error:
            raise UsageError(f"--until: {error}") from None
        if int(match[1]) < 1:
            raise UsageError(f"--until: days are counted from 1 (got {text!r})")
        return (int(match[1]) - 1) * 1440 + clock
    parts = _PARTS.findall(text)
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", text):
        raise UsageError(expected)
    try:
        return sum(parse_duration(number + unit) for number, unit in parts)
    except ValueError as error:
        raise UsageError(f"--until: {error}") from None


def _duration(option: str, text: str, parse: Any) -> float:
    from labsim.errors import UsageError

    try:
        return float(parse(text))
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


def _speed(text: str) -> int:
    from labsim.errors import UsageError

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        from labsim.render.speeds import speed_index
    except ImportError as error:  # pragma: no cover - depends on the install
        raise UsageError(_NO_PYGAME.format(error=error)) from None
    try:
        return speed_index(text)
    except ValueError as error:
        raise UsageError(f"--speed: {error}") from None


def _check_png(path: Path) -> None:
    """Refuse a screenshot path that cannot be written, before any work is done."""
    from labsim.errors import UsageError

    if path.suffix.lower() != ".png":
        raise UsageError(f"--screenshot must name a .png file (got {str(path)!r})")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            f"cannot write screenshot {str(path)!r}: folder {str(folder)!r} does not exist"
        )
    if path.is_dir():
        raise UsageError(f"cannot write screenshot {str(path)!r}: it is a folder")
    if not _writable(folder) or (path.exists() and not _writable(path)):
        raise UsageError(f"cannot write screenshot {str(path)!r}: permission denied")


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _make_folder(path: Path) -> None:
    from labsim.errors import UsageError

    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create --frames folder {str(path)!r}: {error.strerror}") from None
    if not _writable(path):
        raise UsageError(f"cannot write to --frames folder {str(path)!r}: permission denied")


def _build_lab(file: Path, seed: int | None, assignments: list[str] | None) -> Lab:
    from labsim.engine import Lab

    return Lab(load_checked(file, assignments).scenario, seed=seed)


_NO_PYGAME = (
    "labsim watch needs pygame-ce, which is not installed ({error}); "
    "install the 'ui' extra, e.g. pip install 'labsim[ui]'"
)


def _import_render() -> Any:
    from labsim.errors import UsageError

    try:
        import labsim.render as render
    except ImportError as error:  # pragma: no cover - depends on the install
        raise UsageError(_NO_PYGAME.format(error=error)) from None
    return render

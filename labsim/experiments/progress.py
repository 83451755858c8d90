"""Progress of a study: a live bar on a terminal, a plain line now and then in a log.

The study reports completed replications and the current total (which grows with
``--reps auto``); what is shown, and how often, is this module's business.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO

__all__ = ["BarProgress", "NoProgress", "PlainProgress", "Progress", "make_progress"]

MODES = ("auto", "bar", "plain", "none")


class Progress(Protocol):
    """What a study tells about its progress."""

    def update(self, completed: int, total: int) -> None:
        """Set the replications completed and the total planned."""
        ...

    def advance(self, count: int) -> None:
        """``count`` more replications completed."""
        ...

    def close(self) -> None:
        """The study ended (finished, failed or interrupted)."""
        ...


class NoProgress:
    """Shows nothing."""

    def update(self, completed: int, total: int) -> None:
        """Ignore."""

    def advance(self, count: int) -> None:
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


class PlainProgress:
    """A line such as ``batch: 120/400 replications (30%), 3.1/s, ETA 1m30s`` every so often."""

    def __init__(self, stream: TextIO, interval: float = 10.0, label: str = "batch") -> None:
        self.stream = stream
        self.interval = interval
        self.label = label
        self.completed = 0
        self.total = 0
        self._started = time.monotonic()
        self._base = 0
        self._last = -1.0
        self._shown: tuple[int, int] | None = None

    def update(self, completed: int, total: int) -> None:
        """Set the counts (the first call sets the starting point of the rate)."""
        if self._last < 0:
            self._base = completed
            self._last = self._started = time.monotonic()
        self.completed, self.total = completed, total

    def advance(self, count: int) -> None:
        """Count replications; print a line when ``interval`` seconds have passed."""
        self.completed += count
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._print(now)

    def close(self) -> None:
        """Print the final line."""
        self._print(time.monotonic())

    def _print(self, now: float) -> None:
        if self._shown == (self.completed, self.total):
            return
        self._shown = (self.completed, self.total)
        elapsed = max(now - self._started, 1e-9)
        rate = (self.completed - self._base) / elapsed
        share = self.completed / self.total if self.total else 1.0
        left = self.total - self.completed
        eta = f", ETA {_clock(left / rate)}" if rate > 0 and left > 0 else ""
        print(
            f"{self.label}: {self.completed}/{self.total} replications ({share:.0%}), "
            f"{rate:.3g}/s{eta}",
            file=self.stream,
            flush=True,
        )


class BarProgress:
    """A rich progress bar: replications done, rate and time left."""

    def __init__(self, stream: TextIO, label: str = "batch") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn(f"{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self._task: Any = None
        self._started = time.monotonic()
        self._base = 0
        self._completed = 0

    def update(self, completed: int, total: int) -> None:
        """Set the counts; the bar appears on the first call."""
        if self._task is None:
            self._bar.start()
            self._base = completed
            self._started = time.monotonic()
            self._task = self._bar.add_task("replications", total=total, rate="")
        self._completed = completed
        self._bar.update(self._task, completed=completed, total=total)

    def advance(self, count: int) -> None:
        """Move the bar on."""
        if self._task is None:
            return
        self._completed += count
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = (self._completed - self._base) / elapsed
        self._bar.update(self._task, completed=self._completed, rate=f"{rate:.3g}/s")

    def close(self) -> None:
        """Leave the final bar on screen."""
        if self._task is not None:
            self._bar.stop()


def make_progress(
    mode: str = "auto", stream: TextIO | None = None, interval: float = 10.0
) -> Progress:
    """``bar`` on a terminal, ``plain`` lines otherwise (``auto``), or ``none``.

    Raises:
        ValueError: for an unknown mode.
    """
    out = sys.stderr if stream is None else stream
    if mode == "auto":
        mode = "bar" if out.isatty() else "plain"
    if mode == "bar":
        return BarProgress(out)
    if mode == "plain":
        return PlainProgress(out, interval)
    if mode == "none":
        return NoProgress()
    raise ValueError(f"progress must be one of {', '.join(MODES)} (got {mode!r})")


def _clock(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"

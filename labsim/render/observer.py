"""What the view remembers from the event stream (and nothing the simulation needs).

The engine forgets a trainee once they leave and keeps no per-unit statistics; the view
wants a ticker of recent events, a little history for sparklines, the moment of a rig's
failure for a flash, how each unit has been used, and how a departing trainee left. All of
it is derived from the events the view subscribes to, so attaching a view never changes
the simulation.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from labsim.engine import events as ev
from labsim.engine.metrics import CRITICAL, OVER_TIME, TOO_MANY_ERRORS
from labsim.i18n import N_, tr
from labsim.render.palette import ACCENT, BAD, GOOD, TEXT_DIM, WARN, Colour

if TYPE_CHECKING:
    from labsim.engine import Lab

__all__ = ["History", "LabObserver", "TickerEntry"]

Unit = tuple[str, int]


#: Why an attempt failed (the engine's words) as the catalogue's msgids.
_REASONS = {
    OVER_TIME: N_("over the time limit"),
    CRITICAL: N_("a critical error"),
    TOO_MANY_ERRORS: N_("too many errors"),
}


@dataclass(frozen=True)
class TickerEntry:
    """One line of the event ticker."""

    time: float
    colour: Colour
    text: str
    #: Entries with the same key at the same time are merged ("12 trainees arrived").
    key: str | None = None
    count: int = 1


class History:
    """Samples of a few levels every ``every`` open minutes, for sparklines."""

    def __init__(self, names: list[str], every: float, length: int = 144) -> None:
        self.every = every
        self.length = length
        self.series: dict[str, deque[float]] = {n: deque(maxlen=length) for n in names}
        self._next = 0.0

    def sample(self, open_now: float, values: dict[str, float]) -> bool:
        """Record ``values`` for every sample time passed up to ``open_now``; True if any."""
        if open_now < self._next:
            return False
        missed = int((open_now - self._next) // self.every) + 1
        for _ in range(min(missed, self.length)):
            for name, value in values.items():
                self.series[name].append(value)
        self._next += missed * self.every
        return True


class LabObserver:
    """Subscribes to a lab's events and keeps the view's memory of them."""

    def __init__(self, lab: Lab, ticker_size: int = 60, lang: str = "en") -> None:
        self.lab = lab
        #: The language the ticker's sentences are written in.
        self.lang = lang
        self.open_time = lab.calendar.open_time
        self.ticker: deque[TickerEntry] = deque(maxlen=ticker_size)
        self.left: dict[str, bool] = {}
        self.new_errors: list[tuple[str, bool]] = []
        self.new_failures: list[Unit] = []
        self.failed_at: dict[Unit, float] = {}
        self.busy: dict[Unit, float] = {}
        self.seized: dict[Unit, float] = {}
        self.version = 0
        names = [f"q:{g}" for g in lab.pools] + [f"b:{g}" for g in lab.pools]
        names += ["q:instructors", "b:instructors"]
        self.history = History(names, every=5.0)
        handlers: dict[type[Any], Any] = {
            ev.TraineeArrived: self._arrived,
            ev.RigSeized: self._seized,
            ev.RigReleased: self._released,
            ev.ErrorMade: self._error,
            ev.AttemptFinished: self._attempt,
            ev.TraineeCertified: self._certified,
            ev.TraineeFailedOut: self._failed_out,
            ev.RigFailed: self._rig_failed,
            ev.RigRepaired: self._rig_repaired,
            ev.WarmupEnded: self._warmup,
        }
        for kind, handler in handlers.items():
            lab.subscribe(handler, [kind])

    # -- sampling -----------------------------------------------------------------------------
    def sample(self) -> bool:
        """Add sparkline samples up to now; True when new samples were taken."""
        lab = self.lab
        values: dict[str, float] = {}
        for gid, pool in lab.pools.items():
            values[f"q:{gid}"] = pool.queue_length
            values[f"b:{gid}"] = pool.busy / pool.count
        instructors = lab.instructors
        values["q:instructors"] = instructors.queue_length
        values["b:instructors"] = instructors.busy / instructors.count if instructors.count else 0
        return self.history.sample(self.open_time(lab.now), values)

    def drain(self) -> tuple[list[tuple[str, bool]], list[Unit]]:
        """The errors (trainee, critical) and rig failures since the last call, for flashes."""
        errors, failures = self.new_errors, self.new_failures
        self.new_errors, self.new_failures = [], []
        return errors, failures

    def unit_utilisation(self, unit: Unit) -> float:
        """Share of open time so far that this unit was held by a trainee."""
        now = self.open_time(self.lab.now)
        if now <= 0:
            return 0.0
        busy = self.busy.get(unit, 0.0)
        if unit in self.seized:
            busy += now - self.seized[unit]
        return busy / now

    # -- handlers -----------------------------------------------------------------------------
    def _say(self, time: float, colour: Colour, text: str) -> None:
        self.ticker.appendleft(TickerEntry(time, colour, text))
        self.version += 1

    def _arrived(self, e: ev.TraineeArrived) -> None:
        key = f"arrived:{e.cohort}"
        head = self.ticker[0] if self.ticker else None
        if head is not None and head.key == key and head.time == e.time:
            n = head.count + 1
            text = tr("{n} trainees of {cohort} arrived", self.lang, n=n, cohort=e.cohort)
            self.ticker[0] = TickerEntry(e.time, TEXT_DIM, text, key, n)
            self.version += 1
        else:
            text = tr("{trainee} arrived", self.lang, trainee=e.trainee)
            self.ticker.appendleft(TickerEntry(e.time, TEXT_DIM, text, key))
            self.version += 1

    def _seized(self, e: ev.RigSeized) -> None:
        self.seized[(e.group, e.rig)] = self.open_time(e.time)

    def _released(self, e: ev.RigReleased) -> None:
        self._end_hold((e.group, e.rig), e.time)

    def _end_hold(self, unit: Unit, time: float) -> None:
        start = self.seized.pop(unit, None)
        if start is not None:
            self.busy[unit] = self.busy.get(unit, 0.0) + self.open_time(time) - start

    def _error(self, e: ev.ErrorMade) -> None:
        if len(self.new_errors) < 256:
            self.new_errors.append((e.trainee, e.critical))
        if e.critical:
            rule = f" ({e.rule})" if e.rule else ""
            text = tr(
                "{trainee}: critical error, step {n}", self.lang, trainee=e.trainee, n=e.step + 1
            )
            self._say(e.time, BAD, text + rule)

    def _attempt(self, e: ev.AttemptFinished) -> None:
        if e.passed:
            said = tr(
                "{trainee} passed {procedure}", self.lang, trainee=e.trainee, procedure=e.procedure
            )
            self._say(e.time, GOOD, said)
        else:
            said = tr(
                "{trainee} failed {procedure}: {reason}",
                self.lang,
                trainee=e.trainee,
                procedure=e.procedure,
                reason=tr(_REASONS.get(e.reason, e.reason), self.lang),
            )
            self._say(e.time, WARN, said)

    def _certified(self, e: ev.TraineeCertified) -> None:
        self.left[e.trainee] = True
        self._say(e.time, GOOD, tr("{trainee} certified", self.lang, trainee=e.trainee))

    def _failed_out(self, e: ev.TraineeFailedOut) -> None:
        self.left[e.trainee] = False
        said = tr(
            "{trainee} failed out at {procedure}",
            self.lang,
            trainee=e.trainee,
            procedure=e.procedure,
        )
        self._say(e.time, BAD, said)

    def _rig_failed(self, e: ev.RigFailed) -> None:
        unit = (e.group, e.rig)
        self.failed_at[unit] = e.time
        self.new_failures.append(unit)
        self._end_hold(unit, e.time)
        rig, lang = f"{e.group} #{e.rig + 1}", self.lang
        if e.trainee:
            said = tr("{rig} failed, stopping {trainee}", lang, rig=rig, trainee=e.trainee)
        else:
            said = tr("{rig} failed", lang, rig=rig)
        self._say(e.time, BAD, said)

    def _rig_repaired(self, e: ev.RigRepaired) -> None:
        self._say(e.time, ACCENT, tr("{rig} repaired", self.lang, rig=f"{e.group} #{e.rig + 1}"))

    def _warmup(self, e: ev.WarmupEnded) -> None:
        self._say(e.time, ACCENT, tr("warm-up over: statistics start", self.lang))

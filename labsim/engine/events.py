"""Typed, timestamped events: the spine that metrics, views, replays and records consume.

Events are immutable named tuples (cheap to create). The :class:`EventBus` hands each
kind only to the handlers that asked for it, and the engine asks the bus for a *sink* per
kind once: a kind nobody listens to costs one ``is None`` test and no object at all.
Times are wall-clock simulation minutes; a trainee is named by its id (``cohort-a/007``)
and a rig by its group id and index (``zd6``, 0).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

__all__ = [
    "EVENT_TYPES",
    "AttemptFinished",
    "ErrorMade",
    "Event",
    "EventBus",
    "Handler",
    "InstructorCancelled",
    "InstructorReleased",
    "InstructorRequested",
    "InstructorSeized",
    "RigFailed",
    "RigReleased",
    "RigRepaired",
    "RigRequested",
    "RigSeized",
    "StepFinished",
    "StepInterrupted",
    "StepStarted",
    "TraineeArrived",
    "TraineeCertified",
    "TraineeFailedOut",
    "WarmupEnded",
]


class TraineeArrived(NamedTuple):
    """A trainee entered the lab."""

    time: float
    trainee: str
    cohort: str


class RigRequested(NamedTuple):
    """A trainee asked for a rig of ``group`` (it joins the queue unless one is free)."""

    time: float
    trainee: str
    group: str
    procedure: str


class RigSeized(NamedTuple):
    """A trainee took rig ``rig`` of ``group``, having asked for one at ``requested_at``."""

    time: float
    trainee: str
    group: str
    rig: int
    requested_at: float


class StepStarted(NamedTuple):
    """A trainee began (or began again) a step on a rig."""

    time: float
    trainee: str
    procedure: str
    step: int
    group: str
    rig: int


class StepFinished(NamedTuple):
    """A step ended; ``error`` tells whether it has to be done again (or ends the attempt)."""

    time: float
    trainee: str
    procedure: str
    step: int
    error: bool


class ErrorMade(NamedTuple):
    """A trainee made an error; a critical one ends the attempt as failed."""

    time: float
    trainee: str
    procedure: str
    step: int
    critical: bool
    rule: str | None


class StepInterrupted(NamedTuple):
    """A rig failure stopped a trainee's work; the step restarts on another rig."""

    time: float
    trainee: str
    procedure: str
    step: int
    group: str
    rig: int


class InstructorRequested(NamedTuple):
    """A trainee finished the steps and waits for an instructor's sign-off."""

    time: float
    trainee: str
    procedure: str


class InstructorSeized(NamedTuple):
    """An instructor came to sign a trainee off, who asked for one at ``requested_at``."""

    time: float
    trainee: str
    instructor: int
    requested_at: float


class InstructorCancelled(NamedTuple):
    """A trainee stopped waiting for a sign-off (the rig failed under them)."""

    time: float
    trainee: str
    requested_at: float


class InstructorReleased(NamedTuple):
    """An instructor finished (or broke off) a sign-off begun at ``seized_at``."""

    time: float
    trainee: str
    instructor: int
    seized_at: float


class RigReleased(NamedTuple):
    """A trainee left a rig in working order, having held it since ``seized_at``."""

    time: float
    trainee: str
    group: str
    rig: int
    seized_at: float


class AttemptFinished(NamedTuple):
    """An attempt at a procedure ended; ``work_minutes`` is open time at the rig."""

    time: float
    trainee: str
    procedure: str
    attempt: int
    passed: bool
    errors: int
    work_minutes: float
    reason: str


class TraineeCertified(NamedTuple):
    """A trainee passed every procedure of the plan."""

    time: float
    trainee: str


class TraineeFailedOut(NamedTuple):
    """A trainee used up the attempts at a procedure and left uncertified."""

    time: float
    trainee: str
    procedure: str


class RigFailed(NamedTuple):
    """A rig broke down; ``trainee`` is who was using it (since ``held_since``), if anyone."""

    time: float
    group: str
    rig: int
    trainee: str | None
    held_since: float | None


class RigRepaired(NamedTuple):
    """A broken rig is back in service."""

    time: float
    group: str
    rig: int


class WarmupEnded(NamedTuple):
    """Statistics start here (continuous runs with a warm-up)."""

    time: float


Event = (
    TraineeArrived
    | RigRequested
    | RigSeized
    | StepStarted
    | StepFinished
    | ErrorMade
    | StepInterrupted
    | InstructorRequested
    | InstructorSeized
    | InstructorCancelled
    | InstructorReleased
    | RigReleased
    | AttemptFinished
    | TraineeCertified
    | TraineeFailedOut
    | RigFailed
    | RigRepaired
    | WarmupEnded
)

#: Every event type, in a stable order.
EVENT_TYPES: tuple[type[Any], ...] = (
    TraineeArrived,
    RigRequested,
    RigSeized,
    StepStarted,
    StepFinished,
    ErrorMade,
    StepInterrupted,
    InstructorRequested,
    InstructorSeized,
    InstructorCancelled,
    InstructorReleased,
    RigReleased,
    AttemptFinished,
    TraineeCertified,
    TraineeFailedOut,
    RigFailed,
    RigRepaired,
    WarmupEnded,
)

Handler = Callable[[Any], None]
Sink = Callable[[Any], None] | None


class EventBus:
    """Delivers each kind of event to the handlers that subscribed to it."""

    def __init__(self) -> None:
        self._handlers: dict[type[Any], list[Handler]] = {kind: [] for kind in EVENT_TYPES}
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, handler: Handler, kinds: Iterable[type[Any]] | None = None) -> None:
        """Call ``handler(event)`` for every event of ``kinds`` (default: every kind)."""
        for kind in EVENT_TYPES if kinds is None else kinds:
            if kind not in self._handlers:
                raise ValueError(f"not an event type: {kind!r}")
            self._handlers[kind].append(handler)
        for changed in self._listeners:
            changed()

    def unsubscribe(self, handler: Handler) -> None:
        """Stop delivering events to ``handler``."""
        for handlers in self._handlers.values():
            while handler in handlers:
                handlers.remove(handler)
        for changed in self._listeners:
            changed()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Let the engine re-fetch its sinks when subscriptions change."""
        self._listeners.append(callback)

    def sink(self, kind: type[Any]) -> Sink:
        """The callable to hand ``kind`` events to, or ``None`` when nobody listens."""
        handlers = tuple(self._handlers[kind])
        if not handlers:
            return None
        if len(handlers) == 1:
            return handlers[0]

        def fan_out(event: Any) -> None:
            for handler in handlers:
                handler(event)

        return fan_out


#: The attribute of :class:`Sinks` that carries each kind.
SINK_NAMES: dict[type[Any], str] = {
    TraineeArrived: "arrived",
    RigRequested: "rig_requested",
    RigSeized: "rig_seized",
    StepStarted: "step_started",
    StepFinished: "step_finished",
    ErrorMade: "error_made",
    StepInterrupted: "step_interrupted",
    InstructorRequested: "instructor_requested",
    InstructorSeized: "instructor_seized",
    InstructorCancelled: "instructor_cancelled",
    InstructorReleased: "instructor_released",
    RigReleased: "rig_released",
    AttemptFinished: "attempt_finished",
    TraineeCertified: "certified",
    TraineeFailedOut: "failed_out",
    RigFailed: "rig_failed",
    RigRepaired: "rig_repaired",
    WarmupEnded: "warmup_ended",
}


class Sinks:
    """One attribute per event kind: the bus's sink for it, or ``None`` (nobody listens).

    The engine tests ``if sinks.rig_seized is not None`` before building an event, so an
    unobserved kind costs nothing. It refreshes itself whenever subscriptions change.
    """

    __slots__ = (*SINK_NAMES.values(), "_bus")

    arrived: Sink
    rig_requested: Sink
    rig_seized: Sink
    step_started: Sink
    step_finished: Sink
    error_made: Sink
    step_interrupted: Sink
    instructor_requested: Sink
    instructor_seized: Sink
    instructor_cancelled: Sink
    instructor_released: Sink
    rig_released: Sink
    attempt_finished: Sink
    certified: Sink
    failed_out: Sink
    rig_failed: Sink
    rig_repaired: Sink
    warmup_ended: Sink

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        bus.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Fetch the current sink of every kind from the bus."""
        for kind, name in SINK_NAMES.items():
            setattr(self, name, self._bus.sink(kind))

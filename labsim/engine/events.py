"""Typed, timestamped events: the spine that views, replays, records and tests consume.

Each event type is declared once, below, as an immutable named tuple (cheap to create) with
``@_event``, which lists it in :data:`EVENT_TYPES`. The :class:`EventBus` hands each kind only
to the handlers that asked for it. The engine builds an event only while somebody listens
(``if bus.active``), so an unobserved run pays one attribute test per event and no object.
The run summary does not need events at all: its figures are kept as lab state (see
:mod:`labsim.engine.metrics`).

Times are wall-clock simulation minutes; a trainee is named by its id (``cohort-a/007``)
and a rig by its group id and index (``zd6``, 0).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Protocol, TypeVar

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


class Event(Protocol):
    """What every event has: the simulation time (wall-clock minutes) it happened at."""

    @property
    def time(self) -> float:
        """When it happened."""
        ...


E = TypeVar("E")
#: A subscriber: called with each event of the kinds it subscribed to.
Handler = Callable[[E], None]

_TYPES: list[type[Any]] = []


def _event(kind: type[E]) -> type[E]:
    """Register an event type (in declaration order) so the bus knows it."""
    _TYPES.append(kind)
    return kind


@_event
class TraineeArrived(NamedTuple):
    """A trainee entered the lab."""

    time: float
    trainee: str
    cohort: str


@_event
class RigRequested(NamedTuple):
    """A trainee asked for a rig of ``group`` (it joins the queue unless one is free)."""

    time: float
    trainee: str
    group: str
    procedure: str


@_event
class RigSeized(NamedTuple):
    """A trainee took rig ``rig`` of ``group``, having asked for one at ``requested_at``."""

    time: float
    trainee: str
    group: str
    rig: int
    requested_at: float


@_event
class StepStarted(NamedTuple):
    """A trainee began (or began again) a step on a rig."""

    time: float
    trainee: str
    procedure: str
    step: int
    group: str
    rig: int


@_event
class StepFinished(NamedTuple):
    """A step ended; ``error`` tells whether it has to be done again (or ends the attempt)."""

    time: float
    trainee: str
    procedure: str
    step: int
    error: bool


@_event
class ErrorMade(NamedTuple):
    """A trainee made an error; a critical one ends the attempt as failed."""

    time: float
    trainee: str
    procedure: str
    step: int
    critical: bool
    rule: str | None


@_event
class StepInterrupted(NamedTuple):
    """A rig failure stopped a trainee's work; the step restarts on another rig."""

    time: float
    trainee: str
    procedure: str
    step: int
    group: str
    rig: int


@_event
class InstructorRequested(NamedTuple):
    """A trainee finished the steps and waits for an instructor's sign-off."""

    time: float
    trainee: str
    procedure: str


@_event
class InstructorSeized(NamedTuple):
    """An instructor came to sign a trainee off, who asked for one at ``requested_at``."""

    time: float
    trainee: str
    instructor: int
    requested_at: float


@_event
class InstructorCancelled(NamedTuple):
    """A trainee stopped waiting for a sign-off (the rig failed under them)."""

    time: float
    trainee: str
    requested_at: float


@_event
class InstructorReleased(NamedTuple):
    """An instructor finished (or broke off) a sign-off begun at ``seized_at``."""

    time: float
    trainee: str
    instructor: int
    seized_at: float


@_event
class RigReleased(NamedTuple):
    """A trainee left a rig in working order, having held it since ``seized_at``."""

    time: float
    trainee: str
    group: str
    rig: int
    seized_at: float


@_event
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


@_event
class TraineeCertified(NamedTuple):
    """A trainee passed every procedure of the plan."""

    time: float
    trainee: str


@_event
class TraineeFailedOut(NamedTuple):
    """A trainee used up the attempts at a procedure and left uncertified."""

    time: float
    trainee: str
    procedure: str


@_event
class RigFailed(NamedTuple):
    """A rig broke down; ``trainee`` is who was using it (since ``held_since``), if anyone."""

    time: float
    group: str
    rig: int
    trainee: str | None
    held_since: float | None


@_event
class RigRepaired(NamedTuple):
    """A broken rig is back in service."""

    time: float
    group: str
    rig: int


@_event
class WarmupEnded(NamedTuple):
    """Statistics start here (continuous runs with a warm-up)."""

    time: float


#: Every event type, in a stable order (the order of declaration above).
EVENT_TYPES: tuple[type[Any], ...] = tuple(_TYPES)


class EventBus:
    """Delivers each kind of event to the handlers that subscribed to it.

    ``active`` is true while anybody listens to anything: the engine tests it before it
    builds an event, and hands the event to :meth:`emit`.
    """

    __slots__ = ("_handlers", "active")

    def __init__(self) -> None:
        self._handlers: dict[type[Any], list[Callable[[Any], None]]] = {}
        self.active = False

    def subscribe(self, handler: Handler[E], kinds: Iterable[type[E]] | None = None) -> None:
        """Call ``handler(event)`` for every event of ``kinds`` (default: every kind)."""
        for kind in EVENT_TYPES if kinds is None else kinds:
            if kind not in EVENT_TYPES:
                raise ValueError(f"not an event type: {kind!r}")
            self._handlers.setdefault(kind, []).append(handler)
        self.active = bool(self._handlers)

    def unsubscribe(self, handler: Handler[Any]) -> None:
        """Stop delivering events to ``handler``."""
        for kind, handlers in list(self._handlers.items()):
            while handler in handlers:
                handlers.remove(handler)
            if not handlers:
                del self._handlers[kind]
        self.active = bool(self._handlers)

    def emit(self, event: Any) -> None:
        """Hand ``event`` to the handlers of its kind."""
        for handler in self._handlers.get(type(event), ()):
            handler(event)

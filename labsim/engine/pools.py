"""First-come-first-served pools of rigs and instructors.

A lighter stand-in for ``simpy.Resource`` that knows *which* unit is held and by whom,
which the lab needs: a failing rig must interrupt the trainee on it, and a view must show
who uses which rig. The queue has two parts: trainees whose rig failed under them wait at
the head, first come first served among themselves, ahead of everybody who asked for a
unit in the ordinary way (also first come first served). Taking a free unit costs no SimPy
event at all.
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Any

import simpy

__all__ = ["Pool", "RigPool"]


class Pool:
    """Units ``0..count-1`` handed out FCFS; the lowest-numbered free unit goes first."""

    def __init__(self, env: simpy.Environment, name: str, count: int) -> None:
        self.env = env
        self.name = name
        self.count = count
        self._free = list(range(count))
        self._waiting: deque[tuple[simpy.Event, Any]] = deque()
        self._front: deque[tuple[simpy.Event, Any]] = deque()
        self.holder: list[Any] = [None] * count

    def take(self, who: Any) -> int | None:
        """Take a free unit at once, or ``None`` when all are busy (then :meth:`wait`)."""
        if self._free and not self._waiting and not self._front:
            unit = heapq.heappop(self._free)
            self.holder[unit] = who
            return unit
        return None

    def wait(self, who: Any, front: bool = False) -> simpy.Event:
        """Join the queue; the event's value is the unit granted.

        ``front`` puts ``who`` behind the others waiting at the head (interrupted trainees)
        and ahead of everybody else.
        """
        event = self.env.event()
        (self._front if front else self._waiting).append((event, who))
        return event

    def cancel(self, event: simpy.Event) -> None:
        """Leave the queue (or hand back a unit granted but not yet taken up)."""
        if event.triggered:
            unit = event.value
            assert isinstance(unit, int)
            self.release(unit)
            return
        for queue in (self._front, self._waiting):
            for entry in queue:
                if entry[0] is event:
                    queue.remove(entry)
                    return

    def release(self, unit: int) -> None:
        """Give a unit back: to the head of the queue, or to the free list."""
        self.holder[unit] = None
        self._grant(unit)

    def _grant(self, unit: int) -> None:
        queue = self._front or self._waiting
        if queue:
            event, who = queue.popleft()
            self.holder[unit] = who
            event.succeed(unit)
        else:
            heapq.heappush(self._free, unit)

    @property
    def queue_length(self) -> int:
        """How many wait for a unit."""
        return len(self._front) + len(self._waiting)

    @property
    def queue(self) -> list[Any]:
        """Who waits, head first."""
        return [who for _, who in self._front] + [who for _, who in self._waiting]

    @property
    def busy(self) -> int:
        """How many units are held."""
        return sum(1 for h in self.holder if h is not None)


class RigPool(Pool):
    """A rig group: units can also be out of service (broken, under repair)."""

    def __init__(self, env: simpy.Environment, name: str, count: int) -> None:
        super().__init__(env, name, count)
        self.up = [True] * count

    def take_down(self, unit: int) -> Any:
        """Put a unit out of service; returns who was holding it (they must be told)."""
        self.up[unit] = False
        who = self.holder[unit]
        self.holder[unit] = None
        if who is None and unit in self._free:
            self._free.remove(unit)
            heapq.heapify(self._free)
        return who

    def bring_up(self, unit: int) -> None:
        """Return a repaired unit to service (to the queue's head or the free list)."""
        self.up[unit] = True
        self._grant(unit)

    def release(self, unit: int) -> None:
        """Give a unit back; a unit that broke while held stays out until repaired."""
        if self.up[unit]:
            super().release(unit)
        else:
            self.holder[unit] = None

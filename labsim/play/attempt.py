"""An attempt's pieces: where the person is, each action as judged, the end, the records.

:class:`Recorder` writes the attempt through :class:`~labsim.records.RecordStore`, one
committed write per call, so that a crash loses nothing already done; without a store it
records nowhere (tests, a scripted check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from labsim.appraisal import ScoreCard
from labsim.equipment.base import ParamValue, Reading
from labsim.play.advice import Advice
from labsim.play.judge import Verdict

if TYPE_CHECKING:
    from labsim.records import Attempt, RecordStore

__all__ = ["Entry", "Phase", "Recorder", "SessionEnd"]


class Phase(StrEnum):
    """Where the person is."""

    WAITING = "waiting"
    WORKING = "working"
    FINISHED = "finished"


@dataclass(frozen=True)
class Entry:
    """One action of the person, as judged (the debrief's timeline and the records)."""

    index: int
    minute: float
    action: str
    params: Mapping[str, ParamValue]
    step: int | None
    verdict: Verdict
    reading: Reading | None = None
    notes: tuple[str, ...] = ()
    due: int | None = None
    #: After an error: what to do instead (planned on the rig as the error left it).
    advice: Advice | None = None
    wall: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class SessionEnd:
    """How the session ended: ``passed``, ``failed`` or ``abandoned``, with the score sheet."""

    result: str
    card: ScoreCard | None
    note: str


class Recorder:
    """The attempt's record in the store (or nowhere when there is no store)."""

    def __init__(self, store: RecordStore | None) -> None:
        self.store = store
        self.attempt_id: str | None = None

    def start(self, *, trainee: str, procedure_id: str, **fields: Any) -> list[Attempt]:
        """Start the attempt; returns the trainee's earlier attempts at the procedure.

        Raises:
            RecordsError: the records file is locked, read-only or not labsim's.
        """
        if self.store is None:
            return []
        history = []
        if self.store.path.exists():
            history = self.store.history(trainee, procedure_id)
        self.attempt_id = self.store.start_attempt(
            trainee=trainee, procedure_id=procedure_id, **fields
        )
        return history

    def action(self, entry: Entry, step_id: str | None) -> None:
        """Record one action as judged."""
        if self.store is None or self.attempt_id is None:
            return
        verdict = entry.verdict
        self.store.add_action(
            self.attempt_id,
            action=entry.action,
            sim_minute=entry.minute,
            ok=not verdict.is_error,
            step_id=step_id,
            params=dict(entry.params),
            error_rule=verdict.rule if verdict.is_error else None,
            error_message=verdict.reason if verdict.is_error else None,
            critical=verdict.critical,
            wall_time=entry.wall,
        )

    def hint(self) -> None:
        """Count a hint taken."""
        if self.store is not None and self.attempt_id is not None:
            self.store.add_hint(self.attempt_id)

    def finish(self, result: str, score: float, minutes: float, hints: int) -> None:
        """Close the attempt with its result."""
        if self.store is not None and self.attempt_id is not None:
            self.store.finish_attempt(
                self.attempt_id, result=result, score=score, sim_minutes=minutes, hints_used=hints
            )

    def abandon(self, minutes: float) -> None:
        """Close the attempt as abandoned."""
        if self.store is not None and self.attempt_id is not None:
            self.store.mark_abandoned(self.attempt_id, sim_minutes=minutes)

"""What a replay needs, kept beside each attempt: the seed, the fault, and every input in order.

An attempt's actions (``actions``) say what was judged; a replay needs what was *done*, in
order and with its time: the thinking time at the rig, each action with its parameters,
the tools' settings, hints, an instructor's faults, the moment the person reached a rig.
With the lab's seed and the exercise's fault these replay the attempt exactly (the same
readings, the same feedback, the same score).

Two tables, created the first time an attempt is recorded with them, so databases written
before they existed read as before (their attempts just cannot be replayed):

* ``replay_info``: one row per attempt: seed, fault, the procedure's digest (to tell a
  replay that the procedure has changed since), who acted, and for a take-over the
  attempt taken over and how many of its inputs came first;
* ``replay_inputs``: the inputs, each one committed on its own (a crash loses nothing
  already done).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from labsim.errors import RecordsError
from labsim.records._sqlite import SideTables, connect, translate

__all__ = ["Input", "Recording", "ReplayInfo", "ReplayLog"]

_TABLES: Final = (
    """
CREATE TABLE IF NOT EXISTS replay_info (
    attempt_id       TEXT PRIMARY KEY,
    seed             INTEGER NOT NULL,
    fault            TEXT,
    procedure_digest TEXT NOT NULL,
    session_mode     TEXT NOT NULL,
    actor            TEXT NOT NULL,
    taken_from       TEXT,
    taken_at         INTEGER
)""",
    """
CREATE TABLE IF NOT EXISTS replay_inputs (
    attempt_id TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    minute     REAL NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    PRIMARY KEY (attempt_id, idx)
)""",
)


@dataclass(frozen=True)
class ReplayInfo:
    """How an attempt began: the lab's seed, the fault, the procedure as it was, who acted."""

    seed: int
    fault: str | None
    procedure_digest: str
    session_mode: str
    actor: str
    taken_from: str | None = None
    taken_at: int | None = None


@dataclass(frozen=True)
class Input:
    """One input of an attempt: ``kind`` (think, rig, act, set, hint, fault, end) and data."""

    minute: float
    kind: str
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recording:
    """Everything a replay of one attempt needs."""

    attempt_id: str
    info: ReplayInfo
    inputs: tuple[Input, ...]


class ReplayLog(SideTables):
    """The replay tables of a records database."""

    tables = _TABLES

    def begin(self, attempt_id: str, info: ReplayInfo) -> None:
        """Keep how an attempt began."""
        with self._transaction("record the attempt's seed") as conn:
            conn.execute(
                "INSERT INTO replay_info (attempt_id, seed, fault, procedure_digest,"
                " session_mode, actor, taken_from, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt_id,
                    info.seed,
                    info.fault,
                    info.procedure_digest,
                    info.session_mode,
                    info.actor,
                    info.taken_from,
                    info.taken_at,
                ),
            )

    def add(self, attempt_id: str, item: Input) -> None:
        """Keep one input (committed at once, numbered after the last one kept)."""
        with self._transaction("record an input") as conn:
            conn.execute(
                "INSERT INTO replay_inputs (attempt_id, idx, minute, kind, payload) VALUES"
                " (?, (SELECT coalesce(max(idx) + 1, 0) FROM replay_inputs WHERE attempt_id = ?),"
                " ?, ?, ?)",
                (attempt_id, attempt_id, item.minute, item.kind, json.dumps(dict(item.payload))),
            )

    def recording(self, attempt_id: str) -> Recording:
        """The recording of an attempt.

        Raises:
            RecordsError: the attempt was recorded without one (before replays existed).
        """
        conn = connect(self.path, write=False, timeout=self.timeout)
        try:
            info = conn.execute(
                "SELECT seed, fault, procedure_digest, session_mode, actor, taken_from,"
                " taken_at FROM replay_info WHERE attempt_id = ?",
                (attempt_id,),
            ).fetchone()
            rows = conn.execute(
                "SELECT minute, kind, payload FROM replay_inputs WHERE attempt_id = ? ORDER BY idx",
                (attempt_id,),
            ).fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise translate(error, self.path, "read a replay", self.timeout) from None
            info, rows = None, []
        except sqlite3.Error as error:
            raise translate(error, self.path, "read a replay", self.timeout) from None
        finally:
            conn.close()
        if info is None:
            raise RecordsError(
                f"attempt {attempt_id} was recorded without its inputs (by an older labsim): "
                "it cannot be replayed"
            )
        inputs = tuple(Input(r[0], r[1], json.loads(r[2])) for r in rows)
        return Recording(attempt_id, ReplayInfo(*info), inputs)

"""Attempts to and from table rows: the one place that knows the column layout.

Times are stored as ISO 8601 text in UTC with microseconds (fixed width, so text order is
time order); action parameters as JSON text. Reading a row that does not make a valid
record raises :class:`ValueError` naming the attempt; the store turns it into a
:class:`~labsim.errors.RecordsError`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from labsim.records.model import ActionRecord, Attempt

__all__ = ["close_attempt", "insert_actions", "insert_attempt", "load_attempts", "status_of"]

_ATTEMPT_COLUMNS: Final = (
    "attempt_id, trainee, scenario_name, scenario_file, procedure_id, procedure_title, mode,"
    " language, started_at, ended_at, sim_minutes, status, score, pass_mark, hints_used,"
    " errors, critical_errors, time_limit_min"
)
_ACTION_COLUMNS: Final = (
    "attempt_id, idx, step_id, action, params, sim_minute, wall_time, ok, error_rule,"
    " error_message, critical"
)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="microseconds")


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def insert_attempt(conn: sqlite3.Connection, attempt: Attempt, *, status: str) -> None:
    """Insert an attempt's own row (``status`` is its result, or ``"in_progress"``)."""
    conn.execute(
        f"INSERT INTO attempts ({_ATTEMPT_COLUMNS}) VALUES ({', '.join('?' * 18)})",
        (
            attempt.attempt_id,
            attempt.trainee,
            attempt.scenario_name,
            attempt.scenario_file,
            attempt.procedure_id,
            attempt.procedure_title,
            attempt.mode,
            attempt.language,
            _iso(attempt.started_at),
            _iso(attempt.ended_at),
            attempt.sim_minutes,
            status,
            attempt.score,
            attempt.pass_mark,
            attempt.hints_used,
            attempt.errors,
            attempt.critical_errors,
            attempt.time_limit_min,
        ),
    )


def close_attempt(conn: sqlite3.Connection, attempt: Attempt) -> None:
    """Write the end of an attempt: result, score, counts and end time."""
    conn.execute(
        "UPDATE attempts SET status = ?, score = ?, sim_minutes = ?, hints_used = ?,"
        " errors = ?, critical_errors = ?, ended_at = ? WHERE attempt_id = ?",
        (
            attempt.result,
            attempt.score,
            attempt.sim_minutes,
            attempt.hints_used,
            attempt.errors,
            attempt.critical_errors,
            _iso(attempt.ended_at),
            attempt.attempt_id,
        ),
    )


def insert_actions(
    conn: sqlite3.Connection, attempt_id: str, actions: Sequence[ActionRecord]
) -> None:
    """Insert action rows of one attempt."""
    conn.executemany(
        f"INSERT INTO actions ({_ACTION_COLUMNS}) VALUES ({', '.join('?' * 11)})",
        [
            (
                attempt_id,
                a.index,
                a.step_id,
                a.action,
                json.dumps(a.params, sort_keys=True, ensure_ascii=False),
                a.sim_minute,
                _iso(a.wall_time),
                int(a.ok),
                a.error_rule,
                a.error_message,
                int(a.critical),
            )
            for a in actions
        ],
    )


def status_of(conn: sqlite3.Connection, attempt_id: str) -> str | None:
    """The stored status of an attempt (``"in_progress"`` or a result), None if unknown."""
    row = conn.execute("SELECT status FROM attempts WHERE attempt_id = ?", (attempt_id,)).fetchone()
    return None if row is None else str(row[0])


def _action(row: sqlite3.Row) -> ActionRecord:
    return ActionRecord(
        index=row["idx"],
        step_id=row["step_id"],
        action=row["action"],
        params=json.loads(row["params"]),
        sim_minute=row["sim_minute"],
        wall_time=datetime.fromisoformat(row["wall_time"]),
        ok=bool(row["ok"]),
        error_rule=row["error_rule"],
        error_message=row["error_message"],
        critical=bool(row["critical"]),
    )


def _attempt(row: sqlite3.Row, actions: Sequence[ActionRecord]) -> Attempt:
    status = str(row["status"])
    return Attempt(
        attempt_id=row["attempt_id"],
        trainee=row["trainee"],
        scenario_name=row["scenario_name"],
        scenario_file=row["scenario_file"],
        procedure_id=row["procedure_id"],
        procedure_title=row["procedure_title"],
        mode=row["mode"],
        language=row["language"],
        started_at=datetime.fromisoformat(row["started_at"]),
        ended_at=_when(row["ended_at"]),
        sim_minutes=row["sim_minutes"],
        # An attempt still in progress is one whose session ended without finishing it.
        result="abandoned" if status == "in_progress" else status,
        score=row["score"],
        pass_mark=row["pass_mark"],
        hints_used=row["hints_used"],
        errors=row["errors"],
        critical_errors=row["critical_errors"],
        actions=tuple(actions),
        time_limit_min=row["time_limit_min"],
    )


def load_attempts(conn: sqlite3.Connection, where: str, args: Sequence[object]) -> list[Attempt]:
    """Attempts matching an SQL condition on the attempts table, oldest first, with actions.

    Raises:
        ValueError: a row does not make a valid record (the message names the attempt).
        sqlite3.Error: the database cannot be read.
    """
    actions: dict[str, list[ActionRecord]] = {}
    for row in conn.execute(
        f"SELECT actions.{_ACTION_COLUMNS} FROM actions JOIN attempts USING (attempt_id)"
        f" WHERE {where} ORDER BY attempt_id, idx",
        tuple(args),
    ):
        key = str(row["attempt_id"])
        try:
            actions.setdefault(key, []).append(_action(row))
        except ValueError as error:
            raise ValueError(f"attempt {key} holds an invalid action: {error}") from None
    attempts = []
    for row in conn.execute(
        f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE {where} ORDER BY started_at, attempt_id",
        tuple(args),
    ):
        key = str(row["attempt_id"])
        try:
            attempts.append(_attempt(row, actions.get(key, ())))
        except ValueError as error:
            raise ValueError(f"attempt {key} holds invalid data: {error}") from None
    return attempts

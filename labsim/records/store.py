"""The trainee attempt store: one SQLite file, one committed transaction per write.

A play session calls :meth:`RecordStore.start_attempt` when the trainee reaches the rig,
:meth:`~RecordStore.add_action` for every click, and :meth:`~RecordStore.finish_attempt`
at the end. Each call commits on its own, so a crash or a closed window loses at most the
action being written; an attempt that never finished reads back as "abandoned".

Example::

    with RecordStore(path) as store:
        attempt_id = store.start_attempt(trainee="li", scenario_name="Signal lab",
                                         procedure_id="zd6-check", mode="training",
                                         language="zh", pass_mark=60)
        store.add_action(attempt_id, action="protect", step_id="protect", sim_minute=1.5)
        store.finish_attempt(attempt_id, result="passed", score=100, sim_minutes=11.0)
"""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from labsim.errors import RecordsError
from labsim.records._rows import (
    close_attempt,
    insert_actions,
    insert_attempt,
    load_attempts,
    status_of,
)
from labsim.records._sqlite import connect, default_records_path, transaction, translate
from labsim.records.model import ActionRecord, Attempt

__all__ = ["RecordStore", "default_records_path"]

_HEX = frozenset("0123456789abcdef-")


def _now() -> datetime:
    return datetime.now(UTC)


class RecordStore:
    """Trainee attempts in an SQLite file (created on the first write, never on a read).

    Args:
        path: the database file; None means :func:`default_records_path`.
        timeout: seconds to wait for another program's lock before giving up.
    """

    def __init__(self, path: Path | str | None = None, *, timeout: float = 5.0) -> None:
        self.path = Path(path) if path is not None else default_records_path()
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._writable = False

    def __repr__(self) -> str:
        return f"RecordStore({str(self.path)!r})"

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a later call opens it again)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._writable = False

    # -- connections -------------------------------------------------------------------

    def _connection(self, *, write: bool) -> sqlite3.Connection:
        if self._conn is not None and (self._writable or not write):
            return self._conn
        self.close()
        self._conn = connect(self.path, write=write, timeout=self.timeout)
        self._writable = write
        return self._conn

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One committed write; anything raised inside rolls it back."""
        with transaction(self._connection(write=True), self.path, doing, self.timeout) as conn:
            yield conn

    def _query(self, sql: str, args: Sequence[object], doing: str) -> list[sqlite3.Row]:
        conn = self._connection(write=False)
        try:
            return conn.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as error:
            raise translate(error, self.path, doing, self.timeout) from None

    # -- writing -----------------------------------------------------------------------

    def start_attempt(
        self,
        *,
        trainee: str,
        scenario_name: str,
        procedure_id: str,
        mode: str,
        language: str,
        pass_mark: float,
        scenario_file: str | None = None,
        procedure_title: str | None = None,
        time_limit_min: float | None = None,
        started_at: datetime | None = None,
        attempt_id: str | None = None,
    ) -> str:
        """Record that a trainee began an attempt; returns its id (a new UUID by default).

        Raises:
            ValueError: a value is out of range (a bug in the caller).
            RecordsError: the database cannot be written.
        """
        draft = Attempt(
            attempt_id=attempt_id or str(uuid.uuid4()),
            trainee=trainee,
            scenario_name=scenario_name,
            scenario_file=scenario_file,
            procedure_id=procedure_id,
            procedure_title=procedure_title,
            mode=mode,
            language=language,
            started_at=started_at or _now(),
            ended_at=None,
            sim_minutes=0.0,
            result="abandoned",
            score=0.0,
            pass_mark=pass_mark,
            time_limit_min=time_limit_min,
        )
        with self._transaction("start an attempt") as conn:
            insert_attempt(conn, draft, status="in_progress")
        return draft.attempt_id

    def add_action(
        self,
        attempt_id: str,
        *,
        action: str,
        sim_minute: float,
        ok: bool = True,
        step_id: str | None = None,
        params: dict[str, Any] | None = None,
        error_rule: str | None = None,
        error_message: str | None = None,
        critical: bool = False,
        wall_time: datetime | None = None,
    ) -> ActionRecord:
        """Append one action to an attempt in progress; returns it with its index.

        The attempt's error counts and simulated minutes follow the actions, so an attempt
        cut short still shows how far it got.
        """
        with self._transaction("record an action") as conn:
            self._require_in_progress(conn, attempt_id, "add an action to")
            (count,) = conn.execute(
                "SELECT count(*) FROM actions WHERE attempt_id = ?", (attempt_id,)
            ).fetchone()
            record = ActionRecord(
                index=count,
                step_id=step_id,
                action=action,
                params=params or {},
                sim_minute=sim_minute,
                wall_time=wall_time or _now(),
                ok=ok,
                error_rule=error_rule,
                error_message=error_message,
                critical=critical,
            )
            insert_actions(conn, attempt_id, [record])
            conn.execute(
                "UPDATE attempts SET errors = errors + ?, critical_errors = critical_errors + ?,"
                " sim_minutes = max(sim_minutes, ?) WHERE attempt_id = ?",
                (int(not ok), int(critical), record.sim_minute, attempt_id),
            )
        return record

    def add_hint(self, attempt_id: str) -> int:
        """Count one hint used in an attempt in progress; returns the hints used so far."""
        with self._transaction("record a hint") as conn:
            self._require_in_progress(conn, attempt_id, "add a hint to")
            conn.execute(
                "UPDATE attempts SET hints_used = hints_used + 1 WHERE attempt_id = ?",
                (attempt_id,),
            )
            (hints,) = conn.execute(
                "SELECT hints_used FROM attempts WHERE attempt_id = ?", (attempt_id,)
            ).fetchone()
        return int(hints)

    def finish_attempt(
        self,
        attempt_id: str,
        *,
        result: str,
        score: float,
        sim_minutes: float,
        hints_used: int | None = None,
        errors: int | None = None,
        critical_errors: int | None = None,
        ended_at: datetime | None = None,
    ) -> Attempt:
        """Close an attempt in progress with its result and score; returns the full record.

        ``errors`` and ``critical_errors`` default to the counts of the recorded actions,
        ``hints_used`` to the hints recorded with :meth:`add_hint`.
        """
        return self._close(
            attempt_id,
            "finish",
            result=result,
            score=score,
            sim_minutes=sim_minutes,
            hints_used=hints_used,
            errors=errors,
            critical_errors=critical_errors,
            ended_at=ended_at or _now(),
        )

    def mark_abandoned(
        self,
        attempt_id: str,
        *,
        sim_minutes: float | None = None,
        hints_used: int | None = None,
        ended_at: datetime | None = None,
    ) -> Attempt:
        """Close an attempt in progress as abandoned (the window was closed mid-attempt)."""
        return self._close(
            attempt_id,
            "abandon",
            result="abandoned",
            score=0.0,
            sim_minutes=sim_minutes,
            hints_used=hints_used,
            errors=None,
            critical_errors=None,
            ended_at=ended_at or _now(),
        )

    def save(self, attempt: Attempt) -> None:
        """Store a complete attempt with its actions in one transaction (imports, tests).

        Raises:
            RecordsError: an attempt with this id is already stored, or the file is unusable.
        """
        with self._transaction("save an attempt") as conn:
            if status_of(conn, attempt.attempt_id) is not None:
                raise RecordsError(f"attempt {attempt.attempt_id} is already recorded")
            insert_attempt(conn, attempt, status=attempt.result)
            insert_actions(conn, attempt.attempt_id, attempt.actions)

    def _close(
        self,
        attempt_id: str,
        verb: str,
        *,
        result: str,
        score: float,
        sim_minutes: float | None,
        hints_used: int | None,
        errors: int | None,
        critical_errors: int | None,
        ended_at: datetime,
    ) -> Attempt:
        with self._transaction(f"{verb} an attempt") as conn:
            self._require_in_progress(conn, attempt_id, verb)
            (current,) = self._checked(conn, "attempt_id = ?", [attempt_id])
            closed = dataclasses.replace(
                current,
                result=result,
                score=score,
                sim_minutes=current.sim_minutes if sim_minutes is None else sim_minutes,
                hints_used=current.hints_used if hints_used is None else hints_used,
                errors=current.errors if errors is None else errors,
                critical_errors=(
                    current.critical_errors if critical_errors is None else critical_errors
                ),
                ended_at=ended_at,
            )
            close_attempt(conn, closed)
        return closed

    def _require_in_progress(self, conn: sqlite3.Connection, attempt_id: str, verb: str) -> None:
        status = status_of(conn, attempt_id)
        if status is None:
            raise RecordsError(f"no attempt {attempt_id} in {self.path}")
        if status != "in_progress":
            raise RecordsError(f"cannot {verb} attempt {attempt_id}: it is already {status}")

    # -- reading -----------------------------------------------------------------------

    def attempts(self, trainee: str | None = None, procedure: str | None = None) -> list[Attempt]:
        """Stored attempts, oldest first, optionally of one trainee and/or one procedure."""
        where, args = ["1"], []
        if trainee is not None:
            where.append("trainee = ?")
            args.append(trainee)
        if procedure is not None:
            where.append("procedure_id = ?")
            args.append(procedure)
        return self._load(" AND ".join(where), args)

    def history(self, trainee: str, procedure: str) -> list[Attempt]:
        """A trainee's attempts at one procedure, oldest first (for the debrief comparison)."""
        return self.attempts(trainee=trainee, procedure=procedure)

    def trainees(self) -> list[str]:
        """Every trainee with at least one attempt, sorted."""
        rows = self._query("SELECT DISTINCT trainee FROM attempts", (), "list trainees")
        return sorted(str(row[0]) for row in rows)

    def attempt(self, attempt_id: str) -> Attempt:
        """The attempt with this id, or with this unique id prefix (at least 4 characters).

        Raises:
            RecordsError: no attempt matches, or the prefix matches more than one.
        """
        key = attempt_id.strip().lower()
        if len(key) < 4 or not set(key) <= _HEX:
            raise RecordsError(
                f"{attempt_id!r} is not an attempt id; give the id (or its first 4+ characters)"
                " that `labsim records list` shows"
            )
        found = self._load("attempt_id LIKE ?", [key + "%"])
        if not found:
            raise RecordsError(f"no attempt {attempt_id} in {self.path}")
        exact = [a for a in found if a.attempt_id == key]
        if exact:
            return exact[0]
        if len(found) > 1:
            ids = ", ".join(a.attempt_id for a in found[:5])
            raise RecordsError(f"{attempt_id!r} matches {len(found)} attempts ({ids}); give more")
        return found[0]

    def _load(self, where: str, args: Sequence[object]) -> list[Attempt]:
        conn = self._connection(write=False)
        try:
            return self._checked(conn, where, args)
        except sqlite3.Error as error:
            raise translate(error, self.path, "read attempts", self.timeout) from None

    def _checked(
        self, conn: sqlite3.Connection, where: str, args: Sequence[object]
    ) -> list[Attempt]:
        """Load attempts; a row that is not a valid record is the file's fault, not a bug."""
        try:
            return load_attempts(conn, where, args)
        except ValueError as error:
            raise RecordsError(f"{self.path}: {error}") from None

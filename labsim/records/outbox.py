"""The outbox: xAPI statements waiting in the records database for a learning record store.

Statements are queued once per LRS (``INSERT OR IGNORE`` on the LRS and the statement id,
which is a name-based UUID of the attempt and the verb), each with the exact JSON to send,
and marked sent only after the LRS has answered that it holds them. So a crash, a closed
laptop or a dead server loses nothing and never queues a statement twice; a statement sent
whose answer was lost is sent again, and the LRS recognises its id.

Only attempts that have ended are queued (an attempt still in progress would change its
statements when it ends). The table is created the first time a push needs it, so
databases written before it existed are read as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from labsim.errors import RecordsError
from labsim.records._sqlite import SideTables, connect, translate
from labsim.records.export import attempts_to_xapi
from labsim.records.model import Attempt

__all__ = ["Outbox", "Pending"]

_TABLE: Final = """
CREATE TABLE IF NOT EXISTS outbox (
    lrs          TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    attempt_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    body         TEXT NOT NULL,
    queued_at    TEXT NOT NULL,
    sent_at      TEXT,
    PRIMARY KEY (lrs, statement_id)
)
"""


@dataclass(frozen=True)
class Pending:
    """A statement waiting to be sent."""

    statement_id: str
    body: dict[str, Any]


class Outbox(SideTables):
    """The outbox table of a records database, for one LRS endpoint."""

    tables = (_TABLE,)

    def __init__(self, path: Path, lrs: str, *, timeout: float = 5.0) -> None:
        super().__init__(path, timeout=timeout)
        self.lrs = lrs

    def queue(self, attempts: Sequence[Attempt], homepage: str) -> int:
        """Queue the statements of every ended attempt; returns how many were new.

        Raises:
            RecordsError: a statement is not valid xAPI, or the database cannot be written.
        """
        ended = [a for a in attempts if a.ended_at is not None]
        statements = attempts_to_xapi(ended, homepage)
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._transaction("queue statements") as conn:
            (before,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE lrs = ?", (self.lrs,)
            ).fetchone()
            conn.executemany(
                "INSERT OR IGNORE INTO outbox (lrs, statement_id, attempt_id, seq, body,"
                " queued_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        self.lrs,
                        s["id"],
                        s["context"]["registration"],
                        before + n,
                        json.dumps(s, ensure_ascii=False, sort_keys=True),
                        now,
                    )
                    for n, s in enumerate(statements)
                ],
            )
            (after,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE lrs = ?", (self.lrs,)
            ).fetchone()
        return int(after - before)

    def pending(self, limit: int | None = None) -> list[Pending]:
        """Statements not yet acknowledged by the LRS, in the order they were queued."""
        sql = "SELECT statement_id, body FROM outbox WHERE lrs = ? AND sent_at IS NULL ORDER BY seq"
        args: tuple[object, ...] = (self.lrs,)
        if limit is not None:
            sql += " LIMIT ?"
            args += (limit,)
        with self._transaction("read the outbox") as conn:
            rows = conn.execute(sql, args).fetchall()
        return [Pending(str(r[0]), json.loads(r[1])) for r in rows]

    def mark_sent(self, statement_ids: Sequence[str]) -> None:
        """Record that the LRS holds these statements."""
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._transaction("mark statements sent") as conn:
            conn.executemany(
                "UPDATE outbox SET sent_at = ? WHERE lrs = ? AND statement_id = ?",
                [(now, self.lrs, sid) for sid in statement_ids],
            )

    def preview(self, attempts: Sequence[Attempt], homepage: str) -> tuple[int, int]:
        """Without writing anything: (statements new to the outbox, statements waiting then).

        Raises:
            RecordsError: a statement is not valid xAPI, or the database cannot be read.
        """
        ended = [a for a in attempts if a.ended_at is not None]
        ids = {s["id"] for s in attempts_to_xapi(ended, homepage)}
        try:
            conn = connect(self.path, write=False, timeout=self.timeout)
        except RecordsError:
            if self.path.exists():
                raise
            return len(ids), len(ids)
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'outbox'").fetchone():
                rows = conn.execute(
                    "SELECT statement_id, sent_at FROM outbox WHERE lrs = ?", (self.lrs,)
                ).fetchall()
            else:
                rows = []
        except sqlite3.Error as error:
            raise translate(error, self.path, "read the outbox", self.timeout) from None
        finally:
            conn.close()
        queued = {str(r[0]) for r in rows}
        waiting = sum(r[1] is None for r in rows)
        new = len(ids - queued)
        return new, waiting + new

    def counts(self) -> tuple[int, int]:
        """(sent, waiting) for this LRS."""
        with self._transaction("read the outbox") as conn:
            row = conn.execute(
                "SELECT count(sent_at), count(*) - count(sent_at) FROM outbox WHERE lrs = ?",
                (self.lrs,),
            ).fetchone()
        return int(row[0]), int(row[1])

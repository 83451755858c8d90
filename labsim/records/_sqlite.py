"""Opening a records database safely: identity checks, schema creation, error translation.

A file is only ever written when it is missing, empty, or carries labsim's application id
*and* its ``labsim_meta`` table. Identity is first read from the file header with plain
file I/O, so a stranger's file (another program's SQLite database, a text file) is refused
before SQLite opens it, and stays byte-identical.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, Final, Self

from labsim.errors import RecordsError
from labsim.files import not_regular

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SideTables",
    "connect",
    "default_records_path",
    "transaction",
    "translate",
]

#: ``PRAGMA application_id`` of a labsim records database ("LBSR").
APPLICATION_ID: Final = 0x4C425352
#: The schema this labsim writes and reads.
SCHEMA_VERSION: Final = 1
_APP_NAME: Final = "labsim-records"
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"

_SCHEMA: Final = """
CREATE TABLE labsim_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE attempts (
    attempt_id      TEXT PRIMARY KEY,
    trainee         TEXT NOT NULL,
    scenario_name   TEXT NOT NULL,
    scenario_file   TEXT,
    procedure_id    TEXT NOT NULL,
    procedure_title TEXT,
    mode            TEXT NOT NULL,
    language        TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    sim_minutes     REAL NOT NULL DEFAULT 0,
    status          TEXT NOT NULL
        CHECK (status IN ('in_progress', 'passed', 'failed', 'abandoned')),
    score           REAL NOT NULL DEFAULT 0,
    pass_mark       REAL NOT NULL,
    hints_used      INTEGER NOT NULL DEFAULT 0,
    errors          INTEGER NOT NULL DEFAULT 0,
    critical_errors INTEGER NOT NULL DEFAULT 0,
    time_limit_min  REAL
);
CREATE INDEX attempts_by_trainee ON attempts (trainee, procedure_id, started_at);
CREATE INDEX attempts_by_procedure ON attempts (procedure_id, started_at);
CREATE TABLE actions (
    attempt_id    TEXT NOT NULL REFERENCES attempts (attempt_id),
    idx           INTEGER NOT NULL,
    step_id       TEXT,
    action        TEXT NOT NULL,
    params        TEXT NOT NULL,
    sim_minute    REAL NOT NULL,
    wall_time     TEXT NOT NULL,
    ok            INTEGER NOT NULL,
    error_rule    TEXT,
    error_message TEXT,
    critical      INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, idx)
);
"""


def default_records_path() -> Path:
    r"""Where attempts are stored unless ``--records`` says otherwise: the user's data folder.

    platformdirs knows each system's rule: ``$XDG_DATA_HOME/labsim`` (``~/.local/share/labsim``;
    a relative ``$XDG_DATA_HOME`` is invalid and ignored) on Linux and other Unix,
    ``~/Library/Application Support/labsim`` on macOS, ``%LOCALAPPDATA%\labsim`` on Windows.
    """
    from platformdirs import user_data_path

    return user_data_path("labsim", appauthor=False) / "records.sqlite3"


def translate(error: sqlite3.Error, path: Path, doing: str, timeout: float) -> RecordsError:
    """Turn an SQLite error into a :class:`RecordsError` that says what to do about it."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        message = (
            f"{path} is locked by another program (waited {timeout:g} s while {doing});"
            " close the other labsim window or program using it and try again"
        )
    elif name.startswith("SQLITE_READONLY") or "readonly" in text:
        message = f"{path} is read-only: cannot {doing}; records are left unchanged"
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return RecordsError(
            f"{path} is damaged ({text}); it was left as it is: keep a copy", unusable=path
        )
    elif name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        message = (
            f"cannot open {path} to {doing}: check that the file and its folder are"
            " readable, and writable for recording"
        )
    elif name.startswith("SQLITE_FULL"):
        message = f"the disk holding {path} is full: cannot {doing}"
    else:
        message = f"{path}: cannot {doing}: {text}"
    return RecordsError(message)


@contextmanager
def transaction(
    conn: sqlite3.Connection, path: Path, doing: str, timeout: float
) -> Iterator[sqlite3.Connection]:
    """One committed write on ``conn``; anything raised inside rolls it back.

    Raises:
        RecordsError: SQLite refused (locked, read-only, full...), said in words.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
    except sqlite3.Error as error:
        raise translate(error, path, doing, timeout) from None


class SideTables:
    """Tables a feature keeps beside the attempts in a records database (outbox, replays).

    One connection, opened for writing on first use and kept until :meth:`close`; every
    write is one transaction that first creates the feature's ``tables`` if missing, so a
    database made before the feature existed gains them on its first such write.
    """

    #: The ``CREATE TABLE IF NOT EXISTS`` statements of the feature.
    tables: ClassVar[tuple[str, ...]] = ()

    def __init__(self, path: Path, *, timeout: float = 5.0) -> None:
        self.path, self.timeout = path, timeout
        self._conn: sqlite3.Connection | None = None

    def close(self) -> None:
        """Close the database connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        if self._conn is None:
            self._conn = connect(self.path, write=True, timeout=self.timeout)
        with transaction(self._conn, self.path, doing, self.timeout) as conn:
            try:
                for table in self.tables:
                    conn.execute(table)
            except sqlite3.Error as error:
                raise translate(error, self.path, doing, self.timeout) from None
            yield conn


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(100)
    except OSError as error:
        raise RecordsError(f"cannot read {path}: {error.strerror or error}") from None


def _check_header(path: Path, header: bytes) -> None:
    """Refuse a file that is not a labsim records database, by its header alone."""
    if not header.startswith(_SQLITE_MAGIC):
        raise RecordsError(
            f"{path} is not a labsim records database (not an SQLite file); it was left untouched",
            unusable=path,
        )
    if len(header) < 100:
        raise RecordsError(
            f"{path} is damaged (its SQLite header is cut short); left as it is", unusable=path
        )
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise RecordsError(
            f"{path} is an SQLite database of another program (application id"
            f" {application_id:#x}), not a labsim records database; it was left untouched",
            unusable=path,
        )


def _check_meta(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file whose metadata table is missing or from a newer labsim."""
    try:
        rows = dict(conn.execute("SELECT key, value FROM labsim_meta").fetchall())
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        rows = {}
    if rows.get("application") != _APP_NAME:
        raise RecordsError(
            f"{path} is not a labsim records database (no labsim_meta); it was left untouched",
            unusable=path,
        )
    version = int(rows.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise RecordsError(
            f"{path} was written by a newer labsim (records schema {version}); this labsim"
            f" reads schema {SCHEMA_VERSION}: upgrade labsim to use it"
        )
    if version < 1:
        raise RecordsError(f"{path} has an unknown records schema version {version!r}")


def _open(uri: str, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _create(conn: sqlite3.Connection) -> None:
    """Create the schema in an empty file, unless another process just did."""
    conn.execute("BEGIN EXCLUSIVE")
    try:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany(
                "INSERT INTO labsim_meta (key, value) VALUES (?, ?)",
                [("application", _APP_NAME), ("schema_version", str(SCHEMA_VERSION))],
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise
    # Only after the header holds the application id: WAL lets readers work during a write.
    conn.execute("PRAGMA journal_mode = WAL")


def connect(path: Path, *, write: bool, timeout: float) -> sqlite3.Connection:
    """Open the records database at ``path`` for reading or for writing.

    Reading never creates anything; writing creates the parent folder and the database
    when they are missing. Either way a file that is not labsim's is refused untouched.

    Raises:
        RecordsError: the file is missing (for reading), foreign, damaged, locked or
            read-only (for writing), or from a newer labsim.
    """
    doing = "record attempts" if write else "read attempts"
    fresh = _precheck(path, write=write)
    conn: sqlite3.Connection | None = None
    try:
        if write and fresh and not path.exists() and _initialise(path, timeout):
            fresh = False
            _check_header(path, _header(path))
        uri = path.resolve().as_uri() + ("?mode=rwc" if write else "?mode=ro")
        conn = _open(uri, timeout)
        if write:
            conn.execute("PRAGMA synchronous = FULL")
            if fresh:
                _create(conn)
        else:
            conn = _readable(conn, path, timeout)
        conn.execute("PRAGMA foreign_keys = ON")
        _check_meta(conn, path)
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise translate(error, path, doing, timeout) from None
    except RecordsError:
        if conn is not None:
            conn.close()
        raise
    return conn


def _initialise(path: Path, timeout: float) -> bool:
    """Make a new database beside ``path``, then link it into place in one step.

    The link is the lock: when two sessions start on a fresh path at once, one link wins
    and the other finds the winner's whole database; nobody ever sees an empty file (a
    reader used to be refused with "an empty file" while a writer was creating it).

    Returns:
        False when the file system cannot link (the caller then creates in place).
    """
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.new")
    try:
        conn = _open(temporary.resolve().as_uri() + "?mode=rwc", timeout)
        try:
            _create(conn)
        finally:
            conn.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another session made it first: use theirs
        except OSError:
            return False
        return True
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)


def _precheck(path: Path, *, write: bool) -> bool:
    """Check what can be checked without SQLite; True when the database is still to be made."""
    if path.is_dir():
        raise RecordsError(f"{path} is a folder, not a records database file", unusable=path)
    kind = not_regular(path)
    if kind is not None:  # a pipe or a device would block or never be a database
        raise RecordsError(f"{path} {kind}, not a records database file", unusable=path)
    exists = path.exists()
    if not exists and not write:
        raise RecordsError(f"no attempt records at {path} (nothing has been recorded there yet)")
    fresh = not exists or path.stat().st_size == 0
    if fresh and not write:
        raise RecordsError(f"{path} is an empty file, not a labsim records database yet")
    if not fresh:
        _check_header(path, _header(path))
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RecordsError(
                f"cannot create the folder {path.parent} for attempt records:"
                f" {error.strerror or error}"
            ) from None
    return fresh


def _readable(conn: sqlite3.Connection, path: Path, timeout: float) -> sqlite3.Connection:
    """Return a connection that can read, falling back to ``immutable`` in a read-only folder.

    A WAL database needs its ``-shm`` file; when the folder is read-only and no writer is
    active, SQLite cannot create it, so the file is read as immutable (nobody can be writing
    it: nobody can create the WAL next to it).
    """
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as error:
        name = getattr(error, "sqlite_errorname", "") or ""
        if not name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
            raise
    conn.close()
    immutable = _open(path.resolve().as_uri() + "?mode=ro&immutable=1", timeout)
    immutable.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return immutable

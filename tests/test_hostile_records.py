"""Two or more sessions opening a fresh records database at the same moment.

Each starts the way a play session does (read the trainee's history when the file exists,
then record an attempt). The database is made beside the path and linked into place, so
no session ever sees an empty file, and every attempt is kept.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from records_support import start as start_attempt

from labsim.errors import LabsimError
from labsim.records import RecordStore

SESSIONS = 4
ROUNDS = 4


def _session(path: Path, start: Barrier, results: multiprocessing.Queue[str]) -> None:
    store = RecordStore(path)
    start.wait(timeout=30)  # every session is ready: they open the file together
    try:
        if store.path.exists():
            store.history("li", "zd6-check")
        start_attempt(store, trainee="li", procedure_id="zd6-check")
        results.put("ok")
    except LabsimError as error:
        results.put(f"refused: {error}")


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="starts sessions by fork"
)
def test_sessions_opening_a_fresh_database_at_once_all_record(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(ROUNDS):
        path = tmp_path / f"round{round_}" / "records.sqlite3"
        results: multiprocessing.Queue[str] = context.Queue()
        start = context.Barrier(SESSIONS)
        sessions = [
            context.Process(target=_session, args=(path, start, results)) for _ in range(SESSIONS)
        ]
        for session in sessions:
            session.start()
        for session in sessions:
            session.join(timeout=30)
            assert session.exitcode == 0, "a session hung or crashed"
        outcomes = [results.get(timeout=5) for _ in sessions]
        assert outcomes == ["ok"] * SESSIONS, outcomes
        with RecordStore(path) as store:
            assert len(store.attempts()) == SESSIONS
        leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".")]
        assert leftovers == [], leftovers


def test_a_reader_never_meets_a_half_made_database(tmp_path: Path) -> None:
    path = tmp_path / "records.sqlite3"
    with RecordStore(path) as store:
        start_attempt(store)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sys.platform == "win32" or path.stat().st_nlink == 1  # the temporary name is gone


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_records_path_that_is_a_pipe_or_a_device_is_refused(tmp_path: Path) -> None:
    import os

    from hostile_support import assert_refused, labsim

    os.mkfifo(tmp_path / "fifo.sqlite3")
    (tmp_path / "zero.sqlite3").symlink_to("/dev/zero")
    for name, kind in (("fifo.sqlite3", "named pipe"), ("zero.sqlite3", "character device")):
        outcome = labsim("records", "list", "--records", tmp_path / name, timeout=20)
        assert_refused(outcome, name, kind)

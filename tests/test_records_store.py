"""The attempt store: round trips, the attempt lifecycle, and files it must refuse."""

from __future__ import annotations

import sqlite3
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from records_support import T0, attempts, make_attempt, read_only, start
from typer.testing import CliRunner

from labsim.cli import app
from labsim.errors import RecordsError
from labsim.records import Attempt, RecordStore, default_records_path
from labsim.records._sqlite import APPLICATION_ID, SCHEMA_VERSION


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.sqlite3"


# -- round trips -----------------------------------------------------------------------


def test_saved_attempt_loads_back_equal(db: Path) -> None:
    attempt = make_attempt(started_at=T0.astimezone(), language="zh", procedure_title="ZD6 检修")
    with RecordStore(db) as store:
        store.save(attempt)
    with RecordStore(db) as store:
        assert store.attempt(attempt.attempt_id) == attempt
        assert store.attempts() == [attempt]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(attempts())
def test_any_valid_attempt_round_trips(attempt: Attempt) -> None:
    with tempfile.TemporaryDirectory() as folder, RecordStore(Path(folder) / "r.db") as store:
        store.save(attempt)
        loaded = store.attempt(attempt.attempt_id)
    assert loaded == attempt
    # the same instants, whatever zone they were given in
    assert loaded.started_at == attempt.started_at
    assert [a.wall_time for a in loaded.actions] == [a.wall_time for a in attempt.actions]


def test_lifecycle_start_actions_hints_finish(db: Path) -> None:
    with RecordStore(db) as store:
        attempt_id = start(store, started_at=T0, time_limit_min=20)
        first = store.add_action(attempt_id, action="protect", step_id="s1", sim_minute=2.0)
        store.add_hint(attempt_id)
        second = store.add_action(
            attempt_id,
            action="unlock",
            step_id="s2",
            sim_minute=4.5,
            ok=False,
            error_rule="R-3",
            error_message="unlocked before protection was confirmed",
            critical=True,
            params={"lever": 2},
        )
        assert (first.index, second.index) == (0, 1)
        finished = store.finish_attempt(
            attempt_id,
            result="failed",
            score=0,
            sim_minutes=5.0,
            ended_at=T0 + timedelta(minutes=7),
        )
    with RecordStore(db) as store:
        loaded = store.attempt(attempt_id)
    assert loaded == finished
    assert (loaded.result, loaded.score, loaded.hints_used) == ("failed", 0.0, 1)
    assert (loaded.errors, loaded.critical_errors) == (1, 1)
    assert loaded.time_limit_min == 20.0
    assert [(a.action, a.ok, a.error_rule) for a in loaded.actions] == [
        ("protect", True, None),
        ("unlock", False, "R-3"),
    ]
    assert loaded.actions[1].params == {"lever": 2}


def test_unfinished_attempt_reads_as_abandoned_with_its_progress(db: Path) -> None:
    with RecordStore(db) as store:
        attempt_id = start(store)
        store.add_action(attempt_id, action="protect", sim_minute=3.0)
        store.add_action(attempt_id, action="measure", sim_minute=6.0, ok=False)
    with RecordStore(db) as store:
        loaded = store.attempt(attempt_id)
        assert (loaded.result, loaded.ended_at, loaded.sim_minutes) == ("abandoned", None, 6.0)
        assert loaded.errors == 1 and len(loaded.actions) == 2
        closed = store.mark_abandoned(attempt_id)
        assert closed.result == "abandoned" and closed.ended_at is not None
        assert store.attempt(attempt_id) == closed


def test_closed_attempt_takes_no_more_actions_and_cannot_finish_twice(db: Path) -> None:
    with RecordStore(db) as store:
        attempt_id = start(store)
        store.finish_attempt(attempt_id, result="passed", score=100, sim_minutes=9)
        with pytest.raises(RecordsError, match="already passed"):
            store.add_action(attempt_id, action="late", sim_minute=10)
        with pytest.raises(RecordsError, match="already passed"):
            store.mark_abandoned(attempt_id)
        with pytest.raises(RecordsError, match="no attempt"):
            store.finish_attempt(
                "00000000-0000-4000-8000-000000000000", result="passed", score=1, sim_minutes=1
            )
        assert store.attempt(attempt_id).actions == ()


def test_bad_values_are_refused_and_nothing_is_written(db: Path) -> None:
    with RecordStore(db) as store:
        attempt_id = start(store)
        with pytest.raises(ValueError, match="score must be between 0 and 100"):
            store.finish_attempt(attempt_id, result="passed", score=120, sim_minutes=9)
        with pytest.raises(ValueError, match="result must be one of"):
            store.finish_attempt(attempt_id, result="won", score=80, sim_minutes=9)
        with pytest.raises(ValueError, match="plain JSON"):
            store.add_action(attempt_id, action="x", sim_minute=1, params={"f": object()})
        assert store.attempt(attempt_id).result == "abandoned"  # still in progress
        assert store.attempt(attempt_id).actions == ()
        store.save(attempt := make_attempt())
        with pytest.raises(RecordsError, match="already recorded"):
            store.save(attempt)


def test_queries_filter_and_history_is_chronological(db: Path) -> None:
    saved = [
        make_attempt(trainee="wang", started_at=T0 + timedelta(days=2), ended_at=None,
                     result="abandoned", score=0),
        make_attempt(trainee="li", started_at=T0 + timedelta(days=1)),
        make_attempt(trainee="li", started_at=T0, result="failed", score=40),
        make_attempt(trainee="li", started_at=T0 + timedelta(days=3), procedure_id="zpw-check"),
    ]  # fmt: skip
    with RecordStore(db) as store:
        for attempt in saved:
            store.save(attempt)
        assert store.trainees() == ["li", "wang"]
        assert store.history("li", "zd6-inspection") == [saved[2], saved[1]]
        assert store.attempts(procedure="zpw-check") == [saved[3]]
        assert [a.trainee for a in store.attempts()] == ["li", "li", "wang", "li"]
        assert store.attempts(trainee="nobody") == []


def test_attempt_by_unique_prefix(db: Path) -> None:
    one = make_attempt(attempt_id="abcd1234-0000-4000-8000-000000000001")
    two = make_attempt(attempt_id="abcd9999-0000-4000-8000-000000000002")
    with RecordStore(db) as store:
        store.save(one)
        store.save(two)
        assert store.attempt("ABCD1234") == one
        assert store.attempt(two.attempt_id) == two
        with pytest.raises(RecordsError, match="matches 2 attempts"):
            store.attempt("abcd")
        with pytest.raises(RecordsError, match="not an attempt id"):
            store.attempt("ab%")
        with pytest.raises(RecordsError, match="no attempt ffff"):
            store.attempt("ffff")


# -- where the file lives -----------------------------------------------------------------


def test_default_path_follows_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_records_path() == tmp_path / "data" / "labsim" / "records.sqlite3"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_records_path() == tmp_path / ".local/share/labsim/records.sqlite3"


def test_first_write_creates_missing_folders_and_reads_create_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "records.sqlite3"
    with pytest.raises(RecordsError, match="no attempt records at"):
        RecordStore(db).attempts()
    assert not (tmp_path / "a").exists()
    with RecordStore(db) as store:
        start(store)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


# -- files that are not ours ---------------------------------------------------------------


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, note TEXT)")
    conn.execute("INSERT INTO attempts (note) VALUES ('keep me')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_foreign_sqlite, "SQLite database of another program"),
        (lambda p: p.write_text("trainee,score\nli,90\n"), "not an SQLite file"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20), "cut short"),
    ],
    ids=["other-sqlite", "text", "truncated"],
)
def test_foreign_files_are_refused_and_left_byte_identical(
    db: Path, make: object, message: str
) -> None:
    make(db)  # type: ignore[operator]
    before = db.read_bytes()
    for use in (lambda s: start(s), lambda s: s.attempts(), lambda s: s.trainees()):
        with RecordStore(db) as store, pytest.raises(RecordsError, match=message):
            use(store)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


def test_sqlite_with_our_id_but_no_meta_is_refused(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with RecordStore(db) as store, pytest.raises(RecordsError, match="no labsim_meta"):
        start(store)
    assert db.read_bytes() == before


def test_newer_schema_is_refused_not_migrated(db: Path) -> None:
    with RecordStore(db) as store:
        start(store)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE labsim_meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with RecordStore(db) as store, pytest.raises(RecordsError, match=r"newer labsim.*schema 99"):
        store.attempts()


def test_damaged_database_gives_records_error(db: Path) -> None:
    with RecordStore(db) as store:
        for trainee in ("li", "wang", "zhao"):
            store.save(make_attempt(trainee=trainee, procedure_title="x" * 2000))
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page after the first is garbage
    db.write_bytes(bytes(data))
    with RecordStore(db) as store, pytest.raises(RecordsError, match="damaged"):
        store.attempts()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match="is a folder, not a records database file") as caught:
        RecordStore(tmp_path).attempts()
    assert caught.value.unusable == tmp_path and "--" not in str(caught.value)
    text = tmp_path / "notes.sqlite3"
    text.write_text("mine")
    result = CliRunner().invoke(app, ["records", "list", "--records", str(text)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        f"error: {text} is not a labsim records database (not an SQLite file); it was left "
        "untouched; --records FILE chooses another records file"
    ) in result.output
    assert text.read_text() == "mine"


# -- read-only and locked --------------------------------------------------------------------


def test_read_only_file_still_lists_but_refuses_writes(db: Path) -> None:
    with RecordStore(db) as store:
        store.save(saved := make_attempt())
        open_id = start(store)
    before = db.read_bytes()
    with read_only(db):
        with RecordStore(db, timeout=0.2) as store:
            assert [a.attempt_id for a in store.attempts()] == [saved.attempt_id, open_id]
            with pytest.raises(RecordsError, match="read-only"):
                start(store)
            with pytest.raises(RecordsError, match="read-only"):
                store.finish_attempt(open_id, result="passed", score=90, sim_minutes=3)
            assert store.attempt(open_id).result == "abandoned"
        assert db.read_bytes() == before


def test_read_only_folder_still_lists_but_refuses_writes(db: Path) -> None:
    with RecordStore(db) as store:
        store.save(saved := make_attempt())
    with read_only(db.parent), RecordStore(db, timeout=0.2) as store:
        assert store.attempts() == [saved]
        with pytest.raises(RecordsError, match=r"cannot open .* to record attempts"):
            start(store)


def test_locked_database_gives_a_clear_error_within_the_timeout(db: Path) -> None:
    with RecordStore(db) as store:
        store.save(saved := make_attempt())
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing and does not let go
    try:
        with RecordStore(db, timeout=0.3) as store:
            began = time.monotonic()
            with pytest.raises(RecordsError, match="locked by another program"):
                start(store)
            assert 0.25 <= time.monotonic() - began < 3.0
            assert store.attempts() == [saved]  # WAL: reading goes on meanwhile
    finally:
        other.rollback()
        other.close()


def test_a_short_lock_is_waited_out(db: Path) -> None:
    with RecordStore(db) as store:
        start(store)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.2, other.rollback)
    release.start()
    try:
        with RecordStore(db, timeout=5.0) as store:
            start(store, trainee="wang")
            assert store.trainees() == ["li.wei", "wang"]
    finally:
        release.join()
        other.close()


def test_exclusively_locked_database_blocks_reading_with_a_clear_error(db: Path) -> None:
    with RecordStore(db) as store:
        store.save(saved := make_attempt())
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")  # e.g. a database tool holding the file
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE attempts SET score = 1")
    try:
        with RecordStore(db, timeout=0.2) as store, pytest.raises(RecordsError, match="locked"):
            store.attempts()
    finally:
        other.rollback()
        other.close()
    assert RecordStore(db).attempts() == [saved]

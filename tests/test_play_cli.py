"""``labsim play`` through the CLI: bad input, records that must not be touched, a killed run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from play_support import SCENARIOS, play_command, shipped

from labsim.errors import RecordsError
from labsim.play import PlaySession, SessionOptions
from labsim.play.demo import run_demo
from labsim.records import RecordStore

ZD6 = str(SCENARIOS / "zd6-practice.yaml")


def _headless_play(records: Path, procedure: str, *extra: str) -> subprocess.Popen[bytes]:
    """``labsim play`` in a window on SDL's dummy driver (asked for on purpose, so the
    display check lets it run), as a separate process that a test can kill."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    command = [sys.executable, "-m", "labsim", "play", ZD6, "-p", procedure]
    return subprocess.Popen(
        [*command, *extra, "--records", str(records)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


#: The obstruction test's demonstration, headless, in Chinese.
CHINESE_DEMO = (ZD6, "-p", "zd6-obstruction-test", "--demo", "--headless", "--lang", "zh")


def test_an_unknown_procedure_lists_the_procedures(tmp_path: Path) -> None:
    records = str(tmp_path / "r.db")
    code, out = play_command(ZD6, "--procedure", "zd6-electric", "--records", records)
    assert code == 2
    assert "error: --procedure zd6-electric: no such procedure in" in out and "did you mean" in out
    assert "zd6-electrical-test" in out and "zd6-fault-finding" in out
    assert not (tmp_path / "r.db").exists()
    # one error, its list of procedures indented under it (not an 'error:' per procedure)
    assert not [line for line in out.splitlines() if line.startswith("error:  ")], out


def test_without_a_procedure_the_procedures_are_listed() -> None:
    code, out = play_command(ZD6)
    assert code == 2 and "--procedure is needed" in out and "zd6-obstruction-test" in out


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--mode", "exam", "--mode must be"),
        ("--lang", "xx", "no interface catalogue for 'xx'"),
        ("--lang", "zh+th+ru", "one language or two"),
        ("--fault", "melted", "has no fault 'melted'"),
    ],
)
def test_bad_options_are_refused(tmp_path: Path, option: str, value: str, message: str) -> None:
    records = tmp_path / "r.db"
    code, out = play_command(
        ZD6, "-p", "zd6-electrical-test", option, value, "--records", str(records)
    )
    assert code == 2 and message in out
    assert not records.exists()


def test_a_file_that_is_not_a_labsim_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE grades (name TEXT, grade INT)")
        conn.execute("INSERT INTO grades VALUES ('li', 90)")
    before = other.read_bytes()
    code, out = play_command(
        ZD6, "-p", "zd6-electrical-test", "--headless", "--demo", "--records", str(other)
    )
    assert code == 2 and "not a labsim records database" in out
    assert other.read_bytes() == before


def test_a_locked_database_is_a_clear_message(tmp_path: Path) -> None:
    records = tmp_path / "records.sqlite3"
    store = RecordStore(records)
    store.start_attempt(
        trainee="a",
        scenario_name="s",
        procedure_id="p",
        mode="training",
        language="en",
        pass_mark=60,
    )
    store.close()
    holder = sqlite3.connect(records, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, out = play_command(
            ZD6, "-p", "zd6-electrical-test", "--headless", "--demo", "--records", str(records)
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and "locked" in out
    assert len(RecordStore(records).attempts()) == 1


def test_a_headless_demo_writes_its_record_frames_and_screenshot(tmp_path: Path) -> None:
    records, frames, shot = tmp_path / "r.db", tmp_path / "frames", tmp_path / "end.png"
    code, out = play_command(
        *CHINESE_DEMO,
        "--records",
        str(records),
        "--frames",
        str(frames),
        "--screenshot",
        str(shot),
    )
    assert code == 0, out
    assert "通过 100/100（合格线 60" in out  # the summary speaks the session's language
    assert "符合合格要求）·" in out  # the verdict as a clause: no full stop inside the brackets
    (attempt,) = RecordStore(records).attempts(trainee="demo")
    assert (attempt.mode, attempt.result, attempt.score) == ("demo", "passed", 100.0)
    pictures = sorted(frames.glob("frame_*.png"))
    assert (
        len(pictures)
        > 2 * len(shipped("zd6-practice.yaml").procedure("zd6-obstruction-test").steps) - 5
    )
    assert shot.stat().st_size > 10_000


def test_a_killed_session_leaves_every_earlier_attempt_readable(tmp_path: Path) -> None:
    records = tmp_path / "records.sqlite3"
    store = RecordStore(records)
    for procedure in ("zd6-electrical-test", "zd6-obstruction-test"):
        earlier = PlaySession(
            shipped("zd6-practice.yaml"),
            procedure,
            SessionOptions(store=store, trainee="zhao", demo=True),
        )
        earlier.begin()
        run_demo(earlier)
    store.close()
    child = _headless_play(records, "zd6-fault-finding", "--trainee", "zhao")
    try:
        deadline = time.monotonic() + 30
        while len(RecordStore(records).attempts()) < 3:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the session never started its attempt"
            time.sleep(0.1)
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=10)
    attempts = RecordStore(records).attempts(trainee="zhao")
    assert [(a.procedure_id, a.result) for a in attempts] == [
        ("zd6-electrical-test", "passed"),
        ("zd6-obstruction-test", "passed"),
        ("zd6-fault-finding", "abandoned"),
    ]
    assert attempts[-1].ended_at is None
    assert all(len(a.actions) > 5 for a in attempts[:2])


def _has_attempt(records: Path) -> bool:
    """Whether the session has stored its attempt (a file still being created is not yet)."""
    try:
        return records.exists() and bool(RecordStore(records).attempts())
    except RecordsError:
        return False


def test_sigterm_stores_the_attempt_as_abandoned(tmp_path: Path) -> None:
    records = tmp_path / "records.sqlite3"
    child = _headless_play(records, "zd6-electrical-test")
    try:
        deadline = time.monotonic() + 30
        while not _has_attempt(records):
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        child.send_signal(signal.SIGTERM)
        try:
            out, err = child.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = child.communicate()
            pytest.fail(f"still running 30 s after SIGTERM; it said: {err.decode()[-2000:]}")
    finally:
        if child.poll() is None:  # never leave a session running behind a failed test
            child.kill()
            child.wait()
    (attempt,) = RecordStore(records).attempts()
    assert attempt.result == "abandoned" and attempt.ended_at is not None, (out, err)


def test_without_a_cjk_font_chinese_falls_back_to_english_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.render import fonts

    real = fonts.font_file
    monkeypatch.setattr(fonts, "font_file", lambda s, b=False: None if s == "han" else real(s, b))
    records = tmp_path / "r.db"
    code, out = play_command(*CHINESE_DEMO, "--records", str(records))
    assert code == 0, out
    assert "no Han font found" in out and "fonts-noto-cjk" in out and "showing English" in out
    (attempt,) = RecordStore(records).attempts()
    assert attempt.language == "en"

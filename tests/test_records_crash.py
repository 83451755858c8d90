"""A session killed with SIGKILL leaves a readable database with every finished attempt."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from labsim.records import RecordStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

# Finishes two attempts, starts a third and then records actions as fast as it can, so
# that the kill lands at an arbitrary point, most likely inside a write.
_SESSION = textwrap.dedent(
    """
    import sys
    from labsim.records import RecordStore

    store = RecordStore(sys.argv[1])
    common = dict(scenario_name="Signal lab", procedure_id="zd6", mode="training",
                  language="en", pass_mark=60)
    for trainee, result in (("li", "passed"), ("wang", "failed")):
        done = store.start_attempt(trainee=trainee, **common)
        store.add_action(done, action="protect", sim_minute=1.0)
        store.finish_attempt(done, result=result, score=80 if result == "passed" else 20,
                             sim_minutes=9.0)
    live = store.start_attempt(trainee="zhao", **common)
    print(live, flush=True)
    minute = 0.0
    while True:
        minute += 0.25
        store.add_action(live, action="turn", sim_minute=minute, params={"n": minute})
        if minute == 2.0:
            print("busy", flush=True)
    """
)

# Holds a write transaction open (an attempt row not yet committed) until killed.
_OPEN_TRANSACTION = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE attempts SET trainee = 'overwritten'")
    conn.execute("DELETE FROM actions")
    print("holding", flush=True)
    time.sleep(60)
    """
)


def _run_until(script: str, db: Path, lines: int, pause: float = 0.0) -> list[str]:
    """Start ``script``, read ``lines`` lines from it, wait ``pause`` s, then SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        said = [child.stdout.readline().strip() for _ in range(lines)]
        if not all(said):
            raise AssertionError(f"session failed: {child.stderr.read() if child.stderr else ''}")
        time.sleep(pause)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return said


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("pause", [0.0, 0.05, 0.2])
def test_killed_session_keeps_finished_attempts_and_reads_the_live_one_as_abandoned(
    tmp_path: Path, pause: float
) -> None:
    db = tmp_path / "records.sqlite3"
    live_id, _ = _run_until(_SESSION, db, 2, pause)
    with RecordStore(db, timeout=1.0) as store:
        found = {a.trainee: a for a in store.attempts()}
        assert sorted(found) == ["li", "wang", "zhao"]
        assert (found["li"].result, found["li"].score) == ("passed", 80.0)
        assert (found["wang"].result, found["wang"].score) == ("failed", 20.0)
        assert len(found["li"].actions) == 1 and found["li"].ended_at is not None
        live = found["zhao"]
        assert (live.attempt_id, live.result, live.ended_at) == (live_id, "abandoned", None)
        # every committed action is whole and in order (Attempt checks the indices)
        assert len(live.actions) >= 8
        assert [a.sim_minute for a in live.actions] == [
            0.25 * (i + 1) for i in range(len(live.actions))
        ]
        assert live.sim_minutes == live.actions[-1].sim_minute
        # and the file is usable again at once: no stale lock, no damage
        closed = store.mark_abandoned(live_id)
        assert closed.result == "abandoned" and closed.ended_at is not None
        store.start_attempt(
            trainee="zhao", scenario_name="Signal lab", procedure_id="zd6", mode="training",
            language="en", pass_mark=60,
        )  # fmt: skip
    assert _integrity(db) == "ok"


def test_transaction_left_open_by_a_killed_program_is_rolled_back(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    with RecordStore(db) as store:
        first = store.start_attempt(
            trainee="li", scenario_name="Signal lab", procedure_id="zd6", mode="assessment",
            language="zh", pass_mark=60,
        )  # fmt: skip
        store.add_action(first, action="protect", sim_minute=1)
        store.finish_attempt(first, result="passed", score=95, sim_minutes=10)
        before = store.attempts()
    _run_until(_OPEN_TRANSACTION, db, 1)
    with RecordStore(db, timeout=0.5) as store:
        assert store.attempts() == before
        store.add_hint(store.start_attempt(
            trainee="wang", scenario_name="Signal lab", procedure_id="zd6", mode="training",
            language="zh", pass_mark=60,
        ))  # fmt: skip
        assert store.trainees() == ["li", "wang"]
    assert _integrity(db) == "ok"

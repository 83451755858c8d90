"""Pushing records to a real learning record store (ralph), through kills and restarts."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from lrs_support import PASSWORD, USER, RalphLrs, ralph_executable, validate_with_ralph
from play_support import SCENARIOS
from typer.testing import CliRunner

from labsim.cli import app
from labsim.cohort.simulate import SimulationPlan, simulate_attempts
from labsim.commands._common import load_checked
from labsim.errors import SettingError
from labsim.records import RecordStore
from labsim.records.export import attempts_to_xapi
from labsim.records.lrs import Credentials, LrsClient, push_outbox, statements_url
from labsim.records.outbox import Outbox

RALPH = ralph_executable()
needs_ralph = pytest.mark.skipif(
    RALPH is None,
    reason="ralph's LRS is not installed (.ci/run makes .ralph-venv; or set LABSIM_RALPH)",
)
ENV = {"LABSIM_LRS_USER": USER, "LABSIM_LRS_PASSWORD": PASSWORD}


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A records database with 12 simulated attempts (passed, failed) at a ZD6 procedure."""
    db = tmp_path_factory.mktemp("records") / "r.sqlite3"
    scenario = load_checked(SCENARIOS / "zd6-practice.yaml").scenario
    with RecordStore(db) as store:
        plan = SimulationPlan("zd6-obstruction-test", 4, 3, "novice", seed=2)
        simulate_attempts(scenario, plan, store)
    return db


@pytest.fixture(scope="module")
def auth_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ralph's credentials file, written once by ``ralph auth`` (bcrypt takes a while)."""
    assert RALPH is not None
    folder = tmp_path_factory.mktemp("ralph-auth")
    RalphLrs(RALPH, folder).add_user()
    return folder / "auth.json"


@pytest.fixture
def lrs(tmp_path: Path, auth_file: Path) -> Iterator[RalphLrs]:
    assert RALPH is not None
    server = RalphLrs(RALPH, tmp_path)
    shutil.copy(auth_file, tmp_path / "auth.json")
    server.start()
    try:
        yield server
    finally:
        server.kill()


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.sqlite3"
    source = sqlite3.connect(db)
    with sqlite3.connect(target) as out:
        source.backup(out)
    source.close()
    return target


def _push(db: Path, endpoint: str, *extra: str) -> str:
    result = CliRunner().invoke(
        app,
        ["records", "push", "--lrs", endpoint, "--records", str(db), "--include", "simulated",
         *extra],
        env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


@needs_ralph
def test_every_exported_statement_is_valid_for_ralphs_xapi_model(
    records: Path, tmp_path: Path
) -> None:
    assert RALPH is not None
    statements = attempts_to_xapi(RecordStore(records).attempts())
    assert validate_with_ralph(RALPH, statements, tmp_path) == f"valid {len(statements)}"


@needs_ralph
def test_push_then_push_again_stores_each_statement_once(
    records: Path, lrs: RalphLrs, tmp_path: Path
) -> None:
    db = _copy(records, tmp_path)
    expected = {s["id"] for s in attempts_to_xapi(RecordStore(db).attempts())}
    first = _push(db, lrs.endpoint, "--batch", "10")
    assert f"{len(expected)} statements sent" in first
    again = _push(db, lrs.endpoint)
    assert "0 statements sent" in again and "0 newly queued" in again
    held = Counter(s["id"] for s in lrs.statements())
    assert set(held) == expected and set(held.values()) == {1}


@needs_ralph
def test_server_killed_mid_push_and_restarted_holds_each_statement_once(
    records: Path, lrs: RalphLrs, tmp_path: Path
) -> None:
    db = _copy(records, tmp_path)
    attempts = RecordStore(db).attempts()
    expected = {s["id"] for s in attempts_to_xapi(attempts)}
    url = statements_url(lrs.endpoint)
    waits: list[float] = []
    client = LrsClient(
        lrs.endpoint, Credentials(USER, PASSWORD), retries=2, backoff=0.1, sleep=waits.append
    )
    batches: list[int] = []

    def kill_after_two(sent: int, total: int) -> None:
        batches.append(sent)
        if len(batches) == 2:
            lrs.kill()

    with Outbox(db, url) as outbox:
        assert outbox.queue(attempts, "https://labsim.invalid") == len(expected)
        with pytest.raises(Exception, match="did not take the statements after 3 tries"):
            push_outbox(outbox, client, batch=7, progress=kill_after_two)
        assert waits == [0.1, 0.2]  # backoff doubles
        sent, waiting = outbox.counts()
        assert (sent, waiting) == (14, len(expected) - 14)
        # the answer to the last batch before the kill was lost: it will be sent again
        conn = sqlite3.connect(db)
        with conn:
            conn.execute(
                "UPDATE outbox SET sent_at = NULL WHERE statement_id IN"
                " (SELECT statement_id FROM outbox ORDER BY seq LIMIT 7 OFFSET 7)"
            )
        conn.close()
    lrs.start()
    output = _push(db, lrs.endpoint, "--batch", "7")
    assert f"{len(expected) - 7} statements sent" in output
    assert "7 already held by the LRS" in output
    held = Counter(s["id"] for s in lrs.statements())
    assert set(held) == expected and set(held.values()) == {1}
    print(f"LRS round trip: {len(expected)} statements queued, 14 sent before the kill, "
          f"{len(expected) - 7} after the restart (7 repeats recognised), "
          f"LRS holds {sum(held.values())} = {len(held)} distinct")  # fmt: skip


@needs_ralph
def test_wrong_password_is_refused_and_nothing_is_marked(
    records: Path, lrs: RalphLrs, tmp_path: Path
) -> None:
    db = _copy(records, tmp_path)
    result = CliRunner().invoke(
        app,
        ["records", "push", "--lrs", lrs.endpoint, "--records", str(db), "--include", "simulated"],
        env={"LABSIM_LRS_USER": USER, "LABSIM_LRS_PASSWORD": "wrong"},
    )
    assert result.exit_code == 2
    assert "refused the credentials of 'lab'" in result.output
    assert "wrong" not in result.output
    with Outbox(db, statements_url(lrs.endpoint)) as outbox:
        assert outbox.counts()[0] == 0


def test_dry_run_sends_and_stores_nothing(records: Path, tmp_path: Path) -> None:
    db = _copy(records, tmp_path)
    before = db.read_bytes()
    output = _push(db, "http://127.0.0.1:9/xAPI", "--dry-run")
    assert "dry run: 36 new statements of 12 attempts" in output
    assert "(nothing sent)" in output
    assert db.read_bytes() == before


def test_credentials_never_come_from_the_command_line(records: Path) -> None:
    result = CliRunner().invoke(
        app, ["records", "push", "--lrs", "http://127.0.0.1:9/xAPI", "--records", str(records)]
    )
    assert result.exit_code == 2
    assert "LABSIM_LRS_USER and LABSIM_LRS_PASSWORD" in result.output
    bad = CliRunner().invoke(
        app, ["records", "push", "--lrs", "ftp://x", "--records", str(records)]
    )
    assert bad.exit_code == 2
    assert "error: --lrs ftp://x: give the LRS's xAPI endpoint as an http(s) URL" in bad.output
    with pytest.raises(SettingError) as caught:
        statements_url("ftp://x")
    assert (caught.value.setting, caught.value.value) == ("endpoint", "ftp://x")
    args = ["records", "push", "--lrs", "http://x/xAPI", "--records", str(records), "--dry-run"]
    zero = CliRunner().invoke(app, [*args, "--batch", "0"])
    assert zero.exit_code == 2 and "--batch must be at least 1" in zero.output


def test_unreachable_lrs_keeps_everything_queued(records: Path, tmp_path: Path) -> None:
    db = _copy(records, tmp_path)
    url = "http://127.0.0.1:9/xAPI/"
    client = LrsClient(url, Credentials("a", "b"), retries=1, backoff=0.0, sleep=lambda s: None)
    with Outbox(db, statements_url(url)) as outbox:
        outbox.queue(RecordStore(db).attempts(), "https://labsim.invalid")
        outbox.queue(RecordStore(db).attempts(), "https://labsim.invalid")  # queued once
        with pytest.raises(Exception, match="after 2 tries"):
            push_outbox(outbox, client)
        assert outbox.counts() == (0, 36)


@needs_ralph
def test_a_conflicting_repeat_is_sent_one_by_one_and_counts_as_held(
    records: Path, lrs: RalphLrs, tmp_path: Path
) -> None:
    """The LRS rejects a whole batch when one id is held with other content (409)."""
    db = _copy(records, tmp_path)
    url = statements_url(lrs.endpoint)
    client = LrsClient(lrs.endpoint, Credentials(USER, PASSWORD), retries=0)
    attempts = RecordStore(db).attempts()
    with Outbox(db, url) as outbox:
        outbox.queue(attempts[:2], "https://labsim.invalid")  # 6 statements
        push_outbox(outbox, client)
        outbox.queue(attempts[2:4], "https://labsim.invalid")  # 6 more, not yet sent
    conn = sqlite3.connect(db)
    with conn:  # one statement already held comes back with other content
        first = conn.execute("SELECT statement_id, body FROM outbox ORDER BY seq").fetchone()
        conn.execute(
            "UPDATE outbox SET sent_at = NULL, body = ? WHERE statement_id = ?",
            (first[1].replace("labsim.invalid", "other.invalid"), first[0]),
        )
    conn.close()
    with Outbox(db, url) as outbox:
        report = push_outbox(outbox, client, batch=50)
        assert (report.sent, report.duplicates) == (7, 1)
        assert outbox.counts() == (12, 0)
    held = Counter(s["id"] for s in lrs.statements())
    assert len(held) == 12 and set(held.values()) == {1}

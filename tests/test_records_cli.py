"""``labsim records list|show|export`` through the CLI runner: output and error paths."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
import typer
from records_support import T0, make_action, make_attempt
from typer.testing import CliRunner, Result

from labsim.commands.records import register
from labsim.records import Attempt, RecordStore, validate_statement
from labsim.records.export import attempt_summary, attempt_to_dict


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Stand-in for the labsim app."""

    register(app)
    return app


APP = _app()


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(APP, list(args), env={"COLUMNS": "160", **(env or {})})


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, list[Attempt]]:
    db = tmp_path / "records.sqlite3"
    attempts = [
        make_attempt(trainee="li.wei"),
        make_attempt(
            trainee="王芳",
            started_at=T0 + timedelta(hours=1),
            result="failed",
            score=0,
            errors=1,
            critical_errors=1,
            actions=(
                make_action(0, action="protect", params={}),
                make_action(
                    1,
                    action="unlock",
                    ok=False,
                    critical=True,
                    error_rule="no-protection",
                    error_message="unlocked the point before [bold]protection[/]",
                ),
            ),
        ),
    ]
    with RecordStore(db) as store:
        for attempt in attempts:
            store.save(attempt)
    return db, attempts


def _clean(result: Result, code: int) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.output


def test_list_table_shows_each_attempt(saved: tuple[Path, list[Attempt]]) -> None:
    db, attempts = saved
    result = run("records", "list", "--records", str(db))
    _clean(result, 0)
    lines = result.stdout.splitlines()
    rows = [line for line in lines if line.startswith((attempts[0].attempt_id[:8],
                                                        attempts[1].attempt_id[:8]))]  # fmt: skip
    assert len(rows) == 2
    assert "li.wei" in rows[0] and "passed" in rows[0] and "92" in rows[0]
    assert "王芳" in rows[1] and "failed" in rows[1] and "veto" in rows[1]


def test_list_json_filters_by_trainee(saved: tuple[Path, list[Attempt]]) -> None:
    db, attempts = saved
    result = run("records", "list", "--records", str(db), "--format", "json")
    _clean(result, 0)
    assert json.loads(result.stdout) == [attempt_summary(a) for a in attempts]
    result = run("records", "list", "--records", str(db), "--format", "json", "--trainee", "王芳")
    assert [row["trainee"] for row in json.loads(result.stdout)] == ["王芳"]
    result = run("records", "list", "--records", str(db), "--trainee", "nobody")
    _clean(result, 0)
    assert "No attempts recorded for nobody" in result.stdout


def test_records_path_from_the_environment(saved: tuple[Path, list[Attempt]]) -> None:
    db, attempts = saved
    result = run("records", "list", "--format", "json", env={"LABSIM_RECORDS": str(db)})
    _clean(result, 0)
    assert len(json.loads(result.stdout)) == len(attempts)


def test_show_gives_the_timeline_with_rules(saved: tuple[Path, list[Attempt]]) -> None:
    db, attempts = saved
    result = run("records", "show", attempts[1].attempt_id[:6], "--records", str(db))
    _clean(result, 0)
    out = result.stdout
    assert attempts[1].attempt_id in out
    assert "failed" in out and "score" in out and "0 (pass mark 60)" in out
    assert "CRITICAL [no-protection] unlocked the point before [bold]protection[/]" in out
    assert "1, 1 critical" in out
    assert out.index("protect") < out.index("unlock")
    result = run(
        "records", "show", attempts[0].attempt_id, "--records", str(db), "--format", "json"
    )
    _clean(result, 0)
    assert json.loads(result.stdout) == attempt_to_dict(attempts[0])


def test_export_xapi_to_stdout_validates(saved: tuple[Path, list[Attempt]]) -> None:
    db, _ = saved
    result = run("records", "export", "--format", "xapi", "--records", str(db),
                 "--homepage", "https://lms.college.example")  # fmt: skip
    _clean(result, 0)
    statements = json.loads(result.stdout)
    assert len(statements) == 6
    assert all(validate_statement(s) == [] for s in statements)
    assert {s["actor"]["account"]["homePage"] for s in statements} == {
        "https://lms.college.example"
    }


def test_export_csv_to_a_file(saved: tuple[Path, list[Attempt]], tmp_path: Path) -> None:
    db, attempts = saved
    out = tmp_path / "term.csv"
    result = run("records", "export", "--format", "csv", "--records", str(db), "--out", str(out),
                 "--trainee", "王芳")  # fmt: skip
    _clean(result, 0)
    assert f"wrote 1 attempts to {out}" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert [(r["attempt_id"], r["trainee"]) for r in rows] == [(attempts[1].attempt_id, "王芳")]


def test_reading_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "none" / "records.sqlite3"
    for args in (["list"], ["show", "abcd1234"], ["export", "--format", "csv"]):
        result = run("records", *args, "--records", str(db))
        _clean(result, 2)
        assert f"error: no attempt records at {db}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_error_paths_exit_2_without_traceback(
    saved: tuple[Path, list[Attempt]], tmp_path: Path
) -> None:
    db, _ = saved
    result = run("records", "show", "ffffffff", "--records", str(db))
    _clean(result, 2)
    assert "error: no attempt ffffffff" in result.stderr

    out = tmp_path / "lrs.json"
    result = run("records", "export", "--format", "xapi", "--records", str(db), "--out", str(out),
                 "--homepage", "not a url")  # fmt: skip
    _clean(result, 2)
    assert "homePage: must be an absolute IRI" in result.stderr
    assert not out.exists()

    result = run("records", "export", "--format", "csv", "--records", str(db),
                 "--out", str(tmp_path / "missing" / "x.csv"))  # fmt: skip
    _clean(result, 2)
    assert "does not exist" in result.stderr

    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = run("records", "list", "--records", str(other))
    _clean(result, 2)
    assert "not a labsim records database" in result.stderr
    assert other.read_bytes() == before


def test_list_and_show_keep_whole_ids_at_80_columns(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    long_actions = (
        make_action(
            0,
            step_id="operating-current",
            action="measure_operating_current",
            params={"range": "dc_5a", "terminals": "05-06", "to": "reverse"},
        ),
        make_action(
            1,
            step_id="indication-voltage-check",
            action="measure_indication_voltage",
            ok=False,
            error_rule="pm.power-off",
            error_message="the motor supply is cut",
        ),
    )
    attempts = [
        make_attempt(trainee="competent-0001", procedure_id="ocs-isolate-and-earth"),
        make_attempt(
            trainee="novice-0002",
            procedure_id="zd6-electrical-test",
            mode="training",
            result="abandoned",
            actions=long_actions,
        ),
    ]
    with RecordStore(db) as store:
        for attempt in attempts:
            store.save(attempt)
    listed = run("records", "list", "--records", str(db), env={"COLUMNS": "80"})
    _clean(listed, 0)
    shown = run("records", "show", attempts[1].attempt_id[:8], "--records", str(db),
                env={"COLUMNS": "80"})  # fmt: skip
    _clean(shown, 0)
    for output in (listed.stdout, shown.stdout):
        assert "…" not in output
        assert max(map(len, output.splitlines())) <= 80
    for word in ("competent-0001", "ocs-isolate-and-earth", "novice-0002", "zd6-electrical-test"):
        assert word in listed.stdout
    for word in ("indication-voltage-check", "measure_indication_voltage",
                 "measure_operating_current", "terminals=05-06", "[pm.power-off]"):  # fmt: skip
        assert word in shown.stdout
    assert " ".join(shown.stdout.split()).count("the motor supply is cut") == 1


def test_list_and_show_print_in_the_chosen_language(saved: tuple[Path, list[Attempt]]) -> None:
    db, attempts = saved
    listed = run("records", "list", "--records", str(db), "--lang", "zh")
    assert listed.exit_code == 0, listed.output
    assert "作业程序" in listed.output and "考核" in listed.output
    assert "未通过" in listed.output and "否决" in listed.output
    assert "trainee" not in listed.output and "assessment" not in listed.output
    shown = run(
        "records", "show", attempts[1].attempt_id[:8], "--records", str(db), "--lang", "ru+zh"
    )
    assert shown.exit_code == 0, shown.output
    assert "ГРУБАЯ" in shown.output and "Действия" in shown.output
    assert "no-protection" in shown.output  # rule ids stay as they are, to be looked up
    assert "--lang ru+zh: written in ru only" in shown.stderr  # as the report says it
    bad = run("records", "list", "--records", str(db), "--lang", "xx")
    assert bad.exit_code == 2 and "no interface catalogue for 'xx'" in bad.output


def test_an_export_says_which_attempts_it_left_out(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    with RecordStore(db) as store:
        store.save(make_attempt(trainee="demo", mode="demo"))
        store.save(make_attempt(trainee="demo", mode="demo", started_at=T0 + timedelta(hours=1)))
    result = run("records", "export", "--format", "xapi", "--records", str(db))
    _clean(result, 0)
    assert json.loads(result.stdout) == []
    assert "left out 2 demo attempts (--include demo exports them)" in result.stderr
    included = run("records", "export", "--format", "xapi", "--records", str(db),
                   "--include", "demo")  # fmt: skip
    _clean(included, 0)
    assert "left out" not in included.stderr

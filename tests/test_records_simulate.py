"""Simulated trainees: recorded through the same judge and scoring as a person's attempts."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from play_support import SCENARIOS
from records_support import T0, make_attempt
from typer.testing import CliRunner

from labsim.appraisal import score_attempt
from labsim.cli import app
from labsim.cohort.simulate import SimulationPlan, simulate_attempts, trainee_names
from labsim.commands._common import load_checked
from labsim.errors import SettingError
from labsim.records import RecordStore
from labsim.records.export import attempts_to_xapi
from labsim.records.outbox import Outbox

ZD6 = SCENARIOS / "zd6-practice.yaml"


def _simulate(db: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        app,
        ["records", "simulate", str(ZD6), "--procedure", "zd6-obstruction-test",
         "--records", str(db), *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_simulated_attempts_are_recorded_and_scored_like_a_persons(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    _simulate(db, "--trainees", "2", "--attempts", "2", "--set", "skills.novice.error_rate=0.2")
    attempts = RecordStore(db).attempts()
    assert [a.trainee for a in attempts] == ["novice-001"] * 2 + ["novice-002"] * 2
    assert {a.mode for a in attempts} == {"simulated"}
    procedure = load_checked(ZD6).scenario.procedure("zd6-obstruction-test")
    standard = [s.time.mean for s in procedure.steps]
    for attempt in attempts:
        done = [a for a in attempt.actions if a.ok and a.step_id is not None]
        card = score_attempt(
            standard_minutes=standard,
            steps_done=len(done),
            errors=attempt.errors,
            critical=attempt.critical_errors > 0,
            hints=0,
            elapsed=attempt.sim_minutes,
            time_limit=procedure.pass_rule.time_limit,
            pass_mark=procedure.pass_rule.pass_mark,
            max_errors=procedure.pass_rule.max_errors,
        )
        assert (attempt.score, attempt.result) == (
            card.score,
            "passed" if card.passed else "failed",
        )
        assert attempt.errors == sum(not a.ok for a in attempt.actions)


def test_errors_are_real_wrong_actions_judged_by_the_rule_broken(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    _simulate(db, "--trainees", "1", "--attempts", "3", "--set", "skills.novice.error_rate=1")
    for attempt in RecordStore(db).attempts():
        # the first step is critical: its error is a veto and ends the attempt there
        assert attempt.result == "failed" and attempt.score == 0
        assert attempt.critical_errors == 1
        (wrong,) = attempt.actions
        assert wrong.error_rule and not wrong.ok and wrong.critical


def test_same_seed_same_attempts_and_names_continue(tmp_path: Path) -> None:
    scenario = load_checked(ZD6).scenario
    plan = SimulationPlan("zd6-obstruction-test", 2, 2, "novice", seed=5)
    runs = []
    for name in ("a", "b"):
        with RecordStore(tmp_path / f"{name}.sqlite3") as store:
            simulate_attempts(scenario, plan, store)
            runs.append([(a.trainee, a.score, a.sim_minutes, a.errors) for a in store.attempts()])
    assert runs[0] == runs[1]
    with RecordStore(tmp_path / "a.sqlite3") as store:
        assert simulate_attempts(scenario, plan, store) == ["novice-003", "novice-004"]
    assert trainee_names("x", 2, ["x-009", "li", "x-2"]) == ["x-010", "x-011"]


def test_exports_leave_simulated_attempts_out_unless_asked(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    _simulate(db, "--trainees", "1", "--attempts", "2")
    runner = CliRunner()
    base = ["records", "export", "--format", "csv", "--records", str(db)]
    assert runner.invoke(app, base).output.count("novice-001") == 0
    assert runner.invoke(app, [*base, "--include", "simulated"]).output.count("novice-001") == 2
    bad = runner.invoke(app, [*base, "--include", "robots"])
    assert bad.exit_code == 2
    assert "error: --include robots: not a mode of attempts (modes: " in bad.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--skill", "wizard"], "error: --skill 'wizard' is not a skill level of"),
        (["--trainees", "0"], "error: --trainees must be at least 1 (got 0)"),
        (["--attempts", "0"], "error: --attempts must be at least 1 (got 0)"),
        (["--procedure", "nope"], "nope"),
        (
            ["--trainees", "1001", "--attempts", "100"],
            "error: --trainees 1001: with 100 attempts each makes 100,100 attempts; at most "
            "100,000 in one call (simulate the cohort in parts)",
        ),
    ],
)
def test_bad_simulation_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(
        app,
        ["records", "simulate", str(ZD6), "--procedure", "zd6-obstruction-test",
         "--records", str(tmp_path / "r.sqlite3"), *args],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.sqlite3").exists()  # refused before the records are opened


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_the_outbox_queues_each_statement_once(picks: list[int]) -> None:
    """Whatever attempts are queued, in whatever order and how often: each statement once."""
    attempts = [make_attempt(started_at=T0 + timedelta(minutes=n)) for n in range(6)]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "r.sqlite3"
        with RecordStore(db) as store:
            for attempt in attempts:
                store.save(attempt)
        with Outbox(db, "http://lrs.invalid/xAPI/statements") as outbox:
            for pick in picks:
                outbox.queue([attempts[pick]], "https://labsim.invalid")
            pending = outbox.pending()
        ids = [p.statement_id for p in pending]
        assert len(ids) == len(set(ids)) == 3 * len(set(picks))
        assert ids == [
            s["id"] for s in attempts_to_xapi([attempts[p] for p in dict.fromkeys(picks)])
        ]


@pytest.mark.parametrize(
    ("fields", "setting"),
    [({"trainees": 0}, "trainees"), ({"attempts": -1}, "attempts"), ({"seed": -1}, "seed")],
)
def test_a_plan_out_of_range_names_its_setting_not_an_option(
    fields: dict[str, int], setting: str
) -> None:
    plan = {"procedure": "p", "trainees": 2, "attempts": 1, "skill": "novice", **fields}
    with pytest.raises(SettingError) as caught:
        SimulationPlan(**plan)  # type: ignore[arg-type]
    assert caught.value.setting == setting and isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(f"{setting}: must be ")
    assert "--" not in str(caught.value)

"""The play session without a window: judging, timing, scoring, hints, faults, records."""

from __future__ import annotations

from pathlib import Path

import pytest
from play_support import do_step, do_steps, session, shipped

from labsim.engine import events as ev
from labsim.errors import ScenarioError, SettingError
from labsim.play import Phase, PlaySession, SessionOptions
from labsim.play.demo import run_demo
from labsim.play.joining import with_player
from labsim.records import RecordStore
from labsim.scenarios.models import Failures


def test_the_electrical_test_done_right_scores_full_marks_and_is_stored(tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    play = session("zd6-electrical-test", store=store, trainee="li")
    readings = []
    while play.progress.end is None:
        do_step(play)
        if play.progress.log[-1].reading is not None:
            readings.append(play.progress.log[-1].reading)
    assert play.progress.end.result == "passed" and play.progress.end.card is not None
    assert play.progress.end.card.score == 100.0 and play.progress.errors == 0
    # every reading is a real one, in its unit and inside the rulebook's normal range
    assert {r.unit for r in readings} == {"A", "V", "Ω"}
    assert all(r.in_range for r in readings)
    # standard times add up (no thinking time in a scripted run)
    assert play.progress.elapsed == pytest.approx(sum(play.standard))
    (stored,) = store.attempts(trainee="li")
    assert (stored.result, stored.score, stored.mode, stored.errors) == (
        "passed",
        100.0,
        "training",
        0,
    )
    assert len(stored.actions) == len(play.steps)
    assert [a.step_id for a in stored.actions] == [s.id for s in play.steps]
    assert stored.sim_minutes == pytest.approx(play.progress.elapsed)


def test_an_unsafe_step_out_of_order_scores_zero_and_names_the_rule(tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    play = session("zd6-electrical-test", store=store)
    do_step(play)  # registered; the next step is to post the lookout and the liaison
    entry = play.press("place_gauge:thickness=4mm")  # the plate goes in without protection
    assert entry is not None and entry.verdict.critical
    assert entry.verdict.rule == "safety.site-protection"
    assert play.progress.end is not None and play.progress.end.result == "failed"
    assert play.progress.end.card is not None and play.progress.end.card.score == 0.0
    (stored,) = store.attempts()
    assert (stored.result, stored.score, stored.critical_errors) == ("failed", 0.0, 1)
    assert stored.actions[-1].error_rule == "safety.site-protection"


def test_the_engine_hears_of_the_person_s_critical_error() -> None:
    play = session("zd6-electrical-test")
    seen: list[object] = []
    play.lab.subscribe(seen.append, [ev.ErrorMade, ev.AttemptFinished])
    do_step(play)
    play.press("place_gauge:thickness=4mm")
    play.lab.advance_to(play.lab.now + 1)
    mine = [e for e in seen if getattr(e, "trainee", "") == "you/001"]
    assert [type(e).__name__ for e in mine] == ["ErrorMade", "AttemptFinished"]
    assert mine[0].rule == "safety.site-protection" and not mine[1].passed


def test_an_order_error_is_redone_and_costs_points() -> None:
    play = session("zd6-electrical-test")
    do_steps(play, 2)
    wrong = play.press("throw:to=normal")  # the point is normal already: nothing moves
    assert wrong is not None and wrong.verdict.kind == "observed"
    wrong = play.press("cut_power")  # step 10, far too early
    assert wrong is not None and wrong.verdict.rule == "procedure.order"
    assert not wrong.verdict.critical and play.progress.step == 2
    assert play.rig["power"] == "off"  # the real consequence: the motor is dead now
    play.bench.set("range", "dc_5a")
    play.bench.set("terminals", "05-06")
    refused = play.press("measure_operating_current:to=reverse")
    assert refused is not None and refused.verdict.rule == "pm.power-off"
    assert play.progress.errors == 2 and play.score_now().score == 80.0


def test_a_wrong_meter_range_is_an_error_with_the_rig_s_rule() -> None:
    play = session("zd6-electrical-test", mode="assessment")
    do_steps(play, 2)
    play.bench.set("range", "dc_250v")
    entry = play.press("measure_operating_current:to=reverse")
    assert entry is not None and entry.verdict.rule == "pm.meter-range"
    assert not entry.verdict.critical and play.progress.step == 2  # the step is done again
    while play.progress.end is None:
        do_step(play)
    assert play.progress.end.card is not None and play.progress.end.card.score == 90.0
    assert play.progress.end.result == "passed"  # one error, the pass rule allows two


def test_hints_cost_points_in_training_and_do_not_exist_in_assessment() -> None:
    training = session("zd6-electrical-test")
    do_steps(training, 2)
    hint = training.hint()
    assert hint is not None and "2.0 A" in hint
    assert training.hint() == hint  # looking again at the same hint is free
    while training.progress.end is None:
        do_step(training)
    assert training.progress.end.card is not None and training.progress.end.card.score == 95.0
    assessment = session("zd6-electrical-test", mode="assessment")
    assert assessment.hint() is None
    while assessment.progress.end is None:
        do_step(assessment)
    assert assessment.progress.end.card is not None and assessment.progress.end.card.score == 100.0


def test_hints_speak_the_session_s_language() -> None:
    play = session("zd6-electrical-test", lang="zh")
    do_steps(play, 2)
    assert play.hint() == (
        "先选好量程再接表笔；电流应不大于2.0A。 "
        "(万用表：量程 直流5A，表笔 05-06，然后按 动作电流 ▸R)"
    )
    assert play.step_text(2).startswith("操纵至反位")


def test_an_injected_fault_changes_the_readings_and_the_repair_clears_it() -> None:
    play = session("zd6-fault-finding", fault="motor_circuit_open")
    do_steps(play, 4)  # register, protect, look, then the operating current
    assert play.progress.log[-1].reading is not None and play.progress.log[-1].reading.value == 0.0
    assert play.rig.has_fault("motor_circuit_open")
    while play.progress.end is None:
        do_step(play)
    assert not play.rig.active_faults and play.progress.end.result == "passed"
    assert play.rig.read("operating_current").in_range


def test_an_instructor_fault_left_on_the_rig_is_an_error() -> None:
    play = session("zd6-obstruction-test")
    play.set_fault("friction_out_of_range")  # the point still works: nobody notices
    while play.progress.end is None:
        do_step(play)
    assert (
        play.progress.errors == 1
        and play.progress.log[-1].verdict.rule == "faultfinding.fault-left"
    )
    assert play.progress.end.card is not None and play.progress.end.card.score == 90.0


def test_a_diagnosis_that_does_not_fit_is_an_error_but_a_right_one_is_free() -> None:
    play = session("zd6-obstruction-test")
    play.set_fault("obstruction")
    do_steps(play, 2)
    look = play.press("inspect_point")
    assert look is not None and look.verdict.kind == "observed"
    assert any("object" in note for note in look.notes)
    bad = play.press("diagnose", "trailed")
    assert bad is not None and bad.verdict.rule == "faultfinding.wrong-diagnosis"
    good = play.press("diagnose", "obstruction")
    assert good is not None and good.verdict.kind == "observed" and play.progress.errors == 1


def test_time_over_the_limit_costs_two_points_a_minute_and_stops_at_five() -> None:
    play = session("zd6-obstruction-test")
    limit = play.pass_rule.time_limit
    assert limit is not None
    do_steps(play, 3)
    play.tick((limit - play.progress.elapsed + 2.5) * 60)  # thinking until 2.5 min over the limit
    assert play.progress.end is None
    assert play.score_now().deductions[-1].points == 6.0  # three started minutes over
    play.tick(3 * 60)
    assert play.progress.end is not None and play.progress.end.result == "failed"
    assert "stopped" in play.progress.end.note and play.progress.elapsed == limit + 5


def test_the_person_queues_when_every_rig_is_taken() -> None:
    scenario = shipped("zd6-practice.yaml")
    group = scenario.rigs[0].model_copy(update={"count": 1, "failures": None})
    busy = scenario.model_copy(update={"rigs": [group]})
    early = busy.cohorts[0].model_copy(  # another class came at 08:00 for another test
        update={"id": "early", "size": 3, "arrive": 480.0, "plan": ["zd6-obstruction-test"]}
    )
    busy = busy.model_copy(update={"cohorts": [early, *busy.cohorts]})
    play = PlaySession(busy, "zd6-electrical-test", SessionOptions(seed=1))
    play.begin()
    assert play.progress.phase == Phase.WAITING and play.queue_ahead >= 1
    play.wait_for_rig()
    assert play.progress.phase == Phase.WORKING and play.lab.now > 510.0
    assert play.progress.elapsed == 0.0  # the procedure clock starts at the rig


def test_a_rig_failure_sends_the_person_back_to_the_queue_and_the_step_restarts() -> None:
    scenario = shipped("zd6-practice.yaml")
    failures = Failures.model_validate({"between": "12min", "repair": "15min"})
    group = scenario.rigs[0].model_copy(update={"count": 1, "failures": failures})
    alone = scenario.model_copy(update={"rigs": [group], "cohorts": scenario.cohorts[:0]})
    play = PlaySession(alone, "zd6-electrical-test", SessionOptions(seed=1))
    play.begin()
    play.wait_for_rig()
    while play.progress.phase == Phase.WORKING:
        before = (play.progress.step, play.rig.state())
        do_step(play)
    assert play.progress.notice == "rig-failed" and play.progress.interruptions == 1
    assert (play.progress.step, play.rig.state()) == before  # the step in flight is undone
    worked = play.progress.elapsed
    play.wait_for_rig()  # the one rig comes back from repair
    assert play.progress.phase == Phase.WORKING and play.progress.elapsed == worked
    while play.progress.end is None:
        if play.progress.phase == Phase.WAITING:
            play.wait_for_rig()
        else:
            do_step(play)
    assert (
        play.progress.interruptions >= 2
        and play.progress.end.result == "passed"
        and play.progress.errors == 0
    )


def test_a_demonstration_is_perfect_and_recorded_as_a_demo(tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    play = PlaySession(
        shipped("zd6-practice.yaml"),
        "zd6-fault-finding",
        SessionOptions(store=store, demo=True, trainee="t"),
    )
    play.begin()
    run_demo(play)
    assert (
        play.progress.end is not None
        and play.progress.end.card is not None
        and play.progress.end.card.score == 100
    )
    (stored,) = store.attempts()
    assert stored.mode == "demo" and stored.result == "passed"


def test_closing_mid_attempt_stores_it_as_abandoned(tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    play = session("zd6-electrical-test", store=store)
    do_steps(play, 3)
    play.abandon()
    (stored,) = store.attempts()
    assert stored.result == "abandoned" and len(stored.actions) == 3


def test_an_unknown_procedure_lists_the_procedures_there_are() -> None:
    with pytest.raises(SettingError, match=r"no such procedure.*zd6-electrical-test") as caught:
        PlaySession(shipped("zd6-practice.yaml"), "zd6-electric")
    assert (caught.value.setting, caught.value.value) == ("procedure", "zd6-electric")
    assert "--" not in str(caught.value)


def test_a_cohort_with_the_players_id_is_a_scenario_problem_at_its_id() -> None:
    scenario = shipped("zd6-practice.yaml")
    you = scenario.cohorts[0].model_copy(update={"id": "you"})
    taken = scenario.model_copy(update={"cohorts": [you, *scenario.cohorts[1:]]})
    with pytest.raises(ScenarioError, match="'you' is the cohort of the person") as caught:
        with_player(taken, "zd6-electrical-test")
    (problem,) = caught.value.problems
    assert problem.path == ("cohorts", 0, "id")


def _failing_alone(seed: int = 1) -> PlaySession:
    scenario = shipped("zd6-practice.yaml")
    failures = Failures.model_validate({"between": "12min", "repair": "15min"})
    group = scenario.rigs[0].model_copy(update={"count": 1, "failures": failures})
    alone = scenario.model_copy(update={"rigs": [group], "cohorts": scenario.cohorts[:0]})
    play = PlaySession(alone, "zd6-electrical-test", SessionOptions(seed=seed))
    play.begin()
    play.wait_for_rig()
    return play


def test_after_a_rig_failure_the_next_rig_is_another_one_where_the_procedure_was() -> None:
    play = _failing_alone()
    failed = play.rig
    do_steps(play, 2)
    looked = play.perform("inspect_point", {})  # off the plan: stays with the failed rig
    assert looked is not None and not looked.verdict.critical
    while play.progress.phase == Phase.WORKING:
        do_step(play)
    assert play.rig is not failed
    assert "inspect_point" not in play.rig.history and not play.rig.violations
    done = [s.action for s in play.steps[: play.progress.step]]
    assert play.rig.history == done  # the procedure's steps so far, and nothing else


def test_a_kit_that_declares_fresh_gets_a_rig_in_its_initial_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from labsim.kits import get_kit
    from labsim.play import replace as replace_module

    fresh = replace(get_kit("zd6_point_machine"), restart="fresh")
    monkeypatch.setattr(replace_module, "get_kit", lambda name: fresh)
    play = _failing_alone()
    while play.progress.phase == Phase.WORKING:
        do_step(play)
    assert play.progress.step > 0 and play.rig.history == []
    assert play.rig.state() == play.model_cls().state()

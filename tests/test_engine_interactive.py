"""The interactive decision source: the same workflow, with a person deciding each step."""

from __future__ import annotations

from typing import Any

import pytest
from scenario_support import build

from labsim.engine import InteractivePolicy, Lab
from labsim.engine import events as ev
from labsim.engine.policy import CRITICAL_ERROR, REWORK


def lab_with_person(**changes: Any) -> tuple[Lab, InteractivePolicy]:
    person = InteractivePolicy()
    scenario = build(
        procedures=[
            {
                "id": "p",
                "rig": "r",
                "steps": [
                    {"id": "s1", "action": "a", "time": "10min", "critical": True},
                    {"id": "s2", "action": "b", "time": "10min"},
                ],
                "signoff": "5min",
            }
        ],
        cohorts=[
            {"id": "you", "size": 1, "arrive": "08:00", "skill": "ok", "plan": ["p"]},
            {"id": "others", "size": 2, "arrive": "08:00", "skill": "ok", "plan": ["p"]},
        ],
        rigs=[{"id": "r", "model": "generic", "count": 2}],
        **changes,
    )
    lab = Lab(scenario, policy_for=lambda cohort, index: person if cohort == "you" else None)
    return lab, person


def test_workflow_waits_for_the_person_and_goes_on_at_that_moment() -> None:
    lab, person = lab_with_person()
    finished: list[Any] = []
    lab.subscribe(finished.append, [ev.StepFinished, ev.AttemptFinished])
    lab.advance_to(483.0)
    assert person.awaiting_step and person.step_index == 0
    assert person.trainee is not None and person.trainee.id == "you/001"
    person.finish_step()  # done at 08:03
    lab.advance_to(490.0)
    assert person.step_index == 1
    person.finish_step(REWORK)  # an error: the step is done again
    lab.advance_to(495.0)
    assert person.awaiting_step and person.step_index == 1
    person.finish_step()
    lab.advance_to(600.0)
    mine = [e for e in finished if e.trainee == "you/001"]
    assert [(type(e).__name__, e.time) for e in mine] == [
        ("StepFinished", 483.0),
        ("StepFinished", 490.0),
        ("StepFinished", 495.0),
        ("AttemptFinished", 500.0),  # after the 5-minute sign-off
    ]
    assert mine[-1].passed and mine[-1].errors == 1
    # the simulated trainees worked on around the person (second rig, then the first)
    assert {e.trainee for e in finished} == {"you/001", "others/001", "others/002"}


def test_a_critical_error_ends_the_attempt() -> None:
    lab, person = lab_with_person()
    attempts: list[Any] = []
    lab.subscribe(attempts.append, [ev.AttemptFinished])
    lab.advance_to(481.0)
    person.finish_step(CRITICAL_ERROR)
    lab.advance_to(482.0)
    mine = [a for a in attempts if a.trainee == "you/001"]
    assert [(a.passed, a.reason) for a in mine] == [(False, "critical error")]


def test_finishing_without_a_waiting_step_is_a_bug() -> None:
    person = InteractivePolicy()
    with pytest.raises(RuntimeError, match="no step is waiting"):
        person.finish_step()

"""Equipment-aware scenario checks: unknown models and actions, dry runs, exercises."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from labsim.checks import dry_run, library_checks, procedure_checks, scenario_checks
from labsim.errors import format_path
from labsim.kits.point_machine import ZD6PointMachine
from labsim.scenarios.models import Procedure, ProcedureLibrary, Scenario


def step(action: str, **params: Any) -> dict[str, Any]:
    return {"id": f"s-{action}", "action": action, "time": "1min", "params": params}


AMPS = {"range": "dc_5a", "terminals": "05-06"}
GOOD = [
    step("register_work"),
    step("post_protection"),
    step("measure_operating_current", to="reverse", **AMPS),
    step("throw", to="normal"),
    step("withdraw_protection"),
    step("cancel_registration"),
]
REPAIR = [
    step("register_work"),
    step("post_protection"),
    step("throw", to="reverse"),
    step("measure_indication_voltage", range="ac_250v"),
    step("inspect_point"),
    step("diagnose", fault="$fault"),
    step("cut_power"),
    step("apply_lockout"),
    step("test_before_touch"),
    step("repair", fault="$fault"),
    step("remove_lockout"),
    step("restore_power"),
    step("throw", to="reverse"),
    step("throw", to="normal"),
    step("withdraw_protection"),
    step("cancel_registration"),
]

BASE: dict[str, Any] = {
    "labsim": 1,
    "name": "checks",
    "run": {"for": "10h"},
    "skills": {"ok": {"time_factor": 1.0, "error_rate": 0.0}},
    "rigs": [
        {"id": "any", "model": "generic", "count": 1},
        {"id": "zd6", "model": "zd6_point_machine", "count": 2},
    ],
    "procedures": [
        {"id": "free", "rig": "any", "steps": [step("whatever")]},
        {"id": "p1", "rig": "zd6", "steps": GOOD},
    ],
    "cohorts": [{"id": "c", "size": 1, "arrive": "08:00", "skill": "ok", "plan": ["p1"]}],
}


def scenario(**changes: Any) -> Scenario:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Scenario.model_validate(data)


def procedure(steps: list[dict[str, Any]], **extra: Any) -> Procedure:
    return Procedure.model_validate({"id": "p", "rig": "zd6", "steps": steps, **extra})


def where(problems: list[Any]) -> list[str]:
    return [format_path(p.path) for p in problems]


def test_a_good_scenario_has_no_problems() -> None:
    assert scenario_checks(scenario()) == []


def test_generic_accepts_any_action() -> None:
    assert dry_run(procedure([step("anything"), step("at_all")]), ZD6PointMachine) != []
    assert procedure_checks(procedure([step("anything")]), "generic") == []


def test_unknown_model_names_the_rig_group_field() -> None:
    rigs = copy.deepcopy(BASE["rigs"])
    rigs[1]["model"] = "zd6_pointmachine"
    problems = scenario_checks(scenario(rigs=rigs))
    assert where(problems) == ["rigs[1].model"]
    assert "did you mean 'zd6_point_machine'" in problems[0].message


def test_unknown_action_names_the_step() -> None:
    steps = [*GOOD[:3], step("thorw", to="normal"), *GOOD[4:]]
    procs = [BASE["procedures"][0], {"id": "p1", "rig": "zd6", "steps": steps}]
    problems = scenario_checks(scenario(procedures=procs))
    assert where(problems) == ["procedures[1].steps[3].action"]
    assert "no action 'thorw'" in problems[0].message
    assert (
        "its actions: " in problems[0].message and "measure_friction_current" in problems[0].message
    )
    assert "did you mean 'throw'" in problems[0].message


def test_dry_run_reports_the_first_step_whose_precondition_fails() -> None:
    steps = [GOOD[0], step("place_gauge", thickness="4mm"), *GOOD[1:]]
    procs = [{"id": "p1", "rig": "zd6", "steps": steps}]
    problems = scenario_checks(scenario(procedures=procs))
    assert where(problems) == ["procedures[0].steps[1].action"]
    assert "site lookout" in problems[0].message
    assert "rule safety.site-protection" in problems[0].message


def test_dry_run_reports_bad_parameters_on_the_params_field() -> None:
    problems = dry_run(procedure([step("register_work"), step("throw", to="up")]), ZD6PointMachine)
    assert where(problems) == ["steps[1].params"]
    assert "to='up' is not one of" in problems[0].message


def test_missing_final_check_is_caught_by_the_dry_run() -> None:
    steps = [
        step("register_work"),
        step("post_protection"),
        step("place_gauge", thickness="4mm"),
        step("measure_friction_current", to="reverse", **AMPS),
        step("remove_gauge"),
        step("withdraw_protection"),
        step("cancel_registration"),
    ]
    problems = dry_run(procedure(steps), ZD6PointMachine)
    assert where(problems) == ["steps[6].action"]
    assert "final operation check" in problems[0].message


def test_procedure_model_must_match_the_rig_group() -> None:
    problems = procedure_checks(procedure(GOOD, model="s700k_point_machine"), "zd6_point_machine")
    assert where(problems) == ["model"]
    assert "written for 's700k_point_machine'" in problems[0].message


def exercise(*faults: str, steps: list[dict[str, Any]] = REPAIR) -> Procedure:
    choices = [{"fault": f, "weight": 1.0} for f in faults]
    return procedure(steps, kind="exercise", exercise={"faults": choices})


def test_an_exercise_is_dry_run_once_per_possible_fault() -> None:
    proc = exercise("indication_circuit_open", "obstruction", "diode_fault")
    assert procedure_checks(proc, "zd6_point_machine") == []


def test_an_exercise_whose_steps_miss_a_faults_evidence_fails_for_that_fault() -> None:
    steps = [s for s in REPAIR if s["action"] != "inspect_point"]
    problems = procedure_checks(
        exercise("indication_circuit_open", "obstruction", steps=steps), "zd6_point_machine"
    )
    assert len(problems) == 1
    assert "with fault 'obstruction' injected" in problems[0].message
    assert "faultfinding.evidence-first" in problems[0].message


def test_an_exercise_that_does_not_repair_is_reported() -> None:
    proc = exercise("indication_circuit_open", steps=REPAIR[:6])
    problems = procedure_checks(proc, "zd6_point_machine")
    assert where(problems) == ["steps"]
    assert "still has the fault" in problems[0].message


def test_an_exercise_naming_an_unknown_fault_points_at_it() -> None:
    problems = procedure_checks(exercise("trailed", "shear_pin"), "zd6_point_machine")
    assert where(problems) == ["exercise.faults[1].fault"]
    assert "no fault 'shear_pin'" in problems[0].message


def test_fault_placeholder_in_a_routine_procedure_is_refused() -> None:
    steps = [step("register_work"), step("post_protection"), step("diagnose", fault="$fault")]
    problems = procedure_checks(procedure(steps), "zd6_point_machine")
    assert where(problems) == ["steps[2].params"]
    assert "'$fault'" in problems[0].message


def test_library_checks_dry_run_procedures_that_name_their_model() -> None:
    bad = {
        "id": "bad",
        "rig": "zd6",
        "model": "zd6_point_machine",
        "steps": [step("throw", to="normal")],
    }
    unnamed = {"id": "free", "rig": "zd6", "steps": [step("throw", to="normal")]}
    library = ProcedureLibrary.model_validate({"labsim": 1, "procedures": [unnamed, bad]})
    problems = library_checks(library)
    assert where(problems) == ["procedures[1].steps[0].action"]
    assert "safety.register-first" in problems[0].message


@pytest.mark.parametrize("model", ["no_such_model", "zd6"])
def test_library_with_unknown_model(model: str) -> None:
    proc = {"id": "x", "rig": "zd6", "model": model, "steps": [step("throw", to="normal")]}
    library = ProcedureLibrary.model_validate({"labsim": 1, "procedures": [proc]})
    problems = library_checks(library)
    assert where(problems) == ["procedures[0].model"]
    assert "unknown rig model" in problems[0].message


def test_load_scenario_checks_the_equipment_by_default_and_set_keeps_the_checks(
    tmp_path: Any,
) -> None:
    import json

    import labsim
    from labsim.errors import ScenarioError
    from labsim.scenarios import apply_overrides

    broken = copy.deepcopy(BASE)
    broken["procedures"][1]["steps"] = [step("throw", to="sideways")]
    path = tmp_path / "lab.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"procedures\[1\]\.steps\[0\]"):
        labsim.load_scenario(path)
    assert labsim.load_scenario(path, equipment=False).scenario.name == "checks"
    path.write_text(json.dumps(BASE), encoding="utf-8")
    loaded = labsim.load_scenario(path)
    # a --set that breaks a procedure on its rig is refused: the checks came along
    with pytest.raises(ScenarioError, match="sideways"):
        apply_overrides(loaded, ["procedures.p1.steps.0.params.to=sideways"])
    unchecked = labsim.load_scenario(path, equipment=False)
    assert apply_overrides(unchecked, ["procedures.p1.steps.0.params.to=sideways"]).checks is None

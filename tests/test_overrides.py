from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labsim.errors import Change, LabsimError, OverrideError, ScenarioError
from labsim.scenarios import LoadedScenario, apply_overrides, load_scenario_text, set_value
from labsim.scenarios.overrides import parse_assignment, resolve_path, with_values

LAB = """\
labsim: 1
name: Override lab
run: {for: 100h, warmup: 10h}
skills:
  novice: {time_factor: 1.4, error_rate: 0.1}
rigs:
  - id: zd6
    model: generic
    count: 2
  - id: s700k
    model: generic
    count: 1
instructors: {count: 1}
procedures:
  - id: zd6-inspection
    rig: zd6
    steps:
      - {id: look, action: look, time: 3min}
      - {id: turn, action: turn, time: {exponential: {mean: 5min}}}
    signoff: 5min
cohorts:
  - id: a
    arrivals: {every: {exponential: {mean: 10min}}}
    skill: novice
    plan: [zd6-inspection]
"""


@pytest.fixture
def lab() -> LoadedScenario:
    return load_scenario_text(LAB, "lab.yaml")


def test_set_by_id_by_index_and_top_level(lab: LoadedScenario) -> None:
    changed = apply_overrides(
        lab,
        [
            "rigs.zd6.count=4",
            "rigs.1.count=3",
            "instructors.count=3",
            "procedures.zd6-inspection.signoff=12min",
            "procedures.zd6-inspection.steps.turn.time.exponential.mean=1.5h",
            "seed=42",
        ],
    )
    s = changed.scenario
    assert [g.count for g in s.rigs] == [4, 3]
    assert s.instructors.count == 3
    assert s.procedures[0].signoff is not None and s.procedures[0].signoff.mean == 12.0
    assert s.procedures[0].steps[1].time.mean == 90.0
    assert s.seed == 42
    # the original is untouched
    assert lab.scenario.rigs[0].count == 2 and lab.data["rigs"][0]["count"] == 2


def test_values_are_yaml_flow_values(lab: LoadedScenario) -> None:
    changed = apply_overrides(
        lab,
        [
            "rigs.zd6.at=[4.5, 3]",
            "procedures.zd6-inspection.steps.look.time={uniform: {min: 1min, max: 2min}}",
            "rigs.zd6.failures={mtbf: 6h, repair: 30min}",
            "skills.expert={time_factor: 0.8, error_rate: 0.01}",
        ],
    )
    s = changed.scenario
    assert s.rigs[0].at == (4.5, 3.0)
    assert s.procedures[0].steps[0].time.mean == 1.5
    assert s.rigs[0].failures is not None and s.rigs[0].failures.mtbf == 360.0
    assert set(s.skills) == {"novice", "expert"}


def test_a_field_the_file_does_not_write_can_be_set(lab: LoadedScenario) -> None:
    changed = apply_overrides(
        lab, ["procedures.zd6-inspection.pass.max_errors=2", "rigs.zd6.label=ZD6"]
    )
    assert changed.scenario.procedures[0].pass_rule.max_errors == 2
    assert changed.scenario.rigs[0].label == {"en": "ZD6"}


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("rigs.zd7.count=1", r"rigs has no item 'zd7'; did you mean 'zd6'\? \(ids: zd6, s700k"),
        (
            "rigs.zd6.cout=1",
            r"unknown key 'cout' in rigs\[0\]; did you mean 'count'\? \(keys: id, model, count",
        ),
        (
            "instructor.count=1",
            r"unknown key 'instructor' at the top level; did you mean 'instructors'",
        ),
        ("seed.x=1", r"seed is a single value, it has no part 'x'"),
        ("rigs.zd6.count.x=1", r"rigs\[0\]\.count is a single value \(2\), it has no part 'x'"),
        ("rigs.9.count=1", r"rigs has no item '9'.*index 0\.\.1"),
        ("rigs..count=1", r"empty part"),
        ("include=[lib.yaml]", r"'include' cannot be changed"),
        ("count", r"^a change needs PATH=VALUE, e\.g\. rigs\.zd6\.count=4 \(got 'count'\)$"),
        ("=4", r"a change needs PATH=VALUE"),
        ("rigs.zd6.count=[1, 2", r"not valid YAML"),
        ("rigs.zd6.count=!!python/object/apply:os.system [ls]", r"tag .* is not allowed"),
    ],
)
def test_bad_paths_and_values_are_override_errors_naming_no_option(
    lab: LoadedScenario, assignment: str, message: str
) -> None:
    with pytest.raises(OverrideError, match=message) as excinfo:
        apply_overrides(lab, [assignment])
    error = excinfo.value
    assert isinstance(error, ValueError) and error.change.kind == "set"
    assert error.change.text in assignment and error.reason in str(error)
    assert "--" not in str(error)


def test_an_override_error_carries_the_change_and_what_is_wrong(lab: LoadedScenario) -> None:
    with pytest.raises(OverrideError) as excinfo:
        apply_overrides(lab, ["rigs.zd6.cuont=3"])
    error = excinfo.value
    assert error.change == Change("rigs.zd6.cuont") and error.form is None
    assert error.reason.startswith("unknown key 'cuont' in rigs[0]; did you mean 'count'?")
    assert str(error) == f"the change rigs.zd6.cuont: {error.reason}"
    with pytest.raises(OverrideError) as excinfo:
        parse_assignment("rigs.zd6.count")
    assert excinfo.value.form == "PATH=VALUE, e.g. rigs.zd6.count=4"
    assert excinfo.value.reason == "got 'rigs.zd6.count'"


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        (
            ["rigs.zd6.count=0"],
            r"^rigs\[0\]\.count: must be >= 1 \(got 0\) \(from the change rigs\.zd6\.count=0\)$",
        ),
        (
            ["rigs.zd6.count=3min"],
            r"rigs\[0\]\.count: must be a whole number .*from the change rigs\.zd6\.count=3min",
        ),
        (
            ["run.warmup=200h"],
            r"^run: 'warmup' must be shorter than 'for' \(from the change run\.warmup=200h\)$",
        ),
        (
            ["rigs.zd6.failures.mtbf=5h"],
            r"rigs\[0\]\.failures\.repair: missing required key 'repair' \(from the change rigs",
        ),
        (
            ["procedures.zd6-inspection.rig=s700"],
            r"no rig group 's700'; did you mean 's700k'.*from the change procedures",
        ),
    ],
)
def test_invalid_results_name_the_set_that_caused_them(
    lab: LoadedScenario, assignments: list[str], message: str
) -> None:
    with pytest.raises(ScenarioError, match=message) as excinfo:
        apply_overrides(lab, assignments)
    (problem,) = excinfo.value.problems
    assert problem.changes == (Change(assignments[0]),) and problem.changed_here
    assert "--" not in str(excinfo.value)


def test_problems_elsewhere_keep_their_line_and_mention_the_set(lab: LoadedScenario) -> None:
    with pytest.raises(ScenarioError) as excinfo:
        apply_overrides(lab, ["instructors.count=0"])
    (problem,) = excinfo.value.problems
    assert (problem.file, problem.line) == (Path("lab.yaml"), 20)
    assert problem.path == ("procedures", 0, "signoff")
    assert problem.changes == (Change("instructors.count=0"),) and not problem.changed_here
    assert str(problem).endswith("(after the change instructors.count=0)")


def test_set_value_returns_a_changed_copy_for_sweeps(lab: LoadedScenario) -> None:
    data = set_value(lab.data, "rigs.s700k.count", 5)
    assert data["rigs"][1]["count"] == 5
    assert lab.data["rigs"][1]["count"] == 1
    assert set_value(lab.data, ("rigs", 0, "count"), 7)["rigs"][0]["count"] == 7
    assert resolve_path(lab.data, "procedures.zd6-inspection.steps.turn.time") == (
        "procedures",
        0,
        "steps",
        1,
        "time",
    )
    swept = [with_values(lab, [("rigs.zd6.count", c)]).scenario.rigs[0].count for c in (1, 2, 3)]
    assert swept == [1, 2, 3]


def test_clock_values_stay_text(lab: LoadedScenario) -> None:
    assert parse_assignment("cohorts.a.arrive=8:30") == ("cohorts.a.arrive", "8:30")
    assert parse_assignment("rigs.zd6.count= 4") == ("rigs.zd6.count", 4)
    assert parse_assignment("name=") == ("name", None)


def test_no_assignments_return_the_same_object(lab: LoadedScenario) -> None:
    assert apply_overrides(lab, []) is lab


_PATHS = st.sampled_from(
    [
        "rigs.zd6.count",
        "rigs.0",
        "procedures.zd6-inspection.steps.turn",
        "run",
        "skills.novice",
        "x",
    ]
)


@settings(max_examples=60, deadline=None, database=None)
@given(st.one_of(st.text(max_size=60), st.tuples(_PATHS, st.text(max_size=30)).map("=".join)))
def test_any_assignment_fails_only_with_labsim_errors(assignment: str) -> None:
    lab = load_scenario_text(LAB, "lab.yaml")
    try:
        changed = apply_overrides(lab, [assignment])
    except LabsimError:
        return
    assert changed.scenario is not lab.scenario

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from bad_corpus import BAD_DIR, EXPECTED
from hostile_support import python

from labsim.errors import Problem, ScenarioError, format_path
from labsim.scenarios import (
    LoadedLibrary,
    LoadedScenario,
    load_file,
    load_library,
    load_scenario,
    load_scenario_text,
)
from labsim.scenarios.loader import is_library
from labsim.scenarios.models import Scenario
from labsim.scenarios.source import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "mmc.yaml"

GOOD = """\
labsim: 1
name: Small lab
run:
  days: 2
  day: {opens: 8:30, closes: 16:30}
  breaks: [{from: 12:00, to: 13:00}]
skills:
  novice: {time_factor: 1.4, error_rate: 0.1}
rigs:
  - id: bench
    model: generic
    count: 2
instructors: {count: 1}
procedures:
  - id: inspect
    rig: bench
    steps:
      - {id: look, action: look, time: &quick {triangular: {min: 1min, mode: 2min, max: 4min}}}
      - {id: feel, action: feel, time: *quick}
    signoff: 5min
cohorts:
  - id: a
    size: 4
    arrive: 8:30
    skill: novice
    plan: [inspect]
"""


def problems_of(excinfo: pytest.ExceptionInfo[ScenarioError]) -> list[Problem]:
    return excinfo.value.problems


# ---- the corpus of malformed files -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_bad_file_is_refused_with_file_line_and_path(name: str) -> None:
    expected = EXPECTED[name]
    path = BAD_DIR / name
    with pytest.raises(ScenarioError, match=expected.match) as excinfo:
        load_file(path)
    named = BAD_DIR / expected.file if expected.file else path
    (problem,) = [p for p in problems_of(excinfo) if re.search(expected.match, str(p))]
    assert problem.file is not None and problem.file.resolve() == named.resolve()
    assert problem.line == expected.line, str(problem)
    if expected.path is None:
        assert problem.path == ()
    else:
        assert format_path(problem.path) == expected.path
        assert f": {expected.path}: " in str(problem)
    where = f"{named.name}:{expected.line}:" if expected.line else f"{named.name}: "
    assert where in str(problem)


def test_the_corpus_has_an_expectation_for_every_file() -> None:
    files = {p.name for p in BAD_DIR.iterdir() if p.is_file()}
    assert files == set(EXPECTED)


def test_billion_laughs_is_refused_in_milliseconds() -> None:
    text = (BAD_DIR / "billion_laughs.yaml").read_text()
    assert len(text.encode()) < 500
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match="alias bomb"):
        load_scenario_text(text)
    assert time.perf_counter() - started < 0.05


def test_a_few_aliases_are_fine_and_merge_keys_work() -> None:
    loaded = load_scenario_text(GOOD)
    look, feel = loaded.scenario.procedures[0].steps
    assert look.time == feel.time
    merged = load_scenario_text(
        GOOD.replace("    count: 2\n", "    <<: {count: 3, label: from merge}\n")
    )
    assert merged.scenario.rigs[0].count == 3
    assert merged.scenario.rigs[0].label == {"en": "from merge"}


def test_an_aliased_mapping_can_be_merged_into_several_items() -> None:
    text = GOOD.replace(
        "  - id: bench\n    model: generic\n    count: 2\n",
        "  - &rig {id: bench, model: generic, count: 2}\n  - {<<: *rig, id: spare}\n",
    )
    rigs = load_scenario_text(text).scenario.rigs
    assert [(g.id, g.count) for g in rigs] == [("bench", 2), ("spare", 2)]


def test_explicit_keys_win_over_merged_ones() -> None:
    text = GOOD.replace("    count: 2\n", "    count: 2\n    <<: {count: 3}\n")
    assert load_scenario_text(text).scenario.rigs[0].count == 2


# ---- what loads ---------------------------------------------------------------------------


def test_unquoted_clock_times_stay_clock_times() -> None:
    scenario = load_scenario_text(GOOD).scenario
    assert scenario.run.day.opens == 510.0  # type: ignore[union-attr]
    assert scenario.run.breaks[0].start == 720.0  # type: ignore[union-attr]
    assert scenario.cohorts[0].arrive == 510.0
    # what plain PyYAML would have given: the base-60 integers
    assert yaml.safe_load("t: 8:30")["t"] == 510


def test_source_map_points_at_every_field() -> None:
    loaded = load_scenario_text(GOOD, "lab.yaml")
    assert loaded.source.locate(("rigs", 0, "count")) == (Path("lab.yaml"), 12, 5)
    assert loaded.source.locate(("procedures", 0, "steps", 1)) == (Path("lab.yaml"), 19, 9)
    # a path that is not written is located at its nearest written ancestor
    assert loaded.source.locate(("rigs", 0, "failures", "mtbf")) == (Path("lab.yaml"), 10, 5)
    assert loaded.source.locate(()) == (Path("lab.yaml"), 1, 1)


def test_loaded_scenario_is_frozen_and_keeps_its_data() -> None:
    loaded = load_scenario(MMC)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.path == MMC
    assert loaded.data["rigs"][0]["count"] == 3
    with pytest.raises(AttributeError):
        loaded.path = Path("other")  # type: ignore[misc]


def test_mmc_scenario_is_the_promised_queue() -> None:
    loaded = load_scenario(MMC)
    s = loaded.scenario
    assert MMC.read_text().splitlines()[0] == "# yaml-language-server: $schema=labsim.schema.json"
    (group,) = s.rigs
    (procedure,) = s.procedures
    (cohort,) = s.cohorts
    (step,) = procedure.steps
    assert group.model == "generic" and group.failures is None
    assert procedure.signoff is None
    assert all(skill.error_rate == 0 for skill in s.skills.values())
    assert s.run.duration == 2000 * 60 and s.warmup == 100 * 60  # type: ignore[union-attr]
    assert cohort.arrivals is not None and cohort.size is None
    assert type(cohort.arrivals.every).__name__ == "Exponential"
    assert type(step.time).__name__ == "Exponential"
    rho = step.time.mean / (group.count * cohort.arrivals.every.mean)
    assert rho == pytest.approx(0.9)
    assert group.count == 3


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_json_and_toml_give_the_same_scenario_as_yaml(tmp_path: Path, suffix: str) -> None:
    reference = load_scenario(MMC)
    data = reference.data
    text = json.dumps(data, indent=2) if suffix == ".json" else _to_toml(data)
    path = tmp_path / f"mmc{suffix}"
    path.write_text(text)
    assert load_scenario(path).scenario == reference.scenario


def _to_toml(data: dict[str, object]) -> str:
    """Enough TOML writing for the M/M/c scenario (inline tables throughout)."""

    def value(v: object) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f'"{k}" = {value(x)}' for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)
        return repr(v)

    return "\n".join(f'"{k}" = {value(v)}' for k, v in data.items()) + "\n"


def test_json_problems_have_lines(tmp_path: Path) -> None:
    data = load_scenario(MMC).data
    data["rigs"][0]["count"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(ScenarioError, match=r"bad\.json:\d+:\d+: rigs\[0\]\.count: must be >= 1"):
        load_scenario(path)


def test_union_errors_report_only_the_member_that_was_meant() -> None:
    text = GOOD.replace("  days: 2\n", "  days: 2\n  speed: fast\n")
    with pytest.raises(ScenarioError) as excinfo:
        load_scenario_text(text)
    assert [str(p).split(": ")[1] for p in problems_of(excinfo)] == ["run.speed"]


def test_unknown_keys_of_new_model_fields_get_suggestions() -> None:
    text = GOOD.replace("{id: look, action: look,", "{id: look, action: look, hnit: {en: x},")
    with pytest.raises(ScenarioError, match=r"unknown key 'hnit'; did you mean 'hint'\?"):
        load_scenario_text(text)


def test_unknown_keys_without_a_close_match_list_what_is_allowed() -> None:
    with pytest.raises(
        ScenarioError,
        match=r"rigs\[0\]\.colour: unknown key 'colour' \(allowed here: id, model, count",
    ):
        load_scenario_text(GOOD.replace("    count: 2\n", "    count: 2\n    colour: red\n"))


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace("count: 2", "count: 0").replace("error_rate: 0.1", "error_rate: 2")
    with pytest.raises(ScenarioError) as excinfo:
        load_scenario_text(text, "lab.yaml")
    lines = [p.line for p in problems_of(excinfo)]
    assert lines == sorted(lines) == [8, 12]


def test_missing_file_and_folder_and_huge_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.yaml")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(folder)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match="too large"):
        load_scenario(huge)
    assert time.perf_counter() - started < 0.1


def test_crossref_problems_stop_the_extra_checks_and_extra_problems_get_lines() -> None:
    calls: list[Scenario] = []

    def checks(scenario: Scenario) -> list[Problem]:
        calls.append(scenario)
        return [
            Problem("no such action 'feel' on this rig", ("procedures", 0, "steps", 1, "action"))
        ]

    with pytest.raises(
        ScenarioError, match=r"lab\.yaml:19:20: procedures\[0\]\.steps\[1\]\.action: no such"
    ):
        load_scenario_text(GOOD, "lab.yaml", extra_checks=checks)
    assert len(calls) == 1
    with pytest.raises(ScenarioError, match="no rig group"):
        load_scenario_text(GOOD.replace("rig: bench", "rig: other"), extra_checks=checks)
    assert len(calls) == 1


# ---- include: -----------------------------------------------------------------------------

LIBRARY = """\
labsim: 1
description: more procedures
procedures:
  - id: adjust
    rig: bench
    steps:
      - {id: turn, action: turn, time: 2min}
      - {id: check, action: check, time: 1min}
"""


def _lab_with_include(
    tmp_path: Path, library: str = LIBRARY, entry: str = "libs/more.yaml"
) -> Path:
    (tmp_path / "libs").mkdir(exist_ok=True)
    (tmp_path / "libs" / "more.yaml").write_text(library)
    scenario = tmp_path / "lab.yaml"
    scenario.write_text(GOOD.replace("name: Small lab\n", f"name: Small lab\ninclude: [{entry}]\n"))
    return scenario


def test_included_procedures_are_merged_and_located_in_their_file(tmp_path: Path) -> None:
    loaded = load_scenario(_lab_with_include(tmp_path))
    assert [p.id for p in loaded.scenario.procedures] == ["inspect", "adjust"]
    file, line, _ = loaded.source.locate(("procedures", 1, "steps", 1, "time"))
    assert (file.name, line) == ("more.yaml", 8)


def test_an_error_in_an_included_file_names_that_file(tmp_path: Path) -> None:
    scenario = _lab_with_include(tmp_path, LIBRARY.replace("time: 1min", "time: 1 fortnight"))
    with pytest.raises(
        ScenarioError, match=r"more\.yaml:8:\d+: procedures\[0\]\.steps\[1\]\.time: unknown"
    ):
        load_scenario(scenario)


def test_extra_checks_on_included_procedures_name_the_library(tmp_path: Path) -> None:
    def checks(scenario: Scenario) -> list[Problem]:
        return [Problem("bad action", ("procedures", 1, "steps", 0, "action"))]

    with pytest.raises(
        ScenarioError, match=r"more\.yaml:7:\d+: procedures\[1\]\.steps\[0\]\.action"
    ):
        load_scenario(_lab_with_include(tmp_path), extra_checks=checks)


def test_include_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "lib.yaml").write_text(LIBRARY)
    home = tmp_path / "home"
    home.mkdir()
    os.symlink(outside / "lib.yaml", home / "lib.yaml")
    scenario = home / "lab.yaml"
    scenario.write_text(GOOD.replace("name: Small lab\n", "name: Small lab\ninclude: [lib.yaml]\n"))
    with pytest.raises(ScenarioError, match="through a symbolic link outside"):
        load_scenario(scenario)


def test_include_twice_is_refused(tmp_path: Path) -> None:
    scenario = _lab_with_include(tmp_path, entry="libs/more.yaml, ./libs/more.yaml")
    with pytest.raises(ScenarioError, match=r"include\[1\]: .*included twice"):
        load_scenario(scenario)


def test_a_dotdot_that_stays_inside_is_fine(tmp_path: Path) -> None:
    scenario = _lab_with_include(tmp_path, entry="libs/../libs/more.yaml")
    assert len(load_scenario(scenario).scenario.procedures) == 2


def test_library_loads_on_its_own_and_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(LIBRARY)
    library = load_library(path)
    assert [p.id for p in library.library.procedures] == ["adjust"]
    assert isinstance(load_file(path), LoadedLibrary)
    assert isinstance(load_file(MMC), LoadedScenario)
    assert is_library({"labsim": 1, "procedures": []})
    assert not is_library({"labsim": 1, "procedures": [], "rigs": []})
    with pytest.raises(ScenarioError, match=r"duplicate step in procedure 'adjust' id 'turn'"):
        path.write_text(LIBRARY.replace("id: check", "id: turn"))
        load_library(path)


def test_public_api_of_the_scenarios_package_is_small_and_sorted() -> None:
    import labsim.scenarios as package

    assert package.__all__ == sorted(package.__all__)
    assert package.__all__ == [
        "LanguageCoverage",
        "LoadedLibrary",
        "LoadedScenario",
        "ProcedureLibrary",
        "Scenario",
        "SourceMap",
        "apply_overrides",
        "language_coverage",
        "load_file",
        "load_library",
        "load_scenario",
        "load_scenario_text",
        "set_value",
    ]
    assert all(hasattr(package, name) for name in package.__all__)


def test_loading_does_not_import_the_cli_libraries() -> None:
    code = (
        "import sys, labsim.scenarios.loader, labsim.scenarios.overrides; "
        "print(sorted(m for m in ('rich', 'typer', 'pygame') if m in sys.modules))"
    )
    done = python("-c", code)
    assert done.code == 0, done.err[-2000:]
    assert done.out.strip() == "[]"

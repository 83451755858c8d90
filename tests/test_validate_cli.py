from __future__ import annotations

from pathlib import Path

import pytest
from bad_corpus import BAD_DIR, EXPECTED
from scenario_support import validate, written

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "mmc.yaml"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_bad_file_exits_2_with_a_located_message(name: str) -> None:
    code, output = validate(BAD_DIR / name)
    assert code == 2, output
    assert "Traceback" not in output
    expected = EXPECTED[name]
    named = expected.file.rsplit("/", 1)[-1] if expected.file else name
    where = f"{named}:{expected.line}:" if expected.line else f"{named}: "
    assert where in output
    if expected.path is not None:
        assert f": {expected.path}: " in output


def test_a_good_scenario_is_ok() -> None:
    code, output = validate(MMC)
    assert code == 0
    assert output == f"ok: {MMC} (3 rigs, 1 procedure, 1 cohort)\n"


def test_good_and_bad_together_report_both_and_exit_2() -> None:
    code, output = validate(MMC, BAD_DIR / "wrong_type.yaml")
    assert code == 2
    lines = output.splitlines()
    assert lines[0] == f"ok: {MMC} (3 rigs, 1 procedure, 1 cohort)"
    assert lines[1].startswith(f"{BAD_DIR / 'wrong_type.yaml'}:9:5: rigs[0].count: ")


def test_a_library_is_detected_and_checked(tmp_path: Path) -> None:
    library = written(
        tmp_path,
        "lib.yaml",
        "labsim: 1\nprocedures:\n  - id: p\n    rig: r\n    steps:\n"
        "      - {id: a, action: look, time: 1min}\n      - {id: b, action: look, time: 1min}\n",
    )
    code, output = validate(library)
    assert (code, output) == (0, f"ok: {library} (procedure library, 1 procedure)\n")


def test_equipment_checks_are_run_and_located(tmp_path: Path) -> None:
    text = MMC.read_text().replace("model: generic", "model: zd6_point_machine")
    path = written(tmp_path, "zd6.yaml", text)
    code, output = validate(path)
    assert code == 2
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "action: work" in row)
    assert f"{path}:{line}:" in output
    assert "procedures[0].steps[0].action: " in output and "'work'" in output


def test_a_kit_that_is_not_installed_is_named_as_the_likely_cause(tmp_path: Path) -> None:
    kit = ROOT / "examples" / "zyj7_kit" / "zyj7-practice.yaml"
    text = kit.read_text().replace("zyj7_point_machine", "axle_counter_x9")
    path = written(tmp_path, "axle.yaml", text)
    code, output = validate(path)
    assert code == 2 and "Traceback" not in output
    assert (
        f"{path}:11:" in output
        and "no built-in procedure library 'labsim:axle_counter_x9'" in output
    )
    assert "A rig kit providing 'axle_counter_x9' may not be installed" in output
    assert "`labsim rigs` lists the installed kinds" in output
    alone = MMC.read_text().replace("model: generic", "model: axle_counter_x9")
    path.write_text(alone)
    code, output = validate(path)
    assert code == 2 and "unknown rig model 'axle_counter_x9'" in output
    assert "may not be installed" in output and "labsim rigs" in output


def test_an_installed_model_without_a_library_is_not_said_to_be_missing(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "generic.yaml",
        MMC.read_text().replace("labsim: 1\n", "labsim: 1\ninclude: [labsim:generic]\n"),
    )
    code, output = validate(path)
    assert code == 2 and "no built-in procedure library 'labsim:generic'" in output
    assert "may not be installed" not in output


def test_experiment_rule_and_script_files_are_checked_as_their_commands_read_them(
    tmp_path: Path,
) -> None:
    script = ROOT / "scenarios" / "scripts" / "zd6-electrical-test.yaml"
    rule = written(tmp_path, "visit.yaml", "labsim-site-visit: 1\nplan: [a, b]\n")
    experiment = written(tmp_path, "study.yaml", f"labsim-experiment: 1\nscenario: {MMC}\n")
    code, output = validate(script, rule, experiment)
    assert code == 0, output
    assert "labsim: 1" not in output
    assert f"ok: {script} (play script, 21 actions;" in output
    assert f"ok: {rule} (site-visit rule, 2 procedures to pass)" in output
    assert f"ok: {experiment} (experiment of {MMC};" in output


def test_a_bad_script_or_rule_is_located(tmp_path: Path) -> None:
    script = written(tmp_path, "s.yaml", "labsim-script: 1\nactions:\n  - {action: x, aftr: 3s}\n")
    rule = written(tmp_path, "r.yaml", "labsim-site-visit: 1\nplan: [a]\nmin_score: 120\n")
    code, output = validate(script, rule)
    assert code == 2
    assert "s.yaml:3:17: actions[0].aftr: unknown key 'aftr'" in output
    assert "r.yaml:3:1: min_score: " in output


def test_an_overlay_is_checked_as_overlay_reads_it_naming_the_file_once(tmp_path: Path) -> None:
    good = written(
        tmp_path,
        "calibrated.yaml",
        "labsim-overlay: 1\nset:\n  skills.novice.error_rate: 0.2\n"
        "  skills.novice.time_factor: 1.3\nprovenance: {records: r.sqlite3}\n",
    )
    code, output = validate(good)
    assert code == 0, output
    assert f"ok: {good} (calibration overlay, 2 values;" in output and "labsim: 1" not in output
    bad = {
        "extra.yaml": ("labsim-overlay: 1\nset: {}\nsett: {}\n", ":3: sett: Extra inputs"),
        "version.yaml": ("# v2\nlabsim-overlay: 2\nset: {}\n", ":2: labsim-overlay: 2 is not a"),
        "old.yaml": ("labsim_overlay: 1\nset: {}\n", ":1: labsim_overlay: the format key"),
        "shape.yaml": ("labsim-overlay: 1\nset: [a, b]\n", ":2: set: "),
    }
    for name, (text, _) in bad.items():
        (tmp_path / name).write_text(text)
    code, output = validate(*(tmp_path / name for name in bad))
    assert code == 2 and "Traceback" not in output and "--overlay" not in output
    for name, (_, message) in bad.items():
        shown = [line for line in output.splitlines() if name in line]
        assert len(shown) == 1 and shown[0].count(name) == 1, output  # the file named once
        assert f"{tmp_path / name}{message}" in shown[0], output


def test_a_time_limit_a_cohort_cannot_keep_is_a_located_warning(tmp_path: Path) -> None:
    text = (
        "labsim: 1\nname: tight\nrun: {days: 1, day: {opens: 8:00, closes: 17:00}}\n"
        "skills:\n  novice: {time_factor: 1.5, error_rate: 0.0}\n"
        "  expert: {time_factor: 0.8, error_rate: 0.0}\n"
        "rigs: [{id: r, model: generic, count: 1}]\n"
        "procedures:\n  - id: p\n    rig: r\n"
        "    steps: [{id: s1, action: do, time: 20min}, {id: s2, action: do, time: 10min}]\n"
        "    pass: {time_limit: 35min}\n"
        "cohorts:\n"
        "  - {id: new, size: 2, arrive: 8:00, skill: novice, plan: [p]}\n"
        "  - {id: old, size: 2, arrive: 8:00, skill: expert, plan: [p]}\n"
    )
    code, output = validate(written(tmp_path, "tight.yaml", text))
    assert code == 0, output  # a warning, not a refusal
    # 30 written minutes x1.5 = 45 min, past 35 + 5: the novices; the experts (24 min) keep it
    warnings = [line.strip() for line in output.splitlines() if "beyond reach" in line]
    assert warnings == [
        f"{tmp_path / 'tight.yaml'}:12:12: procedures[0].pass.time_limit: warning: 35 min is "
        "beyond reach of skill 'novice': at the written step times (x1.5) an attempt takes "
        "45.0 min, past the 40 min (the limit plus 5) where it is stopped, so most of its "
        "attempts fail on time"
    ]


def test_no_shipped_scenario_sets_a_limit_its_cohorts_cannot_keep() -> None:
    from labsim.checks import load_scenario
    from labsim.scenarios.timing import limits_beyond_reach

    root = Path(__file__).resolve().parent.parent / "scenarios"
    for path in sorted(root.glob("*.yaml")):
        assert limits_beyond_reach(load_scenario(path).scenario) == [], path.name

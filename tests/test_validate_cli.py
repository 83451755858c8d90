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

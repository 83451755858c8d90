"""Hostile values: files that validate field by field but cannot progress, numbers that
overflow when sampled, counts that are not whole numbers, and ``--set`` held to the file's
rules. Each refusal names the field; the CLI cases run capped in time and memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import assert_refused, labsim

from labsim.errors import ScenarioError
from labsim.scenarios import apply_overrides, load_scenario, load_scenario_text

ROOT = Path(__file__).resolve().parents[1]
MMC_FILE = ROOT / "scenarios" / "mmc.yaml"
MMC = MMC_FILE.read_text(encoding="utf-8")
STEP = "procedures.service.steps.work.time"

#: ``--set`` changes that make a lab stand still or flood it, and the words of the refusal.
LIVELOCKS = {
    "zero step, error rate 1": (
        [f"{STEP}=0s", "skills.standard.error_rate=1"],
        r"procedures\[0\]\.steps\[0\]\.time: skill 'standard' .* for ever \(at one instant\)",
    ),
    "tiny step, error rate 1": (
        [f"{STEP}=1e-300s", "skills.standard.error_rate=1"],
        r"steps\[0\]\.time: .* redone for ever \(at one instant\)",
    ),
    "short step, error rate 1": (
        [f"{STEP}=0.001s", "skills.standard.error_rate=1"],
        r"steps\[0\]\.time: .* redone for ever \(every 1\.67e-05 min\)",
    ),
    "zero inter-arrival": (
        ["cohorts.walk-ins.arrivals.every=0s"],
        r"cohorts\[0\]\.arrivals\.every: .* trainees without end; the limit is 1,000,000",
    ),
    "near-zero inter-arrival": (
        ["cohorts.walk-ins.arrivals.every=0.001s"],
        r"arrivals\.every: .* about 7,200,000,000 trainees",
    ),
    "zero failures and repairs": (
        ["rigs.bench.failures={mtbf: 0.0000001s, repair: 0s}"],
        r"rigs\[0\]\.failures\.mtbf: .* fail without end",
    ),
    "tiny failure cycle": (
        ["rigs.bench.failures={between: {exponential: {mean: 1s}}, repair: 1s}"],
        r"failures\.between: .* the limit is 1,000,000 failures",
    ),
    "run of 1e300 hours": (["run.for=1e300h"], r"run: a run lasts at most 3660 days"),
}

OVERFLOWS = {
    "lognormal sd/mean 1e200": (
        "{lognormal: {mean: 1min, sd: 1e200min}}",
        r"time\.lognormal: sd is 1e\+200 times the mean; the allowed range is sd <= 1000 x mean",
    ),
    "gamma shape overflow": (
        "{gamma: {mean: 1e200min, sd: 1e-100min}}",
        r"time\.gamma: .* allowed range is 0\.001 x mean <= sd <= 10 x mean",
    ),
    "weibull shape tiny": (
        "{weibull: {shape: 0.00001, scale: 1min}}",
        r"time\.weibull\.shape: must be >= 0\.05",
    ),
}


def _loaded() -> object:
    return load_scenario(MMC_FILE)


@pytest.mark.parametrize("case", sorted(LIVELOCKS))
def test_a_lab_that_cannot_progress_is_refused_naming_the_field(case: str) -> None:
    changes, pattern = LIVELOCKS[case]
    with pytest.raises(ScenarioError, match=pattern):
        apply_overrides(load_scenario(MMC_FILE), changes)


@pytest.mark.parametrize("case", sorted(OVERFLOWS))
def test_distributions_that_overflow_are_refused_with_the_allowed_range(case: str) -> None:
    value, pattern = OVERFLOWS[case]
    with pytest.raises(ScenarioError, match=pattern):
        apply_overrides(load_scenario(MMC_FILE), [f"{STEP}={value}"])


def test_cohorts_too_large_together_are_refused() -> None:
    two = MMC.replace(
        "cohorts:\n",
        "cohorts:\n  - {id: a, size: 600000, arrive: '00:00', skill: standard, plan: [service]}\n"
        "  - {id: b, size: 600000, arrive: '00:00', skill: standard, plan: [service]}\n",
    )
    with pytest.raises(ScenarioError, match=r"cohorts: the cohorts bring about 1,212,000 "):
        load_scenario_text(two, "lab.yaml")


def test_error_rate_1_is_fine_when_a_critical_step_ends_each_attempt() -> None:
    loaded = apply_overrides(
        load_scenario(MMC_FILE),
        ["skills.standard.error_rate=1", "procedures.service.steps.work.critical=true"],
    )
    assert loaded.scenario.skills["standard"].error_rate == 1


def test_bounded_zero_gaps_and_sizes_are_still_fine() -> None:
    loaded = apply_overrides(
        load_scenario(MMC_FILE),
        ["cohorts.walk-ins.arrivals.every=0s", "cohorts.walk-ins.size=50", f"{STEP}=0s"],
    )
    assert loaded.scenario.cohorts[0].size == 50


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("true", "count"),
        ('"3"', "count"),
        ("3.0", "count"),
        ("false", "count"),
    ],
)
def test_counts_refuse_booleans_text_and_floats(written: str, field: str) -> None:
    text = MMC.replace("    count: 3\n", f"    count: {written}\n")
    assert text != MMC
    with pytest.raises(ScenarioError, match=r"rigs\[0\]\.count: must be a whole number"):
        load_scenario_text(text, "lab.yaml")


@pytest.mark.parametrize(
    ("assignment", "pattern"),
    [
        (
            "labsim=true",
            r"labsim: this program reads scenario format version 1; the file says True",
        ),
        ("labsim=1.0", r"the file says 1\.0"),
        ("rigs.bench.count=true", r"rigs\[0\]\.count: must be a whole number \(got True\)"),
        ('rigs.bench.count="4"', r"must be a whole number \(got '4'\)"),
        ("instructors.count=2.0", r"instructors\.count: must be a whole number"),
        ("seed=true", r"seed: must be a whole number"),
        ('skills.standard.error_rate="0.5"', r"error_rate: must be a number"),
        ("skills.standard.time_factor=true", r"time_factor: must be a number"),
    ],
)
def test_set_follows_exactly_the_rules_of_the_file(assignment: str, pattern: str) -> None:
    with pytest.raises(ScenarioError, match=pattern):
        apply_overrides(load_scenario(MMC_FILE), [assignment])
    path, _, value = assignment.partition("=")
    key = path.rsplit(".", 1)[-1]
    if path.startswith(("skills.", "instructors.")):
        return  # the file writes these on one line; the --set cases cover them
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in MMC.splitlines()]
    if path == "rigs.bench.count":
        lines = [f"    count: {value}" if line == "    count: 3" else line for line in lines]
    with pytest.raises(ScenarioError, match=pattern.split(": ", 1)[-1]):
        load_scenario_text("\n".join(lines) + "\n", "lab.yaml")


def test_huge_values_are_quoted_at_most_about_200_characters(tmp_path: Path) -> None:
    huge = "x" * 1_000_000
    lab = tmp_path / "lab.yaml"
    lab.write_text(MMC.replace("name: M/M/c", f"nmae: {huge}\nname: M/M/c"), encoding="utf-8")
    outcome = labsim("validate", lab, timeout=30)
    assert_refused(outcome, "lab.yaml:", "unknown key 'nmae'")
    assert len(outcome.text) < 2000, len(outcome.text)
    huge = huge[:100_000]  # one command-line argument holds at most 128 KiB
    for args, said in (
        (["run", MMC_FILE, "--set", f"name={huge}"], "at most 200"),
        (["run", MMC_FILE, "--set", f"{huge}=1"], "unknown key"),
        (["run", MMC_FILE, "--set", f"rigs.{huge}.count=1"], "rigs has no item"),
        (
            ["batch", MMC_FILE, "--sweep", f"rigs.bench.count={huge}", "--out", tmp_path / "s"],
            "rigs[0].count: must be a whole number",
        ),
        (["run", MMC_FILE, "--set", f"{STEP}={huge}min"], "expected a number followed by a unit"),
    ):
        outcome = labsim(*args, timeout=30)
        assert_refused(outcome, said)
        assert len(outcome.text) < 2000, (args[:3], outcome.text[:3000])


@pytest.mark.parametrize("case", ["zero inter-arrival", "zero step, error rate 1"])
def test_the_cli_refuses_a_livelock_at_once(case: str) -> None:
    changes, _ = LIVELOCKS[case]
    sets = [part for change in changes for part in ("--set", change)]
    outcome = labsim("run", MMC_FILE, *sets, timeout=30)
    assert_refused(outcome, "error:")
    assert outcome.seconds < 25


@pytest.mark.parametrize("seed", ["-1", str(2**63), "1e3", "true"])
@pytest.mark.parametrize("command", ["run", "watch", "batch", "warmup"])
def test_seed_has_the_bounds_of_the_file(command: str, seed: str) -> None:
    from typer.testing import CliRunner

    from labsim.cli import app

    result = CliRunner().invoke(app, [command, str(MMC_FILE), "--seed", seed])
    assert result.exit_code == 2, result.output
    assert "--seed" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reps", "1000000000"], "--reps must be between 1 and 100,000 (got 1000000000)"),
        (["--reps", "auto", "--max-reps", "1000000000"], "--max-reps must be between"),
        (["--sweep", "rigs.bench.count=1..1000", "--sweep", "instructors.count=0..99"],
         "--sweep 100,000 sweep points; a study has at most 10,000"),
        (["--sweep", "rigs.bench.count=1..100", "--reps", "5000"],
         "a study holds at most 200,000"),
    ],
)  # fmt: skip
def test_study_sizes_beyond_the_limits_are_refused_before_anything_runs(
    tmp_path: Path, args: list[str], message: str
) -> None:
    outcome = labsim("batch", MMC_FILE, *args, "--out", tmp_path / "s", timeout=30)
    assert_refused(outcome, message)
    assert not (tmp_path / "s").exists()


def test_warmup_buckets_and_reps_are_bounded(tmp_path: Path) -> None:
    for args in (["--buckets", "1000000000"], ["--reps", "100000000"], ["--buckets", "1e9"]):
        outcome = labsim("warmup", MMC_FILE, *args, "--plot", tmp_path / "w.png", timeout=30)
        assert outcome.code == 2 and "Traceback" not in outcome.text, outcome.text[-2000:]
        assert args[0] in outcome.text
        assert not (tmp_path / "w.png").exists()


def test_watch_frames_beyond_the_limit_are_refused_before_writing(tmp_path: Path) -> None:
    outcome = labsim("watch", MMC_FILE, "--frames", tmp_path / "f", "--every", "1s", timeout=30)
    assert_refused(outcome, "about 7,200,000 frames; at most 100,000")
    assert not (tmp_path / "f").exists()


def test_workers_beyond_the_cpus_are_capped_with_a_note(tmp_path: Path) -> None:
    outcome = labsim(
        "batch", MMC_FILE, "--reps", "2", "--workers", "3000", "--set", "run.for=5h",
        "--set", "run.warmup=0h", "--no-plots", "--progress", "none", "--out", tmp_path / "s",
        timeout=60,
    )  # fmt: skip
    assert outcome.code == 0, outcome.text[-2000:]
    assert "note: --workers 3000 is more than the" in outcome.err
    log = (tmp_path / "s" / "batch.log").read_text()
    assert "3000 processes" not in log

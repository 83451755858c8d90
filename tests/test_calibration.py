"""Calibration from records: fits, intervals that cover the truth, overlays that run."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import yaml
from browser_support import broken_images, browse, needs_browser
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from labsim.calibration.fit import fit_step_times, wilson
from labsim.calibration.overlay import MIN_TIMED_TRIES, calibrate
from labsim.calibration.samples import SkillRule, tries_of
from labsim.cli import app
from labsim.cohort.simulate import SimulationPlan, simulate_attempts
from labsim.commands._common import load_checked
from labsim.errors import CalibrationError, ScenarioError, SettingError
from labsim.records import RecordStore

CHECK = Path(__file__).with_name("calibration-check.yaml")
#: The truth of calibration-check.yaml, as calibration reports it (novice is the reference).
TRUTH = {
    "mean.register": 3.0,
    "mean.protect": 2.0,
    "mean.current": 6.0,
    "mean.voltage": 4.0,
    "time_factor.expert": 0.6,
    "learning.novice": 0.3,
    "learning.expert": 0.1,
    "error_rate.novice": 0.1,
    "error_rate.expert": 0.04,
}


@pytest.fixture
def fast_dir() -> Iterator[Path]:
    """A folder in memory where there is one: every recorded action is a synced commit."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=base) as folder:
        yield Path(folder)


def simulate_check(db: Path, seed: int, novices: int = 32, experts: int = 28) -> None:
    """300 attempts of calibration-check (5 each), novices and experts."""
    scenario = load_checked(CHECK).scenario
    with RecordStore(db) as store:
        simulate_attempts(scenario, SimulationPlan("check", novices, 5, "novice", seed), store)
        if experts:
            plan = SimulationPlan("check", experts, 5, "expert", seed)
            simulate_attempts(scenario, plan, store)


def intervals(db: Path) -> dict[str, tuple[float, float]]:
    made = calibrate(RecordStore(db).attempts(), SkillRule("name"))
    assert made.model.reference == "novice"
    out = {f"mean.{s}": made.model.step_mean[("check", s)] for _, s in made.model.step_mean}
    out["time_factor.expert"] = made.model.time_factor["expert"]
    for skill in ("novice", "expert"):
        out[f"learning.{skill}"] = made.model.learning[skill]
        out[f"error_rate.{skill}"] = made.skill_errors[skill]
    return {k: (float(v.low), float(v.high)) for k, v in out.items()}


@pytest.mark.slow
def test_intervals_cover_the_truth_over_several_seeds(fast_dir: Path) -> None:
    seeds = (11, 12, 13)
    hits: dict[str, int] = dict.fromkeys(TRUTH, 0)
    for seed in seeds:
        db = fast_dir / f"{seed}.sqlite3"
        simulate_check(db, seed)
        for name, (low, high) in intervals(db).items():
            hits[name] += low <= TRUTH[name] <= high
    covered = sum(hits.values()) / (len(TRUTH) * len(seeds))
    # 95% intervals: over 27 intervals the coverage is at least 85%, and no parameter is
    # missed in more than one seed (a biased estimate would miss in all of them).
    assert covered >= 0.85, hits
    assert min(hits.values()) >= len(seeds) - 1, hits


def test_too_little_data_is_refused_with_the_minimum(fast_dir: Path) -> None:
    db = fast_dir / "few.sqlite3"
    simulate_check(db, 1, novices=2, experts=1)
    with pytest.raises(CalibrationError, match=f"at least {MIN_TIMED_TRIES} timed tries") as caught:
        calibrate(RecordStore(db).attempts(), SkillRule("name"))
    assert caught.value.needed == MIN_TIMED_TRIES and caught.value.tries < MIN_TIMED_TRIES
    assert caught.value.step is not None and caught.value.step[0] == "check"
    assert "--" not in str(caught.value)
    with pytest.raises(CalibrationError, match=r"^no attempts to calibrate from$"):
        calibrate([], SkillRule("name"))
    args = ["calibrate", "--records", str(db), "--out", str(db.with_suffix(".yaml"))]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        "error: no attempts to calibrate from (simulated attempts count only with --include "
        in (result.output)
    )
    result = CliRunner().invoke(app, [*args, "--include", "simulated"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        "Record or simulate more attempts, or choose a --procedure that has them" in result.output
    )


def test_calibrate_writes_an_overlay_that_run_and_batch_apply(fast_dir: Path) -> None:
    db = fast_dir / "r.sqlite3"
    simulate_check(db, 3, novices=8, experts=0)
    runner = CliRunner()
    out = fast_dir / "overlay.yaml"
    args = ["calibrate", "--records", str(db), "--out", str(out)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "--include simulated" in refused.output
    made = runner.invoke(app, [*args, "--include", "simulated"])
    assert made.exit_code == 0, made.output
    overlay = yaml.safe_load(out.read_text())
    assert next(iter(overlay)) == "labsim-overlay" and overlay["labsim-overlay"] == 1
    values = overlay["set"]
    assert set(values) >= {
        "procedures.check.steps.current.time",
        "skills.novice.error_rate",
        "skills.novice.learning",
        "skills.novice.time_factor",
    }
    estimate = overlay["provenance"]["estimates"]["procedures.check.steps.current.time"]
    assert estimate["n"] >= MIN_TIMED_TRIES and estimate["family"] in ("lognormal", "gamma")
    assert set(estimate["ks"]) == {"statistic", "p"}
    page = out.with_suffix(".html").read_text()
    assert page.count('<img src="data:image/png;base64,') == 4
    fits = page[page.index('id="steps"') :].split("</table>")[0]
    assert fits.count("<tr><td>check.") == 4  # one row per step in the fits table
    zh_page = fast_dir / "zh.html"
    zh = runner.invoke(
        app, [*args, "--include", "simulated", "--lang", "zh+th", "--page", str(zh_page)]
    )  # a page is read in one language: of a pair, the first, as the cohort report does
    assert zh.exit_code == 0, zh.output
    assert "--lang zh+th: written in zh only" in zh.output
    assert "步骤用时" in zh_page.read_text()
    blocked = runner.invoke(
        app, [*args, "--include", "simulated", "--page", str(out / "page.html")]
    )  # the page's folder of plots would be under a file
    assert blocked.exit_code == 2, blocked.output
    assert f"error: cannot create {out / 'page-plots'}: a part of the path is not a folder" in (
        blocked.output
    )

    ran = runner.invoke(app, ["run", str(CHECK), "--overlay", str(out), "--format", "json"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["procedures"]["attempts"] > 0
    study = fast_dir / "study"
    batch = runner.invoke(
        app,
        ["batch", str(CHECK), "--overlay", str(out), "--reps", "2", "--workers", "1",
         "--out", str(study), "--no-plots", "--progress", "none", "--set", "run.for=200h"],
    )  # fmt: skip
    assert batch.exit_code == 0, batch.output
    assert "--overlay" in (study / "command.txt").read_text()
    rate = values["skills.novice.error_rate"]
    used = yaml.safe_load((study / "scenario.yaml").read_text())
    assert used["skills"]["novice"]["error_rate"] == rate


@needs_browser
def test_the_calibration_page_shows_in_a_browser_with_its_plots(fast_dir: Path) -> None:
    db = fast_dir / "r.sqlite3"
    simulate_check(db, 5, novices=8, experts=0)
    out = fast_dir / "overlay.yaml"
    args = ["calibrate", "--records", str(db), "--out", str(out), "--include", "simulated"]
    made = CliRunner().invoke(app, args)
    assert made.exit_code == 0, made.output
    dom, console = browse(out.with_suffix(".html"))
    assert console == []
    assert 'id="steps"' in dom
    assert broken_images(out.with_suffix(".html")) == (4, 0)  # its four plots, all loaded


def test_overlay_values_reach_the_scenario(tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "labsim-overlay: 1\nset:\n  skills.novice.error_rate: 0.25\n"
        "  procedures.check.steps.current.time: {gamma: {mean: 7min, sd: 2min}}\n"
    )
    scenario = load_checked(CHECK, overlay=overlay).scenario
    assert scenario.skills["novice"].error_rate == 0.25
    assert scenario.procedure("check").steps[2].time.mean == 7.0
    # --set wins over the overlay
    assert (
        load_checked(CHECK, ["skills.novice.error_rate=0.5"], overlay)
        .scenario.skills["novice"]
        .error_rate
        == 0.5
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("labsim-overlay: 1\nset: {procedures.check.steps.nope.time: 3min}\n", "no item 'nope'"),
        ("labsim-overlay: 1\nset: {skills.novice.error_rate: 3}\n", "error_rate"),
        ("labsim-overlay: 1\nsett: {}\n", "set: Field required"),
        ("labsim-overlay: 2\nset: {}\n", "not a format"),
        ("labsim-overlay: 1\nset: {skills.wizard.error_rate: 0.1}\n", "no skill level 'wizard'"),
        ("set: [unclosed\n", "not valid YAML"),
        ("set: {}\n", "labsim-overlay: Field required"),
        ("labsim-overlay: 1\nlabsim_overlay: 1\nset: {}\n", "spelled labsim-overlay"),
    ],
)
def test_bad_overlays_exit_2_naming_the_problem(tmp_path: Path, text: str, message: str) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text(text)
    result = CliRunner().invoke(app, ["run", str(CHECK), "--overlay", str(overlay)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_an_overlay_with_the_old_underscore_key_is_refused_with_the_new_spelling(
    tmp_path: Path,
) -> None:
    overlay = tmp_path / "old.yaml"
    overlay.write_text("# before\nlabsim_overlay: 1\nset: {skills.novice.error_rate: 0.25}\n")
    result = CliRunner().invoke(app, ["run", str(CHECK), "--overlay", str(overlay)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{overlay}:2: labsim_overlay: the format key is now spelled labsim-overlay" in (
        result.output
    )
    assert "'labsim-overlay: 1'" in result.output


def test_skill_rules(tmp_path: Path) -> None:
    assert SkillRule("name").skill_of("novice-012") == "novice"
    assert SkillRule("all:expert").skill_of("li") == "expert"
    roster = tmp_path / "roster.csv"
    roster.write_text("trainee,skill\nli,novice\nwang,expert\n")
    assert SkillRule(str(roster)).skill_of("wang") == "expert"
    with pytest.raises(SettingError, match="SKILL-NUMBER") as caught:
        SkillRule("name").skill_of("li")
    assert (caught.value.setting, caught.value.value) == ("skill_rule", "name")
    with pytest.raises(SettingError, match="no skill level for 'zhao'") as caught:
        SkillRule(str(roster)).skill_of("zhao")
    assert "--" not in str(caught.value)
    with pytest.raises(SettingError, match="no such roster"):
        SkillRule(str(tmp_path / "missing.yaml"))
    listing = tmp_path / "roster.yaml"
    listing.write_text("li: 3\nwang: expert\n")
    with pytest.raises(
        ScenarioError, match=r"roster\.yaml:1:\d+: li: a roster is a mapping of trainee names"
    ):
        SkillRule(str(listing))
    for rows, where in (
        ("li,novice\nwang\n", r"roster\.csv:3: skill: this row has no skill$"),
        ("li,novice\n,expert\n", r"roster\.csv:3: trainee: this row has no trainee$"),
        (
            "li,novice\nli,expert\n",
            r"roster\.csv:3: trainee: 'li' is listed again \(first on line 2\)$",
        ),
        ("", r"roster\.csv:1: the roster lists no trainees$"),
    ):
        roster.write_text("trainee,skill\n" + rows)
        with pytest.raises(ScenarioError, match=where):
            SkillRule(str(roster))
    result = CliRunner().invoke(
        app, ["calibrate", "--out", str(tmp_path / "o.yaml"), "--skill-from", "all:"]
    )
    assert result.exit_code == 2
    assert "error: --skill-from all:SKILL needs a skill level after 'all:'" in result.output
    result = CliRunner().invoke(
        app, ["calibrate", "--out", str(tmp_path / "o.yaml"), "--lang", "xx"]
    )
    assert result.exit_code == 2
    assert "error: --lang xx: no interface catalogue for 'xx'" in result.output


def test_errors_are_charged_to_the_step_that_was_due(fast_dir: Path) -> None:
    db = fast_dir / "r.sqlite3"
    simulate_check(db, 5, novices=6, experts=0)
    attempts = RecordStore(db).attempts()
    tries = tries_of(attempts, SkillRule("name"))
    assert sum(t.error for t in tries) == sum(a.errors for a in attempts)
    vetoes = [t for t in tries if t.error and t.step == "register"]
    assert len(vetoes) == sum(a.critical_errors for a in attempts)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 60), st.integers(1, 60))
def test_wilson_interval_holds_the_rate(errors: int, extra: int) -> None:
    interval = wilson(errors, errors + extra)
    assert 0.0 <= interval.low <= interval.estimate <= interval.high <= 1.0


def test_fit_picks_the_family_that_made_the_data() -> None:
    rng = np.random.default_rng(4)
    lognormal = fit_step_times(rng.lognormal(math.log(5.0), 0.6, 400))
    gamma = fit_step_times(rng.gamma(9.0, 0.5, 400))
    assert lognormal.family == "lognormal" and gamma.family == "gamma"
    assert gamma.mean == pytest.approx(4.5, rel=0.05)
    assert gamma.ks_pvalue > 0.05

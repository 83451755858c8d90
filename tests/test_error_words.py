"""Library errors name no option; the commands word them with theirs (exit status 2)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from experiments_support import mmc_data, write_scenario
from typer.testing import CliRunner

from labsim.cli import app
from labsim.commands._plain import command_line_message
from labsim.errors import (
    Change,
    NoDisplayError,
    OverrideError,
    Problem,
    ScenarioError,
    SettingError,
    StudyError,
)
from labsim.experiments.design import parse_sweep
from labsim.experiments.executors import ExecutorError, make_executor
from labsim.experiments.options import StudyOptions, study_spec
from labsim.experiments.study import prepare_study
from labsim.render.display import require_display

runner = CliRunner()


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, mmc_data(hours=20, warmup=2))


def failed(*args: str | Path) -> str:
    """What a command said on a refusal (exit status 2, no traceback)."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_each_kind_of_change_is_named_by_the_option_that_asks_for_it(tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    assert command_line_message(OverrideError(Change("a.b=1"), "why")) == "--set a.b=1: why"
    assert command_line_message(OverrideError(Change("a.b", "sweep"), "why")) == (
        "--sweep a.b: why"
    )
    assert command_line_message(OverrideError(Change("a.b", "overlay", overlay), "why")) == (
        f"--overlay {overlay}: a.b: why"
    )
    experiment = OverrideError(Change("a.b=1", "experiment", tmp_path / "e.yaml"), "why")
    assert command_line_message(experiment) == str(experiment)
    assert "--" not in str(experiment)


def test_a_text_that_is_no_change_at_all_says_the_form_it_needs() -> None:
    with pytest.raises(OverrideError) as caught:
        parse_sweep("rigs.r.count")
    assert str(caught.value) == (
        "a sweep needs PATH=V1,V2,..., e.g. rigs.zd6.count=2,3,4 (got 'rigs.r.count')"
    )
    assert command_line_message(caught.value) == (
        "--sweep needs PATH=V1,V2,..., e.g. rigs.zd6.count=2,3,4 (got 'rigs.r.count')"
    )


def test_problems_of_a_changed_scenario_name_the_option_of_their_change() -> None:
    here = Problem(
        "must be >= 1 (got 0)", ("rigs", 0, "count"), changes=(Change("x=0"),), changed_here=True
    )
    after = Problem(
        "too few",
        ("instructors",),
        Path("lab.yaml"),
        4,
        changes=(Change("x=0"), Change("y=1", "sweep")),
    )
    error = ScenarioError([here, after])
    assert str(here) == "rigs[0].count: must be >= 1 (got 0) (from the change x=0)"
    assert command_line_message(error).splitlines() == [
        "rigs[0].count: must be >= 1 (got 0) (from --set x=0)",
        "lab.yaml:4: instructors: too few (after --set x=0, --sweep y=1)",
    ]


def test_run_names_the_set_that_went_wrong(lab: Path) -> None:
    out = failed("run", lab, "--set", "rigs.r.cuont=3")
    assert "error: --set rigs.r.cuont: unknown key 'cuont' in rigs[0]; did you mean 'count'?" in out
    assert "error: --set needs PATH=VALUE, e.g. rigs.zd6.count=4 (got 'count')" in failed(
        "run", lab, "--set", "count"
    )
    out = failed("run", lab, "--set", "rigs.r.count=0")
    assert "rigs[0].count: must be >= 1 (got 0) (from --set rigs.r.count=0)" in out


def test_batch_names_the_sweep_or_the_set_that_went_wrong(lab: Path, tmp_path: Path) -> None:
    out = failed("batch", lab, "--out", tmp_path / "s", "--sweep", "rigs.r.cuont=1,2")
    assert "error: --sweep rigs.r.cuont: unknown key 'cuont' in rigs[0]" in out
    out = failed("batch", lab, "--out", tmp_path / "s", "--sweep", "rigs.r.count=2,0")
    assert "rigs[0].count: must be >= 1 (got 0) (from --sweep rigs.r.count=0)" in out
    out = failed("batch", lab, "--out", tmp_path / "s", "--set", "rigs.r.count=x")
    assert "(from --set rigs.r.count=x)" in out and "--sweep" not in out
    assert not (tmp_path / "s").exists()


def test_an_overlay_path_the_scenario_lacks_names_the_overlay(lab: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text("labsim-overlay: 1\nset: {rigs.r.nope: 3}\n")
    out = failed("run", lab, "--overlay", overlay)
    assert f"error: --overlay {overlay}: rigs.r.nope: unknown key 'nope' in rigs[0]" in out
    assert "--set" not in out


NO_SCREEN = {"SDL_VIDEODRIVER": None, "DISPLAY": None, "WAYLAND_DISPLAY": None}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads DISPLAY on Linux")
def test_no_display_is_a_library_error_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NO_SCREEN:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(NoDisplayError) as caught:
        require_display()
    assert caught.value.problem == "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    assert "--" not in str(caught.value) and "labsim" not in str(caught.value)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads DISPLAY on Linux")
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["watch"], "labsim watch: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), "
         "so its window cannot be shown. Use --screenshot FILE.png or --frames FOLDER"),
        (["play", "-p", "p"], "labsim play: no display (neither DISPLAY nor WAYLAND_DISPLAY is "
         "set), so its window cannot be shown. Use --headless with --demo"),
    ],
)  # fmt: skip
def test_a_window_command_without_a_screen_says_what_works_instead(
    lab: Path, args: list[str], words: str
) -> None:
    result = runner.invoke(app, [args[0], str(lab), *args[1:]], env=NO_SCREEN)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"error: {words}" in result.output


def test_study_options_out_of_range_name_the_setting_and_batch_its_option(lab: Path) -> None:
    with pytest.raises(StudyError) as caught:
        study_spec(lab, StudyOptions(reps="many"))
    assert caught.value.setting == "replications" and "--" not in str(caught.value)
    with pytest.raises(SettingError) as caught:
        make_executor("spark", 2)
    assert caught.value.setting == "executor" and "--" not in str(caught.value)
    with pytest.raises(SettingError, match="workers: must be 1 or more"):
        make_executor("local", 0)
    with pytest.raises(StudyError, match="no such metric; did you mean") as caught:
        prepare_study(study_spec(lab, StudyOptions(metrics=["rigs.r.wait_mean"])))
    assert (caught.value.setting, caught.value.value) == ("metric", "rigs.r.wait_mean")
    assert "--" not in str(caught.value)
    out = failed("batch", lab, "--reps", "many")
    assert "error: --reps must be a whole number or 'auto' (got 'many')" in out


def test_batch_words_a_study_folder_refusal_with_its_options(lab: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    out = failed("batch", lab, "--out", tmp_path, "--reps", "2")
    assert f"error: {tmp_path} is not empty and holds no study (no manifest.json); " in out
    assert "choose another --out folder" in out
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_broken_executor_says_how_to_finish_the_study(
    lab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import labsim.experiments

    def broken(*args: object, **kwargs: object) -> None:
        raise ExecutorError("a worker process died (killed)")

    monkeypatch.setattr(labsim.experiments, "run_batch", broken)
    result = runner.invoke(app, ["batch", str(lab), "--out", str(tmp_path / "s")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        f"error: a worker process died (killed); the finished replications are saved in "
        f"{tmp_path / 's'}: run the same command with --resume to finish the study"
    ) in result.output


def test_the_tree_in_the_errors_docstring_is_the_class_tree() -> None:
    import labsim.errors as errors

    drawn: dict[str, str] = {}
    parents = ["LabsimError"]
    for line in (errors.__doc__ or "").splitlines():
        if "── " not in line:
            continue
        depth = (line.index("── ") - 5) // 5
        name = line.split("── ")[1].split()[0]
        del parents[depth + 1 :]
        drawn[name] = parents[-1]
        parents.append(name)
    classes = {
        name: cls
        for name, cls in vars(errors).items()
        if isinstance(cls, type)
        and issubclass(cls, errors.LabsimError)
        and cls is not errors.LabsimError
    }
    assert set(drawn) == set(classes)
    assert {name: cls.__bases__[0].__name__ for name, cls in classes.items()} == drawn
    assert set(classes) <= set(errors.__all__)


def test_an_experiment_files_own_changes_are_blamed_on_its_lines(lab: Path, tmp_path: Path) -> None:
    experiment = tmp_path / "exp.yaml"
    experiment.write_text(f"labsim-experiment: 1\nscenario: {lab}\nset:\n  rigs.r.cuont: 3\n")
    out = failed("batch", experiment, "--out", tmp_path / "s")
    assert f"error: {experiment}:4:3: set.rigs.r.cuont: unknown key 'cuont' in rigs[0]" in out
    experiment.write_text(f"labsim-experiment: 1\nscenario: {lab}\nset:\n  rigs.r.count: 0\n")
    out = failed("batch", experiment, "--out", tmp_path / "s")
    assert f"must be >= 1 (got 0) (from the experiment {experiment}: rigs.r.count=0)" in out
    assert "--set" not in out

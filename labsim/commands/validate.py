"""``labsim validate``: check scenario and library files and say exactly what is wrong.

Each file is loaded as a scenario, as a procedure library when it only holds
``procedures:``, or as a rig kit's words file (``words.yaml``: word sections, no
``labsim:``); an experiment, site-visit rule, play script or calibration overlay
(``labsim-experiment: 1``, ``labsim-site-visit: 1``, ``labsim-script: 1``,
``labsim-overlay: 1``) is checked as the command that reads it does, instead of being told
it lacks ``labsim: 1``. A good scenario prints
``ok: FILE (N rigs, M procedures, K cohorts)``, N counting every rig on the floor; a bad
file prints every problem as
``FILE:LINE:COL: path: message``. The exit status is 2 when any file has a problem.

Under a good file's line come its languages (texts translated, and reviewed, per language),
a warning for each text that lacks a language the file declares in ``languages:``, a
note naming the languages marked ``unreviewed:``, and (scenarios) a warning at each time
limit a cohort's skill cannot keep (:mod:`labsim.scenarios.timing`); warnings do not change
the exit status.

The equipment-aware checks (every rig model exists, every step's action exists on its
rig's model, each procedure can be completed by a dry run) come from :mod:`labsim.checks`:
``scenario_checks(scenario: Scenario) -> list[Problem]`` and
``library_checks(library: ProcedureLibrary) -> list[Problem]`` return problems with
field paths, and the loader locates them in the files. They run only when the file's own
cross-references hold.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labsim.commands._common import EXIT_BAD_INPUT, reports_errors

if TYPE_CHECKING:
    from labsim.scenarios.kitwords import LoadedWords
    from labsim.scenarios.loader import LoadedLibrary, LoadedScenario
    from labsim.scenarios.texts import TextFile

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the ``labsim`` app."""
    app.command("validate")(validate)


@reports_errors
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Scenario, procedure library, rig kit words, experiment, site-visit rule, "
            "play script or calibration overlay files (YAML, TOML, JSON)."
        ),
    ],
) -> None:
    """Check files: syntax, types, units, references, and that every procedure can be done.

    Warnings (exit status 0) name the texts that lack a declared language, and a time limit
    that a cohort practising the procedure cannot keep at the written step times for its
    skill (its attempts would be stopped five minutes over the limit).
    """
    from labsim.checks import library_checks, scenario_checks
    from labsim.errors import LabsimError, ScenarioError
    from labsim.scenarios.loader import LoadedLibrary, LoadedScenario, load_file
    from labsim.scenarios.texts import iter_texts

    failed = False
    for file in files:
        try:
            other = _other_kind(file)
            if other is not None:
                typer.echo(f"ok: {file} ({other})")
                continue
            loaded = load_file(file, scenario_checks=scenario_checks, library_checks=library_checks)
        except ScenarioError as error:
            failed = True
            for problem in error.problems:
                typer.echo(str(problem) if problem.file is not None else f"{file}: {problem}")
            continue
        except LabsimError as error:
            failed = True
            typer.echo(f"{file}: {error}")
            continue
        model: TextFile
        if isinstance(loaded, LoadedScenario):
            s = model = loaded.scenario
            rigs = sum(group.count for group in s.rigs)
            counts = ((rigs, "rig"), (len(s.procedures), "procedure"), (len(s.cohorts), "cohort"))
            summary = ", ".join(_count(number, noun) for number, noun in counts)
        elif isinstance(loaded, LoadedLibrary):
            model = loaded.library
            summary = "procedure library, " + _count(len(model.procedures), "procedure")
        else:
            model = loaded.words
            summary = "rig kit words, " + _count(len(list(iter_texts(model))), "word")
        typer.echo(f"ok: {file} ({summary})")
        _languages(model, loaded)
        if isinstance(loaded, LoadedScenario):
            _time_limits(loaded)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _languages(file: TextFile, loaded: LoadedScenario | LoadedLibrary | LoadedWords) -> None:
    """Say how far each language has come, what is missing and what is not reviewed."""
    from labsim.scenarios.texts import (
        coverage_summary,
        language_coverage,
        missing_texts,
        unreviewed_notes,
    )

    coverage = language_coverage(file)
    if len(coverage) > 1 or file.languages:
        typer.echo(f"  texts: {coverage_summary(coverage)}")
    source = loaded.source
    notes = unreviewed_notes(file, coverage)
    shown: set[str] = set()
    for problem in [*missing_texts(file), *notes]:
        located = source.problem(problem.message, problem.path)
        # a text of an included library: its path as that file numbers it; a mark carried
        # from a library is shown once, at the library's own 'unreviewed:' line
        path = source.as_written(problem.path)
        if problem in notes and located.file != source.file:
            path = ()
        line = str(replace(located, path=path))
        if line not in shown:
            shown.add(line)
            typer.echo(f"  {line}")


def _time_limits(loaded: LoadedScenario) -> None:
    """Warn where a cohort's skill cannot keep a procedure's time limit (see timing.py)."""
    from labsim.scenarios.timing import limits_beyond_reach

    source = loaded.source
    for problem in limits_beyond_reach(loaded.scenario):
        located = source.problem(problem.message, problem.path)
        typer.echo(f"  {replace(located, path=source.as_written(problem.path))}")


def _other_kind(file: Path) -> str | None:
    """Check an experiment, site-visit rule, play script or overlay; None for any other file.

    Raises:
        ScenarioError: naming file, line and key of every problem (an overlay's as
            ``--overlay`` reads it).
    """
    from labsim.errors import ScenarioError
    from labsim.scenarios.source import read_document

    try:
        keys = read_document(file).data.keys()
    except ScenarioError:
        return None  # load_file says what is wrong with it
    if "labsim-experiment" in keys:
        from labsim.experiments.expfile import load_experiment

        experiment = load_experiment(file)
        return f"experiment of {experiment.scenario_path}; labsim validate checks that file too"
    if "labsim-site-visit" in keys:
        from labsim.cohort.visit import load_rule

        rule = load_rule(file)
        return "site-visit rule, " + _count(len(rule.plan), "procedure") + " to pass"
    if "labsim-script" in keys:
        from labsim.play.script import load_script

        script = load_script(file)
        return (
            "play script, "
            + _count(len(script.model.actions), "action")
            + "; each is checked against the rig when played: labsim play SCENARIO --script FILE"
        )
    if "labsim-overlay" in keys or "labsim_overlay" in keys:
        from labsim.calibration.overlay import load_overlay

        values = load_overlay(file)
        return (
            "calibration overlay, "
            + _count(len(values), "value")
            + "; checked against the scenario when applied: labsim run SCENARIO --overlay FILE"
        )
    return None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")

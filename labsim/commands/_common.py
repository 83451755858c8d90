"""What every ``labsim`` command shares: turning labsim's own errors into exit status 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from labsim.errors import LabsimError, clip

if TYPE_CHECKING:
    from labsim.scenarios import LoadedScenario

__all__ = [
    "EXIT_BAD_INPUT",
    "SEED_BOUNDS",
    "OverlayOption",
    "ScenarioFile",
    "SeedOption",
    "SetOption",
    "TableOrJson",
    "drawable_languages",
    "load_checked",
    "reports_errors",
]


class TableOrJson(StrEnum):
    """``--format`` of the commands that print a table for people or JSON for programs."""

    table = "table"
    json = "json"


#: The scenario file argument every simulating command takes.
ScenarioFile = Annotated[Path, typer.Argument(help="Scenario file (YAML, TOML or JSON).")]

#: Bounds of a seed on the command line: those of ``seed:`` in a file (0 <= seed < 2**63).
SEED_BOUNDS = {"min": 0, "max": 2**63 - 1}

#: ``--seed N``: the seed of this run instead of the file's.
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", help="Seed for this run (default: the file's seed).", **SEED_BOUNDS),
]

#: ``--set PATH=VALUE``: change a scenario value without editing the file.
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PATH=VALUE",
        help="Change a value before running, e.g. rigs.zd6.count=4 (repeatable).",
    ),
]


#: ``--overlay FILE``: values measured by ``labsim calibrate``, applied before any ``--set``.
OverlayOption = Annotated[
    Path | None,
    typer.Option(
        "--overlay",
        help="A calibration overlay (labsim calibrate) applied before any --set.",
        dir_okay=False,
    ),
]


def load_checked(
    file: Path,
    assignments: list[str] | None = None,
    overlay: Path | None = None,
    *,
    equipment: bool = True,
) -> LoadedScenario:
    """Load a scenario, then apply an overlay and ``--set`` values, checked at each step.

    ``equipment`` adds the equipment checks (every procedure dry-run on its rig model):
    what ``validate`` proves, and what a command that works the rigs needs; a run of the
    simulation alone does not (its simulated trainees never touch a rig model).
    """
    from labsim.scenarios import apply_overrides, load_scenario

    if equipment:
        from labsim.checks import scenario_checks

        loaded = load_scenario(file, extra_checks=scenario_checks)
    else:
        loaded = load_scenario(file)
    if overlay is not None:
        from labsim.calibration.apply import apply_overlay

        loaded = apply_overlay(loaded, overlay)
    if assignments:
        loaded = apply_overrides(loaded, assignments)
    return loaded


#: Longest error line printed: values are quoted short already; this is the last guard.
MAX_LINE = 1000

#: Exit status for anything the user can fix: a bad file, a bad option value.
EXIT_BAD_INPUT = 2

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so a :class:`LabsimError` prints as a message and exits with status 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LabsimError as error:
            for line in str(error).splitlines() or [type(error).__name__]:
                print(f"error: {clip(line, MAX_LINE)}", file=sys.stderr)
            raise typer.Exit(EXIT_BAD_INPUT) from None

    return wrapper


def drawable_languages(langs: tuple[str, ...]) -> str:
    """The languages this machine has fonts for, as ``zh+th``; a warning for each one left out.

    A window cannot draw a script without a font for it (it would show empty boxes): such a
    language is left out, with the one message that names the package to install.
    """
    from labsim.i18n import language_scripts
    from labsim.render.fonts import font_file, missing_font

    kept = []
    for lang in langs:
        lacking = sorted(s for s in language_scripts(lang) if font_file(s) is None)
        for script in lacking:
            print(f"warning: {missing_font(script)}; {lang!r} is not shown", file=sys.stderr)
        if not lacking:
            kept.append(lang)
    if not kept:
        print("warning: showing English instead", file=sys.stderr)
    return "+".join(kept or ["en"])

"""What the commands share that needs no Typer: loading a scenario, wording an error.

``labsim run`` with plain options parses its own command line (see
:mod:`labsim.commands.run_fast`) and never imports Typer, so what it shares with the
other commands lives here.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from labsim.errors import (
    Change,
    LabsimError,
    OverrideError,
    RecordsError,
    ScenarioError,
    SettingError,
    UsageError,
    clip,
    shown_path,
)

if TYPE_CHECKING:
    from labsim.scenarios import LoadedScenario

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "MAX_LINE",
    "change_words",
    "command_line_message",
    "load_checked",
    "option_error",
    "print_error",
]

#: Longest error line printed: values are quoted short already; this is the last guard.
MAX_LINE = 1000

#: Exit status for anything the user can fix: a bad file, a bad option value.
EXIT_BAD_INPUT = 2

#: Exit status after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


def change_words(change: Change) -> str:
    """A scenario change as the command line asked for it: ``--set rigs.zd6.count=4``.

    A change from a file the command line named says which (``--overlay FILE: PATH``); an
    experiment file's own ``set:`` is worded as the library words it.
    """
    text = clip(change.text)
    if change.kind == "overlay" and change.file is not None:
        return f"--overlay {shown_path(change.file)}: {text}"
    if change.kind in ("set", "sweep"):
        return f"--{change.kind} {text}"
    return str(change)


def command_line_message(error: LabsimError) -> str:
    """The message of a labsim error for the command line: changes named by their option.

    The library names no options; its errors carry the facts (the change, what is wrong)
    and this words them: ``--set rigs.zd6.cuont: unknown key 'cuont' ...``.
    """
    if isinstance(error, OverrideError):
        if error.form is not None:
            return f"--{error.change.kind} needs {error.form} ({error.reason})"
        return f"{change_words(error.change)}: {error.reason}"
    if isinstance(error, SettingError):
        return _setting_words(error, _SHARED_OPTIONS.get(error.setting))
    if isinstance(error, RecordsError) and error.unusable is not None:
        return f"{error}; --records FILE chooses another records file"
    if isinstance(error, ScenarioError):
        return "\n".join(problem.worded(change_words) for problem in error.problems)
    return str(error)


def option_error(error: SettingError, options: Mapping[str, str]) -> UsageError:
    """A setting's error worded with the command's option for it: ``--reps must be ...``.

    ``options`` maps the library's setting names to the command's options; a setting the
    command has no option for keeps the library's words.
    """
    return UsageError(_setting_words(error, options.get(error.setting)))


#: Options every command that has the setting gives the same name.
_SHARED_OPTIONS = {"include": "--include", "lang": "--lang", "procedure": "--procedure"}


def _setting_words(error: SettingError, option: str | None) -> str:
    if option is None:
        return str(error)
    if error.value is not None:
        return f"{option} {clip(error.value)}: {error.message}"
    return f"{option} {error.message}"


def print_error(error: LabsimError) -> None:
    """Print a labsim error on stderr, one ``error:`` line per line of its message.

    An indented line continues the line before it (a list of choices) and keeps its indent
    under that ``error:`` instead of getting one of its own.
    """
    message = command_line_message(error)
    for i, line in enumerate(message.splitlines() or [type(error).__name__]):
        if i and line[:1].isspace():
            print(f"       {clip(line, MAX_LINE)}", file=sys.stderr)
        else:
            print(f"error: {clip(line, MAX_LINE)}", file=sys.stderr)


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
        from labsim.checks import load_scenario as load_and_check

        loaded = load_and_check(file)
    else:  # (without importing the rig models at all)
        loaded = load_scenario(file)
    if overlay is not None:
        from labsim.calibration.apply import apply_overlay

        loaded = apply_overlay(loaded, overlay)
    if assignments:
        loaded = apply_overrides(loaded, assignments)
    return loaded

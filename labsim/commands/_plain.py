"""What the commands share that needs no Typer: loading a scenario, printing an error.

``labsim run`` with plain options parses its own command line (see
:mod:`labsim.commands.run_fast`) and never imports Typer, so what it shares with the
other commands lives here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from labsim.errors import LabsimError, clip

if TYPE_CHECKING:
    from labsim.scenarios import LoadedScenario

__all__ = ["EXIT_BAD_INPUT", "MAX_LINE", "load_checked", "print_error"]

#: Longest error line printed: values are quoted short already; this is the last guard.
MAX_LINE = 1000

#: Exit status for anything the user can fix: a bad file, a bad option value.
EXIT_BAD_INPUT = 2


def print_error(error: LabsimError) -> None:
    """Print a labsim error on stderr, one ``error:`` line per line of its message.

    An indented line continues the line before it (a list of choices) and keeps its indent
    under that ``error:`` instead of getting one of its own.
    """
    for i, line in enumerate(str(error).splitlines() or [type(error).__name__]):
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

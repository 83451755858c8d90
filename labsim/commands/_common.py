"""What every ``labsim`` command shares: turning labsim's own errors into exit status 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from labsim.commands._plain import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    load_checked,
    option_error,
    print_error,
)
from labsim.errors import LabsimError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "SEED_BOUNDS",
    "FormatOption",
    "OverlayOption",
    "ScenarioFile",
    "SeedOption",
    "SetOption",
    "TableOrJson",
    "drawable_languages",
    "load_checked",
    "option_error",
    "reports_errors",
    "require_window",
]


class TableOrJson(StrEnum):
    """``--format`` of the commands that print a table for people or JSON for programs."""

    table = "table"
    json = "json"


#: ``--format table|json`` of the commands that print a table or JSON (default: a table).
FormatOption = Annotated[
    TableOrJson, typer.Option("--format", help="table (for people) or json (on stdout).")
]

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


P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so a :class:`LabsimError` prints as a message and exits with status 2.

    Ctrl-C ends any command with "interrupted" and status 130, never a traceback.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LabsimError as error:
            print_error(error)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except KeyboardInterrupt:  # commands that keep partial work say more themselves
            print("interrupted", file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper


def require_window(command: str, without: str) -> None:
    """Refuse a window nobody could see: ``labsim COMMAND: no display ...``, then ``without``.

    ``without`` says which options of the command work without a screen.

    Raises:
        UsageError: there is no usable display.
    """
    from labsim.errors import NoDisplayError, UsageError
    from labsim.render.display import require_display

    try:
        require_display()
    except NoDisplayError as error:
        raise UsageError(
            f"labsim {command}: {error.problem}, so its window cannot be shown. {without}"
        ) from None


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

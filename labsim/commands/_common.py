"""What every ``labsim`` command shares: turning labsim's own errors into exit status 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from labsim.errors import LabsimError

__all__ = ["EXIT_BAD_INPUT", "reports_errors"]

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
                print(f"error: {line}", file=sys.stderr)
            raise typer.Exit(EXIT_BAD_INPUT) from None

    return wrapper

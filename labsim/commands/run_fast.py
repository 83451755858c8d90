"""``labsim run`` with plain options, without building the Typer app.

Building the app imports Typer and every command module, and Typer then builds a pydantic
adapter per option: about as much CPU as a one-hour run itself. A command line that is
plainly valid (``run FILE`` with ``--seed`` digits, ``--set`` values, ``--format table`` or
``json``) is read here and run directly. Anything else, including ``--help``, any
misspelt, repeated or doubtful option and every error Typer reports, returns ``None`` so
that the Typer app handles it exactly as before. A command line taken here therefore means
the same as through Typer; only the cost differs.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

__all__ = ["run_fast"]

#: A seed the Typer form accepts unchanged: digits without a leading zero, below 2**63.
_SEED = re.compile(r"0|[1-9][0-9]{0,18}")
_SEED_MAX = 2**63 - 1

#: Options that take a value, and whether they may be given more than once.
_OPTIONS = {"--seed": False, "--set": True, "--format": False}

#: Exit status after a closed pipe, as Typer gives it.
_CLOSED_PIPE = 1


def _parse(args: list[str]) -> tuple[Path, int | None, list[str], bool] | None:
    """``(file, seed, --set values, as_json)`` of a plainly valid ``run`` command line."""
    if not args or args[0] != "run" or os.name == "nt" or "_LABSIM_COMPLETE" in os.environ:
        return None  # (Windows wildcards and shell completion are Typer's to handle)
    file: str | None = None
    values: dict[str, list[str]] = {name: [] for name in _OPTIONS}
    rest = iter(args[1:])
    for arg in rest:
        name, equals, inline = arg.partition("=")
        if name in _OPTIONS:
            value = inline if equals else next(rest, None)
            if not value or value.startswith("-"):
                return None
            if values[name] and not _OPTIONS[name]:
                return None
            values[name].append(value)
        elif arg.startswith("-") or file is not None or not arg:
            return None
        else:
            file = arg
    if file is None:
        return None
    seed: int | None = None
    if values["--seed"]:
        (text,) = values["--seed"]
        if not _SEED.fullmatch(text) or int(text) > _SEED_MAX:
            return None
        seed = int(text)
    output = values["--format"] or ["table"]
    if output[0] not in ("table", "json"):
        return None
    return Path(file), seed, values["--set"], output[0] == "json"


def run_fast(args: list[str]) -> int | None:
    """Run ``labsim run`` from ``args`` and return its exit status; ``None``: not taken."""
    parsed = _parse(args)
    if parsed is None:
        return None
    file, seed, assignments, as_json = parsed
    from labsim.commands._plain import EXIT_BAD_INPUT, print_error
    from labsim.commands.running import run_scenario
    from labsim.errors import LabsimError

    try:
        return run_scenario(file, seed, assignments or None, None, as_json=as_json)
    except LabsimError as error:
        print_error(error)
        return EXIT_BAD_INPUT
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        # The reader went away: quiet, like the Typer form, with nothing flushed into it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _CLOSED_PIPE

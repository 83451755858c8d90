"""The ``labsim`` command: a thin layer that parses, loads, calls the library and formats.

Each subcommand lives in its own module under :mod:`labsim.commands`; this module only
assembles them, so that ``labsim --help`` lists every user-facing feature. The Typer app
is built on first use: ``labsim run`` with plain options takes a fast path that never
builds it (:mod:`labsim.commands.run_fast`), and anything else goes through the app.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["main"]  # and ``app``, built on first use (module __getattr__)

_APP: list[typer.Typer] = []


def _app() -> typer.Typer:
    """The ``labsim`` Typer app, built once."""
    if not _APP:
        from labsim.commands import build_app

        _APP.append(build_app())
    return _APP[0]


def __getattr__(name: str) -> Any:
    if name == "app":
        return _app()
    raise AttributeError(f"module 'labsim.cli' has no attribute {name!r}")


def main() -> None:
    """Entry point of the console script."""
    # Start-up allocates thousands of objects that live for the whole process (modules,
    # classes, functions) and no garbage cycles worth collecting: the collector would only
    # walk them again and again. It is switched back on once the command is set up
    # (``labsim run``: once its lab is loaded, after freezing what is there).
    gc.disable()
    _quiet_start_up_settings()
    try:
        from labsim.commands.run_fast import run_fast

        status = run_fast(sys.argv[1:])
        if status is None:
            gc.enable()
            _app()()
    except KeyboardInterrupt:  # while starting or loading: each command words its own later
        from labsim.commands._plain import EXIT_INTERRUPTED

        gc.enable()
        print("interrupted", file=sys.stderr)
        status = EXIT_INTERRUPTED
    sys.exit(status)


def _quiet_start_up_settings() -> None:
    """Settings for what the command loads; the user's own environment always wins.

    labsim's models use no pydantic plug-ins, and looking for them reads every installed
    package's entry points on each start. A labsim process simulates on one core (batch
    studies use one process per core), so numpy's BLAS gets one thread: its default of a
    thread per core costs each start more CPU than the rest of numpy's import, and in a
    batch it would put cores x cores threads on the machine.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")

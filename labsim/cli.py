"""The ``labsim`` command: a thin layer that parses, loads, calls the library and formats.

Each subcommand lives in its own module under :mod:`labsim.commands`; this module only
assembles them, so that ``labsim --help`` lists every user-facing feature. The Typer app
is built on first use: ``labsim run`` with plain options takes a fast path that never
builds it (:mod:`labsim.commands.run_fast`), and anything else goes through the app.
"""

from __future__ import annotations

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
    # labsim's models use no pydantic plug-ins; looking for them reads every installed
    # package's entry points on each start. The user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from labsim.commands.run_fast import run_fast

    status = run_fast(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    _app()()

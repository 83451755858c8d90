"""The ``labsim`` command: a thin layer that parses, loads, calls the library and formats.

Each subcommand lives in its own module under :mod:`labsim.commands`; this module only
assembles them, so that ``labsim --help`` lists every user-facing feature.
"""

from __future__ import annotations

from labsim.commands import build_app

__all__ = ["app", "main"]

app = build_app()


def main() -> None:
    """Entry point of the console script."""
    app()

"""Subcommands of ``labsim``, one module each; :func:`build_app` assembles them.

Command modules import heavy or optional parts (pygame, Dask, plotting) inside the
command function, so that ``labsim --help`` and ``labsim run`` start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

__all__ = ["COMMAND_MODULES", "build_app"]

#: Modules that each define ``register(app)``; listed in the order ``--help`` shows them.
COMMAND_MODULES: tuple[str, ...] = (
    "labsim.commands.run",
    "labsim.commands.batch",
    "labsim.commands.watch",
    "labsim.commands.play",
    "labsim.commands.validate",
    "labsim.commands.schema",
    "labsim.commands.new",
    "labsim.commands.rigs",
    "labsim.commands.records",
    "labsim.commands.lang",
    "labsim.commands.calibrate",
)


def build_app() -> typer.Typer:
    """Create the ``labsim`` Typer app with every available subcommand registered."""
    import typer  # here, not at the top: ``labsim run`` with plain options never needs it

    app = typer.Typer(
        name="labsim",
        help=(
            "Simulate a hands-on railway training lab: rigs, trainees, instructors.\n\n"
            "One scenario file serves trainees (play: training, assessment, --demo, "
            "--script, --replay; records list and show), instructors (validate, schema, new, "
            "watch, rigs, lang; records report, simulate, export and push) and researchers "
            "(run, batch, warmup, calibrate; its overlay with run or batch --overlay). --lang "
            "chooses the language of play, watch, records and the reports (zh+th: two at once)."
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app

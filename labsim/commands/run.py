"""``labsim run``: one replication of a scenario, as a table or as JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from labsim.commands._common import (
    OverlayOption,
    ScenarioFile,
    SeedOption,
    SetOption,
    TableOrJson,
    reports_errors,
)
from labsim.commands.running import run_scenario

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``run`` to the ``labsim`` app."""
    app.command("run")(run)


@reports_errors
def run(
    file: ScenarioFile,
    seed: SeedOption = None,
    assignments: SetOption = None,
    overlay: OverlayOption = None,
    output: Annotated[
        TableOrJson,
        typer.Option("--format", help="table (for people) or json (one object on stdout)."),
    ] = TableOrJson.table,
) -> None:
    """Run one replication of a scenario and print its figures.

    The file is checked as the simulation needs it; `labsim validate` also dry-runs every
    procedure on its rig model.
    """
    status = run_scenario(file, seed, assignments, overlay, as_json=output is TableOrJson.json)
    if status:
        raise typer.Exit(status)

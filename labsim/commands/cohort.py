"""``labsim records simulate|report|push``: simulated trainees, the cohort report, the LRS.

These subcommands join the ``records`` group (see :mod:`labsim.commands.records`).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from labsim.commands._common import ScenarioFile, SetOption, load_checked, reports_errors
from labsim.commands.records import RecordsOption

__all__ = ["add_to_records"]


@reports_errors
def simulate_command(
    file: ScenarioFile,
    procedure: Annotated[str, typer.Option("--procedure", help="The procedure id to attempt.")],
    trainees: Annotated[int, typer.Option("--trainees", help="How many simulated trainees.")] = 10,
    attempts: Annotated[
        int, typer.Option("--attempts", help="Attempts each trainee makes at the procedure.")
    ] = 3,
    skill: Annotated[
        str | None,
        typer.Option("--skill", help="Their skill level (default: the scenario's first)."),
    ] = None,
    records: RecordsOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the simulated attempts.")] = 0,
    assignments: SetOption = None,
) -> None:
    """Write attempts of simulated trainees into the records (mode 'simulated').

    Each attempt is played through the same session, judge and scoring as a person's; the
    scenario's distributions for the skill level decide each step's time and errors. The
    trainees are named SKILL-001, SKILL-002, ... Exports leave them out unless given
    --include simulated.
    """
    from labsim.cohort.simulate import SimulationPlan, simulate_attempts
    from labsim.records.store import RecordStore

    loaded = load_checked(file, assignments)
    level = skill or next(iter(loaded.scenario.skills))
    plan = SimulationPlan(procedure, trainees, attempts, level, seed)
    shown = [0]

    def progress(done: int, total: int) -> None:
        if done == total or done - shown[0] >= max(1, total // 10):
            shown[0] = done
            print(f"simulated {done}/{total} attempts", file=sys.stderr)

    with RecordStore(records) as store:
        names = simulate_attempts(
            loaded.scenario, plan, store, scenario_file=str(file), progress=progress
        )
        print(
            f"recorded {trainees * attempts} simulated attempts of {names[0]}..{names[-1]}"
            f" at {procedure} in {store.path}"
        )


def add_to_records(group: typer.Typer) -> None:
    """Add the cohort subcommands to the ``records`` group."""
    group.command("simulate")(simulate_command)

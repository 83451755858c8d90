"""What ``labsim run`` does once its options are parsed: load, simulate, print.

No Typer here: the command's Typer form (:mod:`labsim.commands.run`) and its plain
command-line fast path (:mod:`labsim.commands.run_fast`) both end in :func:`run_scenario`.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import TYPE_CHECKING, Any

from labsim.commands._plain import EXIT_INTERRUPTED, load_checked

if TYPE_CHECKING:
    from pathlib import Path

    from labsim.engine import RunSummary
    from labsim.engine.plan import LabPlan

__all__ = ["EXIT_INTERRUPTED", "run_scenario"]


def run_scenario(
    file: Path,
    seed: int | None,
    assignments: list[str] | None,
    overlay: Path | None,
    *,
    as_json: bool,
) -> int:
    """Run one replication and print its figures; the exit status (0, or 130 after Ctrl-C).

    Labsim's own errors propagate, for the caller to print as ``error:`` lines.
    """
    plan = _plan(file, assignments, overlay)
    gc.freeze()  # modules and the plan live for the whole run: keep the collector off them
    gc.enable()  # (the command switched it off while it started)
    try:
        summary = _simulate(plan, seed, shown=sys.stderr.isatty()).to_dict()
    except KeyboardInterrupt:
        print("interrupted: nothing was written; the run was not finished", file=sys.stderr)
        return EXIT_INTERRUPTED
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        sys.stdout.flush()
    else:
        _print_table(summary)
    return 0


def _plan(file: Path, assignments: list[str] | None, overlay: Path | None) -> LabPlan:
    """The checked scenario's plan: kept from an earlier run of this file and values, or loaded."""
    from labsim.scenarios.cache import ScenarioCache

    cache = ScenarioCache.for_run(file, assignments) if overlay is None else None
    plan = cache.load() if cache is not None else None
    if plan is not None:
        return plan
    loaded = load_checked(file, assignments, overlay, equipment=False)
    if cache is not None:
        return cache.store(loaded, file)
    from labsim.engine.plan import LabPlan

    return LabPlan.of(loaded.scenario)


def _simulate(plan: LabPlan, seed: int | None, *, shown: bool) -> RunSummary:
    """Run the replication; on a terminal, with a bar of simulated time (on stderr).

    The bar advances the lab in slices from outside, which gives the same run as one go.
    """
    from labsim.engine import Lab, simulate

    if not shown:
        return simulate(plan, seed=seed)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    lab = Lab(plan, seed=seed)
    bar = Progress(
        TextColumn("simulating"),
        BarColumn(),
        TextColumn("day {task.fields[day]}"),
        TimeElapsedColumn(),
        TextColumn("(Ctrl-C stops)"),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("run", total=lab.horizon, day=1)
        slices = _SLICES
        for index in range(1, slices + 1):
            lab.advance_to(lab.horizon * index / slices)
            bar.update(task, completed=lab.now, day=int(lab.now // 1440) + 1)
    return lab.summary()


#: Steps of the progress bar of ``labsim run`` on a terminal.
_SLICES = 200


def _print_phrases(console: Any, *phrases: str) -> None:
    """Phrases on one line, wrapped only between phrases (never mid-phrase) when too narrow."""
    line = ""
    for phrase in phrases:
        if line and len(line) + 1 + len(phrase) > console.width:
            console.print(line, highlight=False, markup=False)
            line = "  " + phrase
        else:
            line = f"{line} {phrase}" if line else phrase
    console.print(line, highlight=False, markup=False)


def _print_table(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    hours = summary["sim_minutes"] / 60
    console.print(f"[bold]{escape(summary['scenario'])}[/bold]")
    warmup = summary["warmup_minutes"] / 60
    _print_phrases(
        console,
        f"seed {summary['seed']},",
        f"{hours:g} h simulated,",
        f"{summary['open_minutes'] / 60:g} h open",
        *([f"(after {warmup:g} h warm-up)"] if warmup else []),
    )
    trainees, procedures, errors = summary["trainees"], summary["procedures"], summary["errors"]
    _print_phrases(
        console,
        f"Trainees: {trainees['arrived']} arrived,",
        f"{trainees['certified']} certified,",
        f"{trainees['failed_out']} failed out,",
        f"{trainees['in_progress']} still in the lab",
    )
    _print_phrases(
        console,
        f"Attempts: {procedures['attempts']} ({procedures['passed']} passed, "
        f"{procedures['failed']} failed);",
        f"errors: {errors['total']} ({errors['critical']} critical)",
    )
    table = Table(title="Rig groups", title_justify="left")
    headers = ("group", "rigs", "busy", "broken", "fails", "wait mean", "wait p95", "queue")
    for column in headers:
        table.add_column(column, justify="left" if column == "group" else "right", no_wrap=True)
    for gid, rig in summary["rigs"].items():
        table.add_row(
            gid,
            str(rig["count"]),
            f"{rig['utilization']:.1%}",
            f"{rig['broken_fraction']:.1%}",
            str(rig["failures"]),
            f"{rig['wait_mean_min']:.1f}m",
            f"{rig['wait_p95_min']:.1f}m",
            f"{rig['queue_mean']:.2f}",
        )
    console.print(table)
    console.print(_procedure_table(procedures["by_id"]))
    inst = summary["instructors"]
    if inst["count"]:
        console.print(
            f"Instructors: {inst['count']}, utilisation {inst['utilization']:.1%}, "
            f"mean wait for sign-off {inst['wait_mean_min']:.1f} min"
        )


def _procedure_table(by_id: dict[str, Any]) -> Any:
    """Attempts per procedure and why the failed ones failed (procedures nobody tried left out)."""
    from rich.table import Table

    table = Table(
        title="Procedures: attempts, first-attempt pass rate, and failures by reason\n"
        "(over the time limit, critical error, too many errors, below the pass mark)",
        title_justify="left",
    )
    headers = ("procedure", "tries", "passed", "1st", "time", "crit", "errs", "mark")
    for column in headers:
        table.add_column(column, justify="left" if column == "procedure" else "right", no_wrap=True)
    for pid, p in by_id.items():
        if p["attempts"]:
            table.add_row(
                pid,
                str(p["attempts"]),
                str(p["passed"]),
                f"{p['first_pass_rate']:.0%}",
                str(p["failed_time_limit"]),
                str(p["failed_critical"]),
                str(p["failed_errors"]),
                str(p["failed_below_mark"]),
            )
    return table

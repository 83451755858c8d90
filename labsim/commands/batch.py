"""``labsim batch`` (throughput studies) and ``labsim warmup`` (choose a warm-up length)."""

from __future__ import annotations

import json
import shlex
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from labsim.commands._common import (
    EXIT_INTERRUPTED,
    SEED_BOUNDS,
    OverlayOption,
    SeedOption,
    SetOption,
    load_checked,
    option_error,
    reports_errors,
)
from labsim.limits import MAX_BUCKETS, MAX_WARMUP_REPS

if TYPE_CHECKING:
    from labsim.errors import StudyFolderError
    from labsim.experiments import BatchResult

__all__ = ["EXIT_FAILED_REPLICATIONS", "EXIT_INTERRUPTED", "register"]

#: Exit status when the study finished but some replications raised (see failures.csv).
EXIT_FAILED_REPLICATIONS = 1
#: Exit status after Ctrl-C (the finished replications are saved; --resume goes on).


class ProgressMode(StrEnum):
    """``--progress``: the modes of :func:`labsim.experiments.make_progress`."""

    auto = "auto"
    bar = "bar"
    plain = "plain"
    none = "none"


class WarmupFormat(StrEnum):
    """How ``labsim warmup`` prints."""

    text = "text"
    json = "json"


_BATCH_HELP = """Run a throughput study: replications of every sweep point, with intervals.

FILE is a scenario, or an experiment file (labsim-experiment: 1) that names the scenario,
factors, replications and metrics; options given here override the file's.

Replication r of every sweep point uses the study seed and replication number r, so all
points share random numbers (common random numbers) and the results are identical
whatever the number of workers or the executor.

The --out folder receives runs.parquet and runs.csv (one row per replication), summary.csv,
differences.csv (paired differences between points), failures.csv, plots/*.png,
report.html, scenario.yaml and command.txt; runs.jsonl holds each replication as soon
as it finished, so an interrupted study goes on with --resume.

Exit status: 0 all replications ran; 1 some replication raised (the study still
completed; see failures.csv) or a worker died; 2 bad input (nothing ran); 130 interrupted.
"""


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``warmup`` to the ``labsim`` app."""
    app.command("batch", help=_BATCH_HELP)(batch)
    app.command("warmup")(warmup)


@reports_errors
def batch(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Scenario or experiment file.")],
    reps: Annotated[
        str | None,
        typer.Option(
            "--reps",
            metavar="N|auto",
            help="Replications per sweep point (default 10), or 'auto': add replications "
            "until every chosen metric's interval half-width is within --precision of its mean.",
        ),
    ] = None,
    precision: Annotated[
        str | None,
        typer.Option(help="Target relative half-width for --reps auto, e.g. 5% (default 5%)."),
    ] = None,
    min_reps: Annotated[
        int | None, typer.Option("--min-reps", help="First stage of --reps auto (default 10).")
    ] = None,
    max_reps: Annotated[
        int | None, typer.Option("--max-reps", help="Cap of --reps auto (default 200).")
    ] = None,
    sweeps: Annotated[
        list[str] | None,
        typer.Option(
            "--sweep",
            metavar="PATH=V1,V2,...",
            help="A factor: a scenario path and its values, e.g. rigs.zd6.count=2,3,4 or "
            "instructors.count=1..3 (repeatable; the study runs every combination).",
        ),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="PATH=VALUE",
            help="Change a value for the whole study, e.g. run.for=500h (repeatable).",
        ),
    ] = None,
    overlay: OverlayOption = None,
    seed: Annotated[
        int | None, typer.Option(help="Study seed (default: the scenario's seed).", **SEED_BOUNDS)
    ] = None,
    metrics: Annotated[
        list[str] | None,
        typer.Option(
            "--metric",
            help="A metric of interest by its flattened path, e.g. rigs.zd6.wait_mean_min "
            "(repeatable; default: trainees.certified and every rig group's wait_mean_min). "
            "Plots, paired differences and --reps auto use these.",
        ),
    ] = None,
    confidence: Annotated[
        float | None, typer.Option(help="Confidence level of the intervals (default 0.95).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (default: one per core; 1 runs in this process)."),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            metavar="local|dask|dask://HOST:PORT",
            help="local: a process pool; dask: a Dask LocalCluster of --workers processes; "
            "dask://HOST:PORT: a running Dask scheduler (needs pip install 'labsim[dask]').",
        ),
    ] = "local",
    out: Annotated[
        Path | None,
        typer.Option(help="Study folder (default: FILE's name + '-study' here)."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            help="Finish the study in --out: run only the missing replications. Refused if "
            "the folder holds a study of another scenario or other options."
        ),
    ] = False,
    chunk_size: Annotated[
        int | None,
        typer.Option(help="Replications per task sent to a worker (default: automatic)."),
    ] = None,
    progress: Annotated[
        ProgressMode,
        typer.Option(
            help="Progress display: a bar on a terminal, a line every 10 s otherwise (auto).",
        ),
    ] = ProgressMode.auto,
    plots: Annotated[bool, typer.Option(help="Draw PNG plots (needs matplotlib).")] = True,
) -> None:
    """Run a throughput study (see the full help above)."""
    from labsim.errors import FileError, SettingError, StudyFolderError, UsageError
    from labsim.experiments import ExecutorError, make_progress, run_batch
    from labsim.experiments.executors import default_workers
    from labsim.experiments.options import StudyOptions, study_spec

    if chunk_size is not None and chunk_size < 1:
        raise UsageError(f"--chunk-size must be 1 or more (got {chunk_size})")
    options = StudyOptions(
        reps,
        precision,
        min_reps,
        max_reps,
        sweeps or [],
        assignments or [],
        seed,
        metrics or [],
        confidence,
        overlay,
    )
    try:
        spec = study_spec(file, options)
    except SettingError as error:
        raise option_error(error, _OPTIONS) from None
    available = default_workers()
    if workers is not None and workers > available and "://" not in executor:
        print(
            f"note: --workers {workers} is more than the {available} CPU(s) available here; "
            f"using {available}",
            file=sys.stderr,
        )
    folder = out if out is not None else Path(f"{file.stem}-study")
    command = _command_line(ctx)
    try:
        result = run_batch(
            spec,
            folder,
            executor=executor,
            workers=workers,
            resume=resume,
            progress=make_progress(progress),
            command=command,
            chunk_size=chunk_size,
            plots=plots,
        )
    except KeyboardInterrupt:
        print(
            f"interrupted: the finished replications are saved in {folder}; "
            "run the same command with --resume to finish the study",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except ExecutorError as error:
        print(
            f"error: {error}; the finished replications are saved in {folder}: "
            "run the same command with --resume to finish the study",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_FAILED_REPLICATIONS) from None
    except SettingError as error:
        raise option_error(error, _OPTIONS) from None
    except StudyFolderError as error:
        raise UsageError(_folder_words(error)) from None
    except FileError as error:
        hint = (
            f"; the finished replications are saved in {folder}: make room, then run the "
            "same command with --resume"
        )
        raise FileError(error.shown, error.reason + hint, "write") from None
    _print_result(result)
    if result.outcome.failed:
        raise typer.Exit(EXIT_FAILED_REPLICATIONS)


def _folder_words(error: StudyFolderError) -> str:
    """Why the study folder was refused, and the way out in ``labsim batch``'s options."""
    from labsim.errors import shown_path
    from labsim.experiments.store import MANIFEST

    folder = shown_path(error.folder)
    if error.holds == "this study":
        return (
            f"{folder} already holds a study; add --resume to finish it, "
            "or choose another --out folder"
        )
    if error.holds == "another study":
        return (
            f"--resume refused: {folder} holds a study of a different scenario or command "
            f"(differs in: {', '.join(error.differs) or 'its identity'}); rerun with the same "
            "scenario and options, or choose another --out folder"
        )
    if error.holds == "other files":
        return (
            f"{folder} is not empty and holds no study (no {MANIFEST}); choose another --out folder"
        )
    return (
        f"{folder} holds a study that cannot be read ({error.detail}); choose another --out folder"
    )


#: The option of ``labsim batch`` behind each setting of a study and its executor.
_OPTIONS = {
    "executor": "--executor",
    "workers": "--workers",
    "replications": "--reps",
    "precision": "--precision",
    "min_replications": "--min-reps",
    "max_replications": "--max-reps",
    "confidence": "--confidence",
    "seed": "--seed",
    "metric": "--metric",
    "factors": "--sweep",
}


#: The option of ``labsim warmup`` behind each setting of a warm-up estimate.
_WARMUP_OPTIONS = {
    "replications": "--reps",
    "buckets": "--buckets",
    "measure": "--measure",
    "group": "--group",
    "method": "--method",
    "window": "--window",
    "seed": "--seed",
}


def _command_line(ctx: typer.Context) -> str:
    """The command as typed, from what was parsed: every value given, none defaulted."""
    parts = ["labsim", *ctx.command_path.split()[1:]]
    for param in ctx.command.params:
        name = param.name or ""
        source = ctx.get_parameter_source(name)
        if source is None or source.name == "DEFAULT":
            continue
        value = ctx.params.get(name)
        if param.param_type_name == "argument":
            parts.append(str(value))
        elif getattr(param, "is_flag", False):
            flags = param.opts if value else param.secondary_opts
            parts.extend(flags[:1])
        else:
            items: list[Any] = list(value or ()) if param.multiple else [value]
            for item in items:
                parts += [param.opts[0], str(item)]
    return shlex.join(parts)


def _print_result(result: BatchResult) -> None:
    from rich.console import Console

    console = Console()
    outcome, report = result.outcome, result.report
    console.print(_summary_table(result))
    if any(row.est.truncated for row in report.summary):
        console.print(
            "* cut at what the metric can take (0, or 1 for a utilisation); coverage is kept"
        )
    if outcome.precision_met is False:
        _warn_imprecise(console, result)
    for note in report.notes:
        console.print(f"note: {note}")
    if outcome.failed:
        console.print(
            f"{outcome.failed} replication(s) raised an error: see {result.folder / 'failures.csv'}"
        )
    if (result.folder / "report.html").is_file():
        console.print(f"Report: {result.folder / 'report.html'}")


def _summary_table(result: BatchResult) -> Any:
    """Metrics under a bold row per sweep point; metric ids are never cut (people copy them)."""
    from rich.table import Table
    from rich.text import Text

    conf = f"{result.study.spec.confidence:.0%}"
    table = Table(
        title=f"{len(result.study.points)} sweep point(s) × {result.outcome.replications} "
        f"replications ({conf} intervals)",
        title_justify="left",
    )
    longest = max((len(row.metric) for row in result.report.summary), default=6)
    table.add_column("metric", no_wrap=True, min_width=longest)
    for column in ("n", "mean", f"{conf} interval"):
        table.add_column(column, justify="right", no_wrap=True)
    previous = None
    for row in result.report.summary:
        if row.point != previous and len(result.study.points) > 1:
            if previous is not None:
                table.add_section()
            table.add_row(Text(row.point.label, style="bold", no_wrap=False, overflow="fold"))
        previous = row.point
        est = row.est
        table.add_row(
            row.metric,
            str(est.n),
            f"{est.mean:.4g}",
            f"[{est.low:.4g}, {est.high:.4g}]" + ("*" if est.truncated else ""),
        )
    return table


def _warn_imprecise(console: Any, result: BatchResult) -> None:
    """Name the metrics that missed ``--precision``, least precise first."""
    from labsim.experiments.analysis import imprecise

    spec = result.study.spec
    console.print(
        f"warning: the target precision (±{spec.replications.precision:.1%} of the mean) was "
        f"not reached within {result.outcome.replications} replications; raise --max-reps. "
        "Least precise:"
    )
    points = len(result.study.points)
    for short in imprecise(result.report.summary, spec.replications.precision):
        where = f" at worst; {short.points} of {points} points short" if points > 1 else ""
        console.print(f"  {short.metric}: ±{short.relative_half_width:.1%}{where}", highlight=False)


@reports_errors
def warmup(
    file: Annotated[Path, typer.Argument(help="Scenario file with a continuous run.")],
    reps: Annotated[
        int, typer.Option("--reps", help="Replications to average.", min=1, max=MAX_WARMUP_REPS)
    ] = 5,
    seed: SeedOption = None,
    assignments: SetOption = None,
    method: Annotated[
        str,
        typer.Option(
            metavar="mser5|welch",
            help="mser5: the truncation that minimises MSER-5 (default); welch: the point "
            "where Welch's moving average settles (check it on the plot).",
        ),
    ] = "mser5",
    measure: Annotated[
        str,
        typer.Option(
            metavar="queue|wait",
            help="queue: trainees waiting for a rig (time average); wait: mean wait for a rig.",
        ),
    ] = "queue",
    group: Annotated[
        str | None, typer.Option(help="Only this rig group (default: all groups).")
    ] = None,
    buckets: Annotated[
        int, typer.Option(help="Time buckets the run is cut into.", min=10, max=MAX_BUCKETS)
    ] = 500,
    window: Annotated[
        int | None,
        typer.Option(
            help="Moving-average half-window in buckets (default: buckets/50).",
            min=1,
            max=MAX_BUCKETS,
        ),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option(help="Where to save the plot (default: FILE-warmup.png).")
    ] = None,
    output: Annotated[
        WarmupFormat, typer.Option("--format", help="text (for people) or json (one object).")
    ] = WarmupFormat.text,
) -> None:
    """Estimate how long a continuous run's warm-up should be, and save the plot."""
    from labsim.errors import StudyError
    from labsim.experiments.seeds import study_seed
    from labsim.experiments.warmup import (
        collect_series,
        estimate_warmup,
        nice_duration,
        warmup_plot,
    )
    from labsim.files import write_atomic
    from labsim.units import format_duration

    scenario = load_checked(file, assignments).scenario
    try:
        series = collect_series(
            scenario,
            seed=study_seed(scenario, seed),
            replications=reps,
            buckets=buckets,
            measure=measure,
            group=group,
        )
        found = estimate_warmup(series, method, window)
    except StudyError as error:
        raise option_error(error, _WARMUP_OPTIONS) from None
    horizon = series.bucket_minutes * series.values.shape[1]
    title = f"{scenario.name}: {method} on {measure}, {reps} replications"
    target = plot if plot is not None else Path(f"{file.stem}-warmup.png")
    write_atomic(target, warmup_plot(series, found, title))
    suggestion = nice_duration(found.minutes)
    if output is WarmupFormat.json:
        typer.echo(
            json.dumps(
                {
                    "method": method,
                    "measure": measure,
                    "group": group,
                    "replications": reps,
                    "bucket_minutes": series.bucket_minutes,
                    "truncation_buckets": found.buckets,
                    "warmup_minutes": found.minutes,
                    "suggested": suggestion,
                    "reliable": found.reliable,
                    "current": format_duration(scenario.warmup),
                    "plot": str(target),
                },
                indent=2,
            )
        )
        return
    typer.echo(
        f"Suggested warm-up: {suggestion} ({method} on {measure}, mean of {reps} replications "
        f"of {format_duration(horizon)}; cut after {format_duration(round(found.minutes, 3))})"
    )
    typer.echo(f"The scenario has warmup: {format_duration(scenario.warmup)}.")
    if not found.reliable:
        typer.echo("warning: the cut lies late in the run; run longer (run.for) and check the plot")
    typer.echo(f"Plot: {target}")

"""``labsim records simulate|report|push``: simulated trainees, the cohort report, the LRS.

These subcommands join the ``records`` group (see :mod:`labsim.commands.records`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labsim.commands._common import (
    SEED_BOUNDS,
    ScenarioFile,
    SetOption,
    load_checked,
    option_error,
    reports_errors,
)
from labsim.commands.records import (
    IncludeOption,
    LangOption,
    ProcedureOption,
    RecordsOption,
    TraineeOption,
    first_language,
)

if TYPE_CHECKING:
    from labsim.records.lrs import Credentials
    from labsim.scenarios.models import Scenario

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
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the simulated attempts.", **SEED_BOUNDS)
    ] = 0,
    assignments: SetOption = None,
) -> None:
    """Write attempts of simulated trainees into the records (mode 'simulated').

    Each attempt is played through the same session, judge and scoring as a person's; the
    scenario's distributions for the skill level decide each step's time and errors. The
    trainees are named SKILL-001, SKILL-002, ... Exports leave them out unless given
    --include simulated.
    """
    from labsim.cohort.simulate import SimulationPlan, simulate_attempts
    from labsim.errors import SettingError
    from labsim.records.store import RecordStore

    loaded = load_checked(file, assignments)
    level = skill or next(iter(loaded.scenario.skills))
    shown = [0]

    def progress(done: int, total: int) -> None:
        if done == total or done - shown[0] >= max(1, total // 10):
            shown[0] = done
            print(f"simulated {done}/{total} attempts", file=sys.stderr)

    try:
        plan = SimulationPlan(procedure, trainees, attempts, level, seed)
        with RecordStore(records) as store:
            names = simulate_attempts(
                loaded.scenario, plan, store, scenario_file=str(file), progress=progress
            )
            print(
                f"recorded {trainees * attempts} simulated attempts of {names[0]}..{names[-1]}"
                f" at {procedure} in {store.path}"
            )
    except SettingError as error:
        raise option_error(error, _SIMULATE_OPTIONS) from None


#: The option of ``labsim records simulate`` behind each setting of a simulation plan.
_SIMULATE_OPTIONS = {
    "procedure": "--procedure",
    "trainees": "--trainees",
    "attempts": "--attempts",
    "skill": "--skill",
    "seed": "--seed",
}


def _credentials() -> Credentials:
    """From LABSIM_LRS_USER / LABSIM_LRS_PASSWORD, or asked for on a terminal."""
    import os

    from labsim.errors import UsageError
    from labsim.records.lrs import Credentials

    user = os.environ.get("LABSIM_LRS_USER", "")
    password = os.environ.get("LABSIM_LRS_PASSWORD", "")
    if user and password:
        return Credentials(user, password)
    if not sys.stdin.isatty():
        raise UsageError(
            "the LRS credentials are taken from LABSIM_LRS_USER and LABSIM_LRS_PASSWORD"
            " (or asked for on a terminal), never from the command line: set them"
        )
    user = user or typer.prompt("LRS user")
    password = password or typer.prompt("LRS password", hide_input=True)
    return Credentials(user, password)


@reports_errors
def push_command(
    lrs: Annotated[
        str,
        typer.Option(
            "--lrs", metavar="URL", help="The LRS's xAPI endpoint, e.g. https://lrs/xAPI/"
        ),
    ],
    records: RecordsOption = None,
    trainee: TraineeOption = None,
    procedure: ProcedureOption = None,
    include: IncludeOption = None,
    homepage: Annotated[
        str,
        typer.Option("--homepage", help="The system where trainee names are accounts."),
    ] = "https://labsim.invalid",
    batch: Annotated[int, typer.Option("--batch", help="Statements per request.")] = 50,
    retries: Annotated[
        int, typer.Option("--retries", help="Tries again after a network error or 5xx.")
    ] = 5,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be sent; send and store nothing.")
    ] = False,
) -> None:
    """Send attempts to a learning record store as xAPI 1.0.3 statements.

    Statements are queued in an outbox in the records database and marked sent only when the
    LRS has them, so a push cut short loses nothing and pushing again sends each statement
    once (their ids are fixed by the attempt, so the LRS recognises repeats). Credentials come
    from LABSIM_LRS_USER and LABSIM_LRS_PASSWORD, or are asked for on a terminal.
    """
    from labsim.errors import SettingError
    from labsim.records.export import exportable
    from labsim.records.lrs import LrsClient, push_outbox, statements_url
    from labsim.records.outbox import Outbox
    from labsim.records.store import RecordStore

    try:
        url = statements_url(lrs)
    except SettingError as error:
        raise option_error(error, {"endpoint": "--lrs"}) from None
    if batch < 1 or retries < 0:
        from labsim.errors import UsageError

        raise UsageError("--batch must be at least 1 and --retries at least 0")
    with RecordStore(records) as store:
        attempts = exportable(store.attempts(trainee=trainee, procedure=procedure), include or ())
        path = store.path
    with Outbox(path, url) as outbox:
        if dry_run:
            new, waiting = outbox.preview(attempts, homepage)
            batches = -(-waiting // batch)
            print(
                f"dry run: {new} new statements of {len(attempts)} attempts would be queued;"
                f" {waiting} would be sent to {url} in {batches} batches (nothing sent)"
            )
            return
        client = LrsClient(lrs, _credentials(), retries=retries)
        new = outbox.queue(attempts, homepage)

        def progress(sent: int, total: int) -> None:
            print(f"sent {sent}/{total} statements", file=sys.stderr)

        report = push_outbox(outbox, client, batch=batch, progress=progress)
        sent, waiting = outbox.counts()
    print(
        f"{report.sent} statements sent to {url} in {report.batches} batches"
        f" ({new} newly queued, {report.duplicates} already held by the LRS,"
        f" {report.retries} retries); {sent} sent in all, {waiting} waiting"
    )


def _scenario(
    scenario: Path | None, recorded: set[str], notes: list[tuple[str, dict[str, str]]]
) -> Scenario | None:
    """The scenario for standard times and names: --scenario, else a recorded file still there."""
    from labsim.errors import LabsimError

    if scenario is not None:
        return load_checked(scenario).scenario
    for name in sorted(recorded):
        if Path(name).is_file():
            try:
                return load_checked(Path(name)).scenario
            except LabsimError:
                notes.append(("bad_scenario", {"file": name}))
    notes.append(("no_scenario", {}))
    return None


@reports_errors
def report_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for index.html and its PNGs.")],
    records: RecordsOption = None,
    trainee: Annotated[
        list[str] | None, typer.Option("--trainee", help="Only this trainee (repeatable).")
    ] = None,
    procedure: Annotated[
        list[str] | None, typer.Option("--procedure", help="Only this procedure (repeatable).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Only attempts from this day.")
    ] = None,
    rule: Annotated[
        Path | None,
        typer.Option(
            "--rule", help="The site-visit rule file (labsim-site-visit: 1).", dir_okay=False
        ),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help="The scenario, for standard times (default: the"
            " file the attempts recorded, if it is still there).",
            dir_okay=False,
        ),
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Write the instructor's cohort report: an HTML page with PNG plots, in a folder.

    It shows the readiness matrix (trainee x procedure: best score, attempts, last result,
    time against the standard), each trainee's site-visit verdict with its reason (from
    --rule FILE), the errors to re-teach by rule and by step, the slow steps, and each
    trainee's scores across attempts. Demonstrations are left out. Procedures, steps and
    rules are named in the report's language (from the scenario and its rig kits; their ids
    beneath).
    """
    from datetime import date

    from labsim.cohort.names import ReportNames
    from labsim.cohort.readiness import build_cohort, select, standards_of
    from labsim.cohort.report import write_report
    from labsim.cohort.visit import default_rule, load_rule, unknown_in_plan
    from labsim.errors import UsageError
    from labsim.records.store import RecordStore

    lang = first_language(lang)
    day = None
    if since is not None:
        try:
            day = date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since {since!r}: give a day as YYYY-MM-DD") from None
    with RecordStore(records) as store:
        chosen = select(store.attempts(), trainees=trainee or (), procedures=procedure or (),
                        since=day)  # fmt: skip
    if not chosen:
        raise UsageError(
            "no attempts to report: none in the records matches --trainee, --procedure and"
            " --since (demonstrations are never reported)"
        )
    site_rule = (
        load_rule(rule) if rule is not None else default_rule([a.procedure_id for a in chosen])
    )
    notes: list[tuple[str, dict[str, str]]] = []
    known = _scenario(scenario, {a.scenario_file for a in chosen if a.scenario_file}, notes)
    listed = known.procedures if known is not None else []
    procedures = {a.procedure_id for a in chosen} | {p.id for p in listed}
    for line in unknown_in_plan(site_rule, procedures):
        print(f"warning: {rule}: {line}", file=sys.stderr)
    cohort = build_cohort(chosen, site_rule, standards_of(known) if known else None)
    page = write_report(cohort, out, lang=lang, rule_file=str(rule) if rule else None,
                        notes=notes, names=ReportNames.of(known, chosen))  # fmt: skip
    ready = sum(v.ready for v in cohort.verdicts.values())
    print(f"wrote {page}: {len(cohort.trainees)} trainees, {ready} ready for the site visit")


def add_to_records(group: typer.Typer) -> None:
    """Add the cohort subcommands to the ``records`` group."""
    group.command("simulate")(simulate_command)
    group.command("report")(report_command)
    group.command("push")(push_command)

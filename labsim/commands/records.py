"""``labsim records list|show|export``: trainees' attempt history, for people and for an LRS.

Reading commands never create a database: pointing them at a missing file says so.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labsim.commands._common import FormatOption, TableOrJson, reports_errors
from labsim.i18n import N_, tr
from labsim.records.model import MODE_WORDS

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from labsim.records.model import Attempt

__all__ = ["register"]


class ExportFormat(StrEnum):
    """What ``records export`` writes."""

    xapi = "xapi"
    csv = "csv"


RecordsOption = Annotated[
    Path | None,
    typer.Option(
        "--records",
        envvar="LABSIM_RECORDS",
        help="The attempt database (default: records.sqlite3 in the user's labsim data folder).",
        dir_okay=False,
    ),
]
TraineeOption = Annotated[str | None, typer.Option("--trainee", help="Only this trainee.")]
ProcedureOption = Annotated[str | None, typer.Option("--procedure", help="Only this procedure id.")]
IncludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        metavar="MODE",
        help="Also take attempts of this mode, left out by default (simulated, demo); repeatable.",
    ),
]


def _when(moment: datetime | None) -> str:
    """A time for people: local, to the minute."""
    return "-" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


_SHORT_MODES = {
    "training": "train",
    "assessment": "assess",
    "demo": "demo",
    "simulated": "sim",
    "scripted": "script",
}
_RESULT_STYLES = {"passed": "bold green", "failed": "bold red", "abandoned": "yellow"}
_RESULT_WORDS = {"passed": N_("passed"), "failed": N_("failed"), "abandoned": N_("abandoned")}
LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Language of the words (`labsim lang` lists them). Of a pair such as zh+th the"
        " first is used, and a note on stderr says so: a table or a page is read in one"
        " language.",
    ),
]


def first_language(spec: str) -> str:
    """The language to write in: the first of ``--lang``, saying so when a pair was given.

    A terminal table or a report page is read in one language; ``play`` and ``watch`` are
    the views that show two together.
    """
    from labsim.i18n import parse_langs

    langs = parse_langs(spec)
    if len(langs) > 1:
        print(
            f"--lang {spec}: written in {langs[0]} only (of a pair, the first language)",
            file=sys.stderr,
        )
    return langs[0]


def _minutes(value: float) -> str:
    whole = int(value)
    return f"{whole}:{round((value - whole) * 60):02d}" if value < 600 else f"{value:.0f} min"


@reports_errors
def list_attempts(
    records: RecordsOption = None,
    trainee: TraineeOption = None,
    procedure: ProcedureOption = None,
    output: FormatOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """List recorded attempts, oldest first."""
    from labsim.records.export import attempt_summary
    from labsim.records.store import RecordStore

    lang = first_language(lang)

    with RecordStore(records) as store:
        attempts = store.attempts(trainee=trainee, procedure=procedure)
    if output is TableOrJson.json:
        print(json.dumps([attempt_summary(a) for a in attempts], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console()
    if not attempts:
        if trainee:
            said = tr(
                "No attempts recorded for {trainee} in {path}.",
                lang,
                trainee=trainee,
                path=store.path,
            )
        else:
            said = tr("No attempts recorded in {path}.", lang, path=store.path)
        console.print(Text(said))
        return
    modes = {a.mode for a in attempts}
    heading = tr("Attempts in {path}", lang, path=store.path)
    if len(modes) == 1:
        mode = next(iter(modes))
        heading += " " + tr("(all {mode})", lang, mode=tr(MODE_WORDS.get(mode, mode), lang))
    title = Text(heading)
    shared = len(modes) == 1
    table = _attempts_table(attempts, title, with_mode=not shared, stacked=False, lang=lang)
    unbounded = console.options.update_width(10_000)
    if console.measure(table, options=unbounded).minimum > console.width:
        table = _attempts_table(attempts, title, with_mode=not shared, stacked=True, lang=lang)
    console.print(table)


def _attempts_table(
    attempts: list[Attempt], title: Text, *, with_mode: bool, stacked: bool, lang: str = "en"
) -> Table:
    """The list for people, with ids never cut.

    To fit 80 columns the year goes when every attempt is from this year, the time wraps
    under the date, a mode shared by all is said in the title, and if that is not enough
    the procedure goes under the trainee (``stacked``).
    """
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    this_year = datetime.now().astimezone().year
    short_dates = all(a.started_at.astimezone().year == this_year for a in attempts)
    table = Table(
        title=title,
        title_justify="left",
        box=None,
        pad_edge=False,
        padding=(0, 0, 0, 1),
        header_style="bold underline",
    )
    table.add_column("id", no_wrap=True)
    table.add_column(tr("started", lang), min_width=5)
    trainee, procedure = tr("trainee", lang), tr("procedure", lang)
    names = [trainee, procedure] if not stacked else [f"{trainee}\n{procedure}"]
    values = [[a.trainee for a in attempts], [a.procedure_id for a in attempts]]
    if stacked:
        values = [values[0] + values[1]]
    for name, texts in zip(names, values, strict=True):
        widest = max(*map(cell_len, name.split("\n")), *map(cell_len, texts))
        table.add_column(name, no_wrap=True, min_width=widest)
    if with_mode:
        table.add_column(tr("mode", lang), no_wrap=True)
    table.add_column(tr("result", lang), no_wrap=True)
    for name in (tr("score", lang), tr("errors", lang), tr("time", lang)):
        table.add_column(name, justify="right", no_wrap=True)
    for a in attempts:
        started = _when(a.started_at)
        who = (
            [Text(f"{a.trainee}\n{a.procedure_id}")]
            if stacked
            else [
                Text(a.trainee),
                Text(a.procedure_id),
            ]
        )
        table.add_row(
            a.attempt_id[:8],
            started[5:] if short_dates else started,
            *who,
            *([_SHORT_MODES[a.mode]] if with_mode else []),
            Text(tr(_RESULT_WORDS[a.result], lang), style=_RESULT_STYLES[a.result]),
            f"{a.score:g}",
            Text(f"{a.errors}")
            + (Text(" " + tr("veto", lang), style="red") if a.critical_errors else ""),
            _minutes(a.sim_minutes),
        )
    return table


@reports_errors
def show_attempt(
    attempt_id: Annotated[str, typer.Argument(help="The attempt id, or its first characters.")],
    records: RecordsOption = None,
    output: FormatOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """Show one attempt: result, score, and the timeline of actions with each error's rule."""
    from labsim.records.export import attempt_to_dict
    from labsim.records.store import RecordStore

    with RecordStore(records) as store:
        attempt = store.attempt(attempt_id)
    if output is TableOrJson.json:
        print(json.dumps(attempt_to_dict(attempt), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    Console().print(*_render_attempt(attempt, first_language(lang)))


def _render_attempt(attempt: Attempt, lang: str = "en") -> list[RenderableType]:
    """An attempt for people: a summary, the action timeline, and the errors with their rules."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    title = attempt.procedure_id + (
        f" - {attempt.procedure_title}" if attempt.procedure_title else ""
    )
    scenario = attempt.scenario_name + (
        f" ({attempt.scenario_file})" if attempt.scenario_file else ""
    )
    limit = ""
    if attempt.time_limit_min is not None:
        limit = " " + tr("(limit {time})", lang, time=_minutes(attempt.time_limit_min))
    verdict = Text(tr(_RESULT_WORDS[attempt.result], lang), style=_RESULT_STYLES[attempt.result])
    if attempt.ended_at is None:
        verdict.append(" " + tr("(the session ended without finishing)", lang), style="dim")
    critical = ""
    if attempt.critical_errors:
        critical = ", " + tr("{n} critical", lang, n=attempt.critical_errors)
    said = tr(MODE_WORDS.get(attempt.mode, attempt.mode), lang)
    mode = tr("{mode}, language {language}", lang, mode=said, language=attempt.language)
    score = tr(
        "{score} (pass mark {mark})",
        lang,
        score=f"{attempt.score:g}",
        mark=f"{attempt.pass_mark:g}",
    )
    rows: list[tuple[str, str | Text]] = [
        (tr("attempt", lang), attempt.attempt_id),
        (tr("trainee", lang), attempt.trainee),
        (tr("scenario", lang), scenario),
        (tr("procedure", lang), title),
        (tr("mode", lang), mode),
        (tr("started", lang), _when(attempt.started_at)),
        (tr("ended", lang), _when(attempt.ended_at)),
        (tr("sim time", lang), _minutes(attempt.sim_minutes) + limit),
        (tr("result", lang), verdict),
        (tr("score", lang), score),
        (tr("hints used", lang), str(attempt.hints_used)),
        (tr("errors", lang), f"{attempt.errors}{critical}"),
    ]
    for label, value in rows:
        summary.add_row(label, value if isinstance(value, Text) else Text(value))
    out: list[RenderableType] = [summary]
    if not attempt.actions:
        out.append(Text(tr("No actions were recorded.", lang), style="dim"))
        return out
    # Step and action ids are never cut: parameters go under the action, one per word.
    timeline = Table(
        title=tr("Actions", lang),
        title_justify="left",
        box=None,
        pad_edge=False,
        padding=(0, 0, 0, 1),
        header_style="bold underline",
    )
    steps = [action.step_id or "-" for action in attempt.actions]
    names = [action.action for action in attempt.actions]
    times = [_minutes(action.sim_minute) for action in attempt.actions]
    # Fixed widths: only the outcome gives way on a narrow terminal (rich would otherwise
    # squeeze a column below its ids and crop the line).
    timeline.add_column("#", justify="right", no_wrap=True)
    heads = [tr(h, lang) for h in (N_("sim time"), N_("step"), N_("action"), N_("outcome"))]
    timeline.add_column(heads[0], justify="right", width=max(len(heads[0]), *map(len, times)))
    timeline.add_column(
        heads[1], no_wrap=True, width=max(4, cell_len(heads[1]), *map(cell_len, steps))
    )
    timeline.add_column(
        heads[2], width=max(cell_len(heads[2]), *map(cell_len, names)), overflow="fold"
    )
    timeline.add_column(heads[3], min_width=12)
    for action, step, when in zip(attempt.actions, steps, times, strict=True):
        what = Text(action.action)
        if action.params:
            what.append("\n" + " ".join(f"{k}={v}" for k, v in action.params.items()), style="dim")
        if action.ok:
            outcome = Text(tr("ok", lang), style="green")
        else:
            said = tr("CRITICAL", lang) if action.critical else tr("error", lang)
            outcome = Text(said + " ", style="bold red")
            outcome.append(f"[{action.error_rule}] " if action.error_rule else "")
            outcome.append(action.error_message or "")
        timeline.add_row(str(action.index + 1), when, Text(step), what, outcome)
    out.append(timeline)
    return out


@reports_errors
def export_attempts(
    output: Annotated[
        ExportFormat, typer.Option("--format", help="xapi (JSON statements) or csv.")
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="File to write (default: standard output).", dir_okay=False),
    ] = None,
    records: RecordsOption = None,
    trainee: TraineeOption = None,
    procedure: ProcedureOption = None,
    homepage: Annotated[
        str,
        typer.Option(
            "--homepage",
            help="xAPI: the system where trainee names are accounts; activities are named"
            " under it too.",
        ),
    ] = "https://labsim.invalid",
    include: IncludeOption = None,
) -> None:
    """Export attempts as xAPI statements for a learning record store, or as CSV."""
    from labsim.files import write_atomic
    from labsim.records.export import export_text, exportable
    from labsim.records.store import RecordStore

    with RecordStore(records) as store:
        everything = store.attempts(trainee=trainee, procedure=procedure)
    attempts = exportable(everything, include or ())
    left = Counter(a.mode for a in everything) - Counter(a.mode for a in attempts)
    if left:  # an export of only demonstrations is empty: say why, and how to have them
        said = ", ".join(f"{n} {mode}" for mode, n in sorted(left.items()))
        modes = " ".join(f"--include {mode}" for mode in sorted(left))
        print(f"note: left out {said} attempts ({modes} exports them)", file=sys.stderr)
    text = export_text(attempts, output.value, homepage)
    if out is None:
        sys.stdout.write(text)
        return
    # A byte-order mark lets spreadsheet programs read Chinese names in a CSV correctly.
    write_atomic(out, text, encoding="utf-8-sig" if output is ExportFormat.csv else "utf-8")
    print(f"wrote {len(attempts)} attempts to {out}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add the ``records`` command group to ``app``."""
    group = typer.Typer(
        name="records",
        help="Trainees' recorded attempts: list, show, export, simulate, report, push to an LRS.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    group.command("list")(list_attempts)
    group.command("show")(show_attempt)
    group.command("export")(export_attempts)
    from labsim.commands.cohort import add_to_records

    add_to_records(group)
    app.add_typer(group, name="records")

"""``labsim calibrate``: measure step times, error rates, learning and skill from records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labsim.commands._common import option_error, reports_errors
from labsim.commands.records import IncludeOption, LangOption, RecordsOption, first_language

if TYPE_CHECKING:
    from labsim.errors import CalibrationError

__all__ = ["register"]


@reports_errors
def calibrate_command(
    out: Annotated[
        Path, typer.Option("--out", help="The overlay file to write (YAML).", dir_okay=False)
    ],
    records: RecordsOption = None,
    procedure: Annotated[
        list[str] | None,
        typer.Option("--procedure", help="Only this procedure id (repeatable; default: all)."),
    ] = None,
    skill_from: Annotated[
        str,
        typer.Option(
            "--skill-from",
            metavar="RULE",
            help="How a trainee's skill level is known: 'name' (SKILL-NUMBER, as simulated"
            " trainees are named), 'all:SKILL', or a roster file (.yaml mapping or .csv with"
            " trainee,skill).",
        ),
    ] = "name",
    page: Annotated[
        Path | None,
        typer.Option(
            "--page",
            help="The HTML page of fitted against recorded (default: the overlay's name .html).",
            dir_okay=False,
        ),
    ] = None,
    include: IncludeOption = None,
    lang: LangOption = "en",
) -> None:
    """Fit the scenario's step times, error rates, learning and time factors to records.

    Step times: lognormal and gamma by maximum likelihood, chosen by AIC, checked by a
    Kolmogorov-Smirnov test. Error rates per step and skill level with Wilson intervals; the
    learning exponent and each level's time factor from a log-linear model of every try.
    Writes an overlay (the same paths as --set, with provenance) for labsim run/batch
    --overlay, and an HTML page with Q-Q plots and histograms. Simulated attempts count only
    with --include simulated. Refuses, naming the minimum, when a step has too few tries.
    """
    from labsim.calibration.overlay import calibrate, overlay_text
    from labsim.calibration.page import write_page
    from labsim.calibration.samples import SkillRule
    from labsim.errors import CalibrationError, SettingError, UsageError
    from labsim.files import write_atomic
    from labsim.records.export import exportable
    from labsim.records.store import RecordStore

    lang = first_language(lang)
    try:
        rule = SkillRule(skill_from)
    except SettingError as error:
        raise option_error(error, _OPTIONS) from None
    with RecordStore(records) as store:
        chosen = exportable(store.attempts(), include or ())
        path = store.path
    wanted = set(procedure or ())
    if wanted:
        known = {a.procedure_id for a in chosen}
        missing = sorted(wanted - known)
        if missing:
            raise UsageError(f"--procedure {missing[0]}: no attempts at it in {path}")
        chosen = [a for a in chosen if a.procedure_id in wanted]
    try:
        result = calibrate(chosen, rule)
    except SettingError as error:
        raise option_error(error, _OPTIONS) from None
    except CalibrationError as error:
        raise UsageError(_too_little(error)) from None
    write_atomic(out, overlay_text(result, path, rule))
    page_path = page if page is not None else out.with_suffix(".html")
    write_page(result, page_path, overlay=out, lang=lang)
    print(f"wrote {out} ({len(result.values())} values from {result.attempts} attempts)")
    print(f"wrote {page_path}", file=sys.stderr)


#: The option of ``labsim calibrate`` behind each setting of a calibration.
_OPTIONS = {"skill_rule": "--skill-from"}


def _too_little(error: CalibrationError) -> str:
    """What the records lack, and the options that choose other records."""
    if not error.attempts:
        return f"{error} (simulated attempts count only with --include simulated)"
    return f"{error}, or choose a --procedure that has them"


def register(app: typer.Typer) -> None:
    """Add ``calibrate`` to the ``labsim`` app."""
    app.command("calibrate")(calibrate_command)

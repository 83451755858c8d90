"""``labsim play``: practise a procedure on an interactive rig; every attempt is recorded."""

from __future__ import annotations

import contextlib
import getpass
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from labsim.commands._common import (
    SEED_BOUNDS,
    drawable_languages,
    reports_errors,
    require_window,
)
from labsim.i18n import N_, tr

if TYPE_CHECKING:
    from labsim.play import PlaySession
    from labsim.play.script import Script
    from labsim.render.play import PlayApp
    from labsim.scenarios.models import Scenario

__all__ = ["register"]

#: The end of an attempt, in words (catalogue msgids).
_RESULTS = {"passed": N_("passed"), "failed": N_("failed"), "abandoned": N_("abandoned")}

MODES = ("training", "assessment")


def register(app: typer.Typer) -> None:
    """Add ``play`` to the ``labsim`` app."""
    app.command("play")(play)


@reports_errors
def play(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML, TOML or JSON).")],
    procedure: Annotated[
        str | None,
        typer.Option("--procedure", "-p", help="The procedure to practise (its id)."),
    ] = None,
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            help="training (checklist, hints, errors explained) or assessment (scored "
            "against the clock, errors recorded silently).",
        ),
    ] = "training",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language, or two joined by + (zh+th: Chinese, with Thai smaller beneath). "
            "Any language with an interface catalogue: `labsim lang` lists them. "
            "Default: en; with --replay, the language the attempt was played in.",
            show_default=False,
        ),
    ] = None,
    trainee: Annotated[
        str | None, typer.Option("--trainee", help="Your name in the records (default: login).")
    ] = None,
    fault: Annotated[
        str | None,
        typer.Option(
            "--fault",
            help="Inject this fault of the rig at the start (or pick the exercise's fault).",
        ),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Watch a competent trainee do it, with narration.")
    ] = False,
    headless: Annotated[
        bool,
        typer.Option(
            "--headless",
            help="No window: play --demo, --script or --replay to the end (with --screenshot "
            "or --frames for pictures).",
        ),
    ] = False,
    script: Annotated[
        Path | None,
        typer.Option(
            "--script",
            dir_okay=False,
            help="Play the actions of this script file (labsim-script: 1), judged and "
            "recorded like a person's (mode 'scripted').",
        ),
    ] = None,
    records: Annotated[
        Path | None,
        typer.Option(
            "--records",
            envvar="LABSIM_RECORDS",
            dir_okay=False,
            help="The attempt database (default: records.sqlite3 in the user's labsim data "
            "folder).",
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Seed for the lab (default: the file's seed).", **SEED_BOUNDS),
    ] = None,
    screenshot: Annotated[
        Path | None, typer.Option("--screenshot", help="Save the last screen to this PNG.")
    ] = None,
    frames: Annotated[
        Path | None,
        typer.Option("--frames", help="Save a PNG of every change to this folder (videos)."),
    ] = None,
    replay: Annotated[
        str | None,
        typer.Option(
            "--replay",
            metavar="ATTEMPT",
            help="Replay a recorded attempt (its id, or the first 4+ characters): Space "
            "pauses, arrows step, a click on the timeline seeks, T takes over from there as "
            "a new attempt.",
        ),
    ] = None,
) -> None:
    """Practise a procedure on a rig of the lab, then read the debrief.

    You are one trainee of the lab: when every rig of the group is taken you queue. Click a
    control or press its key; F1 lists the keys, F9 opens the instructor's fault menu,
    Esc quits (an unfinished attempt is stored as abandoned). Without a display, use
    --headless with --demo or --script FILE (a list of actions, judged and recorded).
    --replay ATTEMPT shows a recorded attempt again; T takes it over from there.
    """
    from labsim.checks import load_scenario
    from labsim.errors import UsageError
    from labsim.i18n import parse_langs
    from labsim.play import PlaySession, SessionOptions
    from labsim.play.joining import procedure_listing, rig_model
    from labsim.play.script import load_script
    from labsim.records import RecordStore

    if mode not in MODES:
        raise UsageError(f"--mode must be 'training' or 'assessment' (got {mode!r})")
    langs = None if lang is None else parse_langs(lang)
    if sum((demo, script is not None, replay is not None)) > 1:
        raise UsageError("--demo, --script and --replay each say who acts: give one of them")
    if headless and not demo and script is None and replay is None:
        raise UsageError(
            "--headless needs --demo, --script FILE or --replay ATTEMPT: without a window "
            "nobody can click"
        )
    scenario = load_scenario(file).scenario
    if replay is not None:
        _replay(scenario, file, replay, records, langs, trainee, headless, frames)
        return
    plan = load_script(script) if script is not None else None
    if procedure is None and plan is not None:
        procedure = plan.model.procedure
    if procedure is None:
        raise UsageError(
            f"--procedure is needed: which procedure of {scenario.name!r}? The procedures "
            f"are:\n{procedure_listing(scenario)}"
        )
    if plan is not None:
        plan.check(rig_model(scenario, procedure), procedure)
    _display(headless)
    shown = drawable_languages(langs or ("en",))
    who = trainee or ("demo" if demo else _login())
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        session = PlaySession(
            scenario,
            procedure,
            SessionOptions(
                mode=mode,
                lang=shown,
                trainee=who,
                fault=fault,
                seed=seed,
                store=RecordStore(records),
                scenario_file=str(file),
                demo=demo,
                scripted=plan is not None,
            ),
        )
        try:
            session.begin()
            _run(
                session,
                headless=headless,
                demo=demo,
                script=plan,
                screenshot=screenshot,
                frames=frames,
            )
        finally:
            if session.progress.end is None and session.recorder.attempt_id is not None:
                session.abandon("the session was stopped")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _replay(
    scenario: Scenario,
    file: Path,
    attempt_id: str,
    records: Path | None,
    langs: tuple[str, ...] | None,
    trainee: str | None,
    headless: bool,
    frames: Path | None,
) -> None:
    """``--replay``: show a recorded attempt again; T in the window takes it over.

    It is shown in the language it was played in, unless ``--lang`` says otherwise.
    """
    from labsim.play.replay import Replay
    from labsim.records import RecordStore

    _display(headless)
    store = RecordStore(records)
    if langs is None:
        langs = _recorded_langs(store.attempt(attempt_id).language)
    replay = Replay.from_records(
        store, attempt_id, scenario, lang=drawable_languages(langs), scenario_file=str(file)
    )
    if replay.changed:
        print(
            f"warning: procedure {replay.attempt.procedure_id!r} has changed since attempt "
            f"{replay.attempt.attempt_id} was recorded: the replay may not match it",
            file=sys.stderr,
        )
    from labsim.render.play import PlayApp

    app = PlayApp(
        replay.session,
        headless=headless,
        frames=frames,
        replay=replay,
        takeover=(store, trainee or _login()),
    )
    with contextlib.suppress(KeyboardInterrupt):
        app.run()
    session, was = app.session, replay.attempt
    if session is not replay.session:
        _report(session, app, None, frames)
        return
    end = session.progress.end
    now = "unfinished" if end is None or end.card is None else f"{end.result} {end.card.score:g}"
    typer.echo(
        f"replayed attempt {was.attempt_id} in {session.options.lang} "
        f"({replay.position}/{replay.inputs} inputs): {now}"
        f"/100 · recorded: {was.result} {was.score:g}/100"
    )
    if frames is not None:
        typer.echo(f"wrote {len(app.saved)} frames to {frames}")


def _recorded_langs(recorded: str) -> tuple[str, ...]:
    """The languages an attempt was played in; English when labsim no longer has them."""
    from labsim.errors import SettingError
    from labsim.i18n import parse_langs

    try:
        return parse_langs(recorded)
    except SettingError:
        print(
            f"warning: the attempt was played in {recorded!r}, which has no interface "
            "catalogue now; showing English (--lang chooses another)",
            file=sys.stderr,
        )
        return ("en",)


def _display(headless: bool) -> None:
    """Off screen when headless; otherwise refuse a window nobody would see."""
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    else:
        require_window(
            "play",
            "Use --headless with --demo, --script FILE or --replay ATTEMPT (and --screenshot "
            "or --frames for pictures).",
        )
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _login() -> str:
    try:
        return getpass.getuser() or "trainee"
    except (OSError, KeyError):
        return "trainee"


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: end the session, storing the attempt as abandoned.

    The exit is raised wherever the signal lands; where that is a finaliser, Python only
    reports it and carries on, so an open window is also asked to close (a quit event that
    its loop handles like the window's close button) and the session still ends.
    """
    pygame = sys.modules.get("pygame")
    if pygame is not None and pygame.display.get_init():
        pygame.event.post(pygame.event.Event(pygame.QUIT))
    raise SystemExit(128 + signum)


def _run(
    session: PlaySession,
    *,
    headless: bool,
    demo: bool,
    script: Script | None,
    screenshot: Path | None,
    frames: Path | None,
) -> None:
    """Run the window (or headless loop); a stop signal stores the attempt as abandoned."""
    from labsim.render.play import PlayApp

    app = PlayApp(
        session, headless=headless, demo=demo, script=script, frames=frames, screenshot=screenshot
    )
    with contextlib.suppress(KeyboardInterrupt):
        app.run()
    _report(app.session, app, screenshot, frames)


def _clause(sentence: str) -> str:
    """A verdict sentence as a clause inside brackets: no capital, no full stop."""
    return (sentence[:1].lower() + sentence[1:]).rstrip(".。")


def _report(
    session: PlaySession, app: PlayApp, screenshot: Path | None, frames: Path | None
) -> None:
    """Say how the attempt ended, where it is kept, and which pictures were written."""
    from labsim.render.play.words import MSG

    end = session.progress.end
    if end is None:
        return
    where = session.options.store.path if session.options.store is not None else "nowhere"
    lang = session.lang
    result = tr(_RESULTS.get(end.result, end.result), lang)
    if end.card is None:
        typer.echo(
            tr(
                "{result}: {note} · attempt {attempt} kept in {where}",
                lang,
                result=result,
                note=end.note,
                attempt=session.recorder.attempt_id,
                where=where,
            )
        )
        return
    typer.echo(
        tr(
            "{result} {score}/100 (pass mark {mark}, {reason}) · {minutes} min · "
            "{errors} error(s) · attempt {attempt} saved in {where}",
            lang,
            result=result,
            score=f"{end.card.score:g}",
            mark=f"{session.pass_rule.pass_mark:g}",
            reason=_clause(tr(MSG[f"verdict-{end.card.verdict}"], lang, n=f"{end.card.detail:g}")),
            minutes=f"{session.progress.elapsed:.1f}",
            errors=session.progress.errors,
            attempt=session.recorder.attempt_id,
            where=where,
        )
    )
    if screenshot is not None:
        typer.echo(tr("wrote {path}", lang, path=screenshot))
    if frames is not None:
        count = len(app.saved) - (screenshot is not None)
        typer.echo(tr("wrote {n} frames to {path}", lang, n=count, path=frames))

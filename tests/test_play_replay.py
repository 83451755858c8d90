"""Replays: a recorded attempt played again to the same frames and score; take-over."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pygame
import pytest
from play_support import SCENARIOS, needs_fonts, shipped
from records_support import start
from typer.testing import CliRunner

from labsim.cli import app
from labsim.errors import RecordsError, ReplayError
from labsim.play import PlaySession, SessionOptions
from labsim.play.demo import run_demo
from labsim.play.inputs import apply
from labsim.play.replay import Replay
from labsim.play.script import load_script, run_script
from labsim.records import RecordStore
from labsim.records.replays import ReplayLog
from labsim.render.play import PlayApp
from labsim.render.play.view import FOOTER

ZD6 = "zd6-practice.yaml"
SCRIPT = SCENARIOS / "scripts" / "zd6-electrical-test.yaml"


class Camera:
    """Hashes of what the window shows of a session (the footer aside: it differs in a replay)."""

    def __init__(self, session: PlaySession) -> None:
        self.app = PlayApp(session, headless=True)
        self.surface = self.app.open()
        self.hashes: list[str] = []

    def shoot(self, session: PlaySession) -> None:
        if self.app.view.session is not session:
            self.app.view.show(session)
        self.app.view.draw(self.surface)
        shown = self.surface.subsurface(pygame.Rect(0, 0, FOOTER.width, FOOTER.top))
        self.hashes.append(hashlib.sha256(pygame.image.tobytes(shown, "RGB")).hexdigest())


def _replayed(store: RecordStore, attempt_id: str) -> tuple[Replay, list[str]]:
    """Replay an attempt, shooting after every action; the replay and the hashes."""
    replay = Replay.from_records(store, attempt_id, shipped(ZD6))
    camera = Camera(replay.session)
    while not replay.at_end:
        kind = replay.recording.inputs[replay.position].kind
        replay.step()
        if kind == "act":
            camera.shoot(replay.session)
    return replay, camera.hashes


def _recorded_demo(tmp_path: Path) -> tuple[RecordStore, PlaySession]:
    """The electrical test's demonstration played to the end and recorded (seed 2)."""
    store = RecordStore(tmp_path / "r.sqlite3")
    play = PlaySession(
        shipped(ZD6), "zd6-electrical-test", SessionOptions(seed=2, store=store, demo=True)
    )
    play.begin()
    run_demo(play)
    assert play.recorder.attempt_id is not None
    return store, play


@pytest.fixture
def window() -> Any:
    yield
    pygame.display.quit()


def test_a_recorded_demo_replays_to_the_same_frames_and_score(tmp_path: Path, window: Any) -> None:
    store = RecordStore(tmp_path / "r.sqlite3")
    play = PlaySession(
        shipped(ZD6), "zd6-fault-finding", SessionOptions(seed=11, store=store, demo=True)
    )
    play.begin()
    camera = Camera(play)
    run_demo(play, on_move=lambda move: None if move.is_setting else camera.shoot(play))
    assert play.progress.end is not None and play.recorder.attempt_id is not None
    replay, hashes = _replayed(store, play.recorder.attempt_id)
    assert len(hashes) == len(camera.hashes) == len(play.progress.log)
    assert hashes == camera.hashes
    assert (
        replay.session.progress.end is not None
        and replay.session.progress.end.card == play.progress.end.card
    )
    assert [e.reading for e in replay.session.progress.log] == [
        e.reading for e in play.progress.log
    ]
    assert not replay.changed


def test_a_recorded_scripted_attempt_with_errors_replays_the_same(
    tmp_path: Path, window: Any
) -> None:
    wrong = tmp_path / "wrong.yaml"
    text = SCRIPT.read_text().replace(
        "  - action: place_gauge\n",
        "  - action: withdraw_protection\n    after: 20s\n"
        "  - action: post_protection\n  - action: place_gauge\n",
    )
    wrong.write_text(text)
    store = RecordStore(tmp_path / "r.sqlite3")
    play = PlaySession(
        shipped(ZD6), "zd6-electrical-test", SessionOptions(seed=4, store=store, scripted=True)
    )
    play.begin()
    play.tick(0.7)
    camera = Camera(play)
    run_script(play, load_script(wrong), on_action=lambda item: camera.shoot(play))
    assert (
        play.progress.end is not None
        and play.progress.errors == 1
        and play.recorder.attempt_id is not None
    )
    replay, hashes = _replayed(store, play.recorder.attempt_id)
    assert hashes == camera.hashes
    assert (
        replay.session.progress.end is not None
        and replay.session.progress.end.card == play.progress.end.card
    )
    assert replay.session.progress.elapsed == pytest.approx(play.progress.elapsed)
    (stored,) = store.attempts()
    assert stored.mode == "scripted"


def test_taking_over_continues_from_that_moment_as_a_linked_attempt(tmp_path: Path) -> None:
    store, play = _recorded_demo(tmp_path)
    replay = Replay.from_records(store, play.recorder.attempt_id, shipped(ZD6))
    acts = [i for i, item in enumerate(replay.recording.inputs) if item.kind == "act"]
    replay.seek(acts[6])  # six steps done
    mine = replay.take_over(store, "wang")
    assert (mine.progress.step, len(mine.progress.log), mine.progress.elapsed) == (
        6,
        6,
        replay.session.progress.elapsed,
    )
    assert not mine.options.demo and mine.options.trainee == "wang"
    for item in replay.recording.inputs[acts[6] :]:
        apply(mine, item)  # the person goes on (here: as the demonstration did)
    assert mine.progress.end is not None and mine.progress.end.result == "passed"
    assert mine.recorder.attempt_id is not None
    taken = ReplayLog(store.path).recording(mine.recorder.attempt_id).info
    assert (taken.taken_from, taken.taken_at, taken.actor) == (
        play.recorder.attempt_id,
        acts[6],
        "training",
    )
    assert {a.trainee for a in store.attempts()} == {"trainee", "wang"}
    # the take-over is itself a recording that replays
    again = Replay.from_records(store, mine.recorder.attempt_id, shipped(ZD6))
    again.play_all()
    assert (
        again.session.progress.end is not None
        and again.session.progress.end.card == mine.progress.end.card
    )
    with pytest.raises(ReplayError, match="the attempt has ended here"):
        again.take_over(store, "wang")  # nothing is left to take over at the end


def test_seeking_back_and_forth_lands_on_the_same_state(tmp_path: Path) -> None:
    store, play = _recorded_demo(tmp_path)
    replay = Replay.from_records(store, play.recorder.attempt_id, shipped(ZD6))
    replay.seek(20)
    at = (
        replay.session.progress.step,
        replay.session.progress.elapsed,
        len(replay.session.progress.log),
    )
    replay.seek(replay.inputs)
    replay.seek(20)
    assert (
        replay.session.progress.step,
        replay.session.progress.elapsed,
        len(replay.session.progress.log),
    ) == at


def test_a_changed_procedure_is_said(tmp_path: Path) -> None:
    store, play = _recorded_demo(tmp_path)
    scenario = shipped(ZD6)
    procedures = [
        p.model_copy(update={"steps": p.steps[:-1]}) if p.id == "zd6-electrical-test" else p
        for p in scenario.procedures
    ]
    changed = scenario.model_copy(update={"procedures": procedures})
    assert Replay.from_records(store, play.recorder.attempt_id, changed).changed


def test_the_replay_window_pauses_steps_seeks_and_takes_over(tmp_path: Path, window: Any) -> None:
    store, play = _recorded_demo(tmp_path)
    replay = Replay.from_records(store, play.recorder.attempt_id, shipped(ZD6))
    shell = PlayApp(replay.session, headless=True, replay=replay, takeover=(store, "zhou"))
    shell.open()

    def key(code: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, unicode="", mod=0))
        shell.tick(0)

    key(pygame.K_SPACE)  # pause
    assert shell.replay is not None and shell.replay.paused

    def seen() -> int:
        """Inputs done that a viewer sees (actions, tool settings)."""
        done = replay.recording.inputs[: replay.position]
        return sum(1 for item in done if item.kind in ("act", "set"))

    for _ in range(5):
        key(pygame.K_RIGHT)
    assert seen() == 5
    key(pygame.K_LEFT)
    assert seen() == 4
    bar = shell.view.ui.extra["timeline"]
    assert isinstance(bar, pygame.Rect)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(bar.centerx, bar.centery), button=1)
    )
    shell.tick(0)
    assert abs(replay.position - replay.inputs // 2) <= 1
    shell.save(tmp_path / "replay.png")
    key(pygame.K_HOME)
    for _ in range(3):
        key(pygame.K_RIGHT)
    shown = (len(replay.session.progress.log), replay.session.progress.elapsed)
    key(pygame.K_t)  # take over here
    assert shell.replay is None and not shell.watching
    mine = shell.session
    assert (
        mine.options.trainee == "zhou" and (len(mine.progress.log), mine.progress.elapsed) == shown
    )
    assert mine.progress.end is None and shown[0] >= 2
    assert shell.view.session is mine


def test_an_attempt_without_inputs_cannot_be_replayed(tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "r.sqlite3")
    attempt_id = start(store, procedure_id="zd6-electrical-test")
    with pytest.raises(RecordsError, match="cannot be replayed"):
        Replay.from_records(store, attempt_id, shipped(ZD6))
    result = CliRunner().invoke(
        app,
        ["play", str(SCENARIOS / ZD6), "--headless", "--replay", attempt_id[:8],
         "--records", str(store.path)],
    )  # fmt: skip
    assert result.exit_code == 2 and "cannot be replayed" in result.output


def test_replay_from_the_command_line(tmp_path: Path) -> None:
    records = tmp_path / "r.sqlite3"
    runner = CliRunner()
    base = ["play", str(SCENARIOS / ZD6), "--records", str(records), "--headless"]
    assert runner.invoke(app, [*base, "--script", str(SCRIPT)]).exit_code == 0
    (attempt,) = RecordStore(records).attempts()
    result = runner.invoke(app, [*base, "--replay", attempt.attempt_id[:6]])
    assert result.exit_code == 0, result.output
    assert "passed 100/100 · recorded: passed 100/100" in result.output
    assert len(RecordStore(records).attempts()) == 1  # a replay records nothing


def test_a_replay_speaks_the_language_the_attempt_was_played_in(tmp_path: Path) -> None:
    needs_fonts("zh", "th")
    records = tmp_path / "r.sqlite3"
    runner = CliRunner()
    base = ["play", str(SCENARIOS / ZD6), "--records", str(records), "--headless"]
    played = runner.invoke(app, [*base, "--script", str(SCRIPT), "--lang", "zh+th"])
    assert played.exit_code == 0, played.output
    (attempt,) = RecordStore(records).attempts()
    assert attempt.language == "zh+th"
    again = runner.invoke(app, [*base, "--replay", attempt.attempt_id[:6]])
    assert again.exit_code == 0, again.output
    assert f"replayed attempt {attempt.attempt_id} in zh+th " in again.output
    chosen = runner.invoke(app, [*base, "--replay", attempt.attempt_id[:6], "--lang", "ru"])
    assert chosen.exit_code == 0, chosen.output
    assert f"replayed attempt {attempt.attempt_id} in ru " in chosen.output

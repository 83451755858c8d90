"""The play window driven headless with real pygame events: clicks on the controls, keys."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest
from play_support import needs_fonts, shipped

from labsim.i18n import tr
from labsim.play import Phase, PlaySession, SessionOptions
from labsim.play.demo import next_moves
from labsim.records import RecordStore
from labsim.render.play import PlayApp, PlayFonts
from labsim.render.play.words import MSG


class Driver:
    """A headless play window and a hand that clicks what a person would click."""

    def __init__(self, session: PlaySession) -> None:
        self.session = session
        self.app = PlayApp(session, headless=True)
        self.app.open()
        self.app.tick(0)

    def click(self, kind: str, name: str) -> None:
        rect = self.app.view.rect_of(kind, name)
        assert rect is not None, f"{kind} {name!r} is not on the screen"
        pos = rect.center
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=()))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.app.tick(0)

    def key(self, key: int, unicode: str = "") -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode, mod=0))
        self.app.tick(0)

    def do_step(self) -> None:
        """Do the step now due with the mouse: dial the tools, press the control."""
        for move in next_moves(self.session):
            kind = "setting" if move.is_setting else "control"
            self.click(kind, move.target)
            if move.choice is not None:
                self.click("choice", str(move.choice))


@pytest.fixture
def driver_for() -> Iterator[Any]:
    made: list[Driver] = []

    def make(procedure: str, **options: Any) -> Driver:
        options.setdefault("seed", 3)
        session = PlaySession(shipped("zd6-practice.yaml"), procedure, SessionOptions(**options))
        session.begin()
        made.append(Driver(session))
        return made[-1]

    yield make
    pygame.display.quit()


def test_the_zd6_electrical_test_clicked_right_scores_full_marks(
    driver_for: Any, tmp_path: Path
) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    drive = driver_for("zd6-electrical-test", store=store, trainee="wang")
    assert drive.session.progress.phase == Phase.WORKING
    clicks = 0
    while drive.session.progress.end is None:
        drive.do_step()
        clicks += 1
        assert clicks < 60
    assert drive.session.progress.end.result == "passed"
    debrief = drive.app.view.debrief.debrief
    assert debrief.score == 100.0 and not debrief.errors
    assert all(line.actual is not None for line in debrief.steps)
    (stored,) = store.attempts(trainee="wang")
    assert (stored.result, stored.score) == ("passed", 100.0)
    assert [a.action for a in stored.actions][:3] == [
        "register_work",
        "post_protection",
        "measure_operating_current",
    ]
    assert stored.actions[2].params == {"range": "dc_5a", "terminals": "05-06", "to": "reverse"}


def test_an_unsafe_click_out_of_order_scores_zero_and_the_debrief_names_the_rule(
    driver_for: Any, tmp_path: Path
) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    drive = driver_for("zd6-electrical-test", store=store)
    drive.do_step()  # registered
    drive.click("control", "place_gauge:thickness=4mm")  # no lookout posted yet
    assert drive.session.progress.end is not None
    (error,) = drive.app.view.debrief.debrief.errors
    assert error.rule == "safety.site-protection" and error.critical
    assert "lookout" in error.rule_text and error.right is not None
    assert drive.app.view.debrief.debrief.score == 0.0
    assert store.attempts()[0].result == "failed"


def test_the_hint_button_costs_points_in_training_and_is_absent_in_assessment(
    driver_for: Any,
) -> None:
    training = driver_for("zd6-electrical-test")
    training.do_step()
    training.do_step()
    training.click("ui", "hint")
    assert training.app.view.ui.hint is not None and "2.0 A" in training.app.view.ui.hint
    assert training.session.score_now().score == 95.0
    assessment = driver_for("zd6-electrical-test", mode="assessment")
    assessment.do_step()
    assert assessment.app.view.rect_of("ui", "hint") is None
    assessment.key(pygame.K_h, "h")
    assert assessment.app.view.ui.hint is None and not assessment.session.progress.hints_taken


def test_a_key_presses_its_control(driver_for: Any) -> None:
    drive = driver_for("zd6-electrical-test")
    register = drive.session.controls.control("register_work")
    assert register.key is not None
    drive.key(pygame.key.key_code(register.key), register.key)
    assert (
        drive.session.progress.step == 1
        and drive.session.progress.log[-1].action == "register_work"
    )


def test_an_instructor_fault_changes_the_readings_and_the_repair_clears_it(
    driver_for: Any,
) -> None:
    drive = driver_for("zd6-electrical-test")
    for _ in range(2):
        drive.do_step()
    drive.key(pygame.K_F9)
    drive.click("fault", "motor_circuit_open")
    assert drive.session.rig.has_fault("motor_circuit_open")
    drive.key(pygame.K_ESCAPE)  # closes the menu, not the window
    assert drive.app.running
    drive.do_step()  # throw reverse and read the current: the ammeter does not move
    assert drive.session.progress.log[-1].reading is not None
    assert drive.session.progress.log[-1].reading.value == 0.0
    assert drive.session.rig["position"] == "normal"
    drive.click("control", "diagnose")
    drive.click("choice", "motor_circuit_open")
    drive.click("control", "diagnose")
    drive.click("choice", "motor_circuit_open")
    # handling the fault: isolate, prove dead, repair, restore; not errors of order
    for control in ("cut_power", "apply_lockout", "test_before_touch"):
        drive.click("control", control)
    drive.click("control", "repair")
    drive.click("choice", "motor_circuit_open")
    assert not drive.session.rig.has_fault("motor_circuit_open")
    for control in ("remove_lockout", "restore_power"):
        drive.click("control", control)
    drive.do_step()  # back to the procedure: the motor runs and reads normally again
    assert (
        drive.session.progress.log[-1].reading is not None
        and drive.session.progress.log[-1].reading.in_range
    )
    assert drive.session.progress.errors == 0 and not drive.session.progress.handling


def test_repairing_without_isolation_is_refused_as_a_veto(driver_for: Any) -> None:
    drive = driver_for("zd6-fault-finding", fault="motor_circuit_open")
    for _ in range(7):  # up to and including the diagnosis
        drive.do_step()
    drive.click("control", "repair")
    drive.click("choice", "motor_circuit_open")
    assert drive.session.progress.log[-1].verdict.rule == "safety.lockout"
    assert drive.session.progress.end is not None and drive.session.progress.end.card is not None
    assert drive.session.progress.end.card.score == 0.0


def test_closing_the_window_mid_attempt_stores_it_as_abandoned(
    driver_for: Any, tmp_path: Path
) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    drive = driver_for("zd6-electrical-test", store=store)
    drive.do_step()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert drive.app.tick(0) is False
    drive.session.abandon()  # what PlayApp.run does when its loop ends
    (stored,) = store.attempts()
    assert stored.result == "abandoned" and len(stored.actions) == 1


def test_every_control_of_the_panel_is_on_the_screen(driver_for: Any) -> None:
    drive = driver_for("zd6-electrical-test")
    shown = set(drive.app.view.hit.targets())
    for control in drive.session.controls.controls:
        assert ("control", control.id) in shown, control.id
    for setting in drive.session.controls.settings:
        assert ("setting", setting.id) in shown, setting.id


def test_the_chinese_screen_renders(driver_for: Any, tmp_path: Path) -> None:
    needs_fonts("zh")
    fonts = PlayFonts(1.0)
    glyph = fonts.render("登记", "body", (255, 255, 255))
    missing = fonts.font("body", "latin").render("登记", True, (255, 255, 255))
    assert glyph.get_width() > 10
    assert pygame.image.tobytes(glyph, "RGBA") != pygame.image.tobytes(missing, "RGBA")
    drive = driver_for("zd6-electrical-test", lang="zh")
    drive.do_step()
    assert drive.session.step_text(1) == "设置驻站联络员和现场防护员"
    path = tmp_path / "zh.png"
    drive.app.save(path)
    assert path.stat().st_size > 20_000


def test_after_the_lookout_is_withdrawn_the_panel_says_to_post_it_again(
    driver_for: Any, tmp_path: Path
) -> None:
    drive = driver_for("zd6-electrical-test")
    for _ in range(4):
        drive.do_step()
    key = drive.session.controls.control("withdraw_protection").key
    drive.key(pygame.K_g, key or "")  # Withdraw (the reported session pressed G)
    entry = drive.session.progress.log[-1]
    assert entry.action == "withdraw_protection" and entry.advice is not None
    assert [m.action for m in entry.advice.restore] == ["post_protection"]
    drive.app.save(tmp_path / "advice-en.png")
    drive.click("control", "post_protection")
    assert drive.session.progress.log[-1].verdict.kind == "restored"
    drive.click("control", "place_gauge:thickness=4mm")
    assert drive.session.progress.end is None and drive.session.progress.step == 5
    drive.app.save(tmp_path / "restored-en.png")
    assert (tmp_path / "advice-en.png").stat().st_size > 0


def test_two_languages_show_each_text_in_both(driver_for: Any, tmp_path: Path) -> None:
    from labsim.render.play.context import Ctx

    needs_fonts("zh", "th")
    store = RecordStore(tmp_path / "records.sqlite3")
    drive = driver_for("zd6-electrical-test", lang="zh+th", store=store)
    session = drive.session
    assert (session.options.langs, session.lang) == (("zh", "th"), "zh")
    ctx = Ctx(drive.app.surface, drive.app.view.fonts, session, drive.app.view.hit, drive.app.ui)
    assert ctx.pair(lambda: tr("Checklist", ctx.lang)) == ["作业程序", "ขั้นตอนการทำงาน"]
    texts = ctx.pair(lambda: session.step_text(0))
    assert len(texts) == 2 and texts[0] != texts[1]
    assert session.lang == ctx.lang == "zh"  # the second language was only borrowed
    drive.key(pygame.K_h, "h")
    assert drive.app.ui.hint and drive.app.ui.hint_second
    assert drive.app.ui.hint != drive.app.ui.hint_second
    while session.progress.end is None:
        drive.do_step()
    debrief = drive.app.view.debrief
    assert debrief.both(lambda d, lang: tr(MSG[d.result], lang)) == ["合格", "ผ่าน"]
    (attempt,) = store.attempts()
    assert attempt.language == "zh+th"


def test_the_footer_and_keys_card_list_only_the_keys_of_the_mode(driver_for: Any) -> None:
    from labsim.render.play.keys import keys_now

    training = driver_for("zd6-electrical-test")
    said = [k.footer for k in keys_now(training.session, watching=False)]
    assert "H hint" in said and "Esc quit" in said and ", . range" in said
    assessment = driver_for("zd6-electrical-test", mode="assessment")
    said = [k.footer for k in keys_now(assessment.session, watching=False)]
    assert "H hint" not in said and "Esc end the assessment" in said
    assessment.key(pygame.K_F1)
    assert assessment.app.view.ui.overlay == "help"
    demo = driver_for("zd6-electrical-test", demo=True)
    watched = [k.label for k in keys_now(demo.session, watching=True)]
    assert watched == ["Tab", "F1", "F12", "Esc", "Lab 08:40"]  # the corner readout explained


def test_esc_in_an_assessment_asks_before_ending_it(driver_for: Any, tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "records.sqlite3")
    drive = driver_for("zd6-electrical-test", mode="assessment", store=store)
    drive.do_step()
    drive.key(pygame.K_ESCAPE)
    assert drive.app.view.ui.overlay == "confirm-end" and drive.app.running
    drive.app.save(tmp_path / "confirm.png")
    drive.key(pygame.K_SPACE, " ")  # any other key: carry on
    assert drive.app.view.ui.overlay is None and drive.session.progress.end is None
    drive.key(pygame.K_ESCAPE)
    drive.key(pygame.K_ESCAPE)  # Esc again: end it
    assert (
        drive.session.progress.end is not None and drive.session.progress.end.result == "abandoned"
    )
    assert "ended the assessment" in drive.session.progress.end.note
    assert drive.app.running  # the debrief shows; Esc or Enter closes it
    (stored,) = store.attempts()
    assert stored.result == "abandoned"
    drive.key(pygame.K_ESCAPE)
    assert not drive.app.running


def test_esc_in_training_quits_at_once(driver_for: Any) -> None:
    drive = driver_for("zd6-electrical-test")
    drive.key(pygame.K_ESCAPE)
    assert not drive.app.running
    assert drive.session.progress.end is not None and "Esc" in drive.session.progress.end.note


@contextlib.contextmanager
def _texts_of_next_frames(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text rendered while the block runs (the floor's legend is drawn once, cached)."""
    from labsim.render.text import Fonts

    texts: list[str] = []
    real = Fonts.render

    def render(self, text, style, colour):  # type: ignore[no-untyped-def]
        texts.append(text)
        return real(self, text, style, colour)

    with monkeypatch.context() as patch:
        patch.setattr(Fonts, "render", render)
        yield texts


def _drawn_texts(drive: Driver, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text one frame of the window draws."""
    with _texts_of_next_frames(monkeypatch) as texts:
        drive.app.draw()
    return texts


@pytest.mark.parametrize("where", ["beneath a file", "on a full disk"])
def test_f12_where_it_cannot_write_says_so_in_the_window_in_both_languages(
    driver_for: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    from hostile_support import fill, small_disk

    needs_fonts("zh", "th")
    drive = driver_for("zd6-electrical-test", lang="zh+th")
    with contextlib.ExitStack() as stack:
        if where == "beneath a file":
            (tmp_path / "a-file").write_text("not a folder\n")
            drive.app.shots = tmp_path / "a-file" / "shots"
            reason = "a part of the path is not a folder"
        else:
            disk = stack.enter_context(small_disk(tmp_path / "disk"))
            fill(disk)
            drive.app.shots = disk
            reason = "the disk is full (no space left on the device)"
        drive.key(pygame.K_F12)
        if where == "on a full disk":
            assert [p.name for p in disk.iterdir()] == ["filler.bin"]  # no partial PNG left
    assert drive.app.running and drive.session.progress.end is None  # the attempt goes on
    assert f": {reason}\n" in capsys.readouterr().err  # the terminal keeps the English
    toast = drive.app.view.ui.toast
    assert toast is not None
    zh, th = toast.texts
    assert zh.startswith("截图未保存") and th.startswith("ไม่ได้บันทึกภาพหน้าจอ"), toast.texts
    # the reason in each language of the pair, not the English of the error
    assert zh.endswith(tr(reason, "zh")) and th.endswith(tr(reason, "th")), toast.texts
    assert tr(reason, "zh") != reason and tr(reason, "th") != reason
    drawn = " ".join(_drawn_texts(drive, monkeypatch))
    assert "截图未保存" in drawn and "ไม่ได้บันทึกภาพหน้าจอ" in drawn
    drive.app.save(tmp_path / f"f12-failed-{where.replace(' ', '-')}.png")
    drive.app.tick(5.0)  # a notice goes after a few seconds
    assert drive.app.view.ui.toast is None
    assert "截图未保存" not in " ".join(_drawn_texts(drive, monkeypatch))


def test_f12_saves_the_frame_and_says_so(driver_for: Any, tmp_path: Path) -> None:
    drive = driver_for("zd6-electrical-test", lang="fr")
    drive.app.shots = tmp_path / "shots"
    drive.key(pygame.K_F12)
    (shot,) = (tmp_path / "shots").iterdir()
    assert shot.suffix == ".png" and shot.stat().st_size > 1000
    toast = drive.app.view.ui.toast
    assert toast is not None and toast.texts == [tr("saved {name}", "fr", name=shot.name)]


@pytest.mark.parametrize("lang", ["zh+th", "en"])
def test_on_the_lab_floor_the_legend_names_plays_keys_not_watchs(
    driver_for: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    from labsim.render.legend import KEYS_HINT

    needs_fonts(lang)
    langs = lang.split("+")
    drive = driver_for("zd6-electrical-test", lang=lang)
    with _texts_of_next_frames(monkeypatch) as drawn:
        drive.key(pygame.K_TAB)
    assert drive.app.view.ui.show_floor
    for one in langs:
        assert tr(KEYS_HINT, one) not in drawn  # Space and 1-5 do nothing in play
        for words in ("Tab back to the rig", "F1 keys", "F12 screenshot", "Esc quit"):
            assert tr(words, one) in drawn, (one, words)
    header = getattr(drive.app.view._floor, "header", None)
    assert header is not None and header.speed_rects == [] and not header.pause_rect
    drive.app.save(tmp_path / f"floor-{lang}.png")
    # F1 on the floor shows the keys that work there; Tab goes back to the rig
    with _texts_of_next_frames(monkeypatch) as drawn:
        drive.key(pygame.K_F1)
    assert tr("back to your rig", langs[-1]) in drawn
    assert tr("hint for the step now due (training; costs points)", langs[0]) not in drawn
    drive.app.save(tmp_path / f"floor-keys-{lang}.png")
    drive.key(pygame.K_F1)
    key = next(c.key for c in drive.session.controls.controls if c.key)
    drive.key(pygame.key.key_code(key), key)  # the rig's keys wait while it is out of sight
    assert drive.session.progress.log == []
    drive.key(pygame.K_TAB)
    assert not drive.app.view.ui.show_floor
    assert drive.app.view.rect_of("control", drive.session.controls.controls[0].id) is not None
    drive.key(pygame.key.key_code(key), key)
    assert len(drive.session.progress.log) == 1


def test_while_waiting_for_a_rig_the_floor_offers_no_tab_then_offers_it_at_the_rig() -> None:
    from labsim.render.play.keys import keys_on_floor

    scenario = shipped("zd6-practice.yaml")
    group = scenario.rigs[0].model_copy(update={"count": 1, "failures": None})
    early = scenario.cohorts[0].model_copy(
        update={"id": "early", "size": 3, "arrive": 480.0, "plan": ["zd6-obstruction-test"]}
    )
    busy = scenario.model_copy(update={"rigs": [group], "cohorts": [early, *scenario.cohorts]})
    session = PlaySession(busy, "zd6-electrical-test", SessionOptions(seed=1))
    session.begin()
    assert session.progress.phase == Phase.WAITING
    assert [k.label for k in keys_on_floor(session, watching=False)] == ["F1", "F12", "Esc"]
    session.wait_for_rig()
    assert keys_on_floor(session, watching=False)[0].label == "Tab"
    assessed = PlaySession(busy, "zd6-electrical-test", SessionOptions(mode="assessment"))
    assessed.begin()
    end = keys_on_floor(assessed, watching=False)[-1]
    assert end.footer == "Esc end the assessment"

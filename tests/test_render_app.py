"""The watch window driven by real pygame events (dummy video driver)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_support import floor_scenario

from labsim.engine import Lab
from labsim.render import palette as pal
from labsim.render.app import WatchApp
from labsim.render.speeds import SPEEDS, speed_index


@pytest.fixture
def app(tmp_path: Path) -> Iterator[WatchApp]:
    lab = Lab(floor_scenario())
    lab.advance_to(480 + 20)
    watch = WatchApp(lab, (1280, 720), speed=2, shots=tmp_path)
    watch.open()
    pygame.event.clear()
    yield watch
    pygame.display.quit()


def _key(key: int, unicode: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=unicode))


def _click(pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))


def test_clicking_a_rig_opens_its_inspector(app: WatchApp) -> None:
    app.tick(0.0)
    unit = app.view.floor.layout.bays["bench"].units[1]
    _click(unit.center)
    assert app.tick(1 / 60)
    assert app.view.selection == ("rig", "bench", 1)
    card = app.view.card_rect
    assert card is not None and not card.collidepoint(unit.center)
    surface = pygame.display.get_surface()
    inside = surface.get_at((card.centerx, card.bottom - 3))
    assert (inside.r, inside.g, inside.b) == pal.TOOLTIP
    # clicking empty floor closes it
    _click(app.view.floor.layout.plan.bottomright)
    app.tick(1 / 60)
    assert app.view.selection is None and app.view.card_rect is None


def test_clicking_a_trainee_selects_them(app: WatchApp) -> None:
    app.tick(0.0)
    app.view.update(0.0, settle=True)
    tid, token = next(iter(app.view.floor.tokens.items()))
    x, y = token.pos(app.view.floor.clock)
    _click((round(x), round(y)))
    app.tick(0.0)
    assert app.view.selection == ("trainee", tid)


def test_speed_keys_change_the_speed(app: WatchApp) -> None:
    _key(pygame.K_4)
    app.tick(0.0)
    assert SPEEDS[app.speed][0] == "600×"
    _key(pygame.K_EQUALS, "+")
    app.tick(0.0)
    assert SPEEDS[app.speed][0] == "max"
    _key(pygame.K_KP_PLUS)
    app.tick(0.0)
    assert SPEEDS[app.speed][0] == "max"
    _key(pygame.K_MINUS, "-")
    _key(pygame.K_MINUS, "-")
    app.tick(0.0)
    assert SPEEDS[app.speed][0] == "60×"
    _key(pygame.K_1)
    app.tick(0.0)
    assert app.speed == 0
    # the speed pills in the header are clickable too
    _click(app.view.header.speed_rects[3].center)
    app.tick(0.0)
    assert app.speed == 3


def test_speed_sets_how_fast_simulated_time_runs(app: WatchApp) -> None:
    start = app.lab.now
    app.tick(0.5)  # 60x: one simulated minute per second
    assert app.lab.now == pytest.approx(start + 0.5)
    _key(pygame.K_4)
    app.tick(0.5)
    assert app.lab.now == pytest.approx(start + 0.5 + 5.0)


def test_pause_stops_simulated_time(app: WatchApp) -> None:
    app.tick(0.2)
    _key(pygame.K_SPACE)
    app.tick(0.2)
    paused_at = app.lab.now
    assert app.paused
    for _ in range(5):
        app.tick(0.5)
    assert app.lab.now == paused_at
    _click(app.view.header.pause_rect.center)
    app.tick(0.5)
    assert not app.paused and app.lab.now > paused_at


def test_f12_saves_a_png_of_the_window(app: WatchApp, tmp_path: Path) -> None:
    app.tick(0.0)
    _key(pygame.K_F12)
    app.tick(0.0)
    shots = list(tmp_path.glob("labsim-day1-*.png"))
    assert len(shots) == 1
    assert pygame.image.load(str(shots[0])).get_size() == (1280, 720)


def test_escape_and_closing_the_window_quit_at_once(app: WatchApp) -> None:
    _key(pygame.K_ESCAPE)
    _key(pygame.K_4)
    now = app.lab.now
    assert app.tick(1.0) is False
    assert app.lab.now == now and app.speed == 2
    app.running = True
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert app.tick(1.0) is False


def test_resizing_lays_the_floor_out_again(app: WatchApp) -> None:
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1920, h=1080, size=(1920, 1080)))
    app.tick(0.0)
    assert app.view.size == (1920, 1080)
    assert app.view.screen.floor.width > 1280 * 0.6


def test_until_pauses_the_window_there() -> None:
    lab = Lab(floor_scenario())
    lab.advance_to(480)
    app = WatchApp(lab, (1280, 720), speed=speed_index("max"), stop_at=600.0)
    for _ in range(50):
        app.advance(1 / 60)
    assert lab.now == 600.0 and app.paused


def test_closed_hours_are_skipped_unless_asked_not_to() -> None:
    lab = Lab(floor_scenario())
    lab.advance_to(16 * 60 - 0.5)
    app = WatchApp(lab, (1280, 720), speed=3)
    app.advance(1.0)
    assert lab.now == 1440 + 8 * 60
    lab2 = Lab(floor_scenario())
    lab2.advance_to(16 * 60 - 0.5)
    app2 = WatchApp(lab2, (1280, 720), speed=3, skip_closed=False)
    app2.advance(1.0)
    assert lab2.now == 16 * 60 + 9.5


def test_speed_names() -> None:
    assert speed_index("60") == speed_index("60x") == speed_index("60×") == 2
    assert speed_index("MAX") == 4
    with pytest.raises(ValueError, match="unknown speed '7'"):
        speed_index("7")


def test_the_end_of_a_run_reads_as_the_last_day_at_24_00(tmp_path: Path) -> None:
    from labsim.render.timefmt import clock, day_and_clock, day_of

    assert (day_of(2880.0, final=True), clock(2880.0, final=True)) == (2, "24:00")
    assert day_and_clock(2880.0) == "Day 3 00:00"  # a moment that is not the end
    assert day_and_clock(2870.0, final=True) == "Day 2 23:50"
    lab = Lab(floor_scenario())
    lab.advance_to(lab.horizon)
    assert lab.finished and lab.horizon == 2 * 1440
    watch = WatchApp(lab, (1280, 720), shots=tmp_path)
    watch.open()
    try:
        pygame.event.clear()
        watch.tick(0.0)
        _key(pygame.K_F12)
        watch.tick(0.0)
        assert [p.name for p in tmp_path.glob("*.png")] == ["labsim-day2-2400.png"]
        # the day timeline still shows day 2's opening hours (not an empty day 3)
        surface = pygame.display.get_surface()
        header = watch.view.screen.header
        band = pal.mix(pal.PANEL, pal.GOOD, 0.55)
        row = [surface.get_at((x, header.centery))[:3] for x in range(header.left, header.right)]
        assert row.count(band) > 100
    finally:
        pygame.display.quit()


def test_panel_labels_its_figures_and_wraps_long_event_reasons(
    app: WatchApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = app.view.panel
    long = "trainee-042 failed zd6-electrical-test: critical error at the lookout step "
    panel.observer._say(app.lab.now, pal.WARN, long.strip())
    drawn: list[str] = []
    original = panel.fonts.draw

    def spy(target: pygame.Surface, text: str, *args: object, **kwargs: object) -> pygame.Rect:
        drawn.append(text)
        return original(target, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(panel.fonts, "draw", spy)
    panel.draw(pygame.display.get_surface(), 0.0, force=True)
    assert any(t.endswith("% used since start") for t in drawn)
    assert any(t.endswith(" waiting now") for t in drawn)
    start = next(i for i, t in enumerate(drawn) if t.startswith("trainee-042 failed"))
    lines = [start]
    while " ".join(drawn[start : lines[-1] + 1]) != long.strip() and len(lines) < 4:
        lines.append(lines[-1] + 1)
    assert " ".join(drawn[start : lines[-1] + 1]) == long.strip()
    assert 1 < len(lines) <= 3 and not any("…" in drawn[i] for i in lines)


def test_frames_falling_in_a_break_are_drawn_at_the_next_open_moment() -> None:
    from labsim.render.headless import frame_times

    calendar = Lab(floor_scenario()).calendar  # open 08:00-16:00, break 12:00-12:30
    times = frame_times(calendar, 120.0, 1440.0 + 600.0)
    assert times == [480.0, 600.0, 750.0, 840.0, 1440.0 + 480.0, 1440.0 + 600.0]


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=7.0, max_value=600.0), st.floats(min_value=60.0, max_value=2880.0))
def test_every_sample_interval_with_an_open_moment_gets_exactly_one_frame(
    every: float, until: float
) -> None:
    from labsim.render.headless import frame_times

    calendar = Lab(floor_scenario()).calendar
    times = frame_times(calendar, every, until)
    assert times == sorted(set(times)) and times[-1] == until
    assert all(calendar.is_open(t) for t in times[:-1])
    for k in range(int(until // every) + 1):
        start, end = k * every, min(until, (k + 1) * every)
        opening = calendar.next_opening(start)
        inside = [t for t in times[:-1] if start <= t < end]
        assert len(inside) == (1 if opening < end else 0)


def test_the_legend_names_the_watch_windows_own_keys(
    app: WatchApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.render.legend import KEYS_HINT
    from labsim.render.text import Fonts

    drawn: list[str] = []
    real = Fonts.render
    monkeypatch.setattr(
        Fonts, "render", lambda self, text, *a: drawn.append(text) or real(self, text, *a)
    )
    app.view.legend.surface = None  # drawn again on the next frame
    app.tick(0.0)
    assert KEYS_HINT in drawn


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_f12_where_it_cannot_write_says_why_in_the_windows_language(
    tmp_path: Path, lang: str
) -> None:
    from labsim.i18n import tr
    from labsim.render.png import save_png

    (tmp_path / "a-file").write_text("not a folder\n")
    lab = Lab(floor_scenario())
    watch = WatchApp(lab, (1280, 720), shots=tmp_path / "a-file", lang=lang)
    watch.open()
    try:
        watch.tick(0.0)
        _key(pygame.K_F12)
        watch.tick(0.0)
        assert watch.note is not None
        reason = tr("a part of the path is not a folder", lang)
        assert watch.note[0] == tr("screenshot not saved: {reason}", lang, reason=reason)
        assert "not a folder" not in watch.note[0]  # the reason is translated too
        watch.tick(0.0)
        assert watch.surface is not None
        save_png(watch.surface, tmp_path / f"watch-f12-{lang}.png")
    finally:
        pygame.display.quit()

"""``labsim watch`` through the CLI runner: headless images, bad input, same figures as run."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_support import floor_scenario, write_floor
from typer.testing import CliRunner, Result

from labsim.cli import app
from labsim.commands import watch as watch_command
from labsim.engine import Lab, simulate
from labsim.render.app import WatchApp
from labsim.render.speeds import speed_index
from labsim.render.view import WatchView

runner = CliRunner()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _day_one(folder: Path, *options: str) -> tuple[Result, Path]:
    """``labsim watch --until 1d --screenshot`` of the test floor: the result and the PNG."""
    out = folder / "floor.png"
    command = ["watch", str(write_floor(folder)), "--until", "1d", "--screenshot", str(out)]
    result = runner.invoke(app, [*command, *options])
    assert result.exit_code == 0, result.output
    return result, out


def test_screenshot_is_a_png_of_the_asked_size(tmp_path: Path) -> None:
    result, out = _day_one(tmp_path, "--size", "1000x640")
    assert _png_size(out) == (1000, 640)
    assert "wrote" in result.output


def test_a_screenshot_in_another_language(tmp_path: Path) -> None:
    result, out = _day_one(tmp_path, "--lang", "ru")
    assert _png_size(out) == (1280, 720)
    assert "wrote" not in result.output  # the closing line in the view's language too


def test_frames_write_a_numbered_sequence_of_open_hours(tmp_path: Path) -> None:
    scenario = write_floor(tmp_path)
    folder = tmp_path / "frames" / "run1"
    result = runner.invoke(
        app,
        ["watch", str(scenario), "--until", "10h", "--frames", str(folder), "--every", "30min"],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    # open 08:00-12:00 and 12:30-16:00 of day 1, up to 10:00: 08:00 ... 10:00 is 5 frames
    assert names == [f"frame_{i:05d}.png" for i in range(5)]
    assert _png_size(folder / names[0]) == (1280, 720)
    assert "wrote 5 frames" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--until", "soon"], "--until: expected a time since the start such as 2d"),
        (["--until", "3"], "or a day and a time of day such as 'day 3 10:30' (got '3')"),
        (["--until", "2h3parsecs"], "--until: unknown time unit 'parsecs'"),
        (["--until", "day 2 25:00"], "--until: no such time of day: '25:00'"),
        (["--until", "9d"], "--until 9d is past the end of the run (2 days"),
        (["--every", "0min", "--frames", "x"], "--every must be longer than zero"),
        (["--speed", "7"], "--speed: unknown speed '7'"),
        (["--size", "huge"], "--size must look like 1280x720"),
        (["--size", "100x100"], "--size 100x100 is out of range"),
        (["--lang", "xx"], "--lang xx: no interface catalogue for 'xx'"),
        (["--screenshot", "shot.jpg"], "--screenshot must name a .png file"),
        (["--screenshot", "no/such/folder/shot.png"], "folder 'no/such/folder' does not exist"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(WatchApp, "run", lambda self: pytest.fail("a window was opened"))
    scenario = write_floor(tmp_path)
    result = runner.invoke(app, ["watch", str(scenario), *args])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_screenshot_folder_exits_2(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = runner.invoke(
            app, ["watch", str(write_floor(tmp_path)), "--screenshot", str(locked / "a.png")]
        )
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 2
    assert "permission denied" in result.output


def test_scenario_errors_exit_2_before_any_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(WatchApp, "run", lambda self: pytest.fail("a window was opened"))
    bad = write_floor(tmp_path, instructors={"count": -1})
    result = runner.invoke(app, ["watch", str(bad)])
    assert result.exit_code == 2
    assert "instructors.count" in result.output
    missing = runner.invoke(app, ["watch", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2


def test_window_mode_runs_the_app_with_the_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run(self: WatchApp) -> None:
        seen.update(speed=self.speed, stop=self.stop_at, size=self.view.size, seed=self.lab.seed)

    monkeypatch.setattr(WatchApp, "run", fake_run)
    scenario = write_floor(tmp_path)
    result = runner.invoke(
        app,
        [
            "watch",
            str(scenario),
            "--speed",
            "600x",
            "--until",
            "30h",
            "--seed",
            "5",
            "--size",
            "1920x1080",
        ],
    )
    assert result.exit_code == 0, result.output
    assert seen == {"speed": 3, "stop": 1800.0, "size": (1920, 1080), "seed": 5}


def test_ctrl_c_ends_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: WatchApp) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(WatchApp, "run", interrupted)
    result = runner.invoke(app, ["watch", str(write_floor(tmp_path))])
    assert result.exit_code == 130
    assert "Traceback" not in result.output


def test_watch_and_run_agree_on_the_figures(tmp_path: Path) -> None:
    scenario = write_floor(tmp_path)
    ran = runner.invoke(app, ["run", str(scenario), "--seed", "4", "--format", "json"])
    assert ran.exit_code == 0, ran.output
    lab = Lab(floor_scenario(), seed=4)
    window = WatchApp(lab, (1280, 720), speed=speed_index("600"))
    surface = pygame.Surface((1280, 720))
    for _ in range(200):  # watch a while at 600x, every frame drawn ...
        window.frame(surface, 1 / 30)
    window.set_speed(speed_index("max"))
    while not lab.finished:  # ... then as fast as possible to the end
        window.frame(surface, 1 / 30)
    assert lab.summary().to_dict() == json.loads(ran.output)


@settings(max_examples=6, deadline=None)
@given(st.lists(st.floats(0.5, 400.0), min_size=1, max_size=30), st.integers(0, 2**16))
def test_any_way_of_stepping_with_a_view_gives_the_run_figures(
    steps: list[float], seed: int
) -> None:
    scenario = floor_scenario()
    lab = Lab(scenario, seed=seed)
    view = WatchView(lab, (1280, 720))
    i = 0
    while not lab.finished:
        lab.advance_to(lab.now + steps[i % len(steps)])
        view.update(0.05)
        i += 1
    assert lab.summary().to_dict() == simulate(scenario, seed=seed).to_dict()


def test_a_screenshot_path_without_write_permission_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same check as above, for runs as root (which may write anywhere)
    monkeypatch.setattr(watch_command, "_writable", lambda path: False)
    result = runner.invoke(
        app, ["watch", str(write_floor(tmp_path)), "--screenshot", str(tmp_path / "a.png")]
    )
    assert result.exit_code == 2
    assert "cannot write screenshot" in result.output and "permission denied" in result.output
    frames = runner.invoke(
        app, ["watch", str(write_floor(tmp_path)), "--frames", str(tmp_path / "f")]
    )
    assert frames.exit_code == 2
    assert "cannot write to --frames folder" in frames.output


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2d", 2880.0),
        ("30h", 1800.0),
        ("1d6h30min", 1830.0),
        ("1d 6h", 1800.0),
        ("day 3 10:30", 2 * 1440 + 630.0),
        ("Day 1 08:00", 480.0),
        ("3 10:30", 2 * 1440 + 630.0),
        ("90s", 1.5),
    ],
)
def test_until_accepts_durations_and_day_times(text: str, minutes: float) -> None:
    assert watch_command.parse_moment(text) == pytest.approx(minutes)


def test_a_pair_of_languages_says_that_the_floor_draws_the_first(tmp_path: Path) -> None:
    result, _ = _day_one(tmp_path, "--lang", "ru+fr")
    assert "note: watch draws one language: ru" in result.output

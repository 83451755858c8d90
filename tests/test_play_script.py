"""Scripted attempts (``play --script``) and the refusal to open a window nobody can see."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import labsim
from play_support import ROOT, SCENARIOS, play_command, session

from labsim.errors import ScenarioError
from labsim.play.script import load_script, run_script
from labsim.records import RecordStore
from labsim.render.display import display_problem

ZD6 = str(SCENARIOS / "zd6-practice.yaml")
SCRIPT = SCENARIOS / "scripts" / "zd6-electrical-test.yaml"


def test_a_scripted_attempt_is_judged_and_recorded_with_its_mode(tmp_path: Path) -> None:
    records = tmp_path / "r.sqlite3"
    code, out = play_command(ZD6, "--headless", "--script", str(SCRIPT), "--records", str(records))
    assert code == 0, out
    assert out.startswith("passed 100/100")
    (attempt,) = RecordStore(records).attempts()
    assert (attempt.mode, attempt.result, attempt.score) == ("scripted", "passed", 100.0)
    assert attempt.procedure_id == "zd6-electrical-test"  # taken from the script
    assert len(attempt.actions) == len(load_script(SCRIPT).model.actions)


def test_a_script_that_stops_early_is_judged_as_it_stands(tmp_path: Path) -> None:
    short = tmp_path / "short.yaml"
    short.write_text("labsim-script: 1\nactions:\n  - action: register_work\n")
    play = session("zd6-electrical-test", scripted=True)
    run_script(play, load_script(short))
    assert play.progress.end is not None and play.progress.end.result == "failed"
    assert play.progress.end.card is not None and play.progress.end.card.verdict == "unfinished"
    assert play.progress.end.note == "the script ended"


BAD = {
    "unknown key": ("  - action: throw\n    parms: {to: normal}\n", ":4:5: actions[0].parms"),
    "unknown action": ("  - action: post_protectoin\n", ":3:5: actions[0].action"),
    "bad value": (
        "  - action: measure_operating_current\n    params: {to: reverse, range: dc_6a, "
        'terminals: "05-06"}\n',
        ":4:5: actions[0].params",
    ),
    "no actions": ("  []\n", ":2:1: actions: needs at least 1"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_script_is_refused_with_file_and_line_before_anything_is_recorded(
    tmp_path: Path, case: str
) -> None:
    body, where = BAD[case]
    script = tmp_path / "bad.yaml"
    script.write_text("labsim-script: 1\nactions:\n" + body)
    records = tmp_path / "r.sqlite3"
    code, out = play_command(
        ZD6, "-p", "zd6-electrical-test", "--headless", "--script", str(script),
        "--records", str(records),
    )  # fmt: skip
    assert code == 2, out
    assert f"{script}{where}" in out
    assert "Traceback" not in out
    assert not records.exists()


def test_a_script_for_another_procedure_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="not 'zd6-obstruction-test'"):
        script = load_script(SCRIPT)
        script.check(session("zd6-obstruction-test").model_cls, "zd6-obstruction-test")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--headless"], "--headless needs --demo, --script FILE or --replay"),
        (["--headless", "--demo", "--script", str(SCRIPT)], "give one of them"),
    ],
)
def test_headless_needs_someone_to_act(tmp_path: Path, args: list[str], message: str) -> None:
    records = tmp_path / "r.sqlite3"
    code, out = play_command(ZD6, "-p", "zd6-electrical-test", *args, "--records", str(records))
    assert code == 2 and message in out
    assert not records.exists()


def test_display_problem_reads_the_environment_and_the_driver_sdl_picked() -> None:
    def never() -> str:
        raise AssertionError("SDL need not be asked")

    assert display_problem({}, "linux", never) is not None
    assert display_problem({"SDL_VIDEODRIVER": "dummy"}, "linux", never) is None
    assert display_problem({"SDL_VIDEODRIVER": "x11"}, "linux", never) is None
    assert display_problem({"DISPLAY": ":0"}, "linux", lambda: "x11") is None
    assert display_problem({"WAYLAND_DISPLAY": "w-0"}, "linux", lambda: "wayland") is None
    fallback = display_problem({"DISPLAY": ":99"}, "linux", lambda: "offscreen")
    assert fallback is not None and "offscreen" in fallback
    assert display_problem({}, "win32", lambda: "windows") is None
    assert display_problem({}, "darwin", lambda: "dummy") is not None


@pytest.mark.parametrize("command", ["play", "watch"])
def test_without_a_display_the_window_commands_stop_at_once(tmp_path: Path, command: str) -> None:
    no_display = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "SDL_VIDEODRIVER": None}
    records = tmp_path / "r.sqlite3"
    extra = ["-p", "zd6-electrical-test", "--records", str(records)] if command == "play" else []
    done = labsim(command, ZD6, *extra, env=no_display, timeout=60, cwd=ROOT)
    assert done.code == 2, done.err
    assert "no display" in done.err and "--screenshot" in done.err
    if command == "play":
        assert "--headless" in done.err and not records.exists()
    assert done.seconds < 30

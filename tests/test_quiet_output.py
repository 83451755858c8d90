"""A command's output is its own: pygame's import banner never reaches the terminal."""

from __future__ import annotations

from pathlib import Path

from hostile_support import python
from render_support import write_floor


def test_watch_screenshot_prints_no_pygame_banner(tmp_path: Path) -> None:
    scenario = write_floor(tmp_path)
    out = tmp_path / "floor.png"
    args = ["watch", str(scenario), "--until", "1d", "--screenshot", str(out), "--lang", "zh"]
    main = "from labsim.cli import main; main()"
    done = python("-c", main, *args, env={"PYGAME_HIDE_SUPPORT_PROMPT": None}, timeout=120)
    assert done.code == 0, done.err
    assert "pygame" not in done.text
    assert "floor.png" in done.out

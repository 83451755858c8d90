"""A command's output is its own: pygame's import banner never reaches the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from render_support import write_floor


def test_watch_screenshot_prints_no_pygame_banner(tmp_path: Path) -> None:
    scenario = write_floor(tmp_path)
    out = tmp_path / "floor.png"
    env = {k: v for k, v in os.environ.items() if k != "PYGAME_HIDE_SUPPORT_PROMPT"}
    env["SDL_VIDEODRIVER"] = "dummy"
    args = ["watch", str(scenario), "--until", "1d", "--screenshot", str(out), "--lang", "zh"]
    done = subprocess.run(
        [sys.executable, "-c", "from labsim.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "pygame" not in done.stdout + done.stderr
    assert "floor.png" in done.stdout

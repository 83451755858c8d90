"""A long run on a terminal shows its progress and stops cleanly on Ctrl-C.

The terminal is a pseudo-terminal (``pty``) so that labsim sees a real tty on stderr;
every process is capped in time like the rest of the hostile corpus.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import labsim

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "mmc.yaml"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty and signals")


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "labsim", "run", str(MMC), *args]


def test_a_run_on_a_terminal_shows_progress_and_gives_the_same_figures() -> None:
    import pty

    short = ("--set", "run.for=400h", "--set", "run.warmup=10h", "--format", "json")
    plain = labsim("run", MMC, *short)
    assert plain.code == 0, plain.text[-2000:]
    assert "simulating" not in plain.err  # quiet when stderr is not a terminal
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            _command(*short), stdout=subprocess.PIPE, stderr=follower, timeout=60,
            env={**os.environ, "COLUMNS": "100"},
        )  # fmt: skip
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"simulating" in seen
    assert json.loads(done.stdout) == json.loads(plain.out)


def _ctrl_c(command: list[str]) -> tuple[int, str, str, float]:
    """Start ``command``, press Ctrl+C once it is under way: exit status, out, err, seconds."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2.5)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, out, err, time.monotonic() - started


def test_ctrl_c_stops_a_long_run_cleanly() -> None:
    code, out, err, seconds = _ctrl_c(_command("--set", "run.for=3000d", "--set", "run.warmup=0h"))
    assert seconds < 10
    assert code == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    assert out == ""


def test_ctrl_c_stops_any_command_without_a_traceback(tmp_path: Path) -> None:
    code, _, err, _ = _ctrl_c(
        [sys.executable, "-m", "labsim", "warmup", str(MMC), "--reps", "200",
         "--plot", str(tmp_path / "w.png")],
    )  # fmt: skip
    assert code == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    assert not (tmp_path / "w.png").exists()

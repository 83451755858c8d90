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


def _ctrl_c(command: list[str], under_way: bytes, then: float = 0.0) -> tuple[int, str, str, float]:
    """Start ``command`` on a terminal, press Ctrl+C ``then`` seconds after it shows ``under_way``.

    Returns the exit status, standard output, what the terminal showed and the seconds from
    Ctrl+C to the end. Pressing at a moment the command shows, not after a guessed pause,
    keeps the test true on a loaded machine, where starting up can take seconds.
    """
    import pty
    import select

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "COLUMNS": "100"}
    )
    os.close(follower)
    shown = b""
    try:
        deadline = time.monotonic() + 60
        while under_way not in shown:
            assert time.monotonic() < deadline, f"never showed {under_way!r}: {shown[-2000:]!r}"
            if select.select([leader], [], [], 0.5)[0]:
                shown += os.read(leader, 65536)
            assert process.poll() is None, shown[-2000:]
        time.sleep(then)
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        while True:  # the terminal reads until the command has closed it
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        assert process.stdout is not None
        out = process.stdout.read().decode()
        process.wait(timeout=20)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    return process.returncode, out, shown.decode(errors="replace"), time.monotonic() - started


def test_ctrl_c_stops_a_long_run_cleanly() -> None:
    code, out, err, seconds = _ctrl_c(
        _command("--set", "run.for=3000d", "--set", "run.warmup=0h"), b"simulating"
    )
    assert seconds < 10
    assert code == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    assert out == ""


def test_ctrl_c_stops_any_command_without_a_traceback(tmp_path: Path) -> None:
    # The command shows nothing before it ends, so the child says when its commands are
    # loaded; a second later it is inside the command (not in Python's start-up, where
    # Ctrl+C is Python's own), however long the start-up took.
    plot = tmp_path / "w.png"
    argv = ["labsim", "warmup", str(MMC), "--reps", "200", "--plot", str(plot)]
    code, _, err, _ = _ctrl_c(
        [sys.executable, "-c",
         "import sys\nfrom labsim.cli import _app, main\n_app()\n"
         "print('loaded', file=sys.stderr, flush=True)\n"
         f"sys.argv = {argv!r}\nmain()\n"],
        b"loaded",
        then=1.0,
    )  # fmt: skip
    assert code == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    assert not plot.exists()

"""Running ``labsim`` (or any Python child) in a child process with a timeout and a memory cap.

A regression that makes labsim hang or read without end must fail the test, not hang CI
or exhaust the machine: every case runs under ``timeout`` seconds and an address-space cap
(``resource.setrlimit``), and the tests assert a prompt, clean exit. Every test that runs a
child Python (``labsim``, a kit's pytest, a ``-c`` probe) runs it through :func:`python`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: Address space a labsim process may use: numpy, pydantic and pygame fit well within it.
MEMORY_CAP = 1536 * 1024 * 1024
#: Seconds a hostile case may take before it counts as a hang.
TIMEOUT = 30.0


@dataclass(frozen=True)
class Outcome:
    """How a capped ``labsim`` run ended."""

    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def _limits() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def python(
    *args: str | Path,
    cwd: Path | None = None,
    timeout: float = TIMEOUT,
    env: Mapping[str, str | None] | None = None,
    stdin: int | None = subprocess.DEVNULL,
) -> Outcome:
    """Run ``python ARGS`` capped in time and memory; a hang fails the test.

    The child has this process's environment with SDL's dummy drivers, then ``env`` on top: a
    value of ``None`` takes a variable away (a test of what happens without a display).
    """
    if sys.platform == "win32":
        pytest.skip("the memory cap needs the resource module (POSIX)")
    environment = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "OPENBLAS_NUM_THREADS": "1",
        "PYTHONFAULTHANDLER": "",
    }
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, *map(str, args)],
            cwd=cwd,
            env=environment,
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limits,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"python {' '.join(map(str, args))[:200]} did not end within {timeout:g} s")
    return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def labsim(*args: str | Path, **options: Any) -> Outcome:
    """Run ``python -m labsim ARGS`` as :func:`python` does: capped, a hang fails the test."""
    return python("-m", "labsim", *args, **options)


def assert_refused(outcome: Outcome, *fragments: str) -> None:
    """Exit status 2, no traceback, and every fragment in the error output."""
    assert outcome.code == 2, outcome.text[-2000:]
    assert "Traceback" not in outcome.text, outcome.text[-2000:]
    for fragment in fragments:
        assert fragment in outcome.text, (fragment, outcome.text[-2000:])


@contextmanager
def small_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` (root only, Linux), unmounted afterwards."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a full disk is simulated with a small tmpfs, which needs root on Linux")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` up to ``leave`` free bytes; returns the filler."""
    filler = folder / "filler.bin"
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(filler, "wb") as handle:
        try:
            handle.write(b"\0" * max(free - leave, 0))
            handle.flush()
        except OSError:
            pass
    return filler

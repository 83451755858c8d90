"""A real learning record store for tests: ralph's LRS (file-system backend) on 127.0.0.1,
in its own virtual environment when its pins clash with ours.

The server is ralph's own API application (``ralph.api:app``, what ``ralph runserver``
serves) run by uvicorn in one process, so that killing it is one signal. One setting differs
from ``ralph runserver``: ralph 5.1's file-system LRS backend writes its statements file with
the data backend's default "index" operation, which refuses a file that exists, so it takes
only the first POST; the launcher makes that backend append (its ``APPEND`` operation), as an
LRS must. Everything else (authentication, xAPI validation, duplicate ids, queries) is ralph's.

Found as ``$LABSIM_RALPH`` (the ``ralph`` executable), ``.ralph-venv/bin/ralph`` in the
project (``.ci/run`` makes it), or ``ralph`` on the PATH; tests skip with the reason when
none is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_LAUNCH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""
USER, PASSWORD = "lab", "s3cret-for-tests"


def ralph_executable() -> Path | None:
    """The ``ralph`` command to use, or None."""
    for candidate in (os.environ.get("LABSIM_RALPH"), ROOT / ".ralph-venv" / "bin" / "ralph",
                      shutil.which("ralph")):  # fmt: skip
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RalphLrs:
    """One ralph LRS: start, kill (SIGKILL, as a crash), restart on the same data."""

    def __init__(self, ralph: Path, folder: Path) -> None:
        self.ralph, self.folder = ralph, folder
        self.data = folder / "data"
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_APP_DIR": str(folder / "app"),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"

    def add_user(self) -> None:
        """Write the Basic-auth credentials file with ralph's own command."""
        subprocess.run(
            [str(self.ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
             "-M", "mailto:lab@example.org", "-w"],
            env=self.env, cwd=self.folder, check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def start(self) -> None:
        """Start the server and wait until it answers."""
        self.data.mkdir(exist_ok=True)
        python = self.ralph.parent / "python"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(python if python.exists() else "python3"), "-c", _LAUNCH, str(self.port)],
                env={**self.env, "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data)},
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ralph exited: {self.log.read_text()[-2000:]}")
            try:
                url = f"http://127.0.0.1:{self.port}/__heartbeat__"
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"ralph did not answer within 60 s: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """Kill the server and its reloader at once (no clean shutdown)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds (following ``more`` links)."""
        got: list[dict[str, Any]] = []
        url: str | None = self.endpoint + "statements?limit=500"
        token = __import__("base64").b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        while url:
            request = urllib.request.Request(
                url,
                headers={"X-Experience-API-Version": "1.0.3", "Authorization": f"Basic {token}"},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                page = json.loads(answer.read())
            got += page["statements"]
            more = page.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return got


def validate_with_ralph(ralph: Path, statements: list[dict[str, Any]], folder: Path) -> str:
    """Validate statements with ralph's pydantic xAPI model, in ralph's own interpreter.

    Returns the checker's output ("valid N"); raises AssertionError with ralph's errors.
    """
    source = folder / "statements.json"
    source.write_text(json.dumps(statements))
    script = (
        "import json, sys\n"
        "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
        "items = json.load(open(sys.argv[1]))\n"
        "for item in items:\n"
        "    BaseXapiStatement.model_validate(item)\n"
        "print('valid', len(items))\n"
    )
    python = ralph.parent / "python"
    done = subprocess.run(
        [str(python if python.exists() else "python3"), "-c", script, str(source)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()

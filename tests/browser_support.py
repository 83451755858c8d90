"""A real browser for labsim's HTML pages: headless Chromium, its console, its images.

The pages (the cohort report, a study's report.html, the calibration page) are checked as a
person's browser shows them: scripts run, nothing is logged to the console, and every image
loads. Where Chromium is missing the tests skip with a reason; ``.ci/run`` installs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

__all__ = ["CHROMIUM", "broken_images", "browse", "needs_browser"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium installed (.ci/run installs the distribution's package)"
)

#: Appended to a copy of a page: after the load, the body says how many images it has and
#: how many did not load (missing file, bad data).
_IMAGE_PROBE = (
    "<script>window.addEventListener('load', () => {"
    "const all = [...document.images];"
    "document.body.dataset.images = all.length;"
    "document.body.dataset.broken = all.filter(i => !i.complete || !i.naturalWidth).length;"
    "});</script>"
)


def browse(page: Path) -> tuple[str, list[str]]:
    """Load ``page`` in headless Chromium: (the DOM after scripts ran, console messages)."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=10000", "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


def broken_images(page: Path) -> tuple[int, int]:
    """``(images, broken)`` of ``page`` as the browser loads it (a probed copy beside it)."""
    probe = page.with_name(f".probe-{page.name}")
    text = page.read_text(encoding="utf-8")
    at = text.rfind("</body>")
    probe.write_text(text[:at] + _IMAGE_PROBE + text[at:] if at >= 0 else text + _IMAGE_PROBE)
    try:
        dom, _ = browse(probe)
    finally:
        probe.unlink()
    found = re.search(r'<body[^>]*data-images="(\d+)"[^>]*data-broken="(\d+)"', dom)
    assert found is not None, "the probe did not run: " + dom[:500]
    return int(found.group(1)), int(found.group(2))

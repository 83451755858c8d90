"""Test set-up: every test runs headless (SDL's dummy video and audio drivers).

Caches (``labsim run``'s validated scenarios) go to a folder of this session, never the
user's: a test must not read what another session, or the user, left there.

Shared helpers live in ``*_support.py`` modules that tests import by name; this file is
pytest's, not a module to import.
"""

from __future__ import annotations

import os
import tempfile

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="labsim-test-cache-")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

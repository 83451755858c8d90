"""Test set-up: every test runs headless (SDL's dummy video and audio drivers).

Shared helpers live in ``*_support.py`` modules that tests import by name; this file is
pytest's, not a module to import.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

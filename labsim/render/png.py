"""Saving a pygame surface as a PNG file: encoded in memory, then written atomically.

``pygame.image.save`` straight to a path leaves an empty file and reports nothing when the
disk is full; encoding first and writing through :func:`labsim.files.write_atomic` turns
that into a :class:`~labsim.errors.FileError` and leaves no partial file behind; the
windows say its reason in the person's language (:func:`reason_in`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pygame

from labsim.errors import FileError
from labsim.files import write_atomic
from labsim.i18n import tr

__all__ = ["png_bytes", "reason_in", "save_png"]


def png_bytes(surface: pygame.Surface) -> bytes:
    """The surface encoded as PNG."""
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "image.png")
    return buffer.getvalue()


def save_png(surface: pygame.Surface, path: Path) -> None:
    """Write the surface to ``path`` as a PNG, whole or not at all.

    Raises:
        FileError: the file cannot be written (folder missing, disk full, ...).
    """
    write_atomic(path, png_bytes(surface))


def reason_in(error: FileError, lang: str) -> str:
    """Why a file could not be written, in ``lang`` (English where it has no translation)."""
    return tr(error.why, lang, **error.facts)

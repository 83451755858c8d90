"""The interface's gettext catalogues: ``.po`` sources in the package, compiled on first use.

The ``.po`` files under ``labsim/i18n/locale/<lang>/LC_MESSAGES/labsim.po`` are the only
source of the interface's translations. They are compiled to ``.mo`` with Babel the first
time a language is used, into ``locale`` in the user's cache folder
(:func:`labsim.files.cache_home`), keyed by a hash of the source, so an edited ``.po`` is
recompiled and nothing has to run at install time: ``pip install -e .`` (no build step at
all) and a wheel behave alike. Where the cache cannot be written the catalogue is compiled
in memory instead.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import hashlib
import io
from importlib import resources
from pathlib import Path

from labsim.errors import FileError
from labsim.files import cache_home, write_atomic

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "catalogue",
    "catalogue_languages",
    "interface_coverage",
    "po_file",
]

DOMAIN = "labsim"
LOCALE_DIR = Path(str(resources.files("labsim.i18n").joinpath("locale")))


def po_file(lang: str) -> Path:
    """The ``.po`` source of a language (it may not exist)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalogue_languages() -> tuple[str, ...]:
    """Every language with an interface catalogue, English (the source language) first."""
    found = sorted(p.name for p in LOCALE_DIR.iterdir() if po_file(p.name).is_file())
    return ("en", *(lang for lang in found if lang != "en"))


def _compile(source: bytes, lang: str) -> bytes:
    """A ``.po`` file's bytes compiled to ``.mo`` bytes (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _compiled(lang: str) -> bytes:
    """The ``.mo`` bytes of a language, from the cache or freshly compiled (and cached)."""
    source = po_file(lang).read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    cached = cache_home() / "locale" / f"{lang}-{digest}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _compile(source, lang)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, data)
    except (OSError, FileError):
        pass  # a read-only home: the catalogue still works, compiled again next time
    return data


@functools.cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The translations of ``lang`` (English, or a language without a catalogue: none)."""
    if lang == "en" or not po_file(lang).is_file():
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(_compiled(lang)))


def interface_coverage(lang: str) -> tuple[int, int, int]:
    """(translated, reviewed, total) interface messages of ``lang``'s catalogue.

    English, the source language, has every message and needs no review. An entry flagged
    ``unreviewed`` (or ``fuzzy``) counts as translated but not reviewed; fuzzy ones are not
    even used, so they do not count as translated either.
    """
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as fh:
        total = sum(1 for message in read_po(fh) if message.id)
    if lang == "en":
        return total, total, total
    if not po_file(lang).is_file():
        return 0, 0, total
    with po_file(lang).open("rb") as fh:
        done = [m for m in read_po(fh) if m.id and m.string and "fuzzy" not in m.flags]
    reviewed = sum(1 for m in done if "unreviewed" not in m.flags)
    return len(done), reviewed, total

"""Language choices: ``--lang zh+th`` (two at once), validation, and names people read."""

from __future__ import annotations

import functools

from labsim.errors import SettingError
from labsim.i18n.catalogues import catalogue_languages, po_file
from labsim.i18n.scripts import Script, scripts_in

__all__ = ["language_name", "language_scripts", "parse_langs"]


def parse_langs(spec: str) -> tuple[str, ...]:
    """``"zh+th"`` as ``("zh", "th")``: one language, or two shown together.

    Raises:
        SettingError: (setting ``lang``) a language has no interface catalogue, or more
            than two are named.
    """
    langs = tuple(part.strip() for part in spec.split("+") if part.strip())
    known = catalogue_languages()
    if not langs or len(langs) > 2 or len(set(langs)) != len(langs):
        raise SettingError(
            "lang", f"takes one language or two joined by '+' such as zh+th (got {spec!r})"
        )
    for lang in langs:
        if lang not in known:
            raise SettingError(
                "lang",
                f"no interface catalogue for {lang!r}; the languages are "
                f"{', '.join(known)} (`labsim lang` lists them)",
                value=lang,
            )
    return langs


@functools.cache
def language_name(lang: str) -> str:
    """A language's own name (``ไทย``, ``русский``), or its tag when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return lang
    return name or lang


@functools.cache
def language_scripts(lang: str) -> frozenset[Script]:
    """The scripts a language's interface catalogue is written in (Latin always among them)."""
    from babel.messages.pofile import read_po

    found: set[Script] = {"latin"}
    if lang != "en" and po_file(lang).is_file():
        with po_file(lang).open("rb") as fh:
            for message in read_po(fh):
                if message.id and isinstance(message.string, str):
                    found |= scripts_in(message.string)
    return frozenset(found)

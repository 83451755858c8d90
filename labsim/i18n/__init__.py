"""What a person reads, in their language: the one lookup function and its helpers.

Interface text is written in English in the code, wrapped in :func:`tr` (or marked with
:func:`N_` where it is looked up later), extracted by Babel into ``labsim.pot`` and
translated in ``locale/<lang>/LC_MESSAGES/labsim.po``. Content (procedure steps, hints,
rig words) is a language map in the scenario or kit files, not here.
"""

from __future__ import annotations

from collections.abc import Mapping

from labsim.i18n.catalogues import catalogue, catalogue_languages, interface_coverage
from labsim.i18n.languages import language_name, language_scripts, parse_langs
from labsim.i18n.scripts import SCRIPTS, Script, runs, script_of, scripts_in

__all__ = [
    "N_",
    "SCRIPTS",
    "Script",
    "catalogue_languages",
    "interface_coverage",
    "language_name",
    "language_scripts",
    "parse_langs",
    "runs",
    "script_of",
    "scripts_in",
    "tr",
    "tr_table",
]


def tr(message: str, lang: str, **values: object) -> str:
    """``message`` (English, the catalogue's msgid) in ``lang``, its ``{fields}`` filled in."""
    text = catalogue(lang).gettext(message) if lang != "en" else message
    return text.format(**values) if values else text


def tr_table(messages: Mapping[str, str], lang: str) -> dict[str, str]:
    """Each message of a page's table of words in ``lang`` (English where none is translated).

    A page rendered by a template or plotted takes its words as one table, by key.
    """
    return {key: tr(message, lang) for key, message in messages.items()}


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; :func:`tr` translates it later."""
    return message

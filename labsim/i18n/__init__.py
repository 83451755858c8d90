"""What a person reads, in their language: the one lookup function and its helpers.

Interface text is written in English in the code, wrapped in :func:`tr` (or marked with
:func:`N_` where it is looked up later), extracted by Babel into ``labsim.pot`` and
translated in ``locale/<lang>/LC_MESSAGES/labsim.po``. Content (procedure steps, hints,
rig words) is a language map in the scenario or kit files, not here.

The catalogues load on first use: a module that only marks its words with :func:`N_`
(:mod:`labsim.files`, on the path of ``labsim run``) imports this package for nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from labsim.lazy import lazy_names

if TYPE_CHECKING:
    from labsim.i18n.catalogues import catalogue_languages, interface_coverage
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

_HOMES = {
    "catalogue_languages": "labsim.i18n.catalogues",
    "interface_coverage": "labsim.i18n.catalogues",
    "language_name": "labsim.i18n.languages",
    "language_scripts": "labsim.i18n.languages",
    "parse_langs": "labsim.i18n.languages",
    "SCRIPTS": "labsim.i18n.scripts",
    "Script": "labsim.i18n.scripts",
    "runs": "labsim.i18n.scripts",
    "script_of": "labsim.i18n.scripts",
    "scripts_in": "labsim.i18n.scripts",
}

__getattr__ = lazy_names(__name__, _HOMES)


def tr(message: str, lang: str, **values: object) -> str:
    """``message`` (English, the catalogue's msgid) in ``lang``, its ``{fields}`` filled in."""
    if lang != "en":
        from labsim.i18n.catalogues import catalogue

        message = catalogue(lang).gettext(message)
    return message.format(**values) if values else message


def tr_table(messages: Mapping[str, str], lang: str) -> dict[str, str]:
    """Each message of a page's table of words in ``lang`` (English where none is translated).

    A page rendered by a template or plotted takes its words as one table, by key.
    """
    return {key: tr(message, lang) for key, message in messages.items()}


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; :func:`tr` translates it later."""
    return message

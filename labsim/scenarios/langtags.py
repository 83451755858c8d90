"""Language tags (BCP 47) and text in several languages, as the file formats write them.

A text a person reads (a step, a hint, a title, a fault's name) is a *language map*:
``{en: Throw the point, zh: 操纵道岔, th: ...}``, keyed by BCP 47 tags, any number of
languages. A key must be well-formed by RFC 5646's grammar (``en_US`` is not) and name a
language the IANA subtag registry knows (``cn`` and ``jp`` are country codes, not languages):
the registry check comes from ``langcodes``, which ships the registry, so a typo cannot pass
as a language nobody will ever ask for. Keys are kept in their canonical form (``zh-hans``
becomes ``zh-Hans``, deprecated ``iw`` becomes ``he``), so that lookups compare like with like.

:func:`pick` chooses the text to show for a language the way RFC 4647 "lookup" does: the
exact tag, then ever shorter prefixes (``zh-Hans-CN``, ``zh-Hans``, ``zh``), then English,
then whatever language the text has, so that a trainee never sees an empty line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

__all__ = [
    "LANGUAGE_TAG_PATTERN",
    "LanguageMap",
    "LanguageTag",
    "LanguageTags",
    "LocalText",
    "LocalWord",
    "Title",
    "canonical_tag",
    "lookup_chain",
    "pick",
]

# RFC 5646 section 2.1, the ``Language-Tag`` production, case-insensitive.
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language (with extlangs)
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
)
_PRIVATE = r"x(?:-[a-z0-9]{1,8})+"
_IRREGULAR = (
    r"en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo"
    r"|i-pwn|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de"
)
#: A well-formed BCP 47 tag (RFC 5646), for the JSON Schema; letters of either case.
LANGUAGE_TAG_PATTERN = (
    "^(?:"
    + f"{_LANGTAG}|{_PRIVATE}".replace("a-z", "A-Za-z").replace("a-wy-z", "A-WY-Za-wy-z")
    + "|"
    + re.sub("[a-z]", lambda letter: f"[{letter[0]}{letter[0].upper()}]", _IRREGULAR)
    + ")$"
)
_WELL_FORMED = re.compile(f"(?:{_LANGTAG}|{_PRIVATE}|{_IRREGULAR})", re.IGNORECASE)

# Country codes often written where a language was meant (the registry refuses them).
_COUNTRY_NOT_LANGUAGE = {
    "cn": "zh",
    "jp": "ja",
    "kr": "ko",
    "ua": "uk",
    "gr": "el",
    "cz": "cs",
    "dk": "da",
    "vn": "vi",
    "ir": "fa",
    "il": "he",
}


@functools.lru_cache(maxsize=1024)
def canonical_tag(tag: str) -> str:
    """``tag`` in canonical BCP 47 form, after checking it is well-formed and registered.

    Raises:
        ValueError: saying what is wrong with the tag (and what was probably meant).
    """
    import langcodes  # the registry takes a moment to load: only when a file has texts

    if not isinstance(tag, str):
        raise ValueError(f"a language tag must be text such as 'en' or 'zh-Hans' (got {tag!r})")
    if not _WELL_FORMED.fullmatch(tag):
        hint = ""
        if "_" in tag and _WELL_FORMED.fullmatch(tag.replace("_", "-")):
            hint = f"; write {tag.replace('_', '-')!r} (BCP 47 joins parts with '-')"
        raise ValueError(
            f"{tag!r} is not a well-formed BCP 47 language tag (such as 'en', 'zh', "
            f"'th', 'pt-BR', 'zh-Hans'){hint}"
        )
    if not langcodes.tag_is_valid(tag):
        meant = _COUNTRY_NOT_LANGUAGE.get(tag.lower())
        hint = f"; {tag!r} is a country code, the language is {meant!r}" if meant else ""
        raise ValueError(
            f"{tag!r} is not a registered language tag (IANA language subtag registry){hint}"
        )
    return str(langcodes.standardize_tag(tag))


def lookup_chain(lang: str) -> list[str]:
    """The tags to try for ``lang``, most specific first (RFC 4647 lookup), lower case.

    ``zh-Hant-TW`` gives ``['zh-hant-tw', 'zh-hant', 'zh']``; a single-letter subtag left
    at the end (an extension's singleton) is dropped with the subtag after it.
    """
    parts = lang.strip().lower().replace("_", "-").split("-")
    chain = []
    while parts and parts[0]:
        chain.append("-".join(parts))
        parts.pop()
        while len(parts) > 1 and len(parts[-1]) == 1:
            parts.pop()
    return chain


def pick(text: Mapping[str, str] | None, lang: str, fallback: str = "") -> str:
    """The text to show in ``lang``: best match, else English, else any language it has.

    ``fallback`` when there is no text at all.
    """
    if not text:
        return fallback
    lowered = {key.lower(): value for key, value in text.items() if value}
    for tag in (*lookup_chain(lang), "en"):
        if tag in lowered:
            return lowered[tag]
    return next(iter(lowered.values()), fallback)


class LanguageMap(dict[str, str]):
    """A validated language map (tags canonical); a plain ``dict`` to everything that reads it.

    Its own type lets code find every language map in a loaded file by walking the models
    (:mod:`labsim.scenarios.texts`), whatever field holds it.
    """


def _keys_distinct(value: Any) -> Any:
    """Refuse two keys that are one language written twice (``zh`` and ``ZH``)."""
    if not isinstance(value, dict):
        return value
    seen: dict[str, str] = {}
    for key in value:
        try:
            canon = canonical_tag(key) if isinstance(key, str) else None
        except ValueError:
            continue  # the key check says what is wrong with it
        if canon is None:
            continue
        if canon in seen:
            raise ValueError(f"{seen[canon]!r} and {key!r} are the same language ({canon!r})")
        seen[canon] = key
    return value


def _as_language_map(value: dict[str, str]) -> dict[str, str]:
    if not value:
        raise ValueError("a text needs at least one language, e.g. {en: ..., zh: ...}")
    return LanguageMap(value)


#: A BCP 47 language tag, kept in canonical form: ``en``, ``zh``, ``th``, ``pt-BR``.
LanguageTag = Annotated[
    str,
    AfterValidator(canonical_tag),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": LANGUAGE_TAG_PATTERN,
            "description": "a BCP 47 language tag: en, zh, th, ru, fr, pt-BR, zh-Hans",
            "examples": ["en", "zh", "th", "ru", "fr"],
        }
    ),
]


def _distinct_tags(tags: list[str]) -> list[str]:
    repeated = sorted({t for t in tags if tags.count(t) > 1})
    if repeated:
        raise ValueError(f"language {repeated[0]!r} is listed twice")
    return tags


#: A list of distinct language tags (``languages: [zh, th]``).
LanguageTags = Annotated[list[LanguageTag], AfterValidator(_distinct_tags)]

_MAP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"pattern": LANGUAGE_TAG_PATTERN},
    "additionalProperties": {"type": "string", "minLength": 1},
    "minProperties": 1,
    "description": "text per language, keyed by BCP 47 tags: {en: ..., zh: ..., th: ...}",
}

#: Text in several languages, e.g. ``{en: Throw the point, zh: 操纵道岔}``: any number of
#: languages, at least one; English is what a reader sees when their language is missing.
LocalText = Annotated[
    dict[LanguageTag, Annotated[str, Field(min_length=1)]],
    BeforeValidator(_keys_distinct),
    AfterValidator(_as_language_map),
    WithJsonSchema(_MAP_SCHEMA),
]


#: Like :data:`LocalText`, but a language may hold ``""``: a rig kit's word left blank on
#: purpose (a button that shows only its values).
LocalWord = Annotated[
    dict[LanguageTag, str],
    BeforeValidator(_keys_distinct),
    AfterValidator(_as_language_map),
    WithJsonSchema({**_MAP_SCHEMA, "additionalProperties": {"type": "string"}}),
]


def _plain_is_english(value: Any) -> Any:
    return {"en": value} if isinstance(value, str) else value


#: A short text written plain (English) or as a language map: ``title: ZD6 test`` is
#: ``title: {en: ZD6 test}``.
Title = Annotated[
    LocalText,
    BeforeValidator(_plain_is_english),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1, "description": "the text in English"},
                _MAP_SCHEMA,
            ]
        }
    ),
]

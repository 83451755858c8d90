"""A kit's words: language maps (BCP 47 keys) read from the kit's ``words.yaml``.

Everything a trainee reads about one rig kind (its title, button labels, parameter values,
quantities, faults, notes, rules, tool and schematic words) ships in its kit, so a college
adds a language to a kit by adding one key per map, and labsim itself names no rig kind.
:func:`kit_word` is the one lookup; a missing language falls back to English.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from labsim.equipment.base import RigModel
from labsim.errors import KitError, ScenarioError
from labsim.scenarios.kitwords import SECTIONS, KitWords, LoadedWords, load_words
from labsim.scenarios.langtags import pick

__all__ = [
    "SECTIONS",
    "Local",
    "kit_word",
    "kit_words",
    "kit_words_file",
    "local",
    "note_patterns",
]

Local = Mapping[str, str]


def local(text: Local | None, lang: str, fallback: str = "") -> str:
    """``text`` in ``lang``: the closest language it has, else English, else any."""
    return pick(text, lang, fallback)


@functools.cache
def _loaded(model_name: str) -> LoadedWords | None:
    from labsim.kits.registry import find_kit

    kit = find_kit(model_name)
    if kit is None or kit.words is None:
        return None
    where = f"the words file {kit.words!r} of rig kit {model_name!r} ({kit.package})"
    try:
        return load_words(Path(str(kit.file(kit.words))))
    except ScenarioError as error:
        problems = "\n".join(f"  {problem}" for problem in error.problems)
        raise KitError(f"{where} cannot be used:\n{problems}") from None


@functools.cache
def _load(model_name: str) -> Mapping[str, Mapping[str, Any]]:
    loaded = _loaded(model_name)
    if loaded is None:
        return {}
    # languages and unreviewed marks are for validate and the coverage counts
    return {section: table for section, table in loaded.data.items() if section in SECTIONS}


def kit_words(model: type[RigModel] | None) -> Mapping[str, Mapping[str, Any]]:
    """Every section of the words of ``model``'s kit (empty for a model no kit declares)."""
    return _load(model.name) if model is not None else {}


def kit_words_file(model: type[RigModel]) -> KitWords | None:
    """The validated words file of ``model``'s kit (for coverage counts), or None."""
    loaded = _loaded(model.name)
    return None if loaded is None else loaded.words


def kit_word(
    model: type[RigModel] | None, section: str, key: str, lang: str, part: str | None = None
) -> str | None:
    """The kit's word for ``key`` in ``section`` (and ``part``, for a fault), or None.

    The word is in ``lang`` when the kit has it, else in English (which may be empty, on
    purpose); None when the kit does not name ``key`` at all, so the caller can fall back to
    labsim's shared words.
    """
    entry = kit_words(model).get(section, {}).get(key)
    if part is not None and isinstance(entry, dict):
        entry = entry.get(part)
    if not isinstance(entry, dict):
        return None
    return local(entry, lang)


def note_patterns(model: type[RigModel] | None) -> Mapping[str, Local]:
    """Notes with a variable part: regular expression -> template per language."""
    return kit_words(model).get("note_patterns", {})

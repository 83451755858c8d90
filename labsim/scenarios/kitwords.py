"""The words file of a rig kit (``words.yaml``): every word a trainee reads about one rig kind.

Each entry is a language map keyed by BCP 47 tags, checked like every text of a scenario
(well-formed, registered tags; one spelling per language). Like a procedure library, a words
file may declare ``languages:`` (validate warns about words lacking one) and ``unreviewed:``
(languages no native speaker has checked yet). A button label may be ``""`` on purpose (a
control that shows only its values), so words, unlike step texts, may be empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from labsim.scenarios.fields import STRICT
from labsim.scenarios.langtags import LanguageTags, LocalWord
from labsim.scenarios.problems import validate_document
from labsim.scenarios.source import Document, SourceMap, read_document

__all__ = [
    "SECTIONS",
    "FaultWords",
    "KitWords",
    "LoadedWords",
    "is_words",
    "load_words",
    "words_from_document",
]

_Table = dict[str, LocalWord]


class FaultWords(BaseModel):
    """A fault's name and what it looks like on the rig."""

    model_config = STRICT
    title: LocalWord
    symptoms: LocalWord | None = None


class KitWords(BaseModel):
    """A rig kit's words, section by section, each entry a language map."""

    model_config = STRICT
    languages: LanguageTags = Field(
        default_factory=list, description="the languages every word should have"
    )
    unreviewed: LanguageTags = Field(
        default_factory=list,
        description="languages whose words no native speaker has reviewed yet",
    )
    models: _Table = Field(default_factory=dict, description="rig model titles")
    actions: _Table = Field(default_factory=dict, description="button labels of actions")
    values: _Table = Field(default_factory=dict, description="parameter values on buttons")
    quantities: _Table = Field(default_factory=dict, description="measured quantities")
    faults: dict[str, FaultWords] = Field(default_factory=dict)
    notes: _Table = Field(
        default_factory=dict, description="what the rig says after an action, by its English"
    )
    note_patterns: _Table = Field(
        default_factory=dict,
        description="notes with a variable part: regular expression -> template ({0}, ...)",
    )
    rules: _Table = Field(default_factory=dict, description="what a refused rule asks")
    groups: _Table = Field(default_factory=dict, description="tool names on the panel")
    panel: _Table = Field(default_factory=dict, description="schematic words")
    short: _Table = Field(default_factory=dict, description="short labels of actions")

    @property
    def procedures(self) -> list[Any]:
        """A words file holds no procedures (so that text counts treat all files alike)."""
        return []


@dataclass(frozen=True)
class LoadedWords:
    """A valid words file with what it was loaded from."""

    words: KitWords
    data: dict[str, Any]
    source: SourceMap

    @property
    def path(self) -> Path:
        """The file it came from."""
        return self.source.file


#: The sections of words a file may have, in the file's order (``faults`` entries hold
#: ``title`` and ``symptoms``); ``languages`` and ``unreviewed`` are marks about them.
SECTIONS = tuple(name for name in KitWords.model_fields if name not in ("languages", "unreviewed"))


def is_words(data: dict[str, Any], path: Path | None = None) -> bool:
    """Whether top-level ``data`` is a kit's words file rather than a scenario or library.

    A words file has no ``labsim:`` and only word sections; one named ``words.yaml``
    counts as a words file whatever its keys, so that a misspelt section is reported as
    such (not as a scenario missing its format version).
    """
    if "labsim" in data or not data:
        return False
    if path is not None and path.name in ("words.yaml", "words.yml"):
        return True
    return bool(set(data).intersection(SECTIONS)) and set(data) <= set(KitWords.model_fields)


def load_words(path: str | Path) -> LoadedWords:
    """Load and check a kit's words file.

    Raises:
        ScenarioError: listing every problem, each with file, line and field path.
    """
    return words_from_document(read_document(path))


def words_from_document(document: Document) -> LoadedWords:
    """Check an already-read words file (see :func:`load_words`)."""
    words = validate_document(KitWords, document)
    return LoadedWords(words, document.data, document.source)

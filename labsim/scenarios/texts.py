"""The texts of a file in each language: what is missing, what is translated, what is reviewed.

Every language map of a loaded file is found by walking its models (any field whose value
is a :class:`~labsim.scenarios.langtags.LanguageMap`), so a new text field needs nothing here.

* :func:`missing_texts` lists, for a file that declares ``languages: [zh, th]``, the texts
  that lack one of them, as warnings with field paths (the loader's source map adds lines).
* :func:`language_coverage` counts, per language, the texts translated and the texts reviewed
  by a native speaker: a language listed in ``unreviewed:`` (the file's, or a procedure's)
  has its texts counted as translated but not reviewed. ``labsim lang`` and the instructor's
  listings show these figures, so a college knows what it still has to check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel

from labsim.errors import Problem
from labsim.scenarios.kitwords import KitWords
from labsim.scenarios.langtags import LanguageMap
from labsim.scenarios.models import Procedure, ProcedureLibrary, Scenario
from labsim.scenarios.source import FieldPath

#: A file whose texts are counted: a scenario, a procedure library or a rig kit's words.
TextFile = Scenario | ProcedureLibrary | KitWords

__all__ = [
    "LanguageCoverage",
    "TextFile",
    "coverage_summary",
    "iter_texts",
    "language_coverage",
    "missing_texts",
    "unreviewed_languages",
    "unreviewed_notes",
]


class LanguageCoverage(NamedTuple):
    """How far one language has come in one file.

    Attributes:
        language: the BCP 47 tag.
        texts: how many texts the file has (the same for every language).
        translated: texts that have this language.
        reviewed: translated texts that no ``unreviewed:`` mark covers.
    """

    language: str
    texts: int
    translated: int
    reviewed: int

    @property
    def missing(self) -> int:
        """Texts still to translate into this language."""
        return self.texts - self.translated


def iter_texts(node: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, LanguageMap]]:
    """Every language map in ``node`` (a model, list or dict), with its field path.

    Paths use the keys a file writes (aliases such as ``pass``), in file order.
    """
    if isinstance(node, LanguageMap):
        yield path, node
    elif isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            yield from iter_texts(getattr(node, name), (*path, info.alias or name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from iter_texts(item, (*path, index))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from iter_texts(value, (*path, key))


def missing_texts(file: TextFile) -> list[Problem]:
    """Warnings about texts lacking a language that ``file.languages`` declares.

    A declared language that no text has at all gets one warning, at its place in
    ``languages:``; otherwise each text names the declared languages it lacks.
    """
    declared = list(file.languages)
    if not declared:
        return []
    texts = list(iter_texts(file))
    absent = {lang for lang in declared if texts and not any(lang in t for _, t in texts)}
    problems = [
        Problem(
            f"warning: no text is in {lang!r} yet ({len(texts)} to translate)",
            ("languages", index),
        )
        for index, lang in enumerate(declared)
        if lang in absent
    ]
    for path, text in texts:
        lacking = [lang for lang in declared if lang not in absent and lang not in text]
        if lacking:
            problems.append(
                Problem(f"warning: no text in {_listing(lacking)} (declared in 'languages:')", path)
            )
    return problems


def unreviewed_languages(file: TextFile, procedure: Procedure) -> set[str]:
    """The languages whose texts in ``procedure`` no native speaker has reviewed yet."""
    return set(file.unreviewed) | set(procedure.unreviewed)


def language_coverage(file: TextFile) -> dict[str, LanguageCoverage]:
    """Per language (declared, or used by any text): texts translated and reviewed.

    Languages come in the order the texts first use them, then the declared ones no text
    has yet.
    A text outside every procedure counts as reviewed unless the file marks its language.
    """
    counted: list[tuple[LanguageMap, set[str]]] = []
    procedures: Sequence[Procedure] = file.procedures
    for path, text in iter_texts(file):
        if len(path) >= 2 and path[0] == "procedures" and isinstance(path[1], int):
            counted.append((text, unreviewed_languages(file, procedures[path[1]])))
        else:
            counted.append((text, set(file.unreviewed)))
    order: dict[str, None] = {}
    for text, _ in counted:
        order.update(dict.fromkeys(text))
    order.update(dict.fromkeys(file.languages))
    result = {}
    for lang in order:
        translated = [marks for text, marks in counted if lang in text]
        result[lang] = LanguageCoverage(
            lang,
            len(counted),
            len(translated),
            sum(1 for marks in translated if lang not in marks),
        )
    return result


def _listing(langs: list[str]) -> str:
    return ", ".join(repr(lang) for lang in langs)


def coverage_summary(coverage: dict[str, LanguageCoverage]) -> str:
    """One line for people: ``en 85/85, th 85/85 (not reviewed), ru 40/85 (12 reviewed)``."""
    parts = []
    for entry in coverage.values():
        part = f"{entry.language} {entry.translated}/{entry.texts}"
        if entry.translated and entry.reviewed == 0:
            part += " (not reviewed)"
        elif entry.reviewed < entry.translated:
            part += f" ({entry.reviewed} reviewed)"
        parts.append(part)
    return ", ".join(parts)


def unreviewed_notes(file: TextFile, coverage: dict[str, LanguageCoverage]) -> list[Problem]:
    """Reminders that texts are not reviewed, one at each ``unreviewed:`` field marking some.

    In a scenario, the marks its included libraries carry are placed (by the loader's
    source map) at each library's own ``unreviewed:`` line, so several procedures' notes
    may fall on one line: a caller shows each line once.
    """
    pending = [c.language for c in coverage.values() if c.reviewed < c.translated]
    marks: list[tuple[FieldPath, list[str]]] = [(("unreviewed",), list(file.unreviewed))]
    marks += [
        (("procedures", index, "unreviewed"), list(procedure.unreviewed))
        for index, procedure in enumerate(file.procedures)
    ]
    notes = []
    for path, marked in marks:
        langs = [lang for lang in pending if lang in marked]
        if langs:
            notes.append(
                Problem(
                    f"note: the {_listing(langs)} texts are not reviewed by a native speaker: "
                    "have these safety instructions checked, then take the language out of "
                    "'unreviewed:'",
                    path,
                )
            )
    return notes

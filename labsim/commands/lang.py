"""``labsim lang``: each language, how much of the interface and the shipped texts it covers."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from labsim.commands._common import reports_errors

__all__ = ["language_status", "register"]


class LangFormat(StrEnum):
    """Output formats of ``labsim lang``."""

    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add ``lang`` to the ``labsim`` app."""
    app.command("lang")(lang)


def _tally(rows: dict[str, dict[str, int]], lang: str, translated: int, reviewed: int) -> None:
    entry = rows.setdefault(lang, {"translated": 0, "reviewed": 0})
    entry["translated"] += translated
    entry["reviewed"] += reviewed


def _step_texts() -> tuple[int, dict[str, dict[str, int]]]:
    """How many step texts the shipped libraries have, and per language how many are there."""
    from labsim.scenarios import load_library
    from labsim.scenarios.loader import builtin_libraries
    from labsim.scenarios.texts import iter_texts, unreviewed_languages

    total = 0
    rows: dict[str, dict[str, int]] = {}
    for path in builtin_libraries().values():
        library = load_library(path).library
        for path_, text in iter_texts(library):
            if len(path_) < 4 or path_[0] != "procedures" or path_[2] != "steps":
                continue
            if path_[-1] != "text":
                continue
            procedure = library.procedures[int(path_[1])]
            unreviewed = unreviewed_languages(library, procedure)
            total += 1
            for lang in text:
                _tally(rows, lang, 1, int(lang not in unreviewed))
    return total, rows


def _rig_words() -> tuple[int, dict[str, dict[str, int]]]:
    """How many words the installed kits have, and per language how many are translated."""
    from labsim.kits import get_kit, model_names
    from labsim.kits.words import kit_words_file
    from labsim.scenarios.texts import language_coverage

    total = 0
    rows: dict[str, dict[str, int]] = {}
    for name in model_names():
        try:
            words = kit_words_file(get_kit(name).model)
        except Exception:  # a broken kit is `labsim rigs`'s to report, not ours
            continue
        if words is None:
            continue
        coverage = language_coverage(words)
        total += next(iter(coverage.values())).texts if coverage else 0
        for lang, cover in coverage.items():
            _tally(rows, lang, cover.translated, cover.reviewed)
    return total, rows


def language_status() -> list[dict[str, Any]]:
    """One row per language: its name, then how many are translated and how many reviewed.

    For the interface, the shipped procedures' step texts and the rig kits' words.
    """
    from labsim.i18n import catalogue_languages, interface_coverage, language_name

    steps_total, steps = _step_texts()
    words_total, words = _rig_words()
    langs = dict.fromkeys([*catalogue_languages(), *steps, *words])
    out = []
    for lang in langs:
        done, reviewed, total = interface_coverage(lang)
        row: dict[str, Any] = {
            "language": lang,
            "name": language_name(lang),
            "interface": {"translated": done, "reviewed": reviewed, "of": total},
        }
        for key, rows, of in (("steps", steps, steps_total), ("rig_words", words, words_total)):
            counts = rows.get(lang, {"translated": 0, "reviewed": 0})
            row[key] = {**counts, "of": of}
        out.append(row)
    return out


def _cells(counts: dict[str, int]) -> tuple[str, str]:
    """How many are translated (and their share), and how many are reviewed."""
    share = 100 * counts["translated"] / (counts["of"] or 1)
    return f"{counts['translated']} {share:.0f}%", str(counts["reviewed"])


@reports_errors
def lang(
    output: Annotated[
        LangFormat, typer.Option("--format", help="table (for people) or json (on stdout).")
    ] = LangFormat.table,
) -> None:
    """List each language with how much of labsim it covers, and how much is reviewed.

    Interface: the messages of the gettext catalogue (`--lang` takes any language that has
    one). Step texts: the steps of the procedure libraries the installed rig kits ship. Rig
    words: the kits' action, value, rule and fault words. A translation counts as reviewed
    once a native speaker has checked it (the `unreviewed` flag of a catalogue entry, the
    `unreviewed:` list of a library, are taken away).
    """
    rows = language_status()
    if output is LangFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title="Languages (use with --lang; two at once: --lang zh+th)",
        caption="rev.: reviewed by a native speaker (the rest is still to check)",
    )
    first = rows[0] if rows else None
    totals = [first[key]["of"] if first else 0 for key in ("interface", "steps", "rig_words")]
    table.add_column("lang", no_wrap=True, min_width=4)
    table.add_column("name", no_wrap=True, min_width=8)
    for title, total in zip(("interface", "steps", "rig words"), totals, strict=True):
        table.add_column(f"{title}\nof {total}", no_wrap=True, min_width=9)
        table.add_column("rev.", no_wrap=True, justify="right", min_width=4)
    for row in rows:
        cells = [cell for key in ("interface", "steps", "rig_words") for cell in _cells(row[key])]
        table.add_row(row["language"], row["name"], *cells)
    Console().print(table)

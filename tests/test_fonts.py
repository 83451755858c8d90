"""Fonts per script: each text's glyphs are in the font chosen for its script (no tofu)."""

from __future__ import annotations

import functools

import pygame
import pytest
from babel.messages.pofile import read_po

from labsim.i18n import SCRIPTS, Script, catalogue_languages, runs, script_of
from labsim.i18n.catalogues import LOCALE_DIR, po_file
from labsim.i18n.scripts import is_mark
from labsim.render.fonts import PACKAGES, covers, font_file, missing_font, missing_glyphs
from labsim.render.text import Fonts


@functools.cache
def _catalogue_texts() -> tuple[str, ...]:
    texts: list[str] = []
    for path in [LOCALE_DIR / "labsim.pot", *(po_file(lang) for lang in catalogue_languages()[1:])]:
        with path.open("rb") as fh:
            for message in read_po(fh):
                if message.id:
                    texts += [str(message.id), str(message.string or "")]
    return tuple(t for t in texts if t)


@functools.cache
def _step_texts() -> tuple[str, ...]:
    from labsim.scenarios import load_library
    from labsim.scenarios.loader import builtin_libraries
    from labsim.scenarios.texts import iter_texts

    texts = []
    for path in builtin_libraries().values():
        for _, text in iter_texts(load_library(path).library):
            texts += list(text.values())
    return tuple(texts)


def _missing(texts: tuple[str, ...]) -> dict[str, set[str]]:
    """Per font file, the characters some text needs from it that it has no glyph for."""
    pygame.font.init()
    gaps: dict[str, set[str]] = {}
    needed: dict[Script, set[str]] = {}
    for text in texts:
        for script, run in runs(text):
            needed.setdefault(script, set()).update(run)
    for script, chars in needed.items():
        for bold in (False, True):
            path = font_file(script, bold)
            if path is None:
                pytest.skip(missing_font(script))
            lacking = missing_glyphs(path, "".join(chars))
            if lacking:
                gaps[path] = lacking
    return gaps


def test_every_catalogue_glyph_is_in_the_font_chosen_for_it() -> None:
    assert _missing(_catalogue_texts()) == {}


def test_every_shipped_step_text_glyph_is_in_the_font_chosen_for_it() -> None:
    texts = _step_texts()
    assert {script_of(c) for t in texts for c in t} >= {"han", "thai", "cyrillic"}
    assert _missing(texts) == {}


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_gets_a_font_that_has_its_letters(script: Script) -> None:
    path = font_file(script)
    if path is None:
        pytest.skip(missing_font(script))
    assert covers(path, script)


def test_a_missing_script_names_the_package_to_install() -> None:
    assert "apt-get install fonts-thai-tlwg" in missing_font("thai")
    assert "LABSIM_FONT_HAN" in missing_font("han")
    assert set(PACKAGES) == set(SCRIPTS)


def test_thai_is_shaped_and_wrapped_between_letters_not_before_marks() -> None:
    if font_file("thai") is None:
        pytest.skip(missing_font("thai"))
    fonts = Fonts(1.0)
    font = fonts.font("body", "thai")
    plain = pygame.font.Font(font_file("thai"), font.point_size)
    word = "ที่นี่น้ำ"  # tone marks over vowels over consonants: placed only by HarfBuzz
    shaped = pygame.image.tobytes(font.render(word, True, (255, 255, 255)), "RGBA")
    unshaped = pygame.image.tobytes(plain.render(word, True, (255, 255, 255)), "RGBA")
    assert shaped != unshaped
    lines = fonts.wrap("การป้องกันพื้นที่ทำงาน" * 3, "body", 80)
    assert len(lines) > 1
    assert all(line and not is_mark(line[0]) for line in lines)
    assert "".join(lines) == "การป้องกันพื้นที่ทำงาน" * 3

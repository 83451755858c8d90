"""The one font finder: a font file for each script a text uses, chosen by family name.

pygame's bundled font has Latin only. For each script of :mod:`labsim.i18n.scripts`
(Latin, Han, Thai, Cyrillic) :func:`font_file` asks the system's font catalogue for the
families below, in order, and keeps the first whose character map really holds the
script's letters (read with fontTools: a family name alone can point at a fallback
font). ``LABSIM_FONT_<SCRIPT>`` (``LABSIM_FONT_THAI=/path/font.ttf``; ``LABSIM_CJK_FONT``
too, for Han) names a file instead. A script with no font gets :func:`missing_font`,
one message naming the Debian package to install.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pygame

from labsim.i18n.scripts import Script

__all__ = [
    "FAMILIES",
    "PACKAGES",
    "covers",
    "font_file",
    "missing_font",
    "missing_glyphs",
    "size_factor",
]

_SANS = ("dejavusans", "notosans", "liberationsans", "arial", "helvetica", "freesans")

#: Family names tried in order, as pygame spells them (lower case, no spaces).
FAMILIES: dict[Script, tuple[str, ...]] = {
    "latin": _SANS,
    "cyrillic": _SANS,
    "han": (
        "notosanscjksc",
        "notosanscjk",
        "notosanscjktc",
        "notosanscjkjp",
        "sourcehansanssc",
        "sourcehansans",
        "wenquanyimicrohei",
        "wenquanyizenhei",
        "microsoftyahei",
        "pingfangsc",
        "hiraginosansgb",
        "simhei",
        "droidsansfallback",
    ),
    "thai": (
        "notosansthai",
        "notosansthaiui",
        "notosansthailooped",
        "loma",
        "garuda",
        "waree",
        "tlwgtypo",
        "norasi",
        "kinnari",
        "leelawadeeui",
        "tahoma",
        "thonburi",
    ),
}
#: Letters a font must have to count as a font of the script.
_PROBES: dict[Script, str] = {
    "latin": "Aag",
    "cyrillic": "ЖжЯя",
    "han": "登记中",
    "thai": "กขที่",
}
#: Where a Debian or Ubuntu machine gets a font of the script.
PACKAGES: dict[Script, str] = {
    "latin": "fonts-dejavu-core",
    "cyrillic": "fonts-dejavu-core",
    "han": "fonts-noto-cjk (or fonts-wqy-microhei)",
    "thai": "fonts-thai-tlwg (or fonts-noto-core)",
}
#: How large a script's glyphs are drawn beside Latin of the same style, so lines look even.
_SIZE = {"latin": 1.0, "cyrillic": 1.0, "han": 0.86, "thai": 1.0}


def size_factor(script: Script) -> float:
    """The scale of a script's font against the Latin font of the same style."""
    return _SIZE[script]


@functools.cache
def _cmap(path: str) -> frozenset[int]:
    """The code points a font file (the first face of a collection) has glyphs for."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def missing_glyphs(path: str, text: str) -> set[str]:
    """The characters of ``text`` (other than spaces and controls) the font has no glyph for."""
    cmap = _cmap(path)
    return {ch for ch in text if ch.isprintable() and not ch.isspace() and ord(ch) not in cmap}


def covers(path: str, script: Script) -> bool:
    """Whether a font file has the letters of ``script``."""
    try:
        return not missing_glyphs(path, _PROBES[script])
    except Exception:  # an unreadable or odd font file is no font of the script
        return False


def _override(script: Script) -> str | None:
    chosen = os.environ.get(f"LABSIM_FONT_{script.upper()}", "")
    if not chosen and script == "han":
        chosen = os.environ.get("LABSIM_CJK_FONT", "")
    return chosen if chosen and Path(chosen).is_file() else None


@functools.cache
def font_file(script: Script, bold: bool = False) -> str | None:
    """The file of an installed font for ``script`` (its bold cut if asked), or None."""
    chosen = _override(script)
    if chosen is not None:
        return chosen
    if not pygame.font.get_init():
        pygame.font.init()
    for family in FAMILIES[script]:
        path = pygame.font.match_font(family, bold=bold)
        if not path:
            continue
        # some catalogues answer "DejaVu Sans" with its condensed cut: prefer the plain one
        plain = Path(path.replace("SansCondensed", "Sans"))
        path = str(plain) if plain.exists() else str(path)
        if covers(path, script):
            return path
    return None


def missing_font(script: Script) -> str:
    """What to tell a person whose machine has no font for ``script``."""
    return (
        f"no {script.capitalize()} font found, so {script.capitalize()} text cannot be drawn: "
        f"install one (Debian/Ubuntu: apt-get install {PACKAGES[script]}) or set "
        f"LABSIM_FONT_{script.upper()} to a .ttf/.otf/.ttc file"
    )

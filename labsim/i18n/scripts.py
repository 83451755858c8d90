"""Which writing system a character belongs to, so that each run of text gets a font that has it.

This is the one script detector of labsim: the play window, the lab floor and the font
test all cut text into runs with :func:`runs`. Only the scripts labsim ships text in are
told apart (Han with its CJK punctuation and kana, Thai, Cyrillic); everything else
(Latin, digits, arrows, Ω, ✓) is ``"latin"``, drawn with the sans-serif text font.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["SCRIPTS", "Script", "is_mark", "runs", "script_of", "scripts_in"]

Script = Literal["latin", "han", "thai", "cyrillic"]

#: The scripts a font is chosen for, in the order the font finder reports them.
SCRIPTS: tuple[Script, ...] = ("latin", "han", "thai", "cyrillic")

#: (first, last, script) code point ranges; anything not listed is Latin.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0400, 0x052F, "cyrillic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1C80, 0x1C8F, "cyrillic"),
    (0x2DE0, 0x2DFF, "cyrillic"),
    (0x2E80, 0x9FFF, "han"),  # radicals, CJK punctuation, kana, ideographs
    (0xA640, 0xA69F, "cyrillic"),
    (0xF900, 0xFAFF, "han"),
    (0xFE30, 0xFE4F, "han"),
    (0xFF00, 0xFFEF, "han"),  # full-width forms: （）：，
    (0x20000, 0x3FFFF, "han"),
)
#: Thai marks that sit on the consonant before them (vowels above and below, tone marks).
_THAI_MARKS = frozenset([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])


def script_of(char: str) -> Script:
    """The script of one character (``"latin"`` for anything labsim has no special font for)."""
    code = ord(char)
    if code < 0x0400:
        return "latin"
    for first, last, script in _RANGES:
        if first <= code <= last:
            return script
    return "latin"


def is_mark(char: str) -> bool:
    """Whether a character combines with the one before it (a line may not break before it)."""
    return ord(char) in _THAI_MARKS


def runs(text: str) -> list[tuple[Script, str]]:
    """``text`` cut into runs of one script each; spaces and marks join the run before them."""
    out: list[tuple[Script, str]] = []
    for char in text:
        script = script_of(char)
        if out and (script == out[-1][0] or char == " " or is_mark(char)):
            out[-1] = (out[-1][0], out[-1][1] + char)
        else:
            out.append((script, char))
    return out


def scripts_in(text: str) -> set[Script]:
    """Every script ``text`` uses."""
    return {script_of(char) for char in text}
